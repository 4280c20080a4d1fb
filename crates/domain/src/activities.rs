//! The officer's daily work: activities with one company (a visit, a call,
//! …) and the follow-up tasks they lead to. Made only by parsing: every
//! field error of one input is collected at once.

use crate::competence_area::AreaSlug;
use crate::needs::date;
use crate::{FieldError, FieldErrors, text};
use chrono::NaiveDate;
use uuid::Uuid;

/// The longest summary of an activity, note of a topic, and task title.
pub const SUMMARY_MAX: usize = 4000;
pub const NOTE_MAX: usize = 2000;
pub const TITLE_MAX: usize = 200;
/// The most topics, officers and contacts one activity lists.
pub const MAX_TOPICS: usize = 30;
pub const MAX_PEOPLE: usize = 20;

crate::offers::string_enum!(
/// What kind of contact with a company an activity was.
    ActivityKind { Visit = "visit", Call = "call", Meeting = "meeting", Email = "email", Event = "event" } "kind"
);

crate::offers::string_enum!(
/// Where a follow-up task is.
    TaskStatus { Open = "open", Done = "done", Cancelled = "cancelled" } "status"
);

/// One topic raised, as a client sends it.
#[derive(Debug, Clone, Copy)]
pub struct TopicInput<'a> {
    pub area: &'a str,
    pub note: Option<&'a str>,
}

/// A challenge or opportunity raised, tagged with a competence area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub area: AreaSlug,
    pub note: Option<String>,
}

/// Topics: at most [`MAX_TOPICS`], each of a `known` area.
pub fn topics(input: &[TopicInput<'_>], known: &dyn Fn(&AreaSlug) -> bool) -> Result<Vec<Topic>, FieldErrors> {
    if input.len() > MAX_TOPICS {
        return Err(FieldError::new("topics", "length", format!("at most {MAX_TOPICS} topics")).into());
    }
    let mut errors = FieldErrors::default();
    let mut topics = Vec::with_capacity(input.len());
    for (i, topic) in input.iter().enumerate() {
        let field = |name: &str| format!("topics[{i}].{name}");
        let area = errors.collect(AreaSlug::parse(&field("area"), topic.area));
        if let Some(area) = area.as_ref().filter(|a| !known(a)) {
            errors.push(FieldError::new(field("area"), "unknown", format!("there is no competence area {area}")));
        }
        let note = topic.note.and_then(|n| errors.collect(text::multiline(&field("note"), n, NOTE_MAX)));
        if let Some(area) = area {
            topics.push(Topic { area, note });
        }
    }
    errors.into_result()?;
    Ok(topics)
}

/// A list of ids that refer to rows (people of an activity, needs of an
/// enrolment): at most `max`, without repeats, each passing `valid` (e.g.
/// "a contact of this company", "an officer").
pub fn references(
    (field, max): (&str, usize),
    ids: &[Uuid],
    valid: &dyn Fn(&Uuid) -> bool,
    what: &str,
) -> Result<Vec<Uuid>, FieldErrors> {
    if ids.len() > max {
        return Err(FieldError::new(field, "length", format!("at most {max}")).into());
    }
    let mut errors = FieldErrors::default();
    let mut out: Vec<Uuid> = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        if out.contains(id) {
            errors.push(FieldError::new(format!("{field}[{i}]"), "duplicate", "listed twice"));
        } else if !valid(id) {
            errors.push(FieldError::new(format!("{field}[{i}]"), "unknown", format!("{id} is not {what}")));
        } else {
            out.push(*id);
        }
    }
    errors.into_result()?;
    Ok(out)
}

/// The people of an activity as the caller checked them with [`references`]
/// (`None`: not sent).
#[derive(Debug, Clone, Default)]
pub struct People {
    pub officers: Option<Result<Vec<Uuid>, FieldErrors>>,
    pub contact_ids: Option<Result<Vec<Uuid>, FieldErrors>>,
}

/// An activity as a client sends it (all fields of a create; the present
/// ones of a patch). `officers` and `contact_ids` have been checked by the
/// caller with [`people`].
#[derive(Debug, Clone, Default)]
pub struct ActivityInput<'a> {
    pub kind: Option<&'a str>,
    pub occurred_on: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub topics: Option<&'a [TopicInput<'a>]>,
    pub shared: Option<bool>,
}

/// A valid activity's own fields (a create has them all; a patch those it changes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityChanges {
    pub kind: Option<ActivityKind>,
    pub occurred_on: Option<NaiveDate>,
    pub summary: Option<String>,
    pub topics: Option<Vec<Topic>>,
    pub shared: Option<bool>,
    pub officers: Option<Vec<Uuid>>,
    pub contact_ids: Option<Vec<Uuid>>,
}

