use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};

/// Prometheus metrics: `samverka_http_requests_total` and
/// `samverka_http_request_duration_seconds` by method, route and status;
/// `samverka_build_info`, the database pool and the process.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format", body = String, content_type = "text/plain; version=0.0.4"))
)]
#[get("/metrics")]
pub async fn metrics(metrics: web::Data<Metrics>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let text = metrics.render(samverka_persistence::pool_stats(&state.db)).map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(text))
}
