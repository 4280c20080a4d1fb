//! Queries on API clients.

use crate::entities::api_client::{ActiveModel, Column, Entity, Model};
use crate::{StoreError, versioned};
use samverka_domain::api_client::{ApiClientChanges, NewApiClient};
use samverka_domain::municipality::Kommunkod;
use samverka_domain::page::{Page, PageRequest};
use sea_orm::ActiveValue::{NotSet, Set};
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

fn scope_text(codes: &[Kommunkod]) -> Result<String, StoreError> {
    let codes: Vec<&str> = codes.iter().map(Kommunkod::as_str).collect();
    serde_json::to_string(&codes).map_err(|e| StoreError::Other(sea_orm::DbErr::Custom(e.to_string())))
}

/// Adds an API client with its public id and secret hash.
pub async fn create(
    conn: &impl ConnectionTrait,
    client: NewApiClient,
    client_id: String,
    secret_hash: String,
) -> Result<Model, StoreError> {
    let now = chrono::Utc::now();
    let row = ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(client.name),
        client_id: Set(client_id),
        secret_hash: Set(secret_hash),
        municipalities: Set(scope_text(&client.municipalities)?),
        revoked: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    Ok(row.insert(conn).await?)
}

/// Writes `changes` when the row still has the version of `current`;
/// `None` when it changed meanwhile (or is gone).
pub async fn update(
    conn: &impl ConnectionTrait,
    current: &Model,
    changes: ApiClientChanges,
) -> Result<Option<Model>, StoreError> {
    let row = ActiveModel {
        name: changes.name.map_or(NotSet, Set),
        revoked: changes.revoked.map_or(NotSet, Set),
        municipalities: match changes.municipalities {
            Some(codes) => Set(scope_text(&codes)?),
            None => NotSet,
        },
        ..<ActiveModel as Default>::default()
    };
    write(conn, current, row).await
}

/// Sets a new secret hash when the row still has the version of `current`.
pub async fn set_secret(
    conn: &impl ConnectionTrait,
    current: &Model,
    secret_hash: String,
) -> Result<Option<Model>, StoreError> {
    write(conn, current, ActiveModel { secret_hash: Set(secret_hash), ..<ActiveModel as Default>::default() }).await
}

async fn write(conn: &impl ConnectionTrait, current: &Model, row: ActiveModel) -> Result<Option<Model>, StoreError> {
    versioned::update_one::<Entity, _>(conn, row, (Column::Id, current.id), current.version).await
}

/// Deletes the row when it still has `expected_version`.
pub async fn delete(conn: &impl ConnectionTrait, id: Uuid, expected_version: i32) -> Result<bool, StoreError> {
    versioned::delete::<Entity>(conn, Column::Id.eq(id), Column::Version, expected_version).await
}
