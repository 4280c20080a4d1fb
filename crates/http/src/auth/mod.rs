//! Authentication: JWT access tokens (HS256), the `Auth` extractor that
//! turns a bearer token into the request's principal, password hashing and
//! the login throttle.

pub mod password;
pub mod throttle;
pub mod tokens;

use crate::error::ApiError;
use crate::server::AppState;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use samverka_domain::account::Principal;
use samverka_domain::policy::{Decision, Denied};

/// The longest `Authorization` header accepted.
pub const MAX_AUTHORIZATION_LEN: usize = 4096;

/// The principal of the request: anonymous without `Authorization`; a bad,
/// expired or forged token is a 401, never anonymous.
pub struct Auth(pub Principal);

impl FromRequest for Auth {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Auth, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(principal_of(req).map(Auth))
    }
}

fn principal_of(req: &HttpRequest) -> Result<Principal, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(Principal::Anonymous);
    };
    let unauthorized = |detail: &str| ApiError::Unauthorized { detail: detail.to_owned() };
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

/// Turns a policy decision into the answer: 401 when not signed in, 403 when
/// the role may not.
pub fn allow(decision: Decision) -> Result<(), ApiError> {
    decision.map_err(|denied| match denied {
        Denied::Unauthenticated => {
            ApiError::Unauthorized { detail: "sign in: this operation needs a bearer token".to_owned() }
        }
        Denied::Forbidden => ApiError::Forbidden { detail: "your role may not do this".to_owned() },
    })
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
