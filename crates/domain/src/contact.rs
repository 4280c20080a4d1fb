//! A company's contact people, made only by parsing: every field error of
//! one input is collected at once.

use crate::account::Email;
use crate::{FieldError, FieldErrors, text};

/// The longest name and title.
pub const NAME_MAX: usize = 200;

/// A phone number as people write them: digits, spaces, `+ - ( )`, 5–40 characters.
pub fn phone(field: &str, input: &str) -> Result<String, FieldError> {
    let text = input.trim();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let ok = (5..=40).contains(&text.len())
        && digits >= 5
        && text.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'));
    if ok {
        Ok(text.to_owned())
    } else {
        Err(FieldError::new(field, "format", "a phone number: digits, spaces and + - ( ), e.g. +46 381 123 45"))
    }
}

/// A valid new contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    pub name: String,
    pub title: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<String>,
}

impl NewContact {
    pub fn parse(
        name: &str,
        title: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> Result<NewContact, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.collect(text::required("name", name, NAME_MAX));
        let title = title.and_then(|t| errors.collect(text::required("title", t, NAME_MAX)));
        let email = email.and_then(|e| errors.collect(Email::parse("email", e)));
        let phone = phone.and_then(|p| errors.collect(self::phone("phone", p)));
        errors.finish(|| Some(NewContact { name: name?, title, email, phone }))
    }
}

/// A valid partial update of a contact (`Some(None)` clears a field).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactChanges {
    pub name: Option<String>,
    pub title: Option<Option<String>>,
    pub email: Option<Option<Email>>,
    pub phone: Option<Option<String>>,
}

impl ContactChanges {
    pub fn parse(
        name: Option<&str>,
        title: Option<Option<&str>>,
        email: Option<Option<&str>>,
        phone: Option<Option<&str>>,
    ) -> Result<ContactChanges, FieldErrors> {
        let mut errors = FieldErrors::default();
        let changes = ContactChanges {
            name: name.and_then(|n| errors.collect(text::required("name", n, NAME_MAX))),
            title: errors.collect_nullable(title, |t| text::required("title", t, NAME_MAX)),
            email: errors.collect_nullable(email, |e| Email::parse("email", e)),
            phone: errors.collect_nullable(phone, |p| self::phone("phone", p)),
        };
        errors.into_result()?;
        Ok(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_reports_every_bad_field() {
        let errors = NewContact::parse(" ", None, Some("nope"), Some("12")).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "email", "phone"]);
        let contact = NewContact::parse("Anna Berg", None, None, Some("+46 381 123 45")).expect("valid");
        assert_eq!(contact.phone.as_deref(), Some("+46 381 123 45"));
    }

    #[test]
    fn a_contact_patch_clears_with_null() {
        let changes = ContactChanges::parse(None, Some(None), None, None).expect("valid");
        assert_eq!(changes.title, Some(None));
        assert_eq!(changes.name, None);
    }
}
