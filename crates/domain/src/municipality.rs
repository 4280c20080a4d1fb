//! Municipalities (kommuner), identified by their four-digit kommunkod.

use crate::FieldError;
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
