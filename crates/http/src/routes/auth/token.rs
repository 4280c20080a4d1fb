use crate::auth::{client_principal, password, random_token, sha256_hex, tokens, user_principal};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, post, web};
use samverka_domain::account::Principal;
use samverka_persistence::refresh_tokens::{self, Spend};
use samverka_persistence::{api_clients, users};
use samverka_persistence::{begin, commit};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A token request (RFC 6749 §4.3, §4.4, §6), form-encoded or JSON.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// `password`, `client_credentials` or `refresh_token`.
    #[schema(example = "password")]
    pub grant_type: String,
    /// The user's e-mail (password grant).
    #[schema(example = "admin@example.se")]
    pub username: Option<String>,
    /// The user's password (password grant).
    pub password: Option<String>,
    /// The API client's id (client_credentials; or HTTP Basic).
    pub client_id: Option<String>,
    /// The API client's secret (client_credentials; or HTTP Basic).
    pub client_secret: Option<String>,
    /// The refresh token to spend (refresh_token grant).
    pub refresh_token: Option<String>,
    /// Ignored: roles decide what a token may do.
    pub scope: Option<String>,
}

/// A successful token answer (RFC 6749 §5.1).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// A JWT to send as `Authorization: Bearer …`.
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: i64,
    /// Single use: exchange it with `grant_type=refresh_token` for a new pair (people only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// An RFC 6749 §5.2 error; it also carries the RFC 9457 members.
#[derive(Debug, Serialize, ToSchema)]
pub struct OAuthError {
    /// `invalid_request`, `invalid_client`, `invalid_grant` or `unsupported_grant_type`.
    #[schema(example = "invalid_grant")]
    pub error: &'static str,
    pub error_description: String,
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: &'static str,
    pub status: u16,
}

fn oauth_error(status: StatusCode, error: &'static str, description: impl Into<String>) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    response.insert_header((header::CACHE_CONTROL, "no-store")).insert_header((header::PRAGMA, "no-cache"));
    if status == StatusCode::UNAUTHORIZED {
        response.insert_header((header::WWW_AUTHENTICATE, "Basic realm=\"samverka\""));
    }
    response.json(OAuthError {
        error,
        error_description: description.into(),
        problem_type: format!("https://samverka.se/problems/oauth-{}", error.replace('_', "-")),
        title: "OAuth 2.0 error",
        status: status.as_u16(),
    })
}

fn invalid_grant(description: &str) -> HttpResponse {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description)
}

/// Get an access token (OAuth 2.0 token endpoint).
///
/// - `grant_type=password` with `username` (e-mail) and `password`: people; answers a refresh token too.
/// - `grant_type=client_credentials` with `client_id` and `client_secret` (or HTTP Basic): integrations.
/// - `grant_type=refresh_token` with `refresh_token`: a new pair; the old refresh token dies, and
///   presenting a spent one revokes every token descended from the same login.
///
/// Repeated failed logins for one account or from one address are answered 429 with `Retry-After`.
#[utoipa::path(
    tag = "auth",
    request_body(content(
        (TokenRequest = "application/x-www-form-urlencoded"),
        (TokenRequest = "application/json"),
    )),
    responses(
        (status = 200, description = "Tokens", body = TokenResponse),
        (status = 400, description = "invalid_request, invalid_grant or unsupported_grant_type", body = OAuthError),
        (status = 401, description = "invalid_client", body = OAuthError),
        (status = 429, description = "Too many failed logins: wait `Retry-After` seconds", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/token")]
pub async fn issue_token(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let Some(mut request) = parse(&req, &body) else {
        return Ok(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "send grant_type and its parameters form-encoded or as JSON",
        ));
    };
    if let Some((id, secret)) = basic_credentials(&req) {
        request.client_id.get_or_insert(id);
        request.client_secret.get_or_insert(secret);
    }
    let address = state.trusted_proxies.of_request(&req);
    match request.grant_type.as_str() {
        "password" => {
            // The language the client asks in is the one the user reads notifications in.
            let asked = req
                .headers()
                .get(actix_web::http::header::ACCEPT_LANGUAGE)
                .map(|_| crate::context::language_of(req.headers()));
            password_grant(&state, request, (&address, asked)).await
        }
        "client_credentials" => client_credentials_grant(&state, request, &address).await,
        "refresh_token" => refresh_grant(&state, request).await,
        other => Ok(oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            format!("grant_type `{other}` is not supported: use password, client_credentials or refresh_token"),
        )),
    }
}

fn parse(req: &HttpRequest, body: &[u8]) -> Option<TokenRequest> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("application/json") {
        serde_json::from_slice(body).ok()
    } else {
        serde_urlencoded::from_bytes(body).ok()
    }
}

