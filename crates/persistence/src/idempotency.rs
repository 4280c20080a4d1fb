//! Stored answers for `Idempotency-Key`: the first request with a key
//! claims it; its answer is stored; a retry with the same key and the same
//! request gets that answer again instead of doing the work twice.

use crate::StoreError;
use crate::entities::idempotency_key::{ActiveModel, Column, Entity, Model};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// How long an answer is kept (API.md: 24 hours).
pub const RETENTION: Duration = Duration::hours(24);
/// A claim older than this whose answer never came is abandoned (the server
/// stopped mid-request) and may be taken over.
pub const ABANDONED_AFTER: Duration = Duration::minutes(2);

/// What a claim found.
#[derive(Debug)]
pub enum Claim {
    /// The key is ours: do the work, then [`complete`] or [`release`].
    Claimed,
    /// The same request was answered before: this is the answer.
    Done(Model),
    /// The same request is being answered right now.
    InProgress,
    /// The key was used for a different request.
    Mismatch,
}

/// Claims `key` for `scope` and the request with `request_hash`.
pub async fn claim(
    conn: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    request_hash: &str,
) -> Result<Claim, StoreError> {
    let now = Utc::now();
    let fresh = ActiveModel {
        scope: Set(scope.to_owned()),
        key: Set(key.to_owned()),
        request_hash: Set(request_hash.to_owned()),
        status: Set(None),
        response_headers: Set(None),
        response_body: Set(None),
        created_at: Set(now),
        erasure_tags: Set(String::new()),
    };
    match fresh.clone().insert(conn).await {
        Ok(_) => return Ok(Claim::Claimed),
        Err(e) => match StoreError::from(e) {
            StoreError::Conflict(_) => {}
            other => return Err(other),
        },
    }
    let Some(existing) = Entity::find_by_id((scope.to_owned(), key.to_owned())).one(conn).await? else {
        // Expired and purged between the two statements: try once more.
        fresh.insert(conn).await?;
        return Ok(Claim::Claimed);
    };
    let expired = existing.created_at < now - RETENTION;
    let abandoned = existing.status.is_none() && existing.created_at < now - ABANDONED_AFTER;
    if expired || abandoned {
        // Take it over, only if nobody else did meanwhile.
        let taken = Entity::update_many()
            .set(ActiveModel {
                request_hash: Set(request_hash.to_owned()),
                status: Set(None),
                response_headers: Set(None),
                response_body: Set(None),
                created_at: Set(now),
                erasure_tags: Set(String::new()),
                ..Default::default()
            })
            .filter(Column::Scope.eq(scope))
            .filter(Column::Key.eq(key))
            .filter(Column::CreatedAt.eq(existing.created_at))
            .exec(conn)
            .await?;
        return Ok(if taken.rows_affected == 1 { Claim::Claimed } else { Claim::InProgress });
    }
    if existing.request_hash != request_hash {
        return Ok(Claim::Mismatch);
    }
    Ok(match existing.status {
        Some(_) => Claim::Done(existing),
        None => Claim::InProgress,
    })
}

/// Stores the (sealed) answer of a claimed key, with its erasure tags.
pub async fn complete(
    conn: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    status: u16,
    sealed: String,
    erasure_tags: String,
) -> Result<(), StoreError> {
    Entity::update_many()
        .set(ActiveModel {
            status: Set(Some(status as i16)),
            response_headers: Set(None),
            response_body: Set(Some(sealed)),
            erasure_tags: Set(erasure_tags),
            ..Default::default()
        })
        .filter(Column::Scope.eq(scope))
        .filter(Column::Key.eq(key))
        .exec(conn)
        .await?;
    Ok(())
}

/// Gives a claimed key up (the request failed in a way worth retrying).
pub async fn release(conn: &impl ConnectionTrait, scope: &str, key: &str) -> Result<(), StoreError> {
    Entity::delete_many()
        .filter(Column::Scope.eq(scope))
        .filter(Column::Key.eq(key))
        .filter(Column::Status.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Removes answers older than the retention period.
pub async fn purge_expired(conn: &impl ConnectionTrait) -> Result<u64, StoreError> {
    let result = Entity::delete_many().filter(Column::CreatedAt.lt(Utc::now() - RETENTION)).exec(conn).await?;
    Ok(result.rows_affected)
}

/// Purges every stored answer that carries one of these erasure tags (the
/// data in it was erased). Erasures are rare: a scan is fine.
pub async fn purge_tagged(conn: &impl ConnectionTrait, tags: &[String]) -> Result<u64, StoreError> {
    if tags.is_empty() {
        return Ok(0);
    }
    let mut any = sea_orm::Condition::any();
    for tag in tags {
        any = any.add(Column::ErasureTags.like(format!("% {tag} %")));
    }
    Ok(Entity::delete_many().filter(any).exec(conn).await?.rows_affected)
}