impl ActivityChanges {
    /// Parses what is present. `today` bounds `occurredOn` (an activity
    /// is recorded when it has happened or is booked within a year).
    pub fn parse(
        input: &ActivityInput<'_>,
        People { officers, contact_ids }: People,
        known: &dyn Fn(&AreaSlug) -> bool,
        today: NaiveDate,
    ) -> Result<ActivityChanges, FieldErrors> {
        let mut errors = FieldErrors::default();
        let occurred_on = input.occurred_on.and_then(|d| errors.collect(date("occurredOn", d)));
        if let Some(on) = occurred_on.filter(|on| (*on - today).num_days() > 366) {
            errors.push(FieldError::new("occurredOn", "range", format!("{on} is more than a year ahead")));
        }
        let changes = ActivityChanges {
            kind: input.kind.and_then(|k| errors.collect(ActivityKind::parse("kind", k))),
            occurred_on,
            summary: input.summary.and_then(|s| errors.collect(text::multiline("summary", s, SUMMARY_MAX))),
            topics: input.topics.and_then(|t| errors.absorb(topics(t, known))),
            shared: input.shared,
            officers: officers.and_then(|o| errors.absorb(o)),
            contact_ids: contact_ids.and_then(|c| errors.absorb(c)),
        };
        errors.into_result()?;
        Ok(changes)
    }
}

/// A valid new activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActivity {
    pub kind: ActivityKind,
    pub occurred_on: NaiveDate,
    pub summary: String,
    pub topics: Vec<Topic>,
    pub shared: bool,
    pub officers: Vec<Uuid>,
    pub contact_ids: Vec<Uuid>,
}

impl NewActivity {
    /// A create: kind, occurredOn and summary are required; topics, people
    /// and `shared` default to none and `false`.
    pub fn parse(
        input: &ActivityInput<'_>,
        people: People,
        known: &dyn Fn(&AreaSlug) -> bool,
        today: NaiveDate,
    ) -> Result<NewActivity, FieldErrors> {
        let mut errors = FieldErrors::default();
        for (field, present) in [
            ("kind", input.kind.is_some()),
            ("occurredOn", input.occurred_on.is_some()),
            ("summary", input.summary.is_some()),
        ] {
            if !present {
                errors.push(FieldError::new(field, "required", "required"));
            }
        }
        let changes = errors.absorb(ActivityChanges::parse(input, people, known, today));
        errors.finish(|| {
            let c = changes?;
            Some(NewActivity {
                kind: c.kind?,
                occurred_on: c.occurred_on?,
                summary: c.summary?,
                topics: c.topics.unwrap_or_default(),
                shared: c.shared.unwrap_or(false),
                officers: c.officers.unwrap_or_default(),
                contact_ids: c.contact_ids.unwrap_or_default(),
            })
        })
    }
}

/// A task as a client sends it (the present fields).
#[derive(Debug, Clone, Default)]
pub struct TaskInput<'a> {
    pub title: Option<&'a str>,
    pub due_on: Option<Option<&'a str>>,
    pub status: Option<&'a str>,
}

/// A valid change of a task's own fields (`Some(None)` clears `dueOn`).
/// Its references (assignee, company, activity) are checked by the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskChanges {
    pub title: Option<String>,
    pub due_on: Option<Option<NaiveDate>>,
    pub status: Option<TaskStatus>,
}

impl TaskChanges {
    pub fn parse(input: &TaskInput<'_>) -> Result<TaskChanges, FieldErrors> {
        let mut errors = FieldErrors::default();
        let changes = TaskChanges {
            title: input.title.and_then(|t| errors.collect(text::required("title", t, TITLE_MAX))),
            due_on: errors.collect_nullable(input.due_on, |d| date("dueOn", d)),
            status: input.status.and_then(|s| errors.collect(TaskStatus::parse("status", s))),
        };
        errors.into_result()?;
        Ok(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).expect("date")
    }

    #[test]
    fn a_new_activity_reports_every_bad_field() {
        let topics = [TopicInput { area: "welding", note: None }, TopicInput { area: "knitting", note: Some(" ") }];
        let input = ActivityInput { kind: Some("lunch"), topics: Some(&topics), ..ActivityInput::default() };
        let known = |a: &AreaSlug| a.as_str() == "welding";
        let errors = NewActivity::parse(&input, People::default(), &known, today()).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["occurredOn", "summary", "kind", "topics[1].area", "topics[1].note"]);
    }

    #[test]
    fn a_visit_with_defaults() {
        let input = ActivityInput {
            kind: Some("visit"),
            occurred_on: Some("2026-11-30"),
            summary: Some("Besök hos VD"),
            ..ActivityInput::default()
        };
        let activity = NewActivity::parse(&input, People::default(), &|_| true, today()).expect("valid");
        assert_eq!(activity.kind, ActivityKind::Visit);
        assert!(!activity.shared);
        assert!(activity.topics.is_empty());
        let far = ActivityInput { occurred_on: Some("2028-01-01"), ..input };
        let errors = NewActivity::parse(&far, People::default(), &|_| true, today()).expect_err("too far");
        assert_eq!(errors.0[0].code, "range");
    }

    #[test]
    fn people_are_known_and_listed_once() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let errors = references(("contactIds", MAX_PEOPLE), &[a, a, b], &|id| *id == a, "a contact of this company")
            .expect_err("x");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["contactIds[1]", "contactIds[2]"]);
        assert_eq!(references(("officers", MAX_PEOPLE), &[a], &|_| true, "an officer"), Ok(vec![a]));
    }

    #[test]
    fn a_task_change_clears_its_due_date_with_null() {
        let changes = TaskChanges::parse(&TaskInput { due_on: Some(None), ..TaskInput::default() }).expect("valid");
        assert_eq!(changes.due_on, Some(None));
        let errors = TaskChanges::parse(&TaskInput { status: Some("later"), title: Some(""), due_on: None })
            .expect_err("invalid");
        assert_eq!(errors.0.len(), 2);
    }
}
