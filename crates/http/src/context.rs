//! The request context: a request id, the language, the path. The `observe`
//! middleware sets it for the whole handling of a request (so that errors
//! rendered anywhere know their language and instance), records metrics,
//! logs one line and stamps `X-Request-Id` on every answer.

use crate::metrics::Metrics;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, web};
use samverka_domain::Language;
use std::time::Instant;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

#[derive(Debug, Clone)]
pub struct RequestContext {
    pub request_id: String,
    pub language: Language,
    pub path: String,
}

tokio::task_local! {
    static CONTEXT: RequestContext;
}

/// The context of the request being handled (a default outside one).
pub fn current() -> RequestContext {
    CONTEXT.try_with(Clone::clone).unwrap_or_else(|_| RequestContext {
        request_id: String::new(),
        language: Language::default(),
        path: String::new(),
    })
}

/// A client's own request id is kept when it is short and printable;
/// otherwise a fresh UUID v7 is made.
fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string())
}

pub fn language_of(headers: &actix_web::http::header::HeaderMap) -> Language {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Language::from_accept_language)
        .unwrap_or_default()
}

pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let context = RequestContext {
        request_id: request_id(&req),
        language: language_of(req.headers()),
        path: req.path().to_owned(),
    };
    let request_id = context.request_id.clone();
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    // Handlers' and extractors' errors arrive here already rendered as
    // problem documents (inside the context); only a failing middleware
    // could return Err, and none sits inside this one.
    let mut response = CONTEXT.scope(context, next.call(req)).await?.map_into_boxed_body();

    let elapsed = started.elapsed();
    let status = response.status();
    let route = response.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    let method = response.request().method().clone();
    if let Some(metrics) = metrics {
        metrics.observe(method.as_str(), &route, status.as_u16(), elapsed);
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let latency_ms = elapsed.as_secs_f64() * 1000.0;
    if status.is_server_error() {
        tracing::warn!(%method, route, status = status.as_u16(), latency_ms, request_id, "request");
    } else {
        tracing::info!(%method, route, status = status.as_u16(), latency_ms, request_id, "request");
    }
    Ok(response)
}
