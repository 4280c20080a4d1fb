use crate::audit;
use crate::auth::{Auth, allow, password};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use samverka_domain::account::{Principal, check_new_password};
use samverka_domain::policy;
use samverka_persistence::{api_clients, refresh_tokens, users};
use samverka_persistence::{begin, commit};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// The principal of the request.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MeResponse {
    /// The user's or API client's id.
    pub id: Uuid,
    /// `user` or `client`.
    #[schema(example = "user")]
    pub kind: &'static str,
    #[schema(example = "officer", value_type = crate::schema::PrincipalRole)]
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "anna.berg@eksjo.se")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Anna Berg")]
    pub display_name: Option<String>,
    /// An officer's municipality.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "0686")]
    pub municipality: Option<String>,
    /// A company user's company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_id: Option<Uuid>,
    /// A provider user's provider name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// An API client's municipalities (empty: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub municipalities: Option<Vec<String>>,
}

/// Who am I: the principal of the bearer token.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = []), ("oauth2" = [])),
    responses((status = 200, description = "The principal", body = MeResponse))
)]
#[get("/me")]
pub async fn get_me(Auth(principal): Auth, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    allow(policy::authenticated(&principal))?;
    let me = match (&principal, principal.user_id(), principal.binding(), principal.role()) {
        (_, Some(id), Some(binding), Some(role)) => {
            let user = users::get(&state.db, id)
                .await?
                .filter(|u| !u.disabled)
                .ok_or(ApiError::Unauthorized { detail: "the account is gone or disabled".to_owned() })?;
            let (municipality, company_id, provider) = binding.fields();
            MeResponse {
                id,
                kind: "user",
                role: role.to_string(),
                email: Some(user.email),
                display_name: Some(user.display_name),
                municipality,
                company_id,
                provider,
                municipalities: None,
            }
        }
        (Principal::Integration { id, municipalities }, ..) => {
            let client = api_clients::get(&state.db, *id)
                .await?
                .filter(|c| !c.revoked)
                .ok_or(ApiError::Unauthorized { detail: "the API client is gone or revoked".to_owned() })?;
            MeResponse {
                id: *id,
                kind: "client",
                role: samverka_domain::account::Role::Integration.to_string(),
                email: None,
                display_name: Some(client.name),
                municipality: None,
                company_id: None,
                provider: None,
                municipalities: Some(municipalities.iter().map(ToString::to_string).collect()),
            }
        }
        _ => return Err(ApiError::internal("anonymous passed the policy")),
    };
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(me))
}

/// A change of one's own password.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ChangePasswordRequest {
    #[validate(length(max = 256))]
    #[schema(max_length = 256)]
    pub current_password: String,
    /// 12–256 characters.
    #[validate(length(max = 256))]
    #[schema(value_type = crate::schema::NewPassword)]
    pub new_password: String,
}

/// Change my password. Every refresh token of the account dies: sign in again elsewhere.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = []), ("oauth2" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 429, description = "Too many wrong current passwords: wait `Retry-After` seconds", body = crate::error::Problem),
    )
)]
#[post("/me/password")]
pub async fn change_password(
    req: actix_web::HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::is_person(&principal))?;
    let id = principal.user_id().ok_or_else(|| ApiError::internal("not a user"))?;
    check_new_password("newPassword", &body.new_password).map_err(|e| ApiError::Validation(e.into()))?;
    let user = users::get(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    // Guessing the current password with a stolen token is throttled like sign-in.
    let address = state.trusted_proxies.of_request(&req);
    let attempt = state.throttle.admit(&state.db, &state.seal, &format!("password:{id}"), &address).await?;
    if !password::verify(&state.hashing, body.current_password, Some(user.password_hash.clone())).await? {
        return Err(ApiError::Validation(
            samverka_domain::FieldError::new("currentPassword", "mismatch", "the current password is wrong").into(),
        ));
    }
    state.throttle.succeeded(&state.db, attempt).await?;
    let hash = password::hash(&state.hashing, body.new_password).await?;
    let txn = begin(&state.db).await?;
    users::set_password(&txn, &user, hash).await?.ok_or(ApiError::PreconditionFailed)?;
    refresh_tokens::revoke_subject(&txn, id).await?;
    let changes = serde_json::json!({"password": "changed"});
    audit::record_hidden_update(&txn, &principal, "user", &id.to_string(), changes).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
