//! `Idempotency-Key` on every `POST` (API.md): the same key and the same
//! request within 24 hours gets the first answer again (with
//! `Idempotent-Replayed: true`) and creates nothing new. The same key with a
//! different request is a 422; while the first is still being answered, a
//! 409. Keys belong to the caller (the token's subject), so two callers'
//! keys never meet. Answers worth retrying (5xx, 408, 429) are not kept.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError, web};
use samverka_domain::FieldError;
use samverka_persistence::idempotency::{self, Claim};

pub mod seal;

pub const HEADER: &str = "idempotency-key";
const REPLAYED: &str = "idempotent-replayed";
/// Paths that never keep answers: tokens must not be stored.
const EXEMPT: [&str; 1] = ["/api/v1/auth/token"];
/// The answer headers that are kept with the body.
const KEPT_HEADERS: [HeaderName; 4] = [header::CONTENT_TYPE, header::LOCATION, header::ETAG, header::CACHE_CONTROL];

pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let key = req.headers().get(HEADER).cloned();
    let Some(key) = key.filter(|_| req.method() == Method::POST && !EXEMPT.contains(&req.path())) else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let key = match key.to_str().ok().filter(|k| valid_key(k)) {
        Some(k) => k.to_owned(),
        None => {
            let error = ApiError::bad_field(FieldError::new(
                "Idempotency-Key",
                "format",
                "an Idempotency-Key is 1–255 visible ASCII characters, e.g. a UUID",
            ));
            return Ok(req.into_response(error.error_response()));
        }
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    // Whose key: the subject of a valid token (or anonymous); a bad token is the handler's 401.
    // Anonymous callers keep no answers: every POST that keeps one needs a
    // token, so the handler's 401 comes first.
    let claimed = match crate::auth::claimed_principal(req.request()) {
        Ok(principal) if principal.role().is_some() => principal,
        _ => return next.call(req).await.map(ServiceResponse::map_into_boxed_body),
    };
    let scope = claimed.actor();

    let body = match read_body(&mut req).await {
        Ok(body) => body,
        Err(error) => return Ok(req.into_response(error.error_response())),
    };
    // Nothing readable is stored: the key as a keyed hash, the request as a
    // MAC and the answer encrypted, both under a key that needs the client's
    // Idempotency-Key (see `seal`).
    let answer_key = state.seal.answer_key(&scope, &key);
    let request_hash = answer_key.request_mac(req.method().as_str(), &req.uri().to_string(), &body);
    let key = state.seal.stored_key(&scope, &key);
    req.set_payload(Payload::from(body));

    let claim = match idempotency::claim(&state.db, &scope, &key, &request_hash).await {
        Ok(claim) => claim,
        Err(error) => return Ok(req.into_response(ApiError::from(error).error_response())),
    };
    match claim {
        Claim::Claimed => {}
        Claim::Done(stored) => {
            // The account first: a disabled user or revoked client gets no stored answer.
            if let Err(error) = crate::auth::current_principal(&state, claimed).await {
                return Ok(req.into_response(error.error_response()));
            }
            return Ok(req.into_response(replay(stored, &answer_key)));
        }
        Claim::InProgress => {
            let error = ApiError::conflict(
                "Idempotency-Key",
                "inProgress",
                "a request with this Idempotency-Key is being answered; retry in a moment",
            );
            return Ok(req.into_response(error.error_response()));
        }
        Claim::Mismatch => {
            let error = ApiError::Validation(
                FieldError::new("Idempotency-Key", "reused", "this Idempotency-Key was used for a different request")
                    .into(),
            );
            return Ok(req.into_response(error.error_response()));
        }
    }

    let response = next.call(req).await;
    let response = match response {
        Ok(response) => response,
        Err(error) => {
            idempotency::release(&state.db, &scope, &key).await.ok();
            return Err(error);
        }
    };
    let (req, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let bytes = match actix_web::body::to_bytes(body).await {
        Ok(bytes) => bytes,
        Err(_) => {
            idempotency::release(&state.db, &scope, &key).await.ok();
            let error = ApiError::internal("the answer could not be read");
            return Ok(ServiceResponse::new(req, error.error_response()));
        }
    };
    let status = head.status();
    let retryable =
        status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::REQUEST_TIMEOUT;
    let stored = if retryable {
        idempotency::release(&state.db, &scope, &key).await
    } else {
        let headers: serde_json::Map<String, serde_json::Value> = KEPT_HEADERS
            .iter()
            .filter_map(|name| {
                let value = head.headers().get(name)?.to_str().ok()?;
                Some((name.as_str().to_owned(), serde_json::Value::from(value)))
            })
            .collect();
        let answer = serde_json::json!({"headers": headers, "body": String::from_utf8_lossy(&bytes)});
        match answer_key.seal(answer.to_string().as_bytes()) {
            Ok(sealed) => {
                let tags = state.seal.tags_of(&bytes);
                idempotency::complete(&state.db, &scope, &key, status.as_u16(), sealed, tags).await
            }
            Err(error) => {
                tracing::warn!(%error, "an answer could not be sealed: not kept");
                idempotency::release(&state.db, &scope, &key).await
            }
        }
    };
    if let Err(error) = stored {
        tracing::warn!(%error, "the answer of an Idempotency-Key could not be stored");
    }
    Ok(ServiceResponse::new(req, head.set_body(bytes).map_into_boxed_body()))
}

fn valid_key(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

async fn read_body(req: &mut ServiceRequest) -> Result<web::Bytes, ApiError> {
    let (_, payload) = req.parts_mut();
    crate::extract::read_limited(payload.take()).await
}

fn replay(stored: samverka_persistence::entities::idempotency_key::Model, key: &seal::AnswerKey) -> HttpResponse {
    let status = stored.status.and_then(|s| StatusCode::from_u16(s as u16).ok()).unwrap_or(StatusCode::OK);
    let answer: serde_json::Value = stored
        .response_body
        .as_deref()
        .and_then(|sealed| key.open(sealed))
        .and_then(|plain| serde_json::from_slice(&plain).ok())
        .unwrap_or_default();
    let mut response = HttpResponse::build(status);
    let headers = answer["headers"].as_object().cloned().unwrap_or_default();
    for (name, value) in headers {
        if let (Ok(name), Some(Ok(value))) =
            (HeaderName::try_from(name.as_str()), value.as_str().map(HeaderValue::from_str))
        {
            response.insert_header((name, value));
        }
    }
    response.insert_header((HeaderName::from_static(REPLAYED), HeaderValue::from_static("true")));
    response.body(answer["body"].as_str().unwrap_or_default().to_owned())
}
