//! Queries on API clients.

use crate::entities::api_client::{ActiveModel, Column, Entity, Model};
use crate::{StoreError, versioned};
use samverka_domain::page::{Page, PageRequest};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).one(conn).await?)
}

pub async fn find_by_client_id(conn: &impl ConnectionTrait, client_id: &str) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find().filter(Column::ClientId.eq(client_id)).one(conn).await?)
}

pub async fn list(conn: &impl ConnectionTrait, page: &PageRequest<Uuid>) -> Result<Page<Model>, StoreError> {
    let mut query = Entity::find().order_by_asc(Column::Id).limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(Column::Id.gt(after));
    }
    let rows = query.all(conn).await?;
    Ok(Page::from_rows(rows, page.limit, |m| m.id))
}

pub async fn insert(conn: &impl ConnectionTrait, client: ActiveModel) -> Result<Model, StoreError> {
    Ok(client.insert(conn).await?)
}

/// Writes the changed columns when the row still has `expected_version`;
/// `None` when it changed meanwhile (or is gone).
pub async fn update(
    conn: &impl ConnectionTrait,
    id: Uuid,
    changes: ActiveModel,
    expected_version: i32,
) -> Result<Option<Model>, StoreError> {
    if !versioned::update(conn, changes, Column::Id.eq(id), Column::Version, Column::UpdatedAt, expected_version)
        .await?
    {
        return Ok(None);
    }
    get(conn, id).await
}

/// Deletes the row when it still has `expected_version`.
pub async fn delete(conn: &impl ConnectionTrait, id: Uuid, expected_version: i32) -> Result<bool, StoreError> {
    versioned::delete::<Entity>(conn, Column::Id.eq(id), Column::Version, expected_version).await
}
