//! Brute-force protection: failed logins are counted per account and per
//! address in a sliding window; past the limit the answer is 429 with
//! `Retry-After` until the oldest failure leaves the window.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct LoginThrottle {
    window: Duration,
    per_account: usize,
    per_address: usize,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

const MAX_KEYS: usize = 100_000;

impl LoginThrottle {
    pub fn new(window: Duration, per_account: usize, per_address: usize) -> LoginThrottle {
        LoginThrottle { window, per_account, per_address, failures: Mutex::new(HashMap::new()) }
    }

    fn keys(account: &str, address: &str) -> [(String, bool); 2] {
        [(format!("account:{account}"), true), (format!("address:{address}"), false)]
    }

    /// Seconds to wait when either key is over its limit.
    pub fn retry_after(&self, account: &str, address: &str) -> Option<u64> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = None;
        for (key, is_account) in Self::keys(account, address) {
            let limit = if is_account { self.per_account } else { self.per_address };
            if let Some(times) = failures.get_mut(&key) {
                while times.front().is_some_and(|t| now.duration_since(*t) >= self.window) {
                    times.pop_front();
                }
                if times.len() >= limit {
                    let oldest = times.front().copied().unwrap_or(now);
                    let secs = self.window.saturating_sub(now.duration_since(oldest)).as_secs().max(1);
                    wait = Some(wait.map_or(secs, |w: u64| w.max(secs)));
                }
            }
        }
        wait
    }

    pub fn record_failure(&self, account: &str, address: &str) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() >= MAX_KEYS {
            let window = self.window;
            failures.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < window));
        }
        for (key, _) in Self::keys(account, address) {
            failures.entry(key).or_default().push_back(now);
        }
    }

    pub fn record_success(&self, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&format!("account:{account}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_an_account_after_its_limit_and_unlocks_on_success() {
        let throttle = LoginThrottle::new(Duration::from_secs(900), 3, 100);
        for _ in 0..3 {
            assert_eq!(throttle.retry_after("anna@eksjo.se", "10.0.0.1"), None);
            throttle.record_failure("anna@eksjo.se", "10.0.0.1");
        }
        let wait = throttle.retry_after("anna@eksjo.se", "10.0.0.2").expect("locked");
        assert!((890..=900).contains(&wait), "{wait}");
        assert_eq!(throttle.retry_after("bo@eksjo.se", "10.0.0.1"), None);
        throttle.record_success("anna@eksjo.se");
        assert_eq!(throttle.retry_after("anna@eksjo.se", "10.0.0.1"), None);
    }

    #[test]
    fn locks_an_address_across_accounts() {
        let throttle = LoginThrottle::new(Duration::from_secs(60), 100, 2);
        throttle.record_failure("a@x.se", "10.0.0.9");
        throttle.record_failure("b@x.se", "10.0.0.9");
        assert!(throttle.retry_after("c@x.se", "10.0.0.9").is_some());
        assert!(throttle.retry_after("c@x.se", "10.0.0.8").is_none());
    }
}
