//! The competence-area taxonomy, identified by stable slugs.

use crate::FieldError;
use serde::Serialize;
use std::fmt;

/// A competence-area slug: lowercase ASCII letters, digits and single
/// hyphens, 2–64 characters (`gender-equality`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct AreaSlug(String);

impl AreaSlug {
    pub fn parse(field: &str, input: &str) -> Result<AreaSlug, FieldError> {
        let ok = (2..=64).contains(&input.len())
            && input.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !input.starts_with('-')
            && !input.ends_with('-')
            && !input.contains("--");
        if ok {
            Ok(AreaSlug(input.to_owned()))
        } else {
            Err(FieldError::new(
                field,
                "format",
                "a slug is 2–64 lowercase letters, digits and single hyphens, e.g. gender-equality",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AreaSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::AreaSlug;

    #[test]
    fn slugs() {
        assert!(AreaSlug::parse("slug", "gender-equality").is_ok());
        assert!(AreaSlug::parse("slug", "lean-production2").is_ok());
        for bad in ["", "a", "Gender", "gender_equality", "-x", "x-", "a--b", "jämställdhet"] {
            assert_eq!(AreaSlug::parse("slug", bad).map_err(|e| e.code), Err("format".to_owned()), "{bad}");
        }
    }
}
