//! Brute-force protection for sign-in and password changes. Attempts are
//! counted per account and per caller address in a fixed window, in the
//! database (every server on it counts the same attempts), *before* the
//! password is checked: of 50 concurrent guesses for one account, at most
//! the limit get a password check. A success takes its attempt back (and
//! forgets the account's count). Past a limit the answer is 429 with
//! `Retry-After` until the window ends. Keys are keyed hashes of the account
//! name or address, so the table holds no e-mail or IP address, and the
//! process holds nothing per key: its memory stays flat under a flood.

use crate::error::ApiError;
use crate::idempotency::seal::Seal;
use samverka_persistence::{ConnectionLike, login_throttle};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct LoginThrottle {
    window: Duration,
    per_account: i64,
    per_address: i64,
}

/// The attempts counted for one sign-in, to settle once the password is checked.
#[must_use]
pub struct Attempt {
    account: String,
    address: String,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl LoginThrottle {
    pub fn new(window: Duration, per_account: i64, per_address: i64) -> LoginThrottle {
        LoginThrottle { window, per_account, per_address }
    }

    fn window_ms(&self) -> i64 {
        self.window.as_millis() as i64
    }

    fn too_many(&self, window_start: i64, now: i64) -> ApiError {
        let left = (window_start + self.window_ms() - now).max(1000);
        ApiError::TooManyRequests { retry_after: (left as u64).div_ceil(1000) }
    }

    /// Counts an attempt of `account` (an e-mail, a client id, `password:<user id>`)
    /// from `address`; 429 when either is over its limit. The address is counted
    /// first, so a flood from one address stops adding rows once it is over.
    pub async fn admit(
        &self,
        db: &impl ConnectionLike,
        seal: &Seal,
        account: &str,
        address: &str,
    ) -> Result<Attempt, ApiError> {
        let now = now_ms();
        let attempt =
            Attempt { account: seal.tag(&format!("login:{account}")), address: seal.tag(&format!("from:{address}")) };
        let (tries, start) = login_throttle::attempt(db, &attempt.address, now, self.window_ms()).await?;
        if tries > self.per_address {
            return Err(self.too_many(start, now));
        }
        let (tries, start) = login_throttle::attempt(db, &attempt.account, now, self.window_ms()).await?;
        if tries > self.per_account {
            login_throttle::release(db, &attempt.address).await?;
            return Err(self.too_many(start, now));
        }
        Ok(attempt)
    }

    /// The password was right: the attempt was no guess.
    pub async fn succeeded(&self, db: &impl ConnectionLike, attempt: Attempt) -> Result<(), ApiError> {
        login_throttle::reset(db, &attempt.account).await?;
        login_throttle::release(db, &attempt.address).await?;
        Ok(())
    }

    /// Forgets counts whose window has ended (call now and then).
    pub async fn purge(&self, db: &impl ConnectionLike) -> Result<u64, ApiError> {
        Ok(login_throttle::purge_expired(db, now_ms() - self.window_ms()).await?)
    }
}
