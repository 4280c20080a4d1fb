//! How resources are answered: single resources with a strong ETag and
//! `If-None-Match` → 304; lists as `{ items, nextCursor }` with a
//! `Link: <…>; rel="next"` header.

use crate::error::ApiError;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use samverka_domain::page::{Page, PageRequest};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

/// One page of a collection.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListResponse<T> {
    /// The resources of this page.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    #[schema(example = "IjA2ODYi")]
    pub next_cursor: Option<String>,
}

/// Keyset pagination parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 20)]
    pub limit: Option<u64>,
    /// The `nextCursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageParams {
    pub fn page_request<K: serde::de::DeserializeOwned>(&self) -> Result<PageRequest<K>, ApiError> {
        PageRequest::parse(self.limit, self.cursor.as_deref()).map_err(ApiError::bad_field)
    }
}

/// A strong ETag: a digest of the exact bytes of the representation.
pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

fn matches_any(header_value: Option<&HeaderValue>, etag: &str) -> bool {
    header_value.and_then(|v| v.to_str().ok()).is_some_and(|v| {
        v.split(',').map(str::trim).any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == etag)
    })
}

/// A single resource: 200 with its ETag, or 304 when `If-None-Match` holds it.
pub fn single<T: Serialize>(req: &HttpRequest, body: &T) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    let etag = etag_of(&bytes);
    if matches_any(req.headers().get(header::IF_NONE_MATCH), &etag) {
        return Ok(HttpResponse::NotModified().insert_header((header::ETAG, etag)).finish());
    }
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::ETAG, etag))
        .insert_header((header::VARY, "Accept-Language"))
        .body(bytes))
}

/// A page of a collection, with a `Link` header to the next page.
pub fn list<T: Serialize>(req: &HttpRequest, page: Page<T>) -> Result<HttpResponse, ApiError> {
    let mut response = HttpResponse::Ok();
    response.content_type("application/json").insert_header((header::VARY, "Accept-Language"));
    if let Some(cursor) = &page.next_cursor {
        response.insert_header((header::LINK, format!("<{}>; rel=\"next\"", next_link(req, cursor))));
    }
    let body = ListResponse { items: page.items, next_cursor: page.next_cursor };
    Ok(response.body(serde_json::to_vec(&body).map_err(ApiError::internal)?))
}

/// The same request with `cursor` replaced.
fn next_link(req: &HttpRequest, cursor: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(req.query_string().as_bytes()) {
        if key != "cursor" {
            query.append_pair(&key, &value);
        }
    }
    query.append_pair("cursor", cursor);
    format!("{}?{}", req.path(), query.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_are_strong_and_stable() {
        let a = etag_of(b"{\"a\":1}");
        assert_eq!(a, etag_of(b"{\"a\":1}"));
        assert_ne!(a, etag_of(b"{\"a\":2}"));
        assert!(a.starts_with('"') && a.ends_with('"') && a.len() == 34);
    }

    #[test]
    fn if_none_match_lists() {
        let etag = "\"abc\"";
        assert!(matches_any(Some(&HeaderValue::from_static("\"x\", \"abc\"")), etag));
        assert!(matches_any(Some(&HeaderValue::from_static("*")), etag));
        assert!(!matches_any(Some(&HeaderValue::from_static("\"x\"")), etag));
        assert!(!matches_any(None, etag));
    }
}
