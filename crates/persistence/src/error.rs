//! What can go wrong in the store, in the terms the layers above act on.

use sea_orm::sqlx;
use sea_orm::{DbErr, RuntimeErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached or is overloaded: worth a retry.
    #[error("database unavailable: {0}")]
    Unavailable(DbErr),
    /// A unique constraint refused the write; the constraint or column name.
    #[error("unique constraint violated: {0}")]
    Conflict(String),
    /// A foreign key refused the write.
    #[error("foreign key violated: {0}")]
    ForeignKey(String),
    /// A keyset cursor that does not fit the query's order.
    #[error("the cursor does not fit this order")]
    BadKey,
    /// Data built in code (demo, bench, fixtures) that the domain refuses: a bug.
    #[error("invalid data: {0:?}")]
    Invalid(samverka_domain::FieldErrors),
    #[error(transparent)]
    Other(DbErr),
}

impl From<samverka_domain::FieldErrors> for StoreError {
    fn from(errors: samverka_domain::FieldErrors) -> Self {
        StoreError::Invalid(errors)
    }
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        if is_unavailable(&err) {
            return StoreError::Unavailable(err);
        }
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(c)) => StoreError::Conflict(c),
            Some(SqlErr::ForeignKeyConstraintViolation(c)) => StoreError::ForeignKey(c),
            _ => StoreError::Other(err),
        }
    }
}

/// True for errors that say "the database is not there right now" rather than
/// "this statement is wrong": pool timeouts, closed or broken connections,
/// SQLite's busy/locked, PostgreSQL shutting down or refusing connections.
fn is_unavailable(err: &DbErr) -> bool {
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            match &**e {
                sqlx::Error::Io(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed
                | sqlx::Error::Tls(_)
                | sqlx::Error::Protocol(_) => true,
                sqlx::Error::Database(db) => {
                    let code = db.code().unwrap_or_default();
                    // SQLite: 5 BUSY, 6 LOCKED (and their extended codes).
                    // PostgreSQL: class 08 connection exceptions, 57P01–57P03
                    // shutdown/cannot connect now, 53300 too many connections,
                    // 57014 statement timeout.
                    matches!(code.as_ref(), "5" | "6" | "517" | "262" | "53300" | "57014")
                        || code.starts_with("08")
                        || code.starts_with("57P")
                }
                _ => false,
            }
        }
        _ => false,
    }
}
