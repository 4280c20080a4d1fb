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
pub const TRACEPARENT: HeaderName = HeaderName::from_static("traceparent");

#[derive(Debug, Clone)]
pub struct RequestContext {
    pub request_id: String,
    pub language: Language,
    pub path: String,
    /// The W3C trace this request belongs to: the caller's `traceparent`
    /// trace id, or a new one; what outgoing calls carry on.
    pub trace: TraceContext,
}

/// A W3C Trace Context (`traceparent`): the trace and this request's span in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TraceContext {
    /// 32 lowercase hex digits.
    pub trace_id: String,
    /// 16 lowercase hex digits: this request's span.
    pub span_id: String,
    /// The caller's span, when it sent one.
    pub parent_id: Option<String>,
    pub sampled: bool,
}

impl TraceContext {
    /// The caller's `traceparent` (version 00) continued with a new span,
    /// or a new trace when there is none or it is malformed.
    pub fn continue_from(traceparent: Option<&str>) -> TraceContext {
        let span_id = random_hex(8);
        let parsed = traceparent.and_then(|value| {
            let parts: Vec<&str> = value.trim().split('-').collect();
            let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
            let zeros = |s: &str| s.bytes().all(|b| b == b'0');
            match parts.as_slice() {
                [version, trace, parent, flags]
                    if hex(version, 2)
                        && *version != "ff"
                        && hex(trace, 32)
                        && !zeros(trace)
                        && hex(parent, 16)
                        && !zeros(parent)
                        && hex(flags, 2) =>
                {
                    let sampled = u8::from_str_radix(flags, 16).is_ok_and(|f| f & 1 == 1);
                    Some(((*trace).to_owned(), (*parent).to_owned(), sampled))
                }
                _ => None,
            }
        });
        match parsed {
            Some((trace_id, parent, sampled)) => TraceContext { trace_id, span_id, parent_id: Some(parent), sampled },
            None => TraceContext { trace_id: random_hex(16), span_id, parent_id: None, sampled: false },
        }
    }

    /// The `traceparent` header for a call made on this request's behalf.
    pub fn traceparent(&self) -> String {
        format!("00-{}-{}-{}", self.trace_id, self.span_id, if self.sampled { "01" } else { "00" })
    }
}

fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    if getrandom::fill(&mut buffer).is_err() {
        // Never on the platforms we run on; a time-based id keeps the trace usable.
        let now = uuid::Uuid::now_v7();
        buffer.iter_mut().zip(now.as_bytes().iter().rev()).for_each(|(b, n)| *b = *n);
    }
    buffer.iter().map(|b| format!("{b:02x}")).collect()
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
        trace: TraceContext::default(),
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

/// Joins the request's span to the caller's trace when OpenTelemetry export
/// is on, and takes the exported span's ids as the request's: logs, traces
/// and outgoing `traceparent`s then name one trace. (Off, nothing changes.)
fn exported_trace(span: &tracing::Span, trace: &mut TraceContext) {
    use opentelemetry::trace::{SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState};
    use tracing_opentelemetry::OpenTelemetrySpanExt;
    if let Some(parent) = &trace.parent_id
        && let (Ok(trace_id), Ok(span_id)) = (TraceId::from_hex(&trace.trace_id), SpanId::from_hex(parent))
    {
        let flags = if trace.sampled { TraceFlags::SAMPLED } else { TraceFlags::default() };
        let remote = SpanContext::new(trace_id, span_id, flags, true, TraceState::default());
        let _ = span.set_parent(opentelemetry::Context::new().with_remote_span_context(remote));
    }
    let exported = span.context().span().span_context().clone();
    if exported.is_valid() {
        trace.trace_id = exported.trace_id().to_string();
        trace.span_id = exported.span_id().to_string();
    }
}

pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let traceparent = req.headers().get(TRACEPARENT).and_then(|v| v.to_str().ok());
    let mut context = RequestContext {
        request_id: request_id(&req),
        language: language_of(req.headers()),
        path: req.path().to_owned(),
        trace: TraceContext::continue_from(traceparent),
    };
    // Every line logged while the request is handled carries its ids (a
    // span at the highest level, so that it is on whatever RUST_LOG lets through).
    let span = tracing::error_span!(
        "request",
        request_id = %context.request_id,
        trace_id = tracing::field::Empty,
        method = %req.method(),
        path = %req.path(),
    );
    exported_trace(&span, &mut context.trace);
    span.record("trace_id", context.trace.trace_id.as_str());
    let request_id = context.request_id.clone();
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    // Handlers' and extractors' errors arrive here already rendered as
    // problem documents (inside the context); only a failing middleware
    // could return Err, and none sits inside this one.
    let handled = CONTEXT.scope(context, next.call(req));
    let mut response = tracing::Instrument::instrument(handled, span.clone()).await?.map_into_boxed_body();
    let _inside = span.enter();

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

#[cfg(test)]
mod tests {
    use super::TraceContext;

    #[test]
    fn a_traceparent_is_continued_and_a_bad_one_starts_a_new_trace() {
        let caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let trace = TraceContext::continue_from(Some(caller));
        assert_eq!(trace.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(trace.parent_id.as_deref(), Some("00f067aa0ba902b7"));
        assert!(trace.sampled);
        assert_eq!(trace.span_id.len(), 16);
        assert_ne!(trace.span_id, "00f067aa0ba902b7");
        assert!(trace.traceparent().starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-"));
        for bad in [
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "garbage",
        ] {
            let fresh = TraceContext::continue_from(Some(bad));
            assert_eq!(fresh.parent_id, None, "{bad}");
            assert_eq!(fresh.trace_id.len(), 32);
        }
    }
}
