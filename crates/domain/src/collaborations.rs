//! Collaborations: regional projects and networks of municipalities (an
//! ESF project, a county-wide network) — the unit of sharing (officers of
//! member municipalities read each other's companies while it runs) and of
//! reporting (a funder's participation report over its period). Made only
//! by parsing: every field error of one input at once.

use crate::municipality::Kommunkod;
use crate::needs::date;
use crate::{FieldError, FieldErrors, text};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use uuid::Uuid;

pub const NAME_MAX: usize = 200;
pub const FUNDER_MAX: usize = 200;
pub const REFERENCE_MAX: usize = 100;
/// At most this many coordinators.
pub const COORDINATORS_MAX: usize = 50;
pub const BUDGET_MAX: i64 = 1_000_000_000_000;
pub const HOURLY_RATE_MAX: i64 = 100_000;

/// A collaboration as a client sends it (a create, or a change laid over
/// the current collaboration with [`CollaborationPatch::over`]).
#[derive(Debug, Clone, Copy)]
pub struct CollaborationInput<'a> {
    pub name: &'a str,
    pub funder: Option<&'a str>,
    pub reference: Option<&'a str>,
    pub budget_sek: Option<i64>,
    pub hourly_rate_sek: Option<i64>,
    pub starts_on: &'a str,
    pub ends_on: Option<&'a str>,
    pub municipalities: &'a [String],
    pub coordinators: &'a [Uuid],
}

/// A valid collaboration, whole: what is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCollaboration {
    pub name: String,
    pub funder: Option<String>,
    pub reference: Option<String>,
    pub budget_sek: Option<i64>,
    pub hourly_rate_sek: Option<i32>,
    pub starts_on: NaiveDate,
    /// None: open, running until an admin ends it.
    pub ends_on: Option<NaiveDate>,
    pub municipalities: Vec<Kommunkod>,
    pub coordinators: Vec<Uuid>,
}

/// What the database says of the references of an input.
pub struct References<'a> {
    /// Whether a municipality exists.
    pub municipality: &'a dyn Fn(&Kommunkod) -> bool,
    /// Whether a user may coordinate (an officer or an admin, enabled).
    pub coordinator: &'a dyn Fn(&Uuid) -> bool,
}

fn amount(errors: &mut FieldErrors, field: &str, value: Option<i64>, max: i64) -> Option<i64> {
    let value = value?;
    if (0..=max).contains(&value) {
        Some(value)
    } else {
        errors.push(FieldError::new(field, "range", format!("0–{max} kronor")));
        None
    }
}

fn optional_line(errors: &mut FieldErrors, field: &str, value: Option<&str>, max: usize) -> Option<String> {
    value.and_then(|v| errors.collect(text::required(field, v, max)))
}

fn members(errors: &mut FieldErrors, codes: &[String], known: &dyn Fn(&Kommunkod) -> bool) -> Vec<Kommunkod> {
    if codes.is_empty() || codes.len() > 290 {
        errors.push(FieldError::new("municipalities", "length", "a collaboration has 1–290 member municipalities"));
    }
    let mut out: Vec<Kommunkod> = Vec::with_capacity(codes.len());
    for (i, code) in codes.iter().enumerate() {
        let field = format!("municipalities[{i}]");
        let Some(code) = errors.collect(Kommunkod::parse(&field, code)) else { continue };
        if out.contains(&code) {
            errors.push(FieldError::new(field, "duplicate", "each municipality once"));
        } else if !known(&code) {
            errors.push(FieldError::new(field, "unknown", format!("there is no municipality {code}")));
        } else {
            out.push(code);
        }
    }
    out.sort();
    out
}

fn coordinators(errors: &mut FieldErrors, ids: &[Uuid], may: &dyn Fn(&Uuid) -> bool) -> Vec<Uuid> {
    if ids.len() > COORDINATORS_MAX {
        errors.push(FieldError::new("coordinators", "length", format!("at most {COORDINATORS_MAX} coordinators")));
    }
    let mut out: Vec<Uuid> = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let field = format!("coordinators[{i}]");
        if out.contains(id) {
            errors.push(FieldError::new(field, "duplicate", "each coordinator once"));
        } else if !may(id) {
            errors.push(FieldError::new(field, "unknown", "not an enabled officer or admin"));
        } else {
            out.push(*id);
        }
    }
    out.sort();
    out
}

