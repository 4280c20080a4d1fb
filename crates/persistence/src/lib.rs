//! Samverka's persistence: the connection, the migrations, sea-orm entities
//! and the queries each resource needs. Rows a principal may not see are
//! filtered here, in the query.

pub mod api_clients;
pub mod audit;
pub mod competence_areas;
pub mod db;
pub mod demo;
pub mod entities;
pub mod error;
pub mod municipalities;
pub mod refresh_tokens;
pub mod users;

pub use db::{DatabaseSettings, connect, migrate, ping};
pub use error::StoreError;
pub use sea_orm::{DatabaseConnection, DatabaseTransaction, Set};

/// Begins a transaction.
pub async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction, StoreError> {
    use sea_orm::TransactionTrait;
    Ok(db.begin().await?)
}

/// Commits a transaction.
pub async fn commit(txn: DatabaseTransaction) -> Result<(), StoreError> {
    Ok(txn.commit().await?)
}
