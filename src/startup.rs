//! Start-up: connect, migrate, seed, bind, serve.

use crate::config::Config;
use actix_web::dev::Server;
use samverka_domain::account::Role;
use samverka_domain::user::{NewUser, UserChanges, UserInput, UserPatch};
use samverka_domain::{FieldError, FieldErrors};
use samverka_http::client_address::TrustedProxies;
use samverka_http::{AppState, BuildInfo, ServerSettings};
use samverka_persistence::{DatabaseConnection, audit, connect, migrate, users};
use samverka_seed::demo;
use std::net::TcpListener;
use std::time::Duration;

pub struct Application {
    port: u16,
    server: Server,
    db: DatabaseConnection,
}

impl Application {
    /// Connects to the database, applies migrations, loads demo data when
    /// asked, and binds the listener (port 0 picks a free port).
    pub async fn build(config: &Config) -> anyhow::Result<Application> {
        let db = connect(&config.database()).await?;
        migrate(&db).await?;
        if let (Some(email), Some(password)) = (&config.admin_email, &config.admin_password)
            && users::count_active_admins(&db).await? == 0
        {
            create_admin(&db, email, password).await?;
        }
        if config.demo_data {
            let report = demo::load(&db).await?;
            tracing::info!(?report, "demo data loaded");
            demo_accounts(&db, config).await?;
        }
        let listener = TcpListener::bind(&config.bind)?;
        let port = listener.local_addr()?.port();
        let build = BuildInfo { version: env!("CARGO_PKG_VERSION").to_owned() };
        let proxies = TrustedProxies::parse(&config.trusted_proxies).map_err(anyhow::Error::msg)?;
        let state = AppState::new(db.clone(), build, &config.jwt_secret()?)
            .with_rate_limit(config.rate_limit_per_minute)
            .with_trusted_proxies(proxies)
            .with_webhooks(samverka_http::state::WebhookSettings {
                rules: samverka_domain::events::UrlRules {
                    allow_http_loopback: config.allow_http_webhooks,
                    allow_private: config.allow_private_webhooks,
                },
                retry_for: chrono::Duration::milliseconds((config.webhook_retry_hours * 3_600_000.0) as i64),
                retry_base: chrono::Duration::milliseconds(config.webhook_retry_base_ms as i64),
            });
        if !config.database().is_sqlite() {
            let listening = state.caches.listening().clone();
            tokio::spawn(samverka_persistence::generation::listen(config.database_url.clone(), listening));
        }
        let rate_limits = state.rate_limits.clone();
        let state_for_dispatcher = state.clone();
        let throttle = state.throttle.clone();
        let settings = ServerSettings {
            workers: config.workers,
            shutdown_timeout: Duration::from_secs(config.shutdown_timeout_secs),
            request_timeout: Duration::from_secs(config.request_timeout_secs.max(1)),
            cors_origins: config.cors_origins.iter().map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect(),
        };
        let server = samverka_http::start(listener, state, &settings)?;
        spawn_housekeeping(db.clone(), rate_limits, throttle);
        match &config.smtp_url {
            Some(url) => {
                let mailer = samverka_http::mailer::Mailer::new(url, &config.mail_from).map_err(anyhow::Error::msg)?;
                samverka_http::mailer::spawn(state_for_dispatcher.clone(), mailer);
                tracing::info!(from = %config.mail_from, "e-mail notifications go out through the SMTP server");
            }
            None => tracing::info!("SAMVERKA_SMTP_URL is not set: no e-mail notifications are sent"),
        }
        samverka_http::dispatcher::spawn(state_for_dispatcher);
        tracing::info!(address = %format!("{}", config.bind), port, "serving; docs at /swagger-ui/");
        Ok(Application { port, server, db })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGTERM/SIGINT (graceful) or until the handle stops it.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Every minute: forgets rate-limit buckets that are full again and login
/// counts whose window ended; hourly: removes stored `Idempotency-Key`
/// answers older than 24 hours.
fn spawn_housekeeping(
    db: DatabaseConnection,
    rate_limits: std::sync::Arc<samverka_http::ratelimit::RateLimits>,
    throttle: samverka_http::auth::throttle::LoginThrottle,
) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        let mut minutes = 0u64;
        loop {
            every.tick().await;
            rate_limits.forget_idle();
            if let Err(error) = throttle.purge(&db).await {
                tracing::warn!(%error, "ended login counts could not be removed");
            }
            minutes += 1;
            if minutes % 60 != 1 {
                continue;
            }
            match samverka_persistence::idempotency::purge_expired(&db).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "expired idempotency keys removed"),
                Err(error) => tracing::warn!(%error, "expired idempotency keys could not be removed"),
            }
        }
    });
}

