//! Password and client-secret hashing with Argon2id (the argon2 crate's
//! defaults: OWASP's recommended parameters). Runs off the async workers,
//! through a bounded gate: about two hashes per core at once, a short queue
//! behind them, and beyond it 503 with `Retry-After` — never a growing
//! backlog of 19 MiB hashes.

use crate::error::ApiError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// How many hashes run at once (two per core), and how many may wait for a
/// turn (32 per core); one per server, shared by its workers.
pub struct HashGate {
    running: tokio::sync::Semaphore,
    waiting: std::sync::atomic::AtomicUsize,
    max_waiting: usize,
}

impl Default for HashGate {
    fn default() -> HashGate {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        HashGate {
            running: tokio::sync::Semaphore::new(2 * cores),
            waiting: std::sync::atomic::AtomicUsize::new(0),
            max_waiting: 32 * cores,
        }
    }
}

/// Runs `work` (a hash or a check) when the gate lets it: 503 when the queue is full.
async fn gated<T: Send + 'static>(gate: &HashGate, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    use std::sync::atomic::Ordering;
    if gate.waiting.fetch_add(1, Ordering::SeqCst) >= gate.max_waiting {
        gate.waiting.fetch_sub(1, Ordering::SeqCst);
        return Err(ApiError::Busy { retry_after: 1 });
    }
    let permit = gate.running.acquire().await;
    gate.waiting.fetch_sub(1, Ordering::SeqCst);
    let _permit = permit.map_err(ApiError::internal)?;
    actix_web::web::block(work).await.map_err(ApiError::internal)
}

pub async fn hash(gate: &HashGate, secret: String) -> Result<String, ApiError> {
    gated(gate, move || hash_blocking(&secret)).await?
}

pub fn hash_blocking(secret: &str) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| ApiError::internal(format!("no randomness: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(ApiError::internal)?;
    Ok(Argon2::default().hash_password(secret.as_bytes(), &salt).map_err(ApiError::internal)?.to_string())
}

/// Checks `secret` against a stored hash. With no hash (unknown account) a
/// dummy hash is checked, so that the answer takes as long either way.
pub async fn verify(gate: &HashGate, secret: String, stored: Option<String>) -> Result<bool, ApiError> {
    gated(gate, move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else { return false };
        Argon2::default().verify_password(secret.as_bytes(), &parsed).is_ok() && known
    })
    .await
}

/// The hash of a random secret nobody knows, made once.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking(&uuid::Uuid::new_v4().to_string()).unwrap_or_default())
}
