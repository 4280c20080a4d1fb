//! Change sequences for change feeds: each write takes the next number of
//! its feed's counter. The counter row stays locked until the write commits,
//! so numbers become visible in order — a reader that has seen number n
//! will never later find a smaller one committed.

use crate::StoreError;
use sea_orm::{ConnectionTrait, Statement};

/// The next change number of `feed` (a row of `change_counters`), inside the write's transaction.
pub async fn next(conn: &impl ConnectionTrait, feed: &str) -> Result<i64, StoreError> {
    advance(conn, feed, 1).await
}

/// Advances `feed`'s counter by `n`; the last number taken.
pub async fn advance(conn: &impl ConnectionTrait, feed: &str, n: i64) -> Result<i64, StoreError> {
    let sql = [
        "UPDATE change_counters SET value = value + $1 WHERE name = $2 RETURNING value",
        "UPDATE change_counters SET value = value + ? WHERE name = ? RETURNING value",
    ];
    counter(conn, feed, sql, vec![n.into(), feed.into()]).await
}

/// The feed's position now: every change at or before it is committed
/// (each write holds the counter row until it commits).
pub async fn current(conn: &impl ConnectionTrait, feed: &str) -> Result<i64, StoreError> {
    let sql = ["SELECT value FROM change_counters WHERE name = $1", "SELECT value FROM change_counters WHERE name = ?"];
    counter(conn, feed, sql, vec![feed.into()]).await
}

/// Runs `sql` (PostgreSQL's, SQLite's) on `feed`'s counter; the value it gives.
async fn counter(
    conn: &impl ConnectionTrait,
    feed: &str,
    [postgres, sqlite]: [&str; 2],
    values: Vec<sea_orm::Value>,
) -> Result<i64, StoreError> {
    let backend = conn.get_database_backend();
    let sql = if backend == sea_orm::DbBackend::Postgres { postgres } else { sqlite };
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .ok_or_else(|| StoreError::Other(sea_orm::DbErr::RecordNotFound(format!("change counter {feed}"))))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}
