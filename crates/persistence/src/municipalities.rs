//! Queries on municipalities.

use crate::StoreError;
use crate::entities::municipality::{Column, Entity, Model};
use samverka_domain::municipality::Kommunkod;
use samverka_domain::page::{Page, PageRequest};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Municipalities in kommunkod order, one keyset page.
pub async fn list(db: &DatabaseConnection, page: &PageRequest<String>) -> Result<Page<Model>, StoreError> {
    let mut query = Entity::find().order_by_asc(Column::Code).limit(page.limit + 1);
    if let Some(after) = &page.after {
        query = query.filter(Column::Code.gt(after.as_str()));
    }
    let rows = query.all(db).await?;
    Ok(Page::from_rows(rows, page.limit, |m| m.code.clone()))
}

pub async fn get(db: &DatabaseConnection, code: &Kommunkod) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(code.as_str()).one(db).await?)
}
