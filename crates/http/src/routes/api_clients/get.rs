use super::ApiClientResponse;
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::policy;
use samverka_persistence::api_clients;
use uuid::Uuid;

/// Get one API client (admin); the secret is never shown again.
#[utoipa::path(
    tag = "api clients",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The API client's id")),
    responses(
        (status = 200, description = "The API client", body = ApiClientResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/api-clients/{id}")]
pub async fn get_api_client(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_manage_api_clients(&principal))?;
    let client = api_clients::get(&state.db, *id).await?.ok_or(ApiError::NotFound)?;
    representation::single(&req, &ApiClientResponse::from(client)).map(representation::no_store)
}
