//! Municipalities (kommuner), identified by their four-digit kommunkod.

use crate::{FieldError, FieldErrors, text};
use serde::Serialize;
use std::fmt;

/// A kommunkod: four digits, county (län) code first (`0686` = Eksjö).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Kommunkod(String);

impl Kommunkod {
    /// Parses a kommunkod; `field` names the input in the error.
    pub fn parse(field: &str, input: &str) -> Result<Kommunkod, FieldError> {
        let code = input.trim();
        if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(field, "format", "a kommunkod is four digits, e.g. 0686"));
        }
        // County codes run 01–25; 00 is no county.
        if code.starts_with("00") {
            return Err(FieldError::new(field, "format", "a kommunkod starts with a county code 01–25"));
        }
        Ok(Kommunkod(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The county (län) code: the first two digits.
    pub fn county_code(&self) -> &str {
        &self.0[..2]
    }
}

impl fmt::Display for Kommunkod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The longest name and county.
pub const NAME_MAX: usize = 100;

/// A valid new municipality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMunicipality {
    pub code: Kommunkod,
    pub name: String,
    pub county: String,
    pub partner: bool,
}

impl NewMunicipality {
    pub fn parse(code: &str, name: &str, county: &str, partner: bool) -> Result<NewMunicipality, FieldErrors> {
        let mut errors = FieldErrors::default();
        let code = errors.collect(Kommunkod::parse("code", code));
        let name = errors.collect(text::required("name", name, NAME_MAX));
        let county = errors.collect(text::required("county", county, NAME_MAX));
        errors.finish(|| Some(NewMunicipality { code: code?, name: name?, county: county?, partner }))
    }
}

/// A valid partial update of a municipality.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MunicipalityChanges {
    pub name: Option<String>,
    pub county: Option<String>,
    pub partner: Option<bool>,
}

impl MunicipalityChanges {
    pub fn parse(name: Option<&str>, county: Option<&str>, partner: Option<bool>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let changes = MunicipalityChanges {
            name: name.and_then(|n| errors.collect(text::required("name", n, NAME_MAX))),
            county: county.and_then(|c| errors.collect(text::required("county", c, NAME_MAX))),
            partner,
        };
        errors.into_result()?;
        Ok(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::Kommunkod;

    #[test]
    fn accepts_four_digits() {
        let code = Kommunkod::parse("code", "0686").map(|c| c.as_str().to_owned());
        assert_eq!(code, Ok("0686".to_owned()));
        assert_eq!(Kommunkod::parse("code", " 0780 ").map(|c| c.county_code().to_owned()), Ok("07".to_owned()));
    }

    #[test]
    fn rejects_anything_else() {
        for bad in ["686", "06860", "06a6", "", "0000", "٠٦٨٦"] {
            let err = Kommunkod::parse("municipality", bad).expect_err(bad);
            assert_eq!(err.field, "municipality");
            assert_eq!(err.code, "format");
        }
    }
}
