//! Password and client-secret hashing with Argon2id (the argon2 crate's
//! defaults: OWASP's recommended parameters). Runs off the async workers.

use crate::error::ApiError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

pub async fn hash(secret: String) -> Result<String, ApiError> {
    actix_web::web::block(move || hash_blocking(&secret)).await.map_err(ApiError::internal)?
}

pub fn hash_blocking(secret: &str) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| ApiError::internal(format!("no randomness: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(ApiError::internal)?;
    Ok(Argon2::default().hash_password(secret.as_bytes(), &salt).map_err(ApiError::internal)?.to_string())
}

/// Checks `secret` against a stored hash. With no hash (unknown account) a
/// dummy hash is checked, so that the answer takes as long either way.
pub async fn verify(secret: String, stored: Option<String>) -> Result<bool, ApiError> {
    actix_web::web::block(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else { return false };
        Argon2::default().verify_password(secret.as_bytes(), &parsed).is_ok() && known
    })
    .await
    .map_err(ApiError::internal)
}

/// The hash of a random secret nobody knows, made once.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking(&uuid::Uuid::new_v4().to_string()).unwrap_or_default())
}
