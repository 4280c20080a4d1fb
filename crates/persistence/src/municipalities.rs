//! Queries on municipalities.

use crate::entities::municipality::{ActiveModel, Column, Entity, Model};
use crate::{StoreError, versioned};
use samverka_domain::municipality::{Kommunkod, MunicipalityChanges, NewMunicipality};
use samverka_domain::page::{Page, PageRequest};
use sea_orm::ActiveValue::{NotSet, Set};
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

/// Which of `codes` are municipalities (codes that are not valid are left out).
pub async fn known(conn: &impl ConnectionTrait, codes: &[String]) -> Result<Vec<Kommunkod>, StoreError> {
    versioned::present::<Entity, _>(conn, Column::Code, &codes.iter().map(String::as_str).collect::<Vec<_>>(), |v| {
        Kommunkod::parse("", v).ok()
    })
    .await
}

/// Adds a municipality.
pub async fn create(conn: &impl ConnectionTrait, municipality: NewMunicipality) -> Result<Model, StoreError> {
    let now = chrono::Utc::now();
    let row = ActiveModel {
        code: Set(municipality.code.to_string()),
        name: Set(municipality.name),
        county: Set(municipality.county),
        partner: Set(municipality.partner),
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
    changes: MunicipalityChanges,
) -> Result<Option<Model>, StoreError> {
    let row = ActiveModel {
        name: changes.name.map_or(NotSet, Set),
        county: changes.county.map_or(NotSet, Set),
        partner: changes.partner.map_or(NotSet, Set),
        ..<ActiveModel as Default>::default()
    };
    versioned::update_one::<Entity, _>(conn, row, (Column::Code, current.code.clone()), current.version).await
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
