use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Liveness: the process is up and answering. Never touches the database.
#[utoipa::path(tag = "operations", responses((status = 200, description = "The process is up", body = Health)))]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(Health { status: "ok" })
}

/// Readiness: the database answers. 503 with `Retry-After` when it does not.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Ready to serve", body = Health)))]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    samverka_persistence::ping(&state.db)
        .await
        .map_err(|e| ApiError::from(samverka_persistence::StoreError::Unavailable(e)))?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(Health { status: "ok" }))
}
