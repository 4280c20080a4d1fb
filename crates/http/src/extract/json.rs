//! JSON read into a type, with every problem named: serde's errors and
//! what the type's own schema says (required fields, lengths, enums).

use super::query::unknown_field;
use crate::error::ApiError;
use samverka_domain::{FieldError, FieldErrors};
use serde::de::DeserializeOwned;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_name_the_field() {
        #[derive(serde::Deserialize, utoipa::ToSchema, Debug)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        #[allow(dead_code)]
        struct B {
            name: String,
            employee_count: u32,
        }
        let field_of = super::super::first_field;
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
}
