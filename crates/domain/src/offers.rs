//! Training offers, their sessions and enrolments; how offers are ranked
//! against a needs analysis.

mod commands;
mod enrolment;

use crate::FieldError;
use chrono::{DateTime, Utc};
pub use commands::{Known, NewOffer, OfferContent, OfferInput, Trusted, check_move, check_seats};
pub use enrolment::{NewParticipant, ParticipantInput, participants};

/// Defines a string enum with `as_str`, `parse` and its accepted values.
macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? } $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(field: &str, input: &str) -> Result<$name, FieldError> {
                $name::ALL.iter().copied().find(|v| v.as_str() == input).ok_or_else(|| {
                    let values: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    FieldError::new(field, "enum", format!("{} is one of {}", $what, values.join(", ")))
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(
    /// How a training or meeting is held.
    Format { OnSite = "onSite", Online = "online", Hybrid = "hybrid" } "format"
);
string_enum!(
    /// Where an offer is in its life.
    OfferStatus { Draft = "draft", Published = "published", Cancelled = "cancelled" } "status"
);
string_enum!(
    /// A participant's gender, as the ESF report counts it.
    Gender { Woman = "woman", Man = "man", Other = "other", Unspecified = "unspecified" } "gender"
);
string_enum!(
    /// A participant's age band, as the ESF report counts it.
    AgeBand { Under25 = "-24", From25To54 = "25-54", From55 = "55-" } "ageBand"
);
/// How reports name the participants whose age band was not given.
pub const AGE_BAND_UNSPECIFIED: &str = "unspecified";

string_enum!(
    /// The language a training is given in.
    TeachingLanguage { Sv = "sv", En = "en" } "language"
);
string_enum!(
    /// Where an enrolment stands.
    EnrolmentStatus { Confirmed = "confirmed", Waitlisted = "waitlisted", Cancelled = "cancelled" } "status"
);

string_enum!(
    /// Where a network meeting is in its life.
    MeetingStatus { Planned = "planned", Held = "held", Cancelled = "cancelled" } "status"
);

impl MeetingStatus {
    /// planned → held (once it has started) or cancelled.
    pub fn transition(self, to: MeetingStatus) -> Result<(), String> {
        let allowed: &[MeetingStatus] = match self {
            MeetingStatus::Planned => &[MeetingStatus::Held, MeetingStatus::Cancelled],
            MeetingStatus::Held | MeetingStatus::Cancelled => &[],
        };
        if self == to || allowed.contains(&to) {
            return Ok(());
        }
        Err(if allowed.is_empty() {
            format!("a {self} meeting cannot change status")
        } else {
            format!("a meeting cannot go from {self} to {to}; from {self} it can go to held, cancelled")
        })
    }
}

impl OfferStatus {
    /// The statuses a new offer may have.
    pub const OF_NEW: [OfferStatus; 2] = [OfferStatus::Draft, OfferStatus::Published];

    /// draft → published → cancelled; a draft may be cancelled too.
    pub fn next(self) -> &'static [OfferStatus] {
        match self {
            OfferStatus::Draft => &[OfferStatus::Published, OfferStatus::Cancelled],
            OfferStatus::Published => &[OfferStatus::Cancelled],
            OfferStatus::Cancelled => &[],
        }
    }

    pub fn transition(self, to: OfferStatus) -> Result<(), String> {
        if self == to || self.next().contains(&to) {
            return Ok(());
        }
        let allowed: Vec<&str> = self.next().iter().map(|s| s.as_str()).collect();
        Err(if allowed.is_empty() {
            format!("a {self} offer cannot change status")
        } else {
            format!("an offer cannot go from {self} to {to}; from {self} it can go to {}", allowed.join(", "))
        })
    }
}

/// The most sessions, participants per enrolment, and areas per offer.
pub const MAX_SESSIONS: usize = 100;
pub const MAX_PARTICIPANTS: usize = 100;
pub const MAX_AREAS: usize = 12;

/// Checks sessions: each starts before it ends, and they follow one another
/// without overlapping. Errors name `sessions[i]`.
pub fn check_sessions(sessions: &[(DateTime<Utc>, DateTime<Utc>)]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if sessions.is_empty() {
        errors.push(FieldError::new("sessions", "required", "an offer has at least one session"));
    }
    if sessions.len() > MAX_SESSIONS {
        errors.push(FieldError::new("sessions", "length", "at most 100 sessions"));
    }
    for (i, (start, end)) in sessions.iter().enumerate() {
        if start >= end {
            errors.push(FieldError::new(format!("sessions[{i}].endsAt"), "order", "a session ends after it starts"));
        }
        if i > 0 && *start < sessions[i - 1].1 {
            errors.push(FieldError::new(
                format!("sessions[{i}].startsAt"),
                "order",
                "sessions follow one another: this one starts before the previous one ends",
            ));
        }
    }
    errors
}

/// Whether an offer takes enrolments at `now`: published, its deadline (a
/// day, inclusive) not passed, not started. Why not, when it does not.
pub fn enrolment_open(
    status: OfferStatus,
    deadline: Option<chrono::NaiveDate>,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), &'static str> {
    match status {
        OfferStatus::Published => {}
        OfferStatus::Cancelled => return Err("the offer is cancelled"),
        OfferStatus::Draft => return Err("the offer is not published yet"),
    }
    if deadline.is_some_and(|deadline| now.date_naive() > deadline) {
        return Err("the enrolment deadline has passed");
    }
    if starts_at <= now {
        return Err("the offer has started");
    }
    Ok(())
}

/// Hours attended: 0 to 1,000, in quarters of an hour at most.
pub fn hours_attended(field: &str, hours: f64) -> Result<f64, FieldError> {
    if !(0.0..=1000.0).contains(&hours) || !hours.is_finite() {
        return Err(FieldError::new(field, "range", "hours attended are between 0 and 1000"));
    }
    Ok((hours * 4.0).round() / 4.0)
}

/// One need as matching sees it: its area, priority weight and employees.
#[derive(Debug, Clone)]
pub struct NeedToCover<'a> {
    pub area: &'a str,
    pub weight: u32,
    pub employees: u32,
}

