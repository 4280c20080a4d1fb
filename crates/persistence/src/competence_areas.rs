//! Queries on the competence-area taxonomy.

use crate::StoreError;
use crate::entities::competence_area::{Column, Entity, Model};
use samverka_domain::competence_area::AreaSlug;
use samverka_domain::page::{Page, PageRequest};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Competence areas in slug order, one keyset page.
pub async fn list(db: &DatabaseConnection, page: &PageRequest<String>) -> Result<Page<Model>, StoreError> {
    let mut query = Entity::find().order_by_asc(Column::Slug).limit(page.limit + 1);
    if let Some(after) = &page.after {
        query = query.filter(Column::Slug.gt(after.as_str()));
    }
    let rows = query.all(db).await?;
    Ok(Page::from_rows(rows, page.limit, |m| m.slug.clone()))
}

pub async fn get(db: &DatabaseConnection, slug: &AreaSlug) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(slug.as_str()).one(db).await?)
}
