use super::create::duplicate_email;
use super::{UpdateUserRequest, UserResponse};
use crate::auth::{Auth, allow, password};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::account::{Binding, Email, Role, check_new_password};
use samverka_domain::{FieldErrors, policy, text};
use samverka_persistence::entities::user::{ActiveModel, Model};
use samverka_persistence::{DatabaseTransaction, Set, begin, commit, refresh_tokens, users};
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
    let mut errors = FieldErrors::default();
    let email = body.email.as_deref().and_then(|e| errors.collect(Email::parse("email", e)));
    let display_name = body.display_name.as_deref().and_then(|n| errors.collect(text::required("displayName", n, 200)));
    let role = body.role.as_deref().and_then(|r| errors.collect(Role::parse_user_role("role", r)));
    if let Some(new_password) = &body.password {
        errors.collect(check_new_password("password", new_password));
    }
    let new_hash = match &body.password {
        Some(p) if errors.is_empty() => Some(password::hash(&state.hashing, p.clone()).await?),
        _ => None,
    };

    let txn = begin(&state.db).await?;
    let current = users::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    let old = UserResponse::from(current.clone());

    let current_role = Role::parse_user_role("role", &current.role).map_err(|e| ApiError::internal(e.message))?;
    let role_changed = role.is_some_and(|r| r != current_role);
    let new_role = role.unwrap_or(current_role);
    // A field not given keeps its value, unless the role changes: then the
    // old role's binding goes with it.
    fn pick<T: Clone>(patch: &Option<Option<T>>, current: &Option<T>, role_changed: bool) -> Option<T> {
        match patch {
            Some(value) => value.clone(),
            None if role_changed => None,
            None => current.clone(),
        }
    }
    let municipality = pick(&body.municipality, &current.municipality, role_changed);
    let company_id = pick(&body.company_id, &current.company_id, role_changed);
    let provider = pick(&body.provider, &current.provider, role_changed);
    let binding = match Binding::for_role(new_role, municipality.as_deref(), company_id, provider.as_deref()) {
        Ok(binding) => Some(binding),
        Err(bad) => {
            bad.0.into_iter().for_each(|e| errors.push(e));
            None
        }
    };
    check_municipality_exists(&txn, binding.as_ref(), &mut errors).await?;
    errors.into_result()?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    let binding = binding.ok_or_else(|| ApiError::internal("validated binding missing"))?;

    let disabled = body.disabled.unwrap_or(current.disabled);
    let stays_admin = new_role == Role::Admin && !disabled;
    if current_role == Role::Admin && !current.disabled && !stays_admin {
        ensure_not_last_admin(&txn, &current).await?;
    }

    let (municipality, company_id, provider) = binding.fields();
    let mut changes = ActiveModel::default();
    if let Some(email) = &email {
        changes.email = Set(email.as_str().to_owned());
    }
    if let Some(display_name) = display_name {
        changes.display_name = Set(display_name);
    }
    if new_role != current_role {
        changes.role = Set(new_role.to_string());
    }
    if municipality != current.municipality {
        changes.municipality = Set(municipality);
    }
    if company_id != current.company_id {
        changes.company_id = Set(company_id);
    }
    if provider != current.provider {
        changes.provider = Set(provider);
    }
    if disabled != current.disabled {
        changes.disabled = Set(disabled);
    }
    if let Some(hash) = new_hash.clone() {
        changes.password_hash = Set(hash);
    }
    let updated = users::update(&txn, id, changes, current.version)
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
pub(super) async fn check_municipality_exists(
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
