//! Request bodies: JSON of a bounded size, PATCH fields.

use super::{field_errors, parse_json};
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use validator::Validate;

/// The largest JSON body accepted.
pub const JSON_LIMIT: usize = 1024 * 1024;
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
