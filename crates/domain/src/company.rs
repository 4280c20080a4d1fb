//! Companies: the organisation number, the industry code, the size class,
//! and how names are folded for case-insensitive search and sorting.

mod commands;

use crate::FieldError;
pub use commands::{CompanyChanges, CompanyInput, CompanyPatch, NewCompany};
use serde::Serialize;
use std::fmt;

/// A Swedish organisationsnummer, always `NNNNNN-NNNN`.
///
/// Accepted as `NNNNNN-NNNN`, `NNNNNNNNNN`, or either with the `16` prefix
/// (`16NNNNNN-NNNN`, `16NNNNNNNNNN`). The third digit is at least 2 (legal
/// persons; personnummer have a month there), and the last digit is the Luhn
/// check digit of the other nine.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct OrgNumber(String);

impl OrgNumber {
    pub fn parse(field: &str, input: &str) -> Result<OrgNumber, FieldError> {
        let bad = |code: &str, message: &str| FieldError::new(field, code, message);
        let input = input.trim();
        let compact: String = match input.len() {
            11 if input.as_bytes()[6] == b'-' => format!("{}{}", &input[..6], &input[7..]),
            13 if input.starts_with("16") && input.as_bytes()[8] == b'-' => format!("{}{}", &input[2..8], &input[9..]),
            12 if input.starts_with("16") => input[2..].to_owned(),
            10 => input.to_owned(),
            _ => return Err(bad("format", "an organisation number is NNNNNN-NNNN, NNNNNNNNNN or 16NNNNNNNNNN")),
        };
        if compact.len() != 10 || !compact.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("format", "an organisation number is NNNNNN-NNNN, NNNNNNNNNN or 16NNNNNNNNNN"));
        }
        let digits: Vec<u32> = compact.bytes().map(|b| u32::from(b - b'0')).collect();
        if digits[2] < 2 {
            return Err(bad("format", "the third digit of an organisation number is at least 2"));
        }
        if luhn_check_digit(&digits[..9]) != digits[9] {
            return Err(bad("checksum", "the check digit (the last one) does not match"));
        }
        Ok(OrgNumber(format!("{}-{}", &compact[..6], &compact[6..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ten digits without the hyphen.
    pub fn digits(&self) -> String {
        self.0.replace('-', "")
    }
}

impl fmt::Display for OrgNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The Luhn check digit of nine digits (weights 2, 1, 2, … from the left).
pub fn luhn_check_digit(digits: &[u32]) -> u32 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let p = if i % 2 == 0 { d * 2 } else { d };
            if p > 9 { p - 9 } else { p }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// The SNI 2007 divisions (the first two digits of a code).
const SNI_DIVISIONS: [u8; 88] = [
    1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
    33, 35, 36, 37, 38, 39, 41, 42, 43, 45, 46, 47, 49, 50, 51, 52, 53, 55, 56, 58, 59, 60, 61, 62, 63, 64, 65, 66, 68,
    69, 70, 71, 72, 73, 74, 75, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87, 88, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99,
];

/// The SNI 2007 divisions (the first two digits of a code).
pub fn sni_divisions() -> impl Iterator<Item = u8> {
    SNI_DIVISIONS.into_iter()
}

/// An SNI 2007 code (Swedish Standard Industrial Classification): five
/// digits whose first two are an SNI division, e.g. `25620` (machining).
pub fn sni_code(field: &str, input: &str) -> Result<String, FieldError> {
    let code = input.trim();
    if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(field, "format", "an SNI 2007 code is five digits, e.g. 25620"));
    }
    let division: u8 = code[..2].parse().unwrap_or(0);
    if !SNI_DIVISIONS.contains(&division) {
        return Err(FieldError::new(field, "unknown", format!("{} is not an SNI 2007 division", &code[..2])));
    }
    Ok(code.to_owned())
}

/// An SNI prefix for filtering: one to five digits.
pub fn sni_prefix(field: &str, input: &str) -> Result<String, FieldError> {
    let prefix = input.trim();
    if prefix.is_empty() || prefix.len() > 5 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(field, "format", "an SNI prefix is one to five digits, e.g. 25"));
    }
    Ok(prefix.to_owned())
}

/// SCB's size classes by number of employees (storleksklass).
pub const SIZE_CLASSES: [(&str, i64, i64); 16] = [
    ("0", 0, 0),
    ("1-4", 1, 4),
    ("5-9", 5, 9),
    ("10-19", 10, 19),
    ("20-49", 20, 49),
    ("50-99", 50, 99),
    ("100-199", 100, 199),
    ("200-499", 200, 499),
    ("500-999", 500, 999),
    ("1000-1499", 1000, 1499),
    ("1500-1999", 1500, 1999),
    ("2000-2999", 2000, 2999),
    ("3000-3999", 3000, 3999),
    ("4000-4999", 4000, 4999),
    ("5000-9999", 5000, 9999),
    ("10000+", 10000, i64::MAX),
];

/// The size class of a number of employees (≥ 0).
pub fn size_class(employees: i64) -> &'static str {
    SIZE_CLASSES.iter().find(|(_, low, high)| (*low..=*high).contains(&employees)).map(|c| c.0).unwrap_or("0")
}

/// A size class given as a filter: one of [`SIZE_CLASSES`].
pub fn parse_size_class(field: &str, input: &str) -> Result<&'static str, FieldError> {
    SIZE_CLASSES.iter().map(|c| c.0).find(|c| *c == input.trim()).ok_or_else(|| {
        FieldError::new(field, "enum", "a size class is one of 0, 1-4, 5-9, 10-19, 20-49, 50-99, 100-199, 200-499, 500-999, 1000-1499, 1500-1999, 2000-2999, 3000-3999, 4000-4999, 5000-9999, 10000+")
    })
}