fn basic_credentials(req: &HttpRequest) -> Option<(String, String)> {
    use base64::Engine;
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// The longest e-mail address (RFC 5321), client id and secret a sign-in may name.
const MAX_USERNAME: usize = 254;
const MAX_CLIENT_ID: usize = 128;
const MAX_SECRET: usize = 1024;

async fn password_grant(
    state: &AppState,
    request: TokenRequest,
    (address, language): (&str, Option<samverka_domain::Language>),
) -> Result<HttpResponse, ApiError> {
    let (Some(username), Some(secret)) = (request.username, request.password) else {
        return Ok(oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "username and password are required"));
    };
    let account = username.trim().to_lowercase();
    if account.chars().count() > MAX_USERNAME || secret.len() > MAX_SECRET {
        return Ok(oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "username or password is too long"));
    }
    let attempt = state.throttle.admit(&state.db, &state.seal, &account, address).await?;
    let found = users::find_by_email(&state.db, &account).await?;
    let ok = password::verify(&state.hashing, secret, found.as_ref().map(|u| u.password_hash.clone())).await?;
    let user = match found {
        Some(user) if ok && !user.disabled => user,
        _ => return Ok(invalid_grant("the e-mail or password is wrong, or the account is disabled")),
    };
    state.throttle.succeeded(&state.db, attempt).await?;
    if let Some(language) = language {
        users::remember_language(&state.db, user.id, language).await?;
    }
    let principal = user_principal(&user)?;
    issue_pair(state, &state.db, &principal, user.id, Uuid::now_v7()).await
}

async fn client_credentials_grant(
    state: &AppState,
    request: TokenRequest,
    address: &str,
) -> Result<HttpResponse, ApiError> {
    let (Some(client_id), Some(secret)) = (request.client_id, request.client_secret) else {
        return Ok(oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "client_id and client_secret are required"));
    };
    if client_id.chars().count() > MAX_CLIENT_ID || secret.len() > MAX_SECRET {
        return Ok(oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "client_id or client_secret is too long"));
    }
    let attempt = state.throttle.admit(&state.db, &state.seal, &format!("client:{client_id}"), address).await?;
    let found = api_clients::find_by_client_id(&state.db, &client_id).await?;
    let ok = password::verify(&state.hashing, secret, found.as_ref().map(|c| c.secret_hash.clone())).await?;
    let client = match found {
        Some(client) if ok && !client.revoked => client,
        _ => {
            return Ok(oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "unknown or revoked client, or wrong secret",
            ));
        }
    };
    state.throttle.succeeded(&state.db, attempt).await?;
    let principal = client_principal(&client)?;
    let access_token = state.tokens.issue_access(&principal).map_err(ApiError::internal)?;
    Ok(token_answer(TokenResponse {
        access_token,
        token_type: "Bearer",
        expires_in: tokens::ACCESS_TTL_SECS,
        refresh_token: None,
    }))
}

async fn refresh_grant(state: &AppState, request: TokenRequest) -> Result<HttpResponse, ApiError> {
    let Some(token) = request.refresh_token.filter(|t| !t.is_empty() && t.len() <= 512) else {
        return Ok(oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "refresh_token is required"));
    };
    // The old token is spent and the new one written in one transaction: a
    // concurrent reuse of the old one finds the new one in its family and revokes it too.
    let txn = begin(&state.db).await?;
    let spent = refresh_tokens::spend(&txn, &sha256_hex(&token)).await?;
    let row = match spent {
        Spend::Spent(row) => row,
        Spend::Reused => {
            commit(txn).await?;
            tracing::warn!("a spent refresh token was presented again: its family is revoked");
            return Ok(invalid_grant("the refresh token was already used; sign in again"));
        }
        Spend::Invalid => return Ok(invalid_grant("the refresh token is unknown or expired")),
    };
    let user = users::get(&txn, row.subject_id).await?.filter(|u| !u.disabled);
    let Some(user) = user else {
        commit(txn).await?;
        return Ok(invalid_grant("the account is gone or disabled"));
    };
    let principal = user_principal(&user)?;
    let answer = issue_pair(state, &txn, &principal, user.id, row.family_id).await?;
    commit(txn).await?;
    Ok(answer)
}

async fn issue_pair(
    state: &AppState,
    conn: &impl samverka_persistence::ConnectionLike,
    principal: &Principal,
    user_id: Uuid,
    family: Uuid,
) -> Result<HttpResponse, ApiError> {
    let access_token = state.tokens.issue_access(principal).map_err(ApiError::internal)?;
    let refresh = random_token(32)?;
    let expires = chrono::Utc::now() + chrono::Duration::seconds(tokens::REFRESH_TTL_SECS);
    refresh_tokens::insert(conn, family, sha256_hex(&refresh), "user", user_id, expires).await?;
    Ok(token_answer(TokenResponse {
        access_token,
        token_type: "Bearer",
        expires_in: tokens::ACCESS_TTL_SECS,
        refresh_token: Some(refresh),
    }))
}

fn token_answer(body: TokenResponse) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(body)
}
