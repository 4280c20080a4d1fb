use super::ApiClientResponse;
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, delete, web};
use samverka_domain::policy;
use samverka_persistence::{api_clients, begin, commit, refresh_tokens};
use uuid::Uuid;

/// Delete an API client (admin); its tokens stop working at once. Honours `If-Match`.
#[utoipa::path(
    tag = "api clients",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The API client's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[delete("/api-clients/{id}")]
pub async fn delete_api_client(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_manage_api_clients(&principal))?;
    let id = *id;
    let txn = begin(&state.db).await?;
    let current = api_clients::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    let version = current.version;
    let old = ApiClientResponse::from(current);
    representation::check_if_match(&req, &old)?;
    refresh_tokens::delete_subject(&txn, id).await?;
    samverka_persistence::webhooks::delete_of_client(&txn, id).await?;
    if !api_clients::delete(&txn, id, version).await? {
        return Err(ApiError::PreconditionFailed);
    }
    audit::record(&txn, &principal, "apiClient", &id.to_string(), Some(&old), None).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
