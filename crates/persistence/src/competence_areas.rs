//! Queries on the competence-area taxonomy.

use crate::entities::competence_area::{ActiveModel, Column, Entity, Model};
use crate::{StoreError, versioned};
use samverka_domain::competence_area::{AreaChanges, AreaSlug, NewArea};
use samverka_domain::page::{Page, PageRequest};
use sea_orm::ActiveValue::{NotSet, Set};
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

/// Which of `slugs` are competence areas (slugs that are not valid are left out).
pub async fn known(conn: &impl ConnectionTrait, slugs: &[&str]) -> Result<Vec<AreaSlug>, StoreError> {
    versioned::present::<Entity, _>(conn, Column::Slug, slugs, |v| AreaSlug::parse("", v).ok()).await
}

/// Adds a competence area.
pub async fn create(conn: &impl ConnectionTrait, area: NewArea) -> Result<Model, StoreError> {
    let now = chrono::Utc::now();
    let row = ActiveModel {
        slug: Set(area.slug.to_string()),
        label_sv: Set(area.label_sv),
        label_en: Set(area.label_en),
        esco_uri: Set(area.esco_uri),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    Ok(row.insert(conn).await?)
}

/// Writes `changes` when the row still has the version of `current`.
pub async fn update(
    conn: &impl ConnectionTrait,
    current: &Model,
    changes: AreaChanges,
) -> Result<Option<Model>, StoreError> {
    let row = ActiveModel {
        label_sv: changes.label_sv.map_or(NotSet, Set),
        label_en: changes.label_en.map_or(NotSet, Set),
        esco_uri: changes.esco_uri.map_or(NotSet, Set),
        ..<ActiveModel as Default>::default()
    };
    versioned::update_one::<Entity, _>(conn, row, (Column::Slug, current.slug.clone()), current.version).await
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
