//! Extractors that turn bad input into problem documents naming the field:
//! `ValidQuery` for query strings, `ValidJson` for JSON bodies.

use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use samverka_domain::{FieldError, FieldErrors};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

/// The largest JSON body accepted.
pub const JSON_LIMIT: usize = 1024 * 1024;

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
fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next().map(str::to_owned)
}

/// A JSON body: `Content-Type: application/json` (415 otherwise), at most
/// [`JSON_LIMIT`] bytes (413), well-formed with the right types and no
/// unknown fields (400 naming the field), and valid (422 listing every bad field).
pub struct ValidJson<T>(pub T);

impl<T: DeserializeOwned + Validate + utoipa::ToSchema + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|m| {
                let m = m.trim().to_ascii_lowercase();
                m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
            })
            .unwrap_or(false);
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let payload = payload.take();
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType { expected: "application/json" });
            }
            if declared.is_some_and(|n| n > JSON_LIMIT) {
                return Err(ApiError::PayloadTooLarge { limit: JSON_LIMIT });
            }
            let body = read_limited(payload).await?;
            let value = parse_json::<T>(&body)?;
            value.validate().map_err(|e| ApiError::Validation(field_errors(&e)))?;
            Ok(ValidJson(value))
        })
    }
}

/// A request body of at most [`JSON_LIMIT`] bytes (413 beyond it).
pub async fn read_limited(mut payload: Payload) -> Result<web::Bytes, ApiError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_request(format!("the body could not be read: {e}")))?;
        if body.len() + chunk.len() > JSON_LIMIT {
            return Err(ApiError::PayloadTooLarge { limit: JSON_LIMIT });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
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

/// For PATCH bodies (JSON Merge Patch, RFC 7396): an absent field is `None`
/// (leave it), `null` is `Some(None)` (clear it), a value `Some(Some(v))`.
/// Use with `#[serde(default, deserialize_with = "nullable")]`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// A nullable PATCH field as the domain's patches take it.
pub fn patch_str(value: &Option<Option<String>>) -> Option<Option<&str>> {
    value.as_ref().map(Option::as_deref)
}

/// Parses a JSON body into `T`, naming the field that is wrong. A number
/// with a zero fraction (`2.0`) is the integer it equals, as JSON Schema
/// counts it; objects must be objects wherever `T`'s schema says so.
pub fn parse_json<T: DeserializeOwned + utoipa::ToSchema + 'static>(body: &[u8]) -> Result<T, ApiError> {
    let json = json_value(body)?;
    let defs = schemas_of::<T>();
    let schema = &defs[T::name().as_ref()];
    objects_are_objects(&json, &defs, schema, "")?;
    match serde_path_to_error::deserialize(json.clone()) {
        Ok(value) => Ok(value),
        // Missing required fields are a 422 naming every one of them, at every
        // depth, together with every value the document's rules refuse.
        Err(e) if e.inner().to_string().starts_with("missing field") => {
            let mut problems = FieldErrors::default();
            let mut missing = false;
            schema_problems(&json, &defs, schema, "", &mut problems, &mut missing);
            Err(if missing { ApiError::Validation(problems) } else { json_error(e) })
        }
        Err(e) => Err(json_error(e)),
    }
}

