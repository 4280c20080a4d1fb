//! Queries on the competence-area taxonomy.

use crate::entities::competence_area::{ActiveModel, Column, Entity, Model};
use crate::{StoreError, versioned};
use samverka_domain::competence_area::AreaSlug;
use samverka_domain::page::{Page, PageRequest};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Competence areas in slug order, one keyset page.
pub async fn list(conn: &impl ConnectionTrait, page: &PageRequest<String>) -> Result<Page<Model>, StoreError> {
    let mut query = Entity::find().order_by_asc(Column::Slug).limit(page.limit + 1);
    if let Some(after) = &page.after {
        query = query.filter(Column::Slug.gt(after.as_str()));
    }
    let rows = query.all(conn).await?;
    Ok(Page::from_rows(rows, page.limit, |m| m.slug.clone()))
}

pub async fn get(conn: &impl ConnectionTrait, slug: &AreaSlug) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(slug.as_str()).one(conn).await?)
}

pub async fn insert(conn: &impl ConnectionTrait, area: ActiveModel) -> Result<Model, StoreError> {
    Ok(area.insert(conn).await?)
}

/// Writes the changed columns when the row still has `expected_version`.
pub async fn update(
    conn: &impl ConnectionTrait,
    slug: &AreaSlug,
    changes: ActiveModel,
    expected_version: i32,
) -> Result<Option<Model>, StoreError> {
    let key = Column::Slug.eq(slug.as_str());
    if !versioned::update(conn, changes, key, Column::Version, Column::UpdatedAt, expected_version).await? {
        return Ok(None);
    }
    get(conn, slug).await
}

/// Deletes the area when it still has `expected_version`. An area that
/// needs or offers refer to is refused by their foreign keys
/// ([`StoreError::ForeignKey`]).
pub async fn delete(conn: &impl ConnectionTrait, slug: &AreaSlug, expected_version: i32) -> Result<bool, StoreError> {
    versioned::delete::<Entity>(conn, Column::Slug.eq(slug.as_str()), Column::Version, expected_version).await
}

/// Every competence area (the taxonomy is small).
pub async fn all(conn: &impl ConnectionTrait) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find().order_by_asc(Column::Slug).all(conn).await?)
}
