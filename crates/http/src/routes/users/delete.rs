use super::UserResponse;
use super::update::ensure_not_last_admin;
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, delete, web};
use samverka_domain::policy;
use samverka_persistence::{begin, commit, refresh_tokens, users};
use uuid::Uuid;

/// Delete a user (admin); its sessions end. Honours `If-Match`. The last
/// active admin cannot be deleted (409).
#[utoipa::path(
    tag = "users",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The user's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "This is the last active admin", body = crate::error::Problem),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[delete("/users/{id}")]
pub async fn delete_user(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_manage_users(&principal))?;
    let id = *id;
    let txn = begin(&state.db).await?;
    let current = users::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    let old = UserResponse::from(current.clone());
    representation::check_if_match(&req, &old)?;
    if users::role_of(&current)? == samverka_domain::account::Role::Admin && !current.disabled {
        ensure_not_last_admin(&txn, &current).await?;
    }
    refresh_tokens::delete_subject(&txn, id).await?;
    let tags = [state.seal.tag(&id.to_string()), state.seal.tag(&current.email)];
    samverka_persistence::idempotency::purge_tagged(&txn, &tags).await?;
    if !users::delete(&txn, id, current.version).await? {
        return Err(ApiError::PreconditionFailed);
    }
    audit::record(&txn, &principal, "user", &id.to_string(), Some(&old), None).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
