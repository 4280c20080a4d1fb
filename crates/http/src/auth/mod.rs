//! Authentication: JWT access tokens (HS256), the `Auth` extractor that
//! turns a bearer token into the request's principal, password hashing and
//! the login throttle.

pub mod password;
pub mod throttle;
pub mod tokens;

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::HttpMessage;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use samverka_domain::account::{Binding, Principal, Role};
use samverka_domain::municipality::Kommunkod;
use samverka_domain::policy::{Decision, Denied};
use samverka_persistence::entities::{api_client, user};
use samverka_persistence::{api_clients, users};
use std::future::Future;
use std::pin::Pin;

/// The longest `Authorization` header accepted.
pub const MAX_AUTHORIZATION_LEN: usize = 4096;

/// The principal of the request: anonymous without `Authorization`; a bad,
/// expired or forged token is a 401, never anonymous. The account is read
/// again on every request, so that disabling a user, revoking a client or
/// changing a role takes effect at once rather than when the token expires.
pub struct Auth(pub Principal);

impl FromRequest for Auth {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Auth, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let claimed = claimed_principal(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let claimed = claimed?;
            let state = state.ok_or_else(|| ApiError::internal("no app state"))?;
            current_principal(&state, claimed).await.map(Auth)
        })
    }
}

fn unauthorized(detail: &str) -> ApiError {
    ApiError::Unauthorized { detail: detail.to_owned() }
}

/// The token's check, kept in the request so that the middlewares that key
/// on the caller (rate limit, idempotency) and the `Auth` extractor verify
/// the token once per request.
#[derive(Clone)]
struct Claimed(Result<Principal, String>);

/// The principal the token claims, after checking the token (anonymous
/// without `Authorization`); computed once per request.
pub fn claimed_principal(req: &HttpRequest) -> Result<Principal, ApiError> {
    if let Some(Claimed(claimed)) = req.extensions().get::<Claimed>() {
        return claimed.clone().map_err(|detail| unauthorized(&detail));
    }
    let claimed = check_token(req).map_err(|e| match e {
        ApiError::Unauthorized { detail } => detail,
        other => other.to_string(),
    });
    req.extensions_mut().insert(Claimed(claimed.clone()));
    claimed.map_err(|detail| unauthorized(&detail))
}

fn check_token(req: &HttpRequest) -> Result<Principal, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(Principal::Anonymous);
    };
    if value.len() > MAX_AUTHORIZATION_LEN {
        return Err(unauthorized("the Authorization header is too large"));
    }
    let value = value.to_str().map_err(|_| unauthorized("the Authorization header is not ASCII"))?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| unauthorized("use `Authorization: Bearer <access token>`"))?;
    let state = req.app_data::<web::Data<AppState>>().ok_or_else(|| ApiError::internal("no app state"))?;
    state.tokens.verify_access(token).map_err(|_| unauthorized("the access token is invalid or expired"))
}

/// The principal as the database says now: a disabled user or a revoked
/// client is a 401; role and binding come from the account, not the token.
/// Kept in the principal cache until the next write (see `cache`).
pub(crate) async fn current_principal(state: &AppState, claimed: Principal) -> Result<Principal, ApiError> {
    if claimed == Principal::Anonymous {
        return Ok(Principal::Anonymous);
    }
    let today = samverka_domain::collaborations::swedish_today(chrono::Utc::now());
    if let Some(principal) = state.caches.principal(&claimed, today) {
        return Ok(principal);
    }
    let read_at = state.caches.generation();
    let principal = principal_in_database(state, claimed.clone(), today).await?;
    state.caches.keep_principal(claimed, today, principal.clone(), read_at);
    Ok(principal)
}

async fn principal_in_database(
    state: &AppState,
    claimed: Principal,
    today: chrono::NaiveDate,
) -> Result<Principal, ApiError> {
    match claimed {
        Principal::Anonymous => Ok(Principal::Anonymous),
        Principal::Integration { id, .. } => {
            let client = api_clients::get(&state.db, id).await?.filter(|c| !c.revoked);
            client_principal(&client.ok_or_else(|| unauthorized("the API client is revoked or gone"))?)
        }
        person => {
            let id = person.user_id().ok_or_else(|| ApiError::internal("a person without an id"))?;
            let user = users::get(&state.db, id).await?.filter(|u| !u.disabled);
            let principal = user_principal(&user.ok_or_else(|| unauthorized("the account is disabled or gone"))?)?;
            shared_set(&state.db, principal, today).await
        }
    }
}

/// Turns a policy decision into the answer: 401 when not signed in, 403 when
/// the role may not.
pub fn allow(decision: Decision) -> Result<(), ApiError> {
    decision.map_err(refusal)
}

fn refusal(denied: Denied) -> ApiError {
    match denied {
        Denied::Unauthenticated => {
            ApiError::Unauthorized { detail: "sign in: this operation needs a bearer token".to_owned() }
        }
        Denied::Forbidden => ApiError::Forbidden { detail: "your role may not do this".to_owned() },
    }
}

/// What a policy grants (a scope, the caller's company, …), or its refusal
/// as the answer `allow` gives.
pub fn allowed<T>(granted: Result<T, Denied>) -> Result<T, ApiError> {
    granted.map_err(refusal)
}

/// Random bytes from the operating system, base64url: secrets and tokens.
pub fn random_token(bytes: usize) -> Result<String, ApiError> {
    use base64::Engine;
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| ApiError::internal(format!("no randomness: {e}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf))
}

/// SHA-256, hex: how refresh tokens are stored.
pub fn sha256_hex(input: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(input.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The principal of a user account (an officer's shared set is its own
/// municipality only: see [`shared_set`]).
pub fn user_principal(user: &user::Model) -> Result<Principal, ApiError> {
    let role = Role::parse_user_role("role", &user.role).map_err(|e| ApiError::internal(e.message))?;
    Binding::from_fields(role, user.municipality.as_deref(), user.company_id, user.provider.as_deref())
        .and_then(|binding| Principal::person(user.id, role, binding))
        .ok_or_else(|| ApiError::internal(format!("user {} has a binding that does not fit its role", user.id)))
}

/// An officer with its whole shared set: the municipalities it shares a
/// running collaboration with, read from the database.
pub async fn shared_set(
    db: &impl samverka_persistence::ConnectionLike,
    principal: Principal,
    today: chrono::NaiveDate,
) -> Result<Principal, ApiError> {
    match &principal {
        Principal::Officer { municipality, .. } => {
            let others = samverka_persistence::collaborations::sharing_with(db, municipality, today).await?;
            Ok(principal.sharing_with(others))
        }
        _ => Ok(principal),
    }
}

/// The principal of an API client.
pub fn client_principal(client: &api_client::Model) -> Result<Principal, ApiError> {
    let municipalities = client
        .municipality_codes()
        .iter()
        .map(|c| Kommunkod::parse("municipalities", c))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ApiError::internal(e.message))?;
    Ok(Principal::Integration { id: client.id, municipalities })
}
