//! What a write to an API client (an integration's account) is made of,
//! made only by parsing.

use crate::municipality::Kommunkod;
use crate::{FieldError, FieldErrors, text};

/// The longest name.
pub const NAME_MAX: usize = 200;
/// The most municipalities a client can be scoped to: all of Sweden's.
pub const MAX_MUNICIPALITIES: usize = 290;

/// The municipalities an integration is scoped to: valid codes of known
/// municipalities, each once, sorted (empty: every municipality).
pub fn municipality_scope(codes: &[String], known: &dyn Fn(&Kommunkod) -> bool) -> Result<Vec<Kommunkod>, FieldErrors> {
    if codes.len() > MAX_MUNICIPALITIES {
        return Err(FieldError::new("municipalities", "length", "at most 290 municipalities").into());
    }
    let mut errors = FieldErrors::default();
    let mut scope: Vec<Kommunkod> = Vec::with_capacity(codes.len());
    for (index, code) in codes.iter().enumerate() {
        let field = format!("municipalities[{index}]");
        let Some(code) = errors.collect(Kommunkod::parse(&field, code)) else { continue };
        if !known(&code) {
            errors.push(FieldError::new(&field, "unknown", format!("there is no municipality {code}")));
        } else if scope.contains(&code) {
            errors.push(FieldError::new(&field, "duplicate", format!("{code} is listed twice")));
        } else {
            scope.push(code);
        }
    }
    errors.into_result()?;
    scope.sort();
    Ok(scope)
}

/// A valid new API client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiClient {
    pub name: String,
    pub municipalities: Vec<Kommunkod>,
}

impl NewApiClient {
    pub fn parse(
        name: &str,
        municipalities: &[String],
        known: &dyn Fn(&Kommunkod) -> bool,
    ) -> Result<NewApiClient, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.collect(text::required("name", name, NAME_MAX));
        let municipalities = errors.absorb(municipality_scope(municipalities, known));
        errors.finish(|| Some(NewApiClient { name: name?, municipalities: municipalities? }))
    }
}

/// A valid partial update of an API client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiClientChanges {
    pub name: Option<String>,
    pub revoked: Option<bool>,
    pub municipalities: Option<Vec<Kommunkod>>,
}

impl ApiClientChanges {
    pub fn parse(
        name: Option<&str>,
        revoked: Option<bool>,
        municipalities: Option<&[String]>,
        known: &dyn Fn(&Kommunkod) -> bool,
    ) -> Result<ApiClientChanges, FieldErrors> {
        let mut errors = FieldErrors::default();
        let changes = ApiClientChanges {
            name: name.and_then(|n| errors.collect(text::required("name", n, NAME_MAX))),
            revoked,
            municipalities: municipalities.and_then(|codes| errors.absorb(municipality_scope(codes, known))),
        };
        errors.into_result()?;
        Ok(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_is_sorted_and_refuses_repeats_and_bad_codes() {
        let codes = |list: &[&str]| list.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        let known = |code: &Kommunkod| code.as_str() != "0999";
        let scope = municipality_scope(&codes(&["0687", "0686"]), &known).expect("valid");
        assert_eq!(scope.iter().map(Kommunkod::as_str).collect::<Vec<_>>(), ["0686", "0687"]);
        let errors = municipality_scope(&codes(&["0686", "x", "0999", "0686"]), &known).expect_err("invalid");
        let found: Vec<(&str, &str)> = errors.0.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(
            found,
            [("municipalities[1]", "format"), ("municipalities[2]", "unknown"), ("municipalities[3]", "duplicate")]
        );
    }
}
