//! Rate limiting of `/api/v1`: per token subject (a user or API client),
//! per address for anonymous callers (and bad tokens). A GCRA bucket per key
//! (the `governor` crate): `limit` requests per minute with bursts up to
//! `limit`. Every answer says where the caller stands (`RateLimit-Limit`,
//! `RateLimit-Remaining`, `RateLimit-Reset` in seconds); over the limit is a
//! 429 with `Retry-After`.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::num::NonZeroU32;

type Limiter = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// The limits of a running server.
pub struct RateLimits {
    limiter: Option<Limiter>,
    per_minute: u32,
    clock: DefaultClock,
}

/// Where a caller stands after a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Allowed { limit: u32, remaining: u32, reset_secs: u64 },
    Limited { limit: u32, retry_after_secs: u64 },
}

impl RateLimits {
    /// `per_minute` requests per minute per caller; 0 turns limiting off.
    pub fn new(per_minute: u32) -> RateLimits {
        let limiter = NonZeroU32::new(per_minute)
            .map(|n| RateLimiter::keyed(Quota::per_minute(n)).with_middleware::<StateInformationMiddleware>());
        RateLimits { limiter, per_minute, clock: DefaultClock::default() }
    }

    pub fn check(&self, key: &str) -> Option<Standing> {
        let limiter = self.limiter.as_ref()?;
        let seconds_per_request = 60.0 / f64::from(self.per_minute);
        Some(match limiter.check_key(&key.to_owned()) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let used = self.per_minute.saturating_sub(remaining);
                Standing::Allowed {
                    limit: self.per_minute,
                    remaining,
                    reset_secs: (f64::from(used) * seconds_per_request).ceil() as u64,
                }
            }
            Err(not_until) => Standing::Limited {
                limit: self.per_minute,
                retry_after_secs: not_until.wait_time_from(self.clock.now()).as_secs().max(1),
            },
        })
    }

    /// Forgets keys whose buckets are full again (call now and then).
    pub fn forget_idle(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.retain_recent();
        }
    }
}

/// The caller's key: the token's subject, else its address (behind a
/// trusted proxy: the address the proxy recorded).
fn key_of(req: &ServiceRequest, proxies: &crate::client_address::TrustedProxies) -> String {
    match crate::auth::claimed_principal(req.request()) {
        Ok(principal) if principal.role().is_some() => return principal.actor(),
        _ => {}
    }
    format!("address:{}", proxies.of_service_request(req))
}

fn set(headers: &mut actix_web::http::header::HeaderMap, name: &'static str, value: u64) {
    if let Ok(value) = HeaderValue::from_str(&value.to_string()) {
        headers.insert(HeaderName::from_static(name), value);
    }
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let standing = match (&state, req.path().starts_with("/api/v1/")) {
        (Some(state), true) => state.rate_limits.check(&key_of(&req, &state.trusted_proxies)),
        _ => None,
    };
    match standing {
        None => next.call(req).await.map(ServiceResponse::map_into_boxed_body),
        Some(Standing::Limited { limit, retry_after_secs }) => {
            let mut response = ApiError::TooManyRequests { retry_after: retry_after_secs }.error_response();
            set(response.headers_mut(), "ratelimit-limit", u64::from(limit));
            set(response.headers_mut(), "ratelimit-remaining", 0);
            set(response.headers_mut(), "ratelimit-reset", retry_after_secs);
            Ok(req.into_response(response))
        }
        Some(Standing::Allowed { limit, remaining, reset_secs }) => {
            let mut response = next.call(req).await?.map_into_boxed_body();
            let headers = response.headers_mut();
            set(headers, "ratelimit-limit", u64::from(limit));
            set(headers, "ratelimit-remaining", u64::from(remaining));
            set(headers, "ratelimit-reset", reset_secs);
            Ok(response)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_per_key() {
        let limits = RateLimits::new(3);
        for expected in [2, 1, 0] {
            assert!(matches!(limits.check("a"), Some(Standing::Allowed { remaining, .. }) if remaining == expected));
        }
        assert!(
            matches!(limits.check("a"), Some(Standing::Limited { retry_after_secs, .. }) if (1..=20).contains(&retry_after_secs))
        );
        assert!(
            matches!(limits.check("b"), Some(Standing::Allowed { remaining: 2, .. })),
            "another caller has its own"
        );
        assert_eq!(RateLimits::new(0).check("a"), None, "0 turns limiting off");
    }
}
