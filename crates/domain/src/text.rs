//! Free text as the API stores it: trimmed, without control characters,
//! within a length counted in characters.

use crate::FieldError;

/// Required text: trimmed, 1 to `max` characters, no control characters
/// (tabs and line breaks allowed when `multiline`).
pub fn required(field: &str, input: &str, max: usize) -> Result<String, FieldError> {
    checked(field, input, max, false)
}

/// Required text that may span lines (descriptions, minutes).
pub fn multiline(field: &str, input: &str, max: usize) -> Result<String, FieldError> {
    checked(field, input, max, true)
}

fn checked(field: &str, input: &str, max: usize, lines: bool) -> Result<String, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(FieldError::new(field, "required", "must not be empty"));
    }
    if text.chars().count() > max {
        return Err(FieldError::new(field, "length", format!("at most {max} characters")));
    }
    if text.chars().any(|c| c.is_control() && !(lines && matches!(c, '\n' | '\r' | '\t'))) {
        return Err(FieldError::new(field, "characters", "must not contain control characters"));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(required("name", "  Eksjö  ", 10), Ok("Eksjö".to_owned()));
        assert_eq!(required("name", "åäöåäöåäöå", 10).map(|s| s.chars().count()), Ok(10));
        assert_eq!(required("name", "   ", 10).map_err(|e| e.code), Err("required".to_owned()));
        assert_eq!(required("name", "abcdefghijk", 10).map_err(|e| e.code), Err("length".to_owned()));
        assert_eq!(required("name", "a\u{0}b", 10).map_err(|e| e.code), Err("characters".to_owned()));
        assert_eq!(required("name", "a\nb", 10).map_err(|e| e.code), Err("characters".to_owned()));
        assert_eq!(multiline("minutes", "a\nb", 10), Ok("a\nb".to_owned()));
    }
}
