//! The competence-area taxonomy, identified by stable slugs.

use crate::{FieldError, FieldErrors, text};
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

/// The ESCO skill URI prefix: `http://data.europa.eu/esco/skill/<uuid>`.
const ESCO_SKILL: &str = "http://data.europa.eu/esco/skill/";

/// An ESCO skill URI, e.g. `http://data.europa.eu/esco/skill/<uuid>`;
/// `https` is accepted and stored as ESCO publishes it (`http`), the UUID lower-cased.
pub fn esco_skill_uri(field: &str, input: &str) -> Result<String, FieldError> {
    let input = input.trim();
    let rest = input
        .strip_prefix(ESCO_SKILL)
        .or_else(|| input.strip_prefix("https://data.europa.eu/esco/skill/"))
        .ok_or_else(|| FieldError::new(field, "format", format!("an ESCO skill URI starts with {ESCO_SKILL}")))?;
    let uuid_like = rest.len() == 36
        && rest
            .char_indices()
            .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() });
    if !uuid_like {
        return Err(FieldError::new(field, "format", "an ESCO skill URI ends with the skill's UUID"));
    }
    Ok(format!("{ESCO_SKILL}{}", rest.to_ascii_lowercase()))
}

/// The longest label.
pub const LABEL_MAX: usize = 200;

/// A valid new competence area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewArea {
    pub slug: AreaSlug,
    pub label_sv: String,
    pub label_en: String,
    pub esco_uri: Option<String>,
}

impl NewArea {
    pub fn parse(slug: &str, label_sv: &str, label_en: &str, esco_uri: Option<&str>) -> Result<NewArea, FieldErrors> {
        let mut errors = FieldErrors::default();
        let slug = errors.collect(AreaSlug::parse("slug", slug));
        let label_sv = errors.collect(text::required("labels.sv", label_sv, LABEL_MAX));
        let label_en = errors.collect(text::required("labels.en", label_en, LABEL_MAX));
        let esco_uri = esco_uri.and_then(|uri| errors.collect(esco_skill_uri("escoUri", uri)));
        errors.finish(|| Some(NewArea { slug: slug?, label_sv: label_sv?, label_en: label_en?, esco_uri }))
    }
}

/// A valid partial update of a competence area.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AreaChanges {
    pub label_sv: Option<String>,
    pub label_en: Option<String>,
    pub esco_uri: Option<Option<String>>,
}

impl AreaChanges {
    pub fn parse(
        label_sv: Option<&str>,
        label_en: Option<&str>,
        esco_uri: Option<Option<&str>>,
    ) -> Result<AreaChanges, FieldErrors> {
        let mut errors = FieldErrors::default();
        let changes = AreaChanges {
            label_sv: label_sv.and_then(|l| errors.collect(text::required("labels.sv", l, LABEL_MAX))),
            label_en: label_en.and_then(|l| errors.collect(text::required("labels.en", l, LABEL_MAX))),
            esco_uri: errors.collect_nullable(esco_uri, |uri| esco_skill_uri("escoUri", uri)),
        };
        errors.into_result()?;
        Ok(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esco_uris_are_checked_and_normalised() {
        let uri = "http://data.europa.eu/esco/skill/3e4f2d41-e9a5-4c5a-a2a6-1e0bd8a2a0c5";
        assert_eq!(esco_skill_uri("escoUri", uri).as_deref(), Ok(uri));
        assert_eq!(
            esco_skill_uri("escoUri", "https://data.europa.eu/esco/skill/3E4F2D41-E9A5-4C5A-A2A6-1E0BD8A2A0C5")
                .as_deref(),
            Ok(uri)
        );
        for bad in [
            "http://data.europa.eu/esco/occupation/3e4f2d41-e9a5-4c5a-a2a6-1e0bd8a2a0c5",
            "http://data.europa.eu/esco/skill/3e4f2d41",
            "http://data.europa.eu/esco/skill/3e4f2d41-e9a5-4c5a-a2a6-1e0bd8a2a0cz",
            "http://example.com/esco/skill/3e4f2d41-e9a5-4c5a-a2a6-1e0bd8a2a0c5",
            "",
        ] {
            assert!(esco_skill_uri("escoUri", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs() {
        assert!(AreaSlug::parse("slug", "gender-equality").is_ok());
        assert!(AreaSlug::parse("slug", "lean-production2").is_ok());
        for bad in ["", "a", "Gender", "gender_equality", "-x", "x-", "a--b", "jämställdhet"] {
            assert_eq!(AreaSlug::parse("slug", bad).map_err(|e| e.code), Err("format".to_owned()), "{bad}");
        }
    }
}
