//! Configuration from the command line and the environment (API.md).

use clap::{Parser, Subcommand, ValueEnum};
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(
    name = "samverka",
    version,
    about = "Samverka: the API through which Swedish municipalities share companies, needs analyses, training offers and network meetings.",
    long_about = None,
    after_help = "Every option can be set by its environment variable. Without a command, `serve` runs.\n\
Docs when the server runs: /swagger-ui/ and /api-docs/openapi.json."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Apply pending migrations, then serve the API (the default).
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Print the OpenAPI document (as committed in openapi/openapi.json) and exit.
    Openapi,
    /// Create an admin (or reset an existing admin's password) from
    /// SAMVERKA_ADMIN_EMAIL / SAMVERKA_ADMIN_PASSWORD (or --admin-email / --admin-password), and exit.
    CreateAdmin,
    /// Fill the database with a deterministic benchmark data set, and exit.
    SeedBench {
        /// How many companies to add.
        #[arg(long, default_value_t = 100_000)]
        companies: u64,
        /// Seed even a database that holds other data (user accounts,
        /// companies not made by seed-bench).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, global = true, env = "SAMVERKA_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// The database: `sqlite://FILE?mode=rwc` (embedded) or `postgres://USER:PASSWORD@HOST/DB`.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://samverka.db?mode=rwc",
        hide_env_values = true
    )]
    pub database_url: String,

    /// Largest number of pooled database connections (default: 10 on
    /// PostgreSQL, 4 on SQLite, where more only hold more page cache).
    #[arg(long, global = true, env = "SAMVERKA_DB_MAX_CONNECTIONS")]
    pub db_max_connections: Option<u32>,

    /// Seconds a request waits for a database connection before it is answered 503.
    #[arg(long, global = true, env = "SAMVERKA_DB_ACQUIRE_TIMEOUT_SECS", default_value_t = 3)]
    pub db_acquire_timeout_secs: u64,

    /// Secret that signs access tokens (HS256, at least 32 bytes). Required in production;
    /// in development a random one is generated at start, with a warning.
    #[arg(long, global = true, env = "SAMVERKA_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// E-mail of the first admin, created at start when no admin exists (with SAMVERKA_ADMIN_PASSWORD).
    #[arg(long, global = true, env = "SAMVERKA_ADMIN_EMAIL")]
    pub admin_email: Option<String>,

    /// Password of that first admin.
    #[arg(long, global = true, env = "SAMVERKA_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,

    /// Load a small demo data set at start (idempotent), with one demo
    /// account per role whose passwords are printed (never for real data).
    #[arg(long, global = true, env = "SAMVERKA_DEMO_DATA", default_value_t = false, action = clap::ArgAction::Set)]
    pub demo_data: bool,

    /// With the demo data: make the demo accounts (default: yes on SQLite;
    /// on PostgreSQL only when this is set to true).
    #[arg(long, global = true, env = "SAMVERKA_DEMO_ACCOUNTS", action = clap::ArgAction::Set)]
    pub demo_accounts: Option<bool>,

    /// Log format.
    #[arg(long, global = true, env = "SAMVERKA_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// HTTP worker threads (default: one per core).
    #[arg(long, global = true, env = "SAMVERKA_WORKERS")]
    pub workers: Option<usize>,

    /// Requests per minute per caller (token subject, or address when
    /// anonymous) to /api/v1, with bursts up to as many; 0 turns limiting off.
    #[arg(long, global = true, env = "SAMVERKA_RATE_LIMIT_PER_MINUTE", default_value_t = 600)]
    pub rate_limit_per_minute: u32,

    /// Origins whose browser frontends may call the API (CORS), comma-separated,
    /// e.g. `https://app.example.se`; none by default.
    #[arg(long, global = true, env = "SAMVERKA_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Proxies (CIDRs or addresses, comma-separated, e.g. `10.0.0.0/8`) whose
    /// `Forwarded`/`X-Forwarded-For` headers name the caller's address for
    /// the login throttle and the rate limit; none by default (the peer address counts).
    #[arg(long, global = true, env = "SAMVERKA_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,

    /// Seconds a request may take until its answer starts; after it, 408.
    #[arg(long, global = true, env = "SAMVERKA_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,

    /// Seconds in-flight requests may take to finish after SIGTERM.
    #[arg(long, global = true, env = "SAMVERKA_SHUTDOWN_TIMEOUT_SECS", default_value_t = 30)]
    pub shutdown_timeout_secs: u64,

    /// Webhooks may be plain `http://` to a loopback address (development).
    #[arg(long, global = true, env = "SAMVERKA_ALLOW_HTTP_WEBHOOKS", default_value_t = false, action = clap::ArgAction::Set)]
    pub allow_http_webhooks: bool,

    /// Webhooks may reach private, link-local and other non-public addresses
    /// (an integration inside the municipality's own network).
    #[arg(long, global = true, env = "SAMVERKA_ALLOW_PRIVATE_WEBHOOKS", default_value_t = false, action = clap::ArgAction::Set)]
    pub allow_private_webhooks: bool,

    /// Hours a webhook delivery is retried (with exponential back-off) before
    /// it fails, and a subscription failing that long is turned off.
    #[arg(long, global = true, env = "SAMVERKA_WEBHOOK_RETRY_HOURS", default_value_t = 24.0)]
    pub webhook_retry_hours: f64,

    /// Milliseconds before the first retry of a failed webhook delivery;
    /// each next one waits twice as long (at most an hour), ±50 %.
    #[arg(long, global = true, env = "SAMVERKA_WEBHOOK_RETRY_BASE_MS", default_value_t = 10_000)]
    pub webhook_retry_base_ms: u64,

    /// The SMTP server notifications go out through, e.g.
    /// `smtp://127.0.0.1:1025` (plain), `smtp://user:pass@mail.example.se:587?tls=required`
    /// (STARTTLS) or `smtps://mail.example.se` (TLS); unset: no e-mail is sent.
    #[arg(long, global = true, env = "SAMVERKA_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The sender of notifications.
    #[arg(long, global = true, env = "SAMVERKA_MAIL_FROM", default_value = "Samverka <noreply@samverka.se>")]
    pub mail_from: String,
}