/// What the document's schema says is wrong with `value`: missing required
/// properties (and `missing` set), lengths, ranges, list sizes and enums.
/// Wrong types are left to serde (400).
fn schema_problems(
    value: &serde_json::Value,
    defs: &serde_json::Value,
    schema: &serde_json::Value,
    path: &str,
    out: &mut FieldErrors,
    missing: &mut bool,
) {
    use serde_json::Value;
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        return schema_problems(value, defs, &defs[name], path, out, missing);
    }
    if value.is_null() {
        return;
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(alternatives) = schema[key].as_array() {
            for alternative in alternatives.iter().filter(|a| a["type"] != "null") {
                schema_problems(value, defs, alternative, path, out, missing);
                if key != "allOf" {
                    break;
                }
            }
        }
    }
    let field = |name: &str| if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") };
    let here = path.trim_start_matches('.').to_owned();
    match value {
        Value::Object(fields) => {
            for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if !fields.contains_key(name) {
                    *missing = true;
                    out.push(FieldError::new(field(name), "required", format!("`{name}` is required")));
                }
            }
            for (name, inner) in fields {
                if let Some(property) = schema["properties"].get(name) {
                    schema_problems(inner, defs, property, &field(name), out, missing);
                }
            }
        }
        Value::Array(items) => {
            let n = items.len() as u64;
            if schema["maxItems"].as_u64().is_some_and(|max| n > max) {
                out.push(FieldError::new(here.clone(), "length", format!("at most {} items", schema["maxItems"])));
            }
            if schema["minItems"].as_u64().is_some_and(|min| n < min) {
                out.push(FieldError::new(here.clone(), "length", format!("at least {} items", schema["minItems"])));
            }
            for (i, item) in items.iter().enumerate() {
                schema_problems(item, defs, &schema["items"], &format!("{path}[{i}]"), out, missing);
            }
        }
        Value::String(s) => {
            let n = s.chars().count() as u64;
            if schema["maxLength"].as_u64().is_some_and(|max| n > max) {
                out.push(FieldError::new(
                    here.clone(),
                    "length",
                    format!("at most {} characters", schema["maxLength"]),
                ));
            }
            if schema["minLength"].as_u64().is_some_and(|min| n < min) {
                out.push(FieldError::new(
                    here.clone(),
                    "length",
                    format!("at least {} characters", schema["minLength"]),
                ));
            }
            if let Some(allowed) = schema["enum"].as_array()
                && !allowed.iter().any(|a| a.as_str() == Some(s))
            {
                let names: Vec<&str> = allowed.iter().filter_map(Value::as_str).collect();
                out.push(FieldError::new(here.clone(), "enum", format!("one of {}", names.join(", "))));
            }
            if let Some(pattern) = schema["pattern"].as_str()
                && matches_pattern(pattern, s) == Some(false)
            {
                out.push(FieldError::new(here, "format", format!("does not match {pattern}")));
            }
        }
        Value::Number(n) => {
            let Some(x) = n.as_f64() else { return };
            if schema["maximum"].as_f64().is_some_and(|max| x > max) {
                out.push(FieldError::new(here.clone(), "range", format!("at most {}", schema["maximum"])));
            }
            if schema["minimum"].as_f64().is_some_and(|min| x < min) {
                out.push(FieldError::new(here, "range", format!("at least {}", schema["minimum"])));
            }
        }
        _ => {}
    }
}

/// The body as a JSON object, integral floats made integers.
fn json_value(body: &[u8]) -> Result<serde_json::Value, ApiError> {
    let mut value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
    // Every body is an object: serde would otherwise read a struct from an array, by position.
    if !value.is_object() {
        return Err(ApiError::bad_request("the body is a JSON object"));
    }
    integral_floats_as_integers(&mut value);
    Ok(value)
}

/// `T`'s own schema and every schema it refers to, by name, made once per
/// type: the body check follows the type itself, whether or not the
/// OpenAPI document lists it.
fn schemas_of<T: utoipa::ToSchema + 'static>() -> std::sync::Arc<serde_json::Value> {
    use std::any::TypeId;
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    static MADE: std::sync::LazyLock<Mutex<HashMap<TypeId, Arc<serde_json::Value>>>> =
        std::sync::LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    made.entry(TypeId::of::<T>())
        .or_insert_with(|| {
            let mut schemas = Vec::new();
            T::schemas(&mut schemas);
            schemas.push((T::name().into_owned(), T::schema()));
            let defs: serde_json::Map<String, serde_json::Value> = schemas
                .into_iter()
                .map(|(name, schema)| (name, serde_json::to_value(schema).unwrap_or_default()))
                .collect();
            Arc::new(serde_json::Value::Object(defs))
        })
        .clone()
}

/// serde reads a struct from an array too (by position): wherever the
/// document says object, an array is a wrong type (400 naming the field).
fn objects_are_objects(
    value: &serde_json::Value,
    defs: &serde_json::Value,
    schema: &serde_json::Value,
    path: &str,
) -> Result<(), ApiError> {
    use serde_json::Value;
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        return objects_are_objects(value, defs, &defs[name], path);
    }
    if let Some(alternatives) = schema["oneOf"].as_array() {
        return match alternatives.iter().find(|a| a["type"] != "null") {
            Some(alternative) if !value.is_null() => objects_are_objects(value, defs, alternative, path),
            _ => Ok(()),
        };
    }
    let is_object_schema = schema["type"] == "object" || schema["properties"].is_object();
    match value {
        Value::Array(_) if is_object_schema => Err(ApiError::bad_field(FieldError::new(
            path.trim_start_matches('.'),
            "type",
            "invalid type: sequence, expected an object",
        ))),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| objects_are_objects(item, defs, &schema["items"], &format!("{path}[{i}]"))),
        Value::Object(fields) => fields.iter().try_for_each(|(name, field)| match schema["properties"].get(name) {
            Some(property) => objects_are_objects(field, defs, property, &format!("{path}.{name}")),
            None => Ok(()),
        }),
        _ => Ok(()),
    }
}

