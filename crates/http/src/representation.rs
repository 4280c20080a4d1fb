//! How resources are answered: single resources with a strong ETag and
//! `If-None-Match` → 304; lists as `{ items, nextCursor }` with a
//! `Link: <…>; rel="next"` header.

use crate::cache::{Caches, Stored};
use crate::error::ApiError;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use samverka_domain::account::Principal;
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
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
}

impl PageParams {
    pub fn page_request<K: serde::de::DeserializeOwned>(&self) -> Result<PageRequest<K>, ApiError> {
        page_request(self.limit, self.cursor.as_deref())
    }
}

/// The page asked for by a list's `limit` and `cursor` parameters (lists
/// with filters declare both beside their filters).
pub fn page_request<K: serde::de::DeserializeOwned>(
    limit: Option<u64>,
    cursor: Option<&str>,
) -> Result<PageRequest<K>, ApiError> {
    PageRequest::parse(limit, cursor).map_err(ApiError::bad_field)
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
    answer(req, &stored_single(body)?)
}

/// A single resource's bytes and strong ETag.
pub fn stored_single<T: Serialize>(body: &T) -> Result<Stored, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    Ok(Stored { etag: Some(etag_of(&bytes)), body: bytes.into(), link: None })
}

/// The answer of a GET from its representation: a single resource with its
/// ETag (304 when `If-None-Match` holds it), or a list page with its `Link`.
pub fn answer(req: &HttpRequest, stored: &Stored) -> Result<HttpResponse, ApiError> {
    let mut response = HttpResponse::Ok();
    if let Some(etag) = &stored.etag {
        let held = req.headers().get(header::IF_NONE_MATCH);
        // The document bounds `If-None-Match` (the ETags a client holds) at 1,024 characters.
        if held.is_some_and(|v| v.len() > 1024) {
            let too_long = samverka_domain::FieldError::new("If-None-Match", "length", "at most 1,024 characters");
            return Err(ApiError::bad_field(too_long));
        }
        if matches_any(held, etag) {
            return Ok(HttpResponse::NotModified().insert_header((header::ETAG, etag.clone())).finish());
        }
        response.insert_header((header::ETAG, etag.clone()));
    }
    if let Some(link) = &stored.link {
        response.insert_header((header::LINK, link.clone()));
    }
    Ok(response
        .content_type("application/json")
        .insert_header((header::VARY, "Accept-Language"))
        .body(stored.body.clone()))
}

/// A GET answered from the representation cache when it holds what
/// `principal` asks for (same path and query) at the current write
/// generation; else from `read`, and then kept.
pub async fn cached<F, Fut>(
    req: &HttpRequest,
    caches: &Caches,
    principal: &Principal,
    read: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Stored, ApiError>>,
{
    let target = req.uri().path_and_query().map_or("/", |p| p.as_str());
    if let Some(stored) = caches.representation(principal, target) {
        return answer(req, &stored);
    }
    let read_at = caches.generation();
    let stored = read().await?;
    caches.keep_representation(principal.clone(), target.to_owned(), stored.clone(), read_at);
    answer(req, &stored)
}

/// `If-Match` on a write: absent means unconditional; otherwise one of its
/// ETags (strong comparison, RFC 9110 §13.1.1) or `*` must be the ETag of
/// `current`, the representation the client would get now — else 412 and
/// nothing is written.
pub fn check_if_match<T: Serialize>(req: &HttpRequest, current: &T) -> Result<(), ApiError> {
    let Some(value) = req.headers().get(header::IF_MATCH) else { return Ok(()) };
    let etag = etag_of(&serde_json::to_vec(current).map_err(ApiError::internal)?);
    // Strong comparison (RFC 9110 §13.1.1): a weak tag, or anything that is
    // not an entity tag, never matches.
    let matched = value
        .to_str()
        .is_ok_and(|v| v.split(',').map(str::trim).any(|candidate| candidate == "*" || candidate == etag));
    if matched { Ok(()) } else { Err(ApiError::PreconditionFailed) }
}

/// The answer to a write: the resource as it is now, with its new ETag;
/// 201 with `Location` when `created_at` names where it lives.
pub fn written<T: Serialize>(body: &T, created_at: Option<String>) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    let mut response = match &created_at {
        Some(_) => HttpResponse::Created(),
        None => HttpResponse::Ok(),
    };
    response.content_type("application/json").insert_header((header::ETAG, etag_of(&bytes)));
    if let Some(location) = created_at {
        response.insert_header((header::LOCATION, location));
    }
    Ok(response.body(bytes))
}

/// Marks an answer that carries personal data or secrets as never to be
/// stored by caches.
pub fn no_store(mut response: HttpResponse) -> HttpResponse {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A page of a collection, with a `Link` header to the next page.
pub fn list<T: Serialize>(req: &HttpRequest, page: Page<T>) -> Result<HttpResponse, ApiError> {
    answer(req, &stored_list(req, page)?)
}

/// A page's bytes and `Link` header.
pub fn stored_list<T: Serialize>(req: &HttpRequest, page: Page<T>) -> Result<Stored, ApiError> {
    let link = page.next_cursor.as_ref().map(|cursor| format!("<{}>; rel=\"next\"", next_link(req, cursor)));
    let body = ListResponse { items: page.items, next_cursor: page.next_cursor };
    Ok(Stored { body: serde_json::to_vec(&body).map_err(ApiError::internal)?.into(), etag: None, link })
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
    fn if_match_is_strong() {
        use actix_web::test::TestRequest;
        let body = serde_json::json!({"version": 1});
        let etag = etag_of(&serde_json::to_vec(&body).expect("json"));
        let with = |value: &str| TestRequest::default().insert_header((header::IF_MATCH, value)).to_http_request();
        assert!(check_if_match(&TestRequest::default().to_http_request(), &body).is_ok());
        assert!(check_if_match(&with(&etag), &body).is_ok());
        assert!(check_if_match(&with(&format!("\"x\", {etag}")), &body).is_ok());
        assert!(check_if_match(&with("*"), &body).is_ok());
        assert!(matches!(check_if_match(&with(&format!("W/{etag}")), &body), Err(ApiError::PreconditionFailed)));
        assert!(matches!(check_if_match(&with("\"stale\""), &body), Err(ApiError::PreconditionFailed)));
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
