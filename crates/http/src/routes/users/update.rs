use super::create::duplicate_email;
use super::{UpdateUserRequest, UserResponse};
use crate::auth::{Auth, allow, password};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::account::{Binding, Role};
use samverka_domain::user::UserChanges;
use samverka_domain::{FieldErrors, policy};
use samverka_persistence::entities::user::Model;
use samverka_persistence::{DatabaseTransaction, begin, commit, refresh_tokens, users};
use uuid::Uuid;

/// Change a user (admin): e-mail, name, role and binding, disabled, a new
/// password. Honours `If-Match`. The last active admin cannot be disabled or
/// given another role (409).
#[utoipa::path(
    tag = "users",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The user's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "Changed", body = UserResponse),
        (status = 409, description = "The e-mail is taken, or this is the last active admin", body = crate::error::Problem),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/users/{id}")]
pub async fn update_user(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<UpdateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_manage_users(&principal))?;
    let id = *id;
    let txn = begin(&state.db).await?;
    let current = users::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    let old = UserResponse::from(current.clone());
    let mut errors = FieldErrors::default();
    let changes = errors.absorb(UserChanges::parse(body.patch(), users::now_of(&current)?));
    check_binding_exists(&txn, changes.as_ref().map(|c| &c.binding), &mut errors).await?;
    let changes = errors.finish(|| changes)?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    if users::role_of(&current)? == Role::Admin && !current.disabled && !changes.stays_active_admin() {
        ensure_not_last_admin(&txn, &current).await?;
    }
    let new_hash = match &body.password {
        Some(p) => Some(password::hash(&state.hashing, p.clone()).await?),
        None => None,
    };
    let disabled = changes.disabled;
    let email = changes.email.clone();
    let updated = users::update(&txn, &current, changes, new_hash.clone())
        .await
        .map_err(|e| match &email {
            Some(email) => duplicate_email(email)(e),
            None => e.into(),
        })?
        .ok_or(ApiError::PreconditionFailed)?;
    if (disabled && !current.disabled) || new_hash.is_some() {
        refresh_tokens::revoke_subject(&txn, id).await?;
    }
    let new = UserResponse::from(updated);
    audit::record(&txn, &principal, "user", &id.to_string(), Some(&old), Some(&new)).await?;
    if new_hash.is_some() {
        let changes = serde_json::json!({"password": "reset"});
        audit::record_hidden_update(&txn, &principal, "user", &id.to_string(), changes).await?;
    }
    commit(txn).await?;
    representation::written(&new, None).map(representation::no_store)
}

/// An officer's municipality and a company user's company must exist (422 naming the field).
pub(super) async fn check_binding_exists(
    txn: &DatabaseTransaction,
    binding: Option<&Binding>,
    errors: &mut FieldErrors,
) -> Result<(), ApiError> {
    match binding {
        Some(Binding::Municipality(code)) => {
            super::super::require_municipality(txn, "municipality", code, errors).await?;
        }
        Some(Binding::Company(id)) if samverka_persistence::companies::get(txn, *id).await?.is_none() => {
            errors.push(samverka_domain::FieldError::new("companyId", "unknown", format!("there is no company {id}")));
        }
        _ => {}
    }
    Ok(())
}

/// 409 when `user` is the only active admin: someone must be left to manage the rest.
pub(super) async fn ensure_not_last_admin(txn: &DatabaseTransaction, user: &Model) -> Result<(), ApiError> {
    let admins = users::lock_active_admins(txn).await?;
    if admins.iter().all(|admin| *admin == user.id) {
        return Err(ApiError::conflict("role", "lastAdmin", "this is the last active admin: make another admin first"));
    }
    Ok(())
}
