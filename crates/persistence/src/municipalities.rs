//! Queries on municipalities.

use crate::entities::municipality::{ActiveModel, Column, Entity, Model};
use crate::{StoreError, versioned};
use samverka_domain::municipality::{Kommunkod, MunicipalityChanges, NewMunicipality};
use samverka_domain::page::{Page, PageRequest};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Municipalities in kommunkod order, one keyset page; optionally only
/// partners (or only the others), only those of one county.
pub async fn list(
    conn: &impl ConnectionTrait,
    (partner, county): (Option<bool>, Option<&str>),
    page: &PageRequest<String>,
) -> Result<Page<Model>, StoreError> {
    let mut query = Entity::find().order_by_asc(Column::Code).limit(page.limit + 1);
    if let Some(after) = &page.after {
        query = query.filter(Column::Code.gt(after.as_str()));
    }
    if let Some(partner) = partner {
        query = query.filter(Column::Partner.eq(partner));
    }
    if let Some(county) = county {
        query = query.filter(Column::County.eq(county));
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
    let row = row.insert(conn).await?;
    crate::collaborations::set_partner(conn, &row.code, row.partner).await?;
    Ok(row)
}

/// Writes `changes` when the row still has the version of `current`;
/// `partner` makes it a member of #Attraktivindustri, or not.
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
    let updated =
        versioned::update_one::<Entity, _>(conn, row, (Column::Code, current.code.clone()), current.version).await?;
    if let (Some(updated), Some(partner)) = (&updated, changes.partner) {
        crate::collaborations::set_partner(conn, &updated.code, partner).await?;
    }
    Ok(updated)
}