impl NewCollaboration {
    pub fn parse(input: CollaborationInput<'_>, refs: &References<'_>) -> Result<NewCollaboration, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.collect(text::required("name", input.name, NAME_MAX));
        let funder = optional_line(&mut errors, "funder", input.funder, FUNDER_MAX);
        let reference = optional_line(&mut errors, "reference", input.reference, REFERENCE_MAX);
        let budget_sek = amount(&mut errors, "budgetSek", input.budget_sek, BUDGET_MAX);
        let hourly_rate_sek = amount(&mut errors, "hourlyRateSek", input.hourly_rate_sek, HOURLY_RATE_MAX);
        let starts_on = errors.collect(date("startsOn", input.starts_on));
        let ends_on = input.ends_on.and_then(|d| errors.collect(date("endsOn", d)));
        if let (Some(starts), Some(ends)) = (starts_on, ends_on)
            && ends < starts
        {
            errors.push(FieldError::new("endsOn", "order", "a collaboration ends on or after the day it starts"));
        }
        let municipalities = members(&mut errors, input.municipalities, refs.municipality);
        let coordinators = coordinators(&mut errors, input.coordinators, refs.coordinator);
        errors.finish(|| {
            Some(NewCollaboration {
                name: name?,
                funder,
                reference,
                budget_sek,
                hourly_rate_sek: hourly_rate_sek.and_then(|r| i32::try_from(r).ok()),
                starts_on: starts_on?,
                ends_on,
                municipalities,
                coordinators,
            })
        })
    }

    /// Whether it runs on `day`: begun, and not ended (an open end runs on).
    pub fn runs_on(&self, day: NaiveDate) -> bool {
        runs_on(self.starts_on, self.ends_on, day)
    }
}

/// Whether a collaboration of these dates runs on `day` (both ends included).
pub fn runs_on(starts_on: NaiveDate, ends_on: Option<NaiveDate>, day: NaiveDate) -> bool {
    starts_on <= day && ends_on.is_none_or(|end| day <= end)
}

/// A change as a client sends it (JSON Merge Patch: absent stays, `null`
/// clears an optional field; member and coordinator lists are replaced whole).
#[derive(Debug, Clone, Copy, Default)]
pub struct CollaborationPatch<'a> {
    pub name: Option<&'a str>,
    pub funder: Option<Option<&'a str>>,
    pub reference: Option<Option<&'a str>>,
    pub budget_sek: Option<Option<i64>>,
    pub hourly_rate_sek: Option<Option<i64>>,
    pub starts_on: Option<&'a str>,
    pub ends_on: Option<Option<&'a str>>,
    pub municipalities: Option<&'a [String]>,
    pub coordinators: Option<&'a [Uuid]>,
}

