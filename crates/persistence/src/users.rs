//! Queries on users.

use crate::StoreError;
use crate::entities::user::{ActiveModel, Column, Entity, Model};
use samverka_domain::page::{Page, PageRequest};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).one(conn).await?)
}

pub async fn find_by_email(conn: &impl ConnectionTrait, email: &str) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find().filter(Column::Email.eq(email)).one(conn).await?)
}

/// Users in id (= creation) order, optionally of one role.
pub async fn list(
    conn: &impl ConnectionTrait,
    role: Option<&str>,
    page: &PageRequest<Uuid>,
) -> Result<Page<Model>, StoreError> {
    let mut query = Entity::find().order_by_asc(Column::Id).limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(Column::Id.gt(after));
    }
    if let Some(role) = role {
        query = query.filter(Column::Role.eq(role));
    }
    let rows = query.all(conn).await?;
    Ok(Page::from_rows(rows, page.limit, |m| m.id))
}

pub async fn count_active_admins(conn: &impl ConnectionTrait) -> Result<u64, StoreError> {
    Ok(Entity::find().filter(Column::Role.eq("admin")).filter(Column::Disabled.eq(false)).count(conn).await?)
}

pub async fn insert(conn: &impl ConnectionTrait, user: ActiveModel) -> Result<Model, StoreError> {
    Ok(user.insert(conn).await?)
}

/// Writes the changed columns when the row still has `expected_version`;
/// `None` when it changed meanwhile (or is gone).
pub async fn update(
    conn: &impl ConnectionTrait,
    id: Uuid,
    mut user: ActiveModel,
    expected_version: i32,
) -> Result<Option<Model>, StoreError> {
    user.version = sea_orm::Set(expected_version + 1);
    user.updated_at = sea_orm::Set(chrono::Utc::now());
    let result = Entity::update_many()
        .set(user)
        .filter(Column::Id.eq(id))
        .filter(Column::Version.eq(expected_version))
        .exec(conn)
        .await?;
    if result.rows_affected == 0 {
        return Ok(None);
    }
    get(conn, id).await
}

pub async fn delete(conn: &impl ConnectionTrait, id: Uuid) -> Result<bool, StoreError> {
    Ok(Entity::delete_by_id(id).exec(conn).await?.rows_affected > 0)
}
