use crate::error::ApiError;
use crate::metrics::Metrics;
use actix_web::{HttpResponse, get, web};

/// Prometheus metrics: `samverka_http_requests_total` and
/// `samverka_http_request_duration_seconds` by method, route and status.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format", body = String, content_type = "text/plain; version=0.0.4"))
)]
#[get("/metrics")]
pub async fn metrics(metrics: web::Data<Metrics>) -> Result<HttpResponse, ApiError> {
    let text = metrics.render().map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(text))
}
