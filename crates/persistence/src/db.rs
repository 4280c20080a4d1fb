//! Connecting to SQLite or PostgreSQL with pool settings that fail fast.

use samverka_migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, Statement};
use std::time::Duration;

/// How to reach the database and how big the pool may grow.
#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    /// `sqlite://file.db?mode=rwc` or `postgres://user@host/db`.
    pub url: String,
    pub max_connections: u32,
    /// How long a request waits for a pooled connection before it is
    /// answered 503.
    pub acquire_timeout: Duration,
    /// Longest a single statement may run (PostgreSQL `statement_timeout`;
    /// SQLite's busy timeout).
    pub statement_timeout: Duration,
}

impl DatabaseSettings {
    pub fn new(url: impl Into<String>) -> Self {
        DatabaseSettings {
            url: url.into(),
            max_connections: 10,
            acquire_timeout: Duration::from_secs(3),
            statement_timeout: Duration::from_secs(10),
        }
    }

    pub fn is_sqlite(&self) -> bool {
        self.url.starts_with("sqlite:")
    }
}

/// Opens the pool. SQLite gets WAL, `synchronous=NORMAL`, a busy timeout and
/// foreign keys; PostgreSQL a statement timeout. Both fail fast when no
/// connection can be had.
pub async fn connect(settings: &DatabaseSettings) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(settings.url.clone());
    options
        .max_connections(settings.max_connections)
        .min_connections(1)
        .acquire_timeout(settings.acquire_timeout)
        .connect_timeout(settings.acquire_timeout)
        .idle_timeout(Duration::from_secs(300))
        .test_before_acquire(false)
        .test_before_acquire_if_idle_for(Duration::from_secs(5))
        .sqlx_logging(false);
    if settings.is_sqlite() {
        let busy = settings.statement_timeout;
        options.map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(busy)
                .foreign_keys(true)
        });
    } else {
        options.statement_timeout(settings.statement_timeout);
    }
    Database::connect(options).await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// A round trip to the database: the readiness check.
/// The pool's connections: open ones, and the idle among them.
pub fn pool_stats(db: &DatabaseConnection) -> (u32, usize) {
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        sea_orm::DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    }
}

pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_string(backend, "SELECT 1")).await.map(|_| ())
}