/// Whether `value` matches the document's `pattern`; `None` for a pattern
/// this regex engine does not take (a back-reference): then the handler's
/// own check decides. Compiled patterns are kept.
fn matches_pattern(pattern: &str, value: &str) -> Option<bool> {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static COMPILED: std::sync::LazyLock<Mutex<HashMap<String, Option<regex::Regex>>>> =
        std::sync::LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut compiled = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
    let regex = compiled.entry(pattern.to_owned()).or_insert_with(|| regex::Regex::new(pattern).ok());
    regex.as_ref().map(|r| r.is_match(value))
}

/// Turns `2.0` into `2` everywhere in `value` (up to 2^53, where floats
/// are still exact).
fn integral_floats_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() <= EXACT) {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

fn json_error(e: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = e.path().to_string();
    let inner = e.inner();
    if inner.is_syntax() || inner.is_eof() {
        return ApiError::bad_request(format!("malformed JSON: {inner}"));
    }
    let message = inner.to_string();
    let field = if path == "." { unknown_field(&message).unwrap_or_default() } else { path };
    let code = if message.starts_with("unknown field") {
        "unknown"
    } else if message.starts_with("missing field") {
        "required"
    } else {
        "type"
    };
    let field = match (code, message.strip_prefix("missing field `")) {
        ("required", Some(rest)) => {
            let name = rest.split('`').next().unwrap_or_default();
            if field.is_empty() || field == "." { name.to_owned() } else { format!("{field}.{name}") }
        }
        _ => field,
    };
    ApiError::bad_field(FieldError::new(field, code, message))
}

/// Flattens validator's errors into one list of fields with camelCase,
/// dotted paths (`needs[0].employeesConcerned`).
pub fn field_errors(errors: &ValidationErrors) -> FieldErrors {
    let mut out = FieldErrors::default();
    collect(errors, "", &mut out);
    out
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut FieldErrors) {
    let mut fields: Vec<_> = errors.errors().iter().collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    for (name, kind) in fields {
        let path = if prefix.is_empty() { camel_case(name) } else { format!("{prefix}.{}", camel_case(name)) };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    let message = e.message.as_ref().map(|m| m.to_string()).unwrap_or_else(|| e.code.to_string());
                    out.push(FieldError::new(path.clone(), e.code.to_string(), message));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(inner, &format!("{path}[{index}]"), out);
                }
            }
        }
    }
}

fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
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

    fn field_of(e: ApiError) -> String {
        match e {
            ApiError::BadRequest { errors, .. } => errors.first().map(|e| e.field.clone()).unwrap_or_default(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn query_errors_name_the_parameter() {
        assert_eq!(field_of(parse_query::<Q>("limit=ten").expect_err("type")), "limit");
        assert_eq!(field_of(parse_query::<Q>("limti=5").expect_err("unknown")), "limti");
        assert!(parse_query::<Q>("limit=5&municipality=0686").is_ok());
    }

    #[test]
    fn json_errors_name_the_field() {
        #[derive(serde::Deserialize, utoipa::ToSchema, Debug)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        #[allow(dead_code)]
        struct B {
            name: String,
            employee_count: u32,
        }
        assert_eq!(
            field_of(parse_json::<B>(br#"{"name":"x","employeeCount":"many"}"#).expect_err("type")),
            "employeeCount"
        );
        assert_eq!(field_of(parse_json::<B>(br#"{"name":"x","employeeCount":1,"nmae":2}"#).expect_err("x")), "nmae");
        // Missing fields are a 422 naming each, from the type's own schema (B is in no document).
        match parse_json::<B>(br#"{}"#).expect_err("missing") {
            ApiError::Validation(errors) => {
                let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(fields, ["name", "employeeCount"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse_json::<B>(b"{\"name\":"), Err(ApiError::BadRequest { .. })));
    }

    #[test]
    fn camel_cases_paths() {
        assert_eq!(camel_case("employees_concerned"), "employeesConcerned");
        assert_eq!(camel_case("name"), "name");
    }
}