/// How near an offer is to a company: 0 in its municipality, 1 in its county
/// or without a place (online), 2 elsewhere.
pub fn nearness(company_municipality: &str, offer_municipality: Option<&str>, online: bool) -> u8 {
    match offer_municipality {
        Some(m) if m == company_municipality => 0,
        Some(m) if m.get(..2) == company_municipality.get(..2) => 1,
        None if online => 1,
        _ if online => 1,
        _ => 2,
    }
}

/// Which needs an offer covers (their indexes) and the score: the sum of
/// priority weight × employees over the covered needs.
pub fn coverage(needs: &[NeedToCover<'_>], offer_areas: &[String]) -> (Vec<usize>, u64) {
    let covered: Vec<usize> =
        needs.iter().enumerate().filter(|(_, n)| offer_areas.iter().any(|a| a == n.area)).map(|(i, _)| i).collect();
    let score = covered.iter().map(|&i| u64::from(needs[i].weight) * u64::from(needs[i].employees)).sum();
    (covered, score)
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_offer_is_open_for_enrolment_until_its_deadline_and_start() {
        let now = "2026-03-03T09:00:00Z".parse::<DateTime<Utc>>().expect("time");
        let later = now + chrono::Duration::days(10);
        let day = |d: &str| d.parse::<chrono::NaiveDate>().ok();
        assert_eq!(enrolment_open(OfferStatus::Published, None, later, now), Ok(()));
        assert_eq!(
            enrolment_open(OfferStatus::Published, day("2026-03-03"), later, now),
            Ok(()),
            "the deadline day counts"
        );
        assert_eq!(
            enrolment_open(OfferStatus::Published, day("2026-03-02"), later, now),
            Err("the enrolment deadline has passed")
        );
        assert_eq!(enrolment_open(OfferStatus::Published, None, now, now), Err("the offer has started"));
        assert_eq!(enrolment_open(OfferStatus::Draft, None, later, now), Err("the offer is not published yet"));
        assert_eq!(enrolment_open(OfferStatus::Cancelled, None, later, now), Err("the offer is cancelled"));
    }
    use super::*;

    #[test]
    fn offer_statuses() {
        assert!(OfferStatus::Draft.transition(OfferStatus::Published).is_ok());
        assert!(OfferStatus::Published.transition(OfferStatus::Cancelled).is_ok());
        assert!(OfferStatus::Published.transition(OfferStatus::Draft).is_err());
        assert_eq!(
            OfferStatus::Cancelled.transition(OfferStatus::Published),
            Err("a cancelled offer cannot change status".to_owned())
        );
        assert_eq!(Format::parse("format", "onSite"), Ok(Format::OnSite));
        assert!(Gender::parse("gender", "female").is_err());
    }

    #[test]
    fn sessions_follow_one_another() {
        let t = |h: i64| DateTime::<Utc>::from_timestamp(1_800_000_000 + h * 3600, 0).expect("time");
        assert!(check_sessions(&[(t(0), t(2)), (t(24), t(26))]).is_empty());
        let fields =
            |s: &[(DateTime<Utc>, DateTime<Utc>)]| check_sessions(s).into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(&[(t(2), t(1))]), ["sessions[0].endsAt"]);
        assert_eq!(fields(&[(t(0), t(5)), (t(4), t(6))]), ["sessions[1].startsAt"]);
        assert_eq!(fields(&[]), ["sessions"]);
    }

    #[test]
    fn ranking_parts() {
        let needs = [
            NeedToCover { area: "leadership", weight: 3, employees: 10 },
            NeedToCover { area: "recruitment", weight: 1, employees: 4 },
        ];
        assert_eq!(coverage(&needs, &["leadership".to_owned()]), (vec![0], 30));
        assert_eq!(coverage(&needs, &["leadership".to_owned(), "recruitment".to_owned()]), (vec![0, 1], 34));
        assert_eq!(coverage(&needs, &["welding".to_owned()]), (vec![], 0));
        assert_eq!(nearness("0686", Some("0686"), false), 0);
        assert_eq!(nearness("0686", Some("0685"), false), 1, "same county");
        assert_eq!(nearness("0686", Some("0780"), false), 2);
        assert_eq!(nearness("0686", None, true), 1, "online");
        assert_eq!(hours_attended("h", 6.3), Ok(6.25));
        assert!(hours_attended("h", -1.0).is_err());
    }
}
