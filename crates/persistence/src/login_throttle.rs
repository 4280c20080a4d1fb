//! Counted sign-in attempts per key in a fixed window, shared by every
//! server on the database. An attempt is counted *before* the password is
//! checked, atomically (one upsert), so concurrent guesses cannot slip
//! past the limit.

use crate::StoreError;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

/// The statement with `?` placeholders written for the connection's backend.
fn statement(conn: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            let mut n = 0;
            sql.chars()
                .map(|c| {
                    if c == '?' {
                        n += 1;
                        format!("${n}")
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        }
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Counts one attempt for `key` at `now_ms`; a window older than
/// `window_ms` starts again. The attempts in the window (this one included)
/// and when the window started.
pub async fn attempt(
    conn: &impl ConnectionTrait,
    key: &str,
    now_ms: i64,
    window_ms: i64,
) -> Result<(i64, i64), StoreError> {
    let cutoff = now_ms - window_ms;
    let sql = "INSERT INTO login_throttle (key, attempts, window_start) VALUES (?, 1, ?) \
        ON CONFLICT (key) DO UPDATE SET \
        attempts = CASE WHEN login_throttle.window_start <= ? THEN 1 ELSE login_throttle.attempts + 1 END, \
        window_start = CASE WHEN login_throttle.window_start <= ? THEN ? ELSE login_throttle.window_start END \
        RETURNING attempts, window_start";
    let values = vec![key.into(), now_ms.into(), cutoff.into(), cutoff.into(), now_ms.into()];
    let row = conn
        .query_one_raw(statement(conn, sql, values))
        .await?
        .ok_or_else(|| StoreError::Other(sea_orm::DbErr::RecordNotFound("login_throttle".into())))?;
    Ok((row.try_get("", "attempts")?, row.try_get("", "window_start")?))
}

/// Takes one counted attempt back (it turned out not to be a guess: a success).
pub async fn release(conn: &impl ConnectionTrait, key: &str) -> Result<(), StoreError> {
    let sql = "UPDATE login_throttle SET attempts = attempts - 1 WHERE key = ? AND attempts > 0";
    conn.execute_raw(statement(conn, sql, vec![key.into()])).await?;
    Ok(())
}

/// Forgets a key (an account that signed in).
pub async fn reset(conn: &impl ConnectionTrait, key: &str) -> Result<(), StoreError> {
    conn.execute_raw(statement(conn, "DELETE FROM login_throttle WHERE key = ?", vec![key.into()])).await?;
    Ok(())
}

/// Removes windows that ended before `cutoff_ms`.
pub async fn purge_expired(conn: &impl ConnectionTrait, cutoff_ms: i64) -> Result<u64, StoreError> {
    let sql = "DELETE FROM login_throttle WHERE window_start <= ?";
    Ok(conn.execute_raw(statement(conn, sql, vec![cutoff_ms.into()])).await?.rows_affected())
}
