//! Extractors that turn bad input into problem documents naming the field:
//! `ValidQuery` for query strings, `ValidJson` for JSON bodies.

mod body;
mod json;
mod query;
mod validation;

pub use body::{JSON_LIMIT, ValidJson, nullable, patch_str, read_limited};
pub use json::parse_json;
pub use query::{ValidQuery, municipality_list, optional, parse_query, rfc3339, search_term};
pub use validation::{camel_case, field_errors};

/// The field a 400 names first (tests).
#[cfg(test)]
fn first_field(e: crate::error::ApiError) -> String {
    match e {
        crate::error::ApiError::BadRequest { errors, .. } => {
            errors.first().map(|e| e.field.clone()).unwrap_or_default()
        }
        other => format!("{other:?}"),
    }
}
