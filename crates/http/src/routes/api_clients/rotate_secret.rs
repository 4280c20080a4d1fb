use super::{ApiClientResponse, ApiClientWithSecret};
use crate::auth::{Auth, allow, password};
use crate::error::ApiError;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, post, web};
use samverka_domain::policy;
use samverka_persistence::{api_clients, begin, commit};
use uuid::Uuid;

/// Give an API client a new secret (admin): the old one stops working now,
/// the new one is in this answer only. Honours `If-Match`.
#[utoipa::path(
    tag = "api clients",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The API client's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the rotation is based on"),
    ),
    responses(
        (status = 200, description = "The client with its new secret; store it now", body = ApiClientWithSecret),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[post("/api-clients/{id}/secret")]
pub async fn rotate_api_client_secret(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_manage_api_clients(&principal))?;
    let id = *id;
    let secret = super::new_client_secret()?;
    let hash = password::hash(&state.hashing, secret.clone()).await?;
    let txn = begin(&state.db).await?;
    let current = api_clients::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    representation::check_if_match(&req, &ApiClientResponse::from(current.clone()))?;
    let new = api_clients::set_secret(&txn, &current, hash).await?.ok_or(ApiError::PreconditionFailed)?;
    let new = ApiClientResponse::from(new);
    let changes = serde_json::json!({"clientSecret": "rotated"});
    audit::record_hidden_update(&txn, &principal, "apiClient", &id.to_string(), changes).await?;
    commit(txn).await?;
    representation::written(&ApiClientWithSecret { client: new, client_secret: secret }, None)
        .map(representation::no_store)
}
