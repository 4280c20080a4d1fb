//! Queries on municipalities.

use crate::entities::municipality::{ActiveModel, Column, Entity, Model};
use crate::{StoreError, versioned};
use samverka_domain::municipality::Kommunkod;
use samverka_domain::page::{Page, PageRequest};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Municipalities in kommunkod order, one keyset page; optionally only
/// partners (or only the others).
pub async fn list(
    conn: &impl ConnectionTrait,
    partner: Option<bool>,
    page: &PageRequest<String>,
) -> Result<Page<Model>, StoreError> {
    let mut query = Entity::find().order_by_asc(Column::Code).limit(page.limit + 1);
    if let Some(after) = &page.after {
        query = query.filter(Column::Code.gt(after.as_str()));
    }
    if let Some(partner) = partner {
        query = query.filter(Column::Partner.eq(partner));
    }
    let rows = query.all(conn).await?;
    Ok(Page::from_rows(rows, page.limit, |m| m.code.clone()))
}

pub async fn get(conn: &impl ConnectionTrait, code: &Kommunkod) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(code.as_str()).one(conn).await?)
}

pub async fn insert(conn: &impl ConnectionTrait, municipality: ActiveModel) -> Result<Model, StoreError> {
    Ok(municipality.insert(conn).await?)
}

/// Writes the changed columns when the row still has `expected_version`.
pub async fn update(
    conn: &impl ConnectionTrait,
    code: &Kommunkod,
    changes: ActiveModel,
    expected_version: i32,
) -> Result<Option<Model>, StoreError> {
    let key = Column::Code.eq(code.as_str());
    if !versioned::update(conn, changes, key, Column::Version, Column::UpdatedAt, expected_version).await? {
        return Ok(None);
    }
    get(conn, code).await
}

/// The other municipalities that share a running collaboration with `own`:
/// today the partners of #Attraktivindustri, when `own` is one of them.
pub async fn sharing_with(conn: &impl ConnectionTrait, own: &Kommunkod) -> Result<Vec<Kommunkod>, StoreError> {
    let partners: Vec<String> = Entity::find()
        .select_only()
        .column(Column::Code)
        .filter(Column::Partner.eq(true))
        .into_tuple()
        .all(conn)
        .await?;
    if !partners.iter().any(|c| c == own.as_str()) {
        return Ok(Vec::new());
    }
    Ok(partners
        .iter()
        .filter(|c| c.as_str() != own.as_str())
        .filter_map(|c| Kommunkod::parse("municipality", c).ok())
        .collect())
}