impl Cli {
    /// The command line and the environment, read as a container platform
    /// sets them: a variable set to the empty string (what `docker compose`
    /// passes for `${VAR}` when VAR is unset) counts as unset.
    pub fn from_env_and_args() -> Cli {
        Self::parse_with(std::env::args_os(), |name| std::env::var_os(name).is_some_and(|v| v.is_empty()))
    }

    fn parse_with(args: impl IntoIterator<Item = std::ffi::OsString>, empty: impl Fn(&std::ffi::OsStr) -> bool) -> Cli {
        use clap::{CommandFactory, FromArgMatches};
        let command = Cli::command().mut_args(|arg| match arg.get_env() {
            Some(name) if empty(name) => arg.env(None),
            _ => arg,
        });
        let matches = command.get_matches_from(args);
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

impl Config {
    /// The configuration with every default, for tests.
    pub fn defaults() -> Config {
        Cli::parse_from(["samverka"]).config
    }

    /// The secret that signs tokens: the configured one (at least 32 bytes),
    /// or a random one with a warning (tokens then die with the process).
    pub fn jwt_secret(&self) -> anyhow::Result<Vec<u8>> {
        match &self.jwt_secret {
            Some(secret) if secret.len() >= 32 => Ok(secret.as_bytes().to_vec()),
            Some(_) => anyhow::bail!("SAMVERKA_JWT_SECRET must be at least 32 bytes"),
            None => {
                tracing::warn!(
                    "SAMVERKA_JWT_SECRET is not set: using a random secret; tokens stop working at restart. Set it in production."
                );
                Ok(format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple()).into_bytes())
            }
        }
    }

    pub fn database(&self) -> samverka_persistence::DatabaseSettings {
        let mut settings = samverka_persistence::DatabaseSettings::new(self.database_url.clone());
        // SQLite at N = 1,000,000 (bench/): 4 connections served as many
        // requests as 10, with 87 MiB at peak instead of 134.
        let default = if self.database_url.starts_with("sqlite:") { 4 } else { 10 };
        settings.max_connections = self.db_max_connections.unwrap_or(default).max(1);
        settings.acquire_timeout = Duration::from_secs(self.db_acquire_timeout_secs.max(1));
        settings
    }
}
