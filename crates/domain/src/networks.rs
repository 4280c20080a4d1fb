//! Company networks (a municipality's network of companies that meet again
//! and again) and the feedback companies give on a meeting they attended.
//! Made only by parsing: every field error of one input at once.

use crate::municipality::Kommunkod;
use crate::{FieldError, FieldErrors, text};

pub const NAME_MAX: usize = 200;
pub const PURPOSE_MAX: usize = 4000;
pub const COMMENT_MAX: usize = 2000;

/// A valid new network, hosted by a municipality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNetwork {
    pub name: String,
    pub purpose: Option<String>,
    pub municipality: Kommunkod,
}

impl NewNetwork {
    pub fn parse(
        name: &str,
        purpose: Option<&str>,
        municipality: &str,
        known: &dyn Fn(&Kommunkod) -> bool,
    ) -> Result<NewNetwork, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.collect(text::required("name", name, NAME_MAX));
        let purpose = purpose.and_then(|p| errors.collect(text::multiline("purpose", p, PURPOSE_MAX)));
        let municipality = errors.collect(Kommunkod::parse("municipality", municipality));
        if let Some(code) = municipality.as_ref().filter(|code| !known(code)) {
            errors.push(FieldError::new("municipality", "unknown", format!("there is no municipality {code}")));
        }
        errors.finish(|| Some(NewNetwork { name: name?, purpose, municipality: municipality? }))
    }
}

/// A valid change of a network (`Some(None)` clears the purpose). The
/// host stays: a network moves by being made anew.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkChanges {
    pub name: Option<String>,
    pub purpose: Option<Option<String>>,
}

impl NetworkChanges {
    pub fn parse(name: Option<&str>, purpose: Option<Option<&str>>) -> Result<NetworkChanges, FieldErrors> {
        let mut errors = FieldErrors::default();
        let changes = NetworkChanges {
            name: name.and_then(|n| errors.collect(text::required("name", n, NAME_MAX))),
            purpose: errors.collect_nullable(purpose, |p| text::multiline("purpose", p, PURPOSE_MAX)),
        };
        errors.into_result()?;
        Ok(changes)
    }
}

/// A company's feedback on a meeting: a rating of 1–5 and an optional comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub rating: i16,
    pub comment: Option<String>,
}

impl Feedback {
    /// Only a company that `attended` gives feedback, and only once (`given`).
    pub fn parse(rating: i64, comment: Option<&str>, attended: bool, given: bool) -> Result<Feedback, FieldErrors> {
        let mut errors = FieldErrors::default();
        if !(1..=5).contains(&rating) {
            errors.push(FieldError::new("rating", "range", "a rating is 1–5"));
        }
        let comment = comment.and_then(|c| errors.collect(text::multiline("comment", c, COMMENT_MAX)));
        if !attended {
            errors.push(FieldError::new("companyId", "notAttended", "only a company that attended gives feedback"));
        } else if given {
            errors.push(FieldError::new("companyId", "duplicate", "this company has given its feedback already"));
        }
        errors.finish(|| Some(Feedback { rating: rating as i16, comment }))
    }
}

/// Who attended a registration, one answer per attendee: `attended` as the
/// host sends it, exactly one per attendee.
pub fn attendance(attended: &[bool], attendees: usize) -> Result<Vec<bool>, FieldErrors> {
    if attended.len() != attendees {
        let message = format!("one entry per attendee: {attendees}");
        return Err(FieldError::new("attendees", "length", message).into());
    }
    Ok(attended.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_is_from_attending_companies_once() {
        let errors = Feedback::parse(6, Some(" "), false, false).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["rating", "comment", "companyId"]);
        assert_eq!(Feedback::parse(4, None, true, true).expect_err("twice").0[0].code, "duplicate");
        assert_eq!(Feedback::parse(5, Some("Bra träff"), true, false).map(|f| f.rating), Ok(5));
    }

    #[test]
    fn a_network_has_a_name_and_a_known_host() {
        let errors = NewNetwork::parse("", None, "0999", &|_| false).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "municipality"]);
        assert!(NewNetwork::parse("Industrinätverket", None, "0780", &|_| true).is_ok());
        assert_eq!(attendance(&[true], 2).expect_err("short").0[0].field, "attendees");
    }
}
