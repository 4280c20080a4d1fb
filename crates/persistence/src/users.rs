//! Queries on users.

use crate::entities::user::{ActiveModel, Column, Entity, Model};
use crate::{StoreError, versioned};
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

/// What a user list is filtered by.
#[derive(Debug, Default)]
pub struct UserFilter {
    pub role: Option<String>,
    pub municipality: Option<String>,
    pub company_id: Option<Uuid>,
    pub disabled: Option<bool>,
}

/// Users in id (= creation) order, one keyset page.
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &UserFilter,
    page: &PageRequest<Uuid>,
) -> Result<Page<Model>, StoreError> {
    let mut query = Entity::find().order_by_asc(Column::Id).limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(Column::Id.gt(after));
    }
    if let Some(role) = &filter.role {
        query = query.filter(Column::Role.eq(role.as_str()));
    }
    if let Some(municipality) = &filter.municipality {
        query = query.filter(Column::Municipality.eq(municipality.as_str()));
    }
    if let Some(company_id) = filter.company_id {
        query = query.filter(Column::CompanyId.eq(company_id));
    }
    if let Some(disabled) = filter.disabled {
        query = query.filter(Column::Disabled.eq(disabled));
    }
    let rows = query.all(conn).await?;
    Ok(Page::from_rows(rows, page.limit, |m| m.id))
}

/// The ids of the active admins, locked until the transaction ends
/// (PostgreSQL; SQLite's write transaction already excludes other writers),
/// so that two admins cannot both be demoted at once by concurrent requests.
pub async fn lock_active_admins(conn: &impl ConnectionTrait) -> Result<Vec<Uuid>, StoreError> {
    Ok(Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::Role.eq("admin"))
        .filter(Column::Disabled.eq(false))
        .order_by_asc(Column::Id)
        .lock_exclusive()
        .into_tuple()
        .all(conn)
        .await?)
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
