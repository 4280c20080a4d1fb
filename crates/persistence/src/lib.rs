//! Samverka's persistence: the connection, the migrations, sea-orm entities
//! and the queries each resource needs. Rows a principal may not see are
//! filtered here, in the query.

pub mod activities;
pub mod api_clients;
pub mod audit;
pub mod capacity;
pub mod changes;
pub mod collaborations;
pub mod companies;
pub mod competence_areas;
pub mod contacts;
pub mod db;
pub mod enrolments;
pub mod entities;
pub mod error;
pub mod events;
pub mod generation;
pub mod idempotency;
pub mod login_throttle;
pub mod mail;
pub mod municipalities;
pub mod needs_analyses;
pub mod network_meetings;
pub mod networks;
pub mod personal_data;
pub mod refresh_tokens;
pub mod reports;
pub mod tasks;
pub mod timeline;
pub mod training_offers;
pub mod users;
pub mod versioned;
pub mod webhooks;

pub use db::{DatabaseSettings, connect, migrate, ping, pool_stats};
pub use error::StoreError;
pub use sea_orm::{ConnectionTrait as ConnectionLike, DatabaseConnection, DatabaseTransaction};

/// Begins a write transaction. On SQLite it is `BEGIN IMMEDIATE`: writers
/// queue for the one write lock at the start (waiting up to the busy
/// timeout) instead of failing with `SQLITE_BUSY` when a read turns into a
/// write. On PostgreSQL it is read committed; writes that decide on what
/// they read lock those rows (`SELECT … FOR UPDATE`) or update conditionally.
pub async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction, StoreError> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    };
    Ok(db.begin_with_options(options).await?)
}

/// Commits a transaction, and advances the write generation (see
/// [`generation`]): on PostgreSQL the other instances hear of it through a
/// notification sent with the commit.
pub async fn commit(txn: DatabaseTransaction) -> Result<(), StoreError> {
    use sea_orm::ConnectionTrait;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_unprepared(&format!("NOTIFY {}", generation::CHANNEL)).await?;
    }
    txn.commit().await?;
    generation::advance();
    Ok(())
}