/// The number of employees: 0 to 10,000,000.
pub fn employees(field: &str, value: i64) -> Result<i64, FieldError> {
    if (0..=10_000_000).contains(&value) {
        Ok(value)
    } else {
        Err(FieldError::new(field, "range", "employees is a whole number from 0"))
    }
}

/// A web site: an absolute `http` or `https` URL with a host, at most 300 characters.
pub fn website(field: &str, input: &str) -> Result<String, FieldError> {
    let text = input.trim();
    let bad = || FieldError::new(field, "url", "a web site is an http or https URL, e.g. https://www.example.se");
    let too_long = || FieldError::new(field, "length", "at most 300 characters");
    if text.chars().count() > 300 {
        return Err(too_long());
    }
    // No white space or control characters inside: the URL parser would
    // percent-encode them silently (found by the fuzz target).
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let url = url::Url::parse(text).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(|h| !h.contains('.')) {
        return Err(bad());
    }
    // What is stored is the normalised form, which may be longer (IDNA, percent-encoding).
    let normalised = url.to_string();
    if normalised.chars().count() > 300 {
        return Err(too_long());
    }
    Ok(normalised)
}

/// Text folded for case-insensitive search and sorting: Unicode lower case
/// (Å → å, Ö → ö, É → é), done in Rust so that SQLite and PostgreSQL agree.
pub fn fold(text: &str) -> String {
    text.trim().to_lowercase()
}

/// A search string as a `LIKE` pattern on folded text: `%`, `_` and `\`
/// escaped (with `\` as the escape character), wrapped in `%…%`.
pub fn like_pattern(query: &str) -> String {
    let mut pattern = String::with_capacity(query.len() + 2);
    pattern.push('%');
    for c in fold(query).chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_web_site_is_stored_within_its_limit_and_without_hidden_characters() {
        assert_eq!(website("website", " https://www.example.se ").as_deref(), Ok("https://www.example.se/"));
        assert!(website("website", "https://www.exa mple.se/a").is_err());
        assert!(website("website", "https://www.example.se/\u{5}").is_err());
        // 290 characters that percent-encode to more than 300.
        let long = format!("https://www.example.se/{}", "ä".repeat(260));
        assert_eq!(website("website", &long).map_err(|e| e.code), Err("length".to_owned()));
    }

    #[test]
    fn org_numbers_in_three_forms() {
        for input in ["556036-0793", "5560360793", "165560360793", "16556036-0793", " 556036-0793 "] {
            assert_eq!(OrgNumber::parse("orgNumber", input).map(|o| o.to_string()), Ok("556036-0793".to_owned()));
        }
        let code = |input: &str| OrgNumber::parse("orgNumber", input).map_err(|e| e.code);
        assert_eq!(code("556036-0794"), Err("checksum".to_owned()));
        assert_eq!(code("551036-0793"), Err("format".to_owned()), "third digit 1: a personnummer");
        for bad in ["", "556036+0793", "55603-60793", "55603607931", "175560360793", "abcdef-ghij", "556036-079"] {
            assert_eq!(code(bad), Err("format".to_owned()), "{bad}");
        }
        // Volvo, H&M, Ikea's Swedish companies: real numbers pass.
        for real in ["556012-5790", "556042-7220", "556074-7569"] {
            assert!(OrgNumber::parse("orgNumber", real).is_ok(), "{real}");
        }
    }

    #[test]
    fn sni_codes_are_five_digits_of_a_division() {
        assert_eq!(sni_code("sniCode", "25620"), Ok("25620".to_owned()));
        assert_eq!(sni_code("sniCode", "2562").map_err(|e| e.code), Err("format".to_owned()));
        assert_eq!(sni_code("sniCode", "04100").map_err(|e| e.code), Err("unknown".to_owned()));
        assert_eq!(sni_code("sniCode", "25a20").map_err(|e| e.code), Err("format".to_owned()));
        assert!(sni_prefix("sni", "25").is_ok() && sni_prefix("sni", "").is_err() && sni_prefix("sni", "2x").is_err());
    }

    #[test]
    fn size_classes_follow_scb() {
        let cases =
            [(0, "0"), (1, "1-4"), (9, "5-9"), (10, "10-19"), (49, "20-49"), (250, "200-499"), (12_000, "10000+")];
        for (employees, class) in cases {
            assert_eq!(size_class(employees), class, "{employees}");
        }
        assert_eq!(parse_size_class("sizeClass", "10-19"), Ok("10-19"));
        assert!(parse_size_class("sizeClass", "10-20").is_err());
        assert!(employees("employees", -1).is_err());
    }

    #[test]
    fn websites_are_http_urls() {
        assert_eq!(website("website", "https://www.eksjo.se"), Ok("https://www.eksjo.se/".to_owned()));
        for bad in ["ftp://eksjo.se", "eksjo.se", "https://", "javascript:alert(1)", "http://localhost"] {
            assert!(website("website", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn folding_handles_swedish_letters() {
        assert_eq!(fold(" ÅKERS Svets & Smide "), "åkers svets & smide");
        assert_eq!(fold("ÖSTERLÉN"), "österlén");
        assert_eq!(like_pattern("50%_Ö"), "%50\\%\\_ö%");
    }
}