/// `samverka migrate`.
pub async fn migrate_only(config: &Config) -> anyhow::Result<()> {
    let db = connect(&config.database()).await?;
    migrate(&db).await?;
    tracing::info!("migrations applied");
    Ok(())
}

/// Creates an admin with this e-mail and password, or when the e-mail
/// exists, makes that account an enabled admin with this password.
pub async fn create_admin(db: &DatabaseConnection, email: &str, password: &str) -> anyhow::Result<uuid::Uuid> {
    let named = |field: &str, message: &str| anyhow::anyhow!("{field}: {message}");
    let bad = |errors: FieldErrors| {
        let e = errors.0.into_iter().next().unwrap_or_else(|| FieldError::new("", "invalid", "invalid"));
        let field = match e.field.as_str() {
            "email" => "SAMVERKA_ADMIN_EMAIL",
            "password" => "SAMVERKA_ADMIN_PASSWORD",
            other => other,
        };
        named(field, &e.message)
    };
    let admin = UserInput {
        email,
        display_name: "Administrator",
        role: Role::Admin.as_str(),
        password,
        municipality: None,
        company_id: None,
        provider: None,
    };
    let admin = NewUser::parse(admin).map_err(bad)?;
    let email = admin.email.clone();
    let hash = samverka_http::auth::password::hash_blocking(password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let txn = samverka_persistence::begin(db).await?;
    let id = match users::find_by_email(&txn, email.as_str()).await? {
        Some(existing) => {
            let patch = UserPatch {
                role: Some(Role::Admin.as_str()),
                password: Some(password),
                disabled: Some(false),
                ..UserPatch::default()
            };
            let changes = UserChanges::parse(patch, users::now_of(&existing)?).map_err(bad)?;
            users::update(&txn, &existing, changes, Some(hash)).await?;
            audit::record(
                &txn,
                "system",
                audit::Action::Update,
                "user",
                &existing.id.to_string(),
                serde_json::json!({"role": {"new": "admin"}, "password": "changed"}),
            )
            .await?;
            existing.id
        }
        None => {
            let id = users::create(&txn, admin, hash).await?.id;
            audit::record(
                &txn,
                "system",
                audit::Action::Create,
                "user",
                &id.to_string(),
                serde_json::json!({"email": {"new": email.as_str()}, "role": {"new": "admin"}}),
            )
            .await?;
            id
        }
    };
    samverka_persistence::commit(txn).await?;
    tracing::info!(email = email.as_str(), "admin ready");
    Ok(id)
}

/// `samverka create-admin`.
pub async fn create_admin_command(config: &Config) -> anyhow::Result<()> {
    let (Some(email), Some(password)) = (&config.admin_email, &config.admin_password) else {
        anyhow::bail!("set SAMVERKA_ADMIN_EMAIL and SAMVERKA_ADMIN_PASSWORD (or --admin-email and --admin-password)");
    };
    let db = connect(&config.database()).await?;
    migrate(&db).await?;
    create_admin(&db, email, password).await?;
    Ok(())
}

/// The demo accounts, when the demo data is on: made and announced loudly
/// on SQLite (a trial), on PostgreSQL only when asked for explicitly.
async fn demo_accounts(db: &DatabaseConnection, config: &Config) -> anyhow::Result<()> {
    let postgres = config.database_url.starts_with("postgres");
    match config.demo_accounts {
        Some(false) => return Ok(()),
        None if postgres => {
            tracing::warn!(
                "demo data on PostgreSQL: no demo accounts made (their passwords are public); set SAMVERKA_DEMO_ACCOUNTS=true to make them anyway"
            );
            return Ok(());
        }
        _ => {}
    }
    let accounts = crate::demo_accounts::ensure(db).await?;
    let list: Vec<String> =
        accounts.iter().map(|a| format!("{:<11} {} / {}", a.role.as_str(), a.login, a.secret)).collect();
    tracing::warn!(
        "DEMO ACCOUNTS with public passwords are active: never use this database for real data.\n  {}",
        list.join("\n  ")
    );
    Ok(())
}