impl<'a> CollaborationPatch<'a> {
    /// The whole collaboration as it would be: the patch over `current`.
    pub fn over(self, current: CollaborationInput<'a>) -> CollaborationInput<'a> {
        CollaborationInput {
            name: self.name.unwrap_or(current.name),
            funder: self.funder.unwrap_or(current.funder),
            reference: self.reference.unwrap_or(current.reference),
            budget_sek: self.budget_sek.unwrap_or(current.budget_sek),
            hourly_rate_sek: self.hourly_rate_sek.unwrap_or(current.hourly_rate_sek),
            starts_on: self.starts_on.unwrap_or(current.starts_on),
            ends_on: self.ends_on.unwrap_or(current.ends_on),
            municipalities: self.municipalities.unwrap_or(current.municipalities),
            coordinators: self.coordinators.unwrap_or(current.coordinators),
        }
    }
}

/// The period of a collaboration's report: the collaboration's own by
/// default (an open end: up to `today`), or `from`/`to` inside it.
pub fn report_period(
    (starts_on, ends_on): (NaiveDate, Option<NaiveDate>),
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), FieldErrors> {
    let mut errors = FieldErrors::default();
    let from = from.and_then(|d| errors.collect(date("from", d)));
    let to = to.and_then(|d| errors.collect(date("to", d)));
    if from.is_some_and(|f| f < starts_on) {
        errors.push(FieldError::new("from", "outsidePeriod", format!("the collaboration starts on {starts_on}")));
    }
    if let (Some(to), Some(end)) = (to, ends_on)
        && to > end
    {
        errors.push(FieldError::new("to", "outsidePeriod", format!("the collaboration ends on {end}")));
    }
    let from = from.unwrap_or(starts_on);
    let to = to.unwrap_or_else(|| ends_on.unwrap_or(today.max(starts_on)));
    if errors.is_empty() && to < from {
        errors.push(FieldError::new("to", "order", "the period ends on or after the day it starts"));
    }
    errors.finish(|| Some((from, to)))
}

/// Today in Sweden (CET, CEST from the last Sunday of March to the last
/// Sunday of October, switching at 01:00 UTC): the day collaborations
/// begin and end on.
pub fn swedish_today(now: DateTime<Utc>) -> NaiveDate {
    let last_sunday = |month: u32| -> Option<DateTime<Utc>> {
        let first_of_next = NaiveDate::from_ymd_opt(now.year(), month + 1, 1)?;
        let last = first_of_next - Duration::days(1);
        let back = i64::from(last.weekday().num_days_from_sunday());
        Some((last - Duration::days(back)).and_hms_opt(1, 0, 0)?.and_utc())
    };
    let summer = matches!((last_sunday(3), last_sunday(10)), (Some(s), Some(e)) if now >= s && now < e);
    (now + Duration::hours(if summer { 2 } else { 1 })).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs<'a>(known: &'a dyn Fn(&Kommunkod) -> bool, coordinator: &'a dyn Fn(&Uuid) -> bool) -> References<'a> {
        References { municipality: known, coordinator }
    }

    fn input<'a>(municipalities: &'a [String], coordinators: &'a [Uuid]) -> CollaborationInput<'a> {
        CollaborationInput {
            name: "Smålands industrilyft",
            funder: Some("ESF"),
            reference: Some("2024/00123"),
            budget_sek: Some(4_800_000),
            hourly_rate_sek: Some(340),
            starts_on: "2025-01-01",
            ends_on: Some("2027-06-30"),
            municipalities,
            coordinators,
        }
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let codes = vec!["0686".to_owned(), "0686".to_owned(), "9999".to_owned(), "12".to_owned()];
        let ids = [Uuid::nil()];
        let bad = CollaborationInput {
            name: " ",
            budget_sek: Some(-1),
            hourly_rate_sek: Some(HOURLY_RATE_MAX + 1),
            ends_on: Some("2024-12-31"),
            ..input(&codes, &ids)
        };
        let errors = NewCollaboration::parse(bad, &refs(&|c| c.as_str() != "9999", &|_| false)).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "budgetSek",
                "hourlyRateSek",
                "endsOn",
                "municipalities[1]",
                "municipalities[2]",
                "municipalities[3]",
                "coordinators[0]"
            ]
        );
    }

    #[test]
    fn a_patch_is_laid_over_the_whole_and_can_open_the_end() {
        let codes = vec!["0686".to_owned(), "0604".to_owned()];
        let current = input(&codes, &[]);
        let patch = CollaborationPatch { ends_on: Some(None), funder: Some(None), ..CollaborationPatch::default() };
        let merged = NewCollaboration::parse(patch.over(current), &refs(&|_| true, &|_| true)).expect("valid");
        assert_eq!(merged.ends_on, None);
        assert_eq!(merged.funder, None);
        assert_eq!(merged.hourly_rate_sek, Some(340));
        assert_eq!(merged.municipalities.iter().map(Kommunkod::as_str).collect::<Vec<_>>(), ["0604", "0686"]);
    }

    #[test]
    fn a_collaboration_runs_from_its_first_to_its_last_day() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert!(!runs_on(day("2025-01-01"), None, day("2024-12-31")));
        assert!(runs_on(day("2025-01-01"), None, day("2025-01-01")));
        assert!(runs_on(day("2025-01-01"), None, day("2040-01-01")));
        assert!(runs_on(day("2025-01-01"), Some(day("2025-06-30")), day("2025-06-30")));
        assert!(!runs_on(day("2025-01-01"), Some(day("2025-06-30")), day("2025-07-01")));
    }

    #[test]
    fn a_report_covers_the_period_or_a_part_of_it() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let period = (day("2025-01-01"), Some(day("2025-12-31")));
        let today = day("2026-12-04");
        assert_eq!(report_period(period, None, None, today), Ok((day("2025-01-01"), day("2025-12-31"))));
        assert_eq!(
            report_period((day("2025-01-01"), None), Some("2025-03-01"), None, today),
            Ok((day("2025-03-01"), today))
        );
        let errors = report_period(period, Some("2024-12-31"), Some("2026-01-01"), today).expect_err("outside");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["from", "to"]);
        assert_eq!(
            report_period(period, Some("2025-05-01"), Some("2025-04-01"), today).expect_err("order").0[0].code,
            "order"
        );
    }

    #[test]
    fn the_swedish_day_follows_summer_time() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc);
        // 23:30 UTC in winter is 00:30 the next day in Sweden; in summer 22:30 UTC already is.
        assert_eq!(swedish_today(at("2026-01-15T23:30:00Z")).to_string(), "2026-01-16");
        assert_eq!(swedish_today(at("2026-01-15T22:30:00Z")).to_string(), "2026-01-15");
        assert_eq!(swedish_today(at("2026-07-15T22:30:00Z")).to_string(), "2026-07-16");
        assert_eq!(swedish_today(at("2026-07-15T21:30:00Z")).to_string(), "2026-07-15");
        // Summer time began on Sunday 29 March 2026 at 01:00 UTC.
        assert_eq!(NaiveDate::from_ymd_opt(2026, 3, 29).map(|d| d.weekday()), Some(chrono::Weekday::Sun));
        assert_eq!(swedish_today(at("2026-03-29T22:30:00Z")).to_string(), "2026-03-30");
        assert_eq!(swedish_today(at("2026-03-28T22:30:00Z")).to_string(), "2026-03-28");
    }
}
