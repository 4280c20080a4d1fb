//! Password and client-secret hashing with Argon2id, with the smallest of
//! OWASP's equivalent parameter sets (7 MiB, 5 passes, 1 lane: as strong as
//! 19 MiB and 2 passes, in a third of the memory). Runs off the async
//! workers, through a bounded gate: one hash per core at once (hashing is
//! all CPU: more at once is no faster), a short queue behind them, and
//! beyond it 503 with `Retry-After`. Hashes stored with other parameters
//! (earlier releases used 19 MiB and 2 passes) are checked with their own.

use crate::error::ApiError;
use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

/// How many hashes run at once (one per core), and how many may wait for a
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
            running: tokio::sync::Semaphore::new(cores),
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
    let params = params();
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(ApiError::internal)?;
    let mut out = vec![0u8; params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN)];
    with_blocks(params.block_count(), |blocks| {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone()).hash_password_into_with_memory(
            secret.as_bytes(),
            salt_bytes,
            &mut out,
            blocks,
        )
    })
    .map_err(ApiError::internal)?;
    let output = Output::new(&out).map_err(ApiError::internal)?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: (&params).try_into().map_err(ApiError::internal)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

/// Checks `secret` against a PHC string made by Argon2, in pooled memory.
fn verify_blocking(secret: &[u8], stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else { return false };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) =
        (Algorithm::try_from(parsed.algorithm), Params::try_from(&parsed), parsed.salt, parsed.hash)
    else {
        return false;
    };
    let version = parsed.version.and_then(|v| Version::try_from(v).ok()).unwrap_or(Version::V0x13);
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else { return false };
    let mut out = vec![0u8; expected.len()];
    let done = with_blocks(params.block_count(), |blocks| {
        Argon2::new(algorithm, version, params.clone())
            .hash_password_into_with_memory(secret, salt_bytes, &mut out, blocks)
    });
    // Output's equality is constant-time.
    done.is_ok() && Output::new(&out).is_ok_and(|computed| computed == expected)
}

/// OWASP's Argon2id set of 7 MiB (7,168 KiB), 5 passes, 1 lane.
fn params() -> Params {
    Params::new(7 * 1024, 5, 1, None).unwrap_or_default()
}

/// Runs `work` with a zeroed-out-by-Argon2 memory area of `count` blocks
/// from a small pool: Argon2's 7 MiB per hash is allocated once per gate
/// slot and reused, instead of being allocated and freed per sign-in — glibc
/// keeps freed areas of that size in per-thread arenas, so a burst of
/// sign-ins grew the server by hundreds of MiB.
fn with_blocks<T>(count: usize, work: impl FnOnce(&mut [Block]) -> T) -> T {
    static POOL: std::sync::Mutex<Vec<Vec<Block>>> = std::sync::Mutex::new(Vec::new());
    let reused = POOL.lock().unwrap_or_else(|e| e.into_inner()).pop().filter(|b| b.len() == count);
    let mut blocks = reused.unwrap_or_else(|| vec![Block::default(); count]);
    let result = work(&mut blocks);
    let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
    // At most as many areas as hashes may run at once (the gate's permits).
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    if pool.len() < cores {
        pool.push(blocks);
    }
    result
}

/// Checks `secret` against a stored hash. With no hash (unknown account) a
/// dummy hash is checked, so that the answer takes as long either way.
pub async fn verify(gate: &HashGate, secret: String, stored: Option<String>) -> Result<bool, ApiError> {
    gated(gate, move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        verify_blocking(secret.as_bytes(), &stored) && known
    })
    .await
}

/// The hash of a random secret nobody knows, made once.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking(&uuid::Uuid::new_v4().to_string()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    #[test]
    fn pooled_hashes_are_standard_phc_strings_both_ways() {
        let ours = hash_blocking("correct horse battery staple").expect("hash");
        assert!(ours.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"), "{ours}");
        let parsed = PasswordHash::new(&ours).expect("phc");
        assert!(Argon2::default().verify_password(b"correct horse battery staple", &parsed).is_ok());
        let salt = SaltString::encode_b64(b"0123456789abcdef").expect("salt");
        let theirs = Argon2::default().hash_password(b"an older password", &salt).expect("hash").to_string();
        assert!(verify_blocking(b"an older password", &theirs));
        assert!(!verify_blocking(b"another password", &theirs));
        assert!(!verify_blocking(b"an older password", "not a hash"));
    }
}
