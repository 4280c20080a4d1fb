//! What every handler may reach: the application's state, apart from the
//! place where the server is assembled (`server`).

use crate::auth::throttle::LoginThrottle;
use crate::auth::tokens::TokenKeys;
use samverka_persistence::DatabaseConnection;
use std::sync::Arc;
use std::time::Duration;

/// What every handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub build: BuildInfo,
    pub tokens: TokenKeys,
    pub throttle: LoginThrottle,
    /// The bounded queue of password hashing.
    pub hashing: Arc<crate::auth::password::HashGate>,
    /// Proxies whose forwarding headers name the caller's address.
    pub trusted_proxies: Arc<crate::client_address::TrustedProxies>,
    pub rate_limits: Arc<crate::ratelimit::RateLimits>,
    /// Keys of the idempotency store and of webhook secrets (derived from the token secret).
    pub seal: crate::idempotency::seal::Seal,
    pub webhooks: WebhookSettings,
    /// Principals and representations, good until the next write.
    pub caches: Arc<crate::cache::Caches>,
    /// Searches (`q`) running at once: one per core.
    pub searches: Arc<tokio::sync::Semaphore>,
}

/// Where webhooks may point, and how long deliveries are retried.
#[derive(Debug, Clone, Copy)]
pub struct WebhookSettings {
    pub rules: samverka_domain::events::UrlRules,
    pub retry_for: chrono::Duration,
    /// The wait before the first retry.
    pub retry_base: chrono::Duration,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            rules: Default::default(),
            retry_for: chrono::Duration::hours(24),
            retry_base: chrono::Duration::seconds(10),
        }
    }
}

impl AppState {
    pub fn new(db: DatabaseConnection, build: BuildInfo, jwt_secret: &[u8]) -> AppState {
        let listening = samverka_persistence::generation::Listening::for_database(&db);
        AppState {
            caches: Arc::new(crate::cache::Caches::new(listening)),
            searches: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
            )),
            db,
            build,
            tokens: TokenKeys::new(jwt_secret),
            seal: crate::idempotency::seal::Seal::new(jwt_secret),
            // 5 failures per account, 50 per address, in 15 minutes.
            throttle: LoginThrottle::new(Duration::from_secs(15 * 60), 5, 50),
            hashing: Arc::new(crate::auth::password::HashGate::default()),
            trusted_proxies: Arc::new(crate::client_address::TrustedProxies::default()),
            rate_limits: Arc::new(crate::ratelimit::RateLimits::new(0)),
            webhooks: WebhookSettings::default(),
        }
    }

    /// With these webhook settings.
    pub fn with_webhooks(mut self, webhooks: WebhookSettings) -> AppState {
        self.webhooks = webhooks;
        self
    }

    /// Believing the forwarding headers of these proxies.
    pub fn with_trusted_proxies(mut self, proxies: crate::client_address::TrustedProxies) -> AppState {
        self.trusted_proxies = Arc::new(proxies);
        self
    }

    /// With `per_minute` requests per minute per caller (0: no limit).
    pub fn with_rate_limit(mut self, per_minute: u32) -> AppState {
        self.rate_limits = Arc::new(crate::ratelimit::RateLimits::new(per_minute));
        self
    }
}

#[derive(Debug, Clone)]
pub struct BuildInfo {
    pub version: String,
}
