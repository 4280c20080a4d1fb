//! What a new enrolment is made of, made only by parsing.

use super::{AgeBand, Gender, MAX_PARTICIPANTS};
use crate::account::Email;
use crate::{FieldError, FieldErrors, text};

/// The longest participant name.
pub const NAME_MAX: usize = 200;

/// One participant as a client sends it.
#[derive(Debug, Clone, Copy)]
pub struct ParticipantInput<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub gender: &'a str,
    pub age_band: Option<&'a str>,
}

/// A valid participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewParticipant {
    pub name: String,
    pub email: Option<Email>,
    pub gender: Gender,
    pub age_band: Option<AgeBand>,
}

/// The participants of a new enrolment: 1–100, each e-mail once.
pub fn participants(input: &[ParticipantInput<'_>]) -> Result<Vec<NewParticipant>, FieldErrors> {
    let mut errors = FieldErrors::default();
    if input.is_empty() || input.len() > MAX_PARTICIPANTS {
        errors.push(FieldError::new("participants", "length", "an enrolment names 1–100 participants"));
    }
    let mut emails: Vec<Email> = Vec::new();
    let mut people = Vec::with_capacity(input.len());
    for (i, p) in input.iter().enumerate() {
        let field = |name: &str| format!("participants[{i}].{name}");
        let name = errors.collect(text::required(&field("name"), p.name, NAME_MAX));
        let email = p.email.and_then(|e| errors.collect(Email::parse(&field("email"), e)));
        if let Some(email) = &email {
            if emails.contains(email) {
                errors.push(FieldError::new(field("email"), "duplicate", "the same e-mail twice in one enrolment"));
            }
            emails.push(email.clone());
        }
        let gender = errors.collect(Gender::parse(&field("gender"), p.gender));
        let age_band = p.age_band.and_then(|a| errors.collect(AgeBand::parse(&field("ageBand"), a)));
        if let (Some(name), Some(gender)) = (name, gender) {
            people.push(NewParticipant { name, email, gender, age_band });
        }
    }
    errors.into_result()?;
    Ok(people)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_e_mail_is_enrolled_once_and_genders_are_known() {
        let p = |email| ParticipantInput { name: "Lina Ek", email, gender: "woman", age_band: Some("25-54") };
        let errors = participants(&[
            p(Some("a@b.se")),
            p(Some("A@b.se")),
            ParticipantInput { gender: "x", age_band: Some("30-40"), ..p(None) },
        ])
        .expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["participants[1].email", "participants[2].gender", "participants[2].ageBand"]);
        assert_eq!(participants(&[]).expect_err("empty").0[0].field, "participants");
    }
}
