//! What a write to a network meeting or a registration is made of, made
//! only by parsing: every field error of one input at once.

use crate::account::Email;
use crate::company::website;
use crate::municipality::Kommunkod;
use crate::offers::{Format, MeetingStatus};
use crate::{FieldError, FieldErrors, text};
use chrono::{DateTime, Utc};

/// The limits of a meeting's text.
pub const TITLE_MAX: usize = 200;
pub const THEME_MAX: usize = 500;
pub const QUESTION_MAX: usize = 500;
pub const MAX_QUESTIONS: usize = 20;
pub const VENUE_MAX: usize = 300;
pub const MINUTES_MAX: usize = 20_000;
/// The most attendees one registration names.
pub const MAX_ATTENDEES: usize = 50;

/// A meeting's content as a client sends it (a change: merged with the
/// meeting as it is).
#[derive(Debug, Clone, Copy)]
pub struct MeetingInput<'a> {
    pub title: &'a str,
    pub theme: Option<&'a str>,
    pub questions: &'a [String],
    pub format: &'a str,
    pub venue: Option<&'a str>,
    pub online_url: Option<&'a str>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: Option<i64>,
    /// The network it is a meeting of (its existence checked by the caller).
    pub network: Option<uuid::Uuid>,
}

/// A meeting's valid content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingContent {
    pub title: String,
    pub theme: Option<String>,
    pub questions: Vec<String>,
    pub format: Format,
    pub venue: Option<String>,
    pub online_url: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: Option<i32>,
    pub network: Option<uuid::Uuid>,
}

impl MeetingContent {
    pub fn parse(c: MeetingInput<'_>) -> Result<MeetingContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.collect(text::required("title", c.title, TITLE_MAX));
        let theme = c.theme.and_then(|t| errors.collect(text::multiline("theme", t, THEME_MAX)));
        if c.questions.len() > MAX_QUESTIONS {
            errors.push(FieldError::new("questions", "length", "at most 20 questions"));
        }
        let questions: Vec<String> = c
            .questions
            .iter()
            .enumerate()
            .filter_map(|(i, q)| errors.collect(text::multiline(&format!("questions[{i}]"), q, QUESTION_MAX)))
            .collect();
        let format = errors.collect(Format::parse("format", c.format));
        let venue = c.venue.and_then(|v| errors.collect(text::required("venue", v, VENUE_MAX)));
        let online_url = c.online_url.and_then(|u| errors.collect(website("onlineUrl", u)));
        if matches!(format, Some(Format::OnSite | Format::Hybrid)) && c.venue.is_none() {
            errors.push(FieldError::new("venue", "required", "a meeting on site has a venue"));
        }
        if matches!(format, Some(Format::Online | Format::Hybrid)) && c.online_url.is_none() {
            errors.push(FieldError::new("onlineUrl", "required", "an online meeting has a link"));
        }
        if c.starts_at >= c.ends_at {
            errors.push(FieldError::new("endsAt", "order", "a meeting ends after it starts"));
        }
        if c.capacity.is_some_and(|n| !(1..=100_000).contains(&n)) {
            errors.push(FieldError::new("capacity", "range", "a capacity is 1–100,000 attendees"));
        }
        errors.finish(|| {
            Some(MeetingContent {
                title: title?,
                theme,
                questions,
                format: format?,
                venue,
                online_url,
                starts_at: c.starts_at,
                ends_at: c.ends_at,
                capacity: c.capacity.map(|n| n as i32),
                network: c.network,
            })
        })
    }
}

/// A valid new meeting, hosted by a municipality (planned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    pub municipality: Kommunkod,
    pub content: MeetingContent,
}

impl NewMeeting {
    pub fn parse(
        municipality: &str,
        content: MeetingInput<'_>,
        known: &dyn Fn(&Kommunkod) -> bool,
    ) -> Result<NewMeeting, FieldErrors> {
        let mut errors = FieldErrors::default();
        let municipality = errors.collect(Kommunkod::parse("municipality", municipality));
        if let Some(code) = municipality.as_ref().filter(|code| !known(code)) {
            errors.push(FieldError::new("municipality", "unknown", format!("there is no municipality {code}")));
        }
        let content = errors.absorb(MeetingContent::parse(content));
        errors.finish(|| Some(NewMeeting { municipality: municipality?, content: content? }))
    }
}

