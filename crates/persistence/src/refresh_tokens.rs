//! Refresh tokens: stored as hashes, single use, in families. Spending one
//! is a conditional update, so two concurrent uses cannot both succeed; a
//! second use of a spent token revokes its whole family.

use crate::StoreError;
use crate::entities::refresh_token::{ActiveModel, Column, Entity, Model};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

pub async fn insert(
    conn: &impl ConnectionTrait,
    family_id: Uuid,
    token_hash: String,
    subject_kind: &str,
    subject_id: Uuid,
    expires_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    ActiveModel {
        id: Set(Uuid::now_v7()),
        family_id: Set(family_id),
        token_hash: Set(token_hash),
        subject_kind: Set(subject_kind.to_owned()),
        subject_id: Set(subject_id),
        expires_at: Set(expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// What spending a refresh token found.
#[derive(Debug)]
pub enum Spend {
    /// It was live and is now spent.
    Spent(Model),
    /// It was already spent or revoked: its family is now revoked.
    Reused,
    /// Unknown or expired.
    Invalid,
}

pub async fn spend(conn: &impl ConnectionTrait, token_hash: &str) -> Result<Spend, StoreError> {
    let now = Utc::now();
    let result = Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::TokenHash.eq(token_hash))
        .filter(Column::UsedAt.is_null())
        .filter(Column::RevokedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .exec(conn)
        .await?;
    let row = Entity::find().filter(Column::TokenHash.eq(token_hash)).one(conn).await?;
    match row {
        Some(row) if result.rows_affected == 1 => Ok(Spend::Spent(row)),
        Some(row) if row.used_at.is_some() || row.revoked_at.is_some() => {
            revoke_family(conn, row.family_id).await?;
            Ok(Spend::Reused)
        }
        _ => Ok(Spend::Invalid),
    }
}

pub async fn revoke_family(conn: &impl ConnectionTrait, family_id: Uuid) -> Result<(), StoreError> {
    revoke_where(conn, Column::FamilyId, family_id).await
}

/// Revokes every refresh token of a user or client (disabled, deleted, revoked).
pub async fn revoke_subject(conn: &impl ConnectionTrait, subject_id: Uuid) -> Result<(), StoreError> {
    revoke_where(conn, Column::SubjectId, subject_id).await
}

/// Deletes every refresh token of a user or client that is deleted.
pub async fn delete_subject(conn: &impl ConnectionTrait, subject_id: Uuid) -> Result<(), StoreError> {
    Entity::delete_many().filter(Column::SubjectId.eq(subject_id)).exec(conn).await?;
    Ok(())
}

async fn revoke_where(conn: &impl ConnectionTrait, column: Column, id: Uuid) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(Utc::now()))
        .filter(column.eq(id))
        .filter(Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}
