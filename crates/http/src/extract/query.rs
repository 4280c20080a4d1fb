//! Query strings: strict parameters and the values they carry.

use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use samverka_domain::FieldError;
use serde::de::DeserializeOwned;

/// Query parameters deserialized strictly: an unknown parameter or a value of
/// the wrong type is a 400 that names the parameter.
pub struct ValidQuery<T>(pub T);

impl<T: DeserializeOwned> FromRequest for ValidQuery<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(ValidQuery))
    }
}

pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let field = e.path().to_string();
        let message = e.inner().to_string();
        let field = if field == "." { unknown_field(&message).unwrap_or_default() } else { field };
        ApiError::bad_field(FieldError::new(field, "invalid", message))
    })
}

/// serde names an unknown field only in its message: "unknown field `x`, …".
pub(super) fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next().map(str::to_owned)
}

/// A time query parameter (RFC 3339); 400 naming `field` otherwise.
pub fn rfc3339(field: &str, value: &str) -> Result<chrono::DateTime<chrono::Utc>, ApiError> {
    chrono::DateTime::parse_from_rfc3339(value).map(|t| t.with_timezone(&chrono::Utc)).map_err(|_| {
        ApiError::bad_field(FieldError::new(field, "format", "an RFC 3339 time, e.g. 2026-03-03T09:00:00Z"))
    })
}

/// A `q` search term, trimmed: 1–100 characters, no control characters
/// (the `Search` schema); 400 naming `q` otherwise.
pub fn search_term(value: &str) -> Result<&str, ApiError> {
    let q = value.trim();
    if q.is_empty() || q.chars().count() > 100 {
        return Err(ApiError::bad_field(FieldError::new("q", "length", "a search is 1–100 characters")));
    }
    if q.chars().any(char::is_control) {
        return Err(ApiError::bad_field(FieldError::new("q", "format", "a search holds no control characters")));
    }
    Ok(q)
}

/// A `municipality` query parameter: comma-separated kommunkoder (none when absent).
pub fn municipality_list(value: Option<&str>) -> Result<Vec<String>, ApiError> {
    let Some(value) = value else { return Ok(Vec::new()) };
    value
        .split(',')
        .map(|code| {
            samverka_domain::municipality::Kommunkod::parse("municipality", code)
                .map(|k| k.to_string())
                .map_err(ApiError::bad_field)
        })
        .collect()
}

/// An optional query parameter parsed by a domain rule: absent is `None`,
/// a value the rule refuses is a 400 naming the parameter.
pub fn optional<T>(
    value: &Option<String>,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, ApiError> {
    value.as_deref().map(parse).transpose().map_err(ApiError::bad_field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Q {
        limit: Option<u64>,
        municipality: Option<String>,
    }

    #[test]
    fn query_errors_name_the_parameter() {
        assert_eq!(super::super::first_field(parse_query::<Q>("limit=ten").expect_err("type")), "limit");
        assert_eq!(super::super::first_field(parse_query::<Q>("limti=5").expect_err("unknown")), "limti");
        assert!(parse_query::<Q>("limit=5&municipality=0686").is_ok());
    }
}