/// Whether a meeting may move from `from` to `to` at `now` (a conflict
/// naming the field otherwise): along the workflow, held only once it has
/// started, and minutes only when held.
pub fn check_move(
    (from, to): (MeetingStatus, MeetingStatus),
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
    writes_minutes: bool,
) -> Result<(), FieldError> {
    from.transition(to).map_err(|message| FieldError::new("status", "transition", message))?;
    if from != to && to == MeetingStatus::Held && starts_at > now {
        return Err(FieldError::new("status", "notStarted", "a meeting is held once it has started"));
    }
    if writes_minutes && to != MeetingStatus::Held {
        return Err(FieldError::new("minutes", "notHeld", "minutes are written after the meeting: set status held"));
    }
    Ok(())
}

/// A valid change of a meeting: its whole content, its status, and its
/// minutes when given (`Some(None)` clears them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingChanges {
    pub status: MeetingStatus,
    pub content: MeetingContent,
    pub minutes: Option<Option<String>>,
}

impl MeetingChanges {
    pub fn parse(
        status: MeetingStatus,
        content: MeetingInput<'_>,
        minutes: Option<Option<&str>>,
    ) -> Result<MeetingChanges, FieldErrors> {
        let mut errors = FieldErrors::default();
        let minutes = errors.collect_nullable(minutes, |m| text::multiline("minutes", m, MINUTES_MAX));
        let content = errors.absorb(MeetingContent::parse(content));
        errors.finish(|| Some(MeetingChanges { status, content: content?, minutes }))
    }
}

/// One attendee of a registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttendee {
    pub name: String,
    pub email: Option<Email>,
}

/// The attendees of a registration: 1–50, each named.
pub fn attendees(input: &[(&str, Option<&str>)]) -> Result<Vec<NewAttendee>, FieldErrors> {
    let mut errors = FieldErrors::default();
    if input.is_empty() || input.len() > MAX_ATTENDEES {
        errors.push(FieldError::new("attendees", "length", "a registration names 1–50 attendees"));
    }
    let mut attendees = Vec::with_capacity(input.len());
    for (i, (name, email)) in input.iter().enumerate() {
        let name = errors.collect(text::required(&format!("attendees[{i}].name"), name, TITLE_MAX));
        let email = email.and_then(|e| errors.collect(Email::parse(&format!("attendees[{i}].email"), e)));
        if let Some(name) = name {
            attendees.push(NewAttendee { name, email });
        }
    }
    errors.into_result()?;
    Ok(attendees)
}

/// Whether a meeting takes registrations at `now`: planned and not started.
pub fn registration_open(
    status: MeetingStatus,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), (&'static str, String)> {
    if status != MeetingStatus::Planned {
        return Err(("closed", format!("the meeting is {status}")));
    }
    if starts_at <= now {
        return Err(("started", "the meeting has started".to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("date").to_utc()
    }

    #[test]
    fn a_hybrid_meeting_needs_a_venue_and_a_link() {
        let input = MeetingInput {
            title: "Nätverksträff",
            theme: None,
            questions: &[],
            format: "hybrid",
            venue: None,
            online_url: None,
            starts_at: at("2026-05-01T10:00:00Z"),
            ends_at: at("2026-05-01T09:00:00Z"),
            capacity: Some(0),
            network: None,
        };
        let errors = MeetingContent::parse(input).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["venue", "onlineUrl", "endsAt", "capacity"]);
    }

    #[test]
    fn minutes_come_after_the_meeting_and_held_after_it_starts() {
        let start = at("2026-05-01T10:00:00Z");
        let planned = (MeetingStatus::Planned, MeetingStatus::Planned);
        let held = (MeetingStatus::Planned, MeetingStatus::Held);
        assert_eq!(check_move(planned, start, start, true).map_err(|e| e.code), Err("notHeld".to_owned()));
        let before = at("2026-05-01T09:00:00Z");
        assert_eq!(check_move(held, start, before, false).map_err(|e| e.code), Err("notStarted".to_owned()));
        assert!(check_move(held, start, start, true).is_ok());
        let back = (MeetingStatus::Held, MeetingStatus::Planned);
        assert_eq!(check_move(back, start, start, false).map_err(|e| e.code), Err("transition".to_owned()));
    }

    #[test]
    fn registration_closes_when_the_meeting_starts_or_leaves_planned() {
        let start = at("2026-05-01T10:00:00Z");
        assert!(registration_open(MeetingStatus::Planned, start, at("2026-05-01T09:59:59Z")).is_ok());
        assert_eq!(registration_open(MeetingStatus::Planned, start, start).map_err(|e| e.0), Err("started"));
        assert_eq!(
            registration_open(MeetingStatus::Held, start, at("2026-04-01T00:00:00Z")).map_err(|e| e.0),
            Err("closed")
        );
    }

    #[test]
    fn attendees_are_named() {
        let errors = attendees(&[("", Some("x"))]).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["attendees[0].name", "attendees[0].email"]);
    }
}
