//! Queries on the contacts of companies (personal data).

use crate::entities::contact::{ActiveModel, Column, Entity, Model};
use crate::{StoreError, versioned};
use samverka_domain::page::{Page, PageRequest};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// A company's contacts in creation order, one keyset page.
pub async fn list(
    conn: &impl ConnectionTrait,
    company_id: Uuid,
    page: &PageRequest<Uuid>,
) -> Result<Page<Model>, StoreError> {
    let mut query =
        Entity::find().filter(Column::CompanyId.eq(company_id)).order_by_asc(Column::Id).limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(Column::Id.gt(after));
    }
    let rows = query.all(conn).await?;
    Ok(Page::from_rows(rows, page.limit, |m| m.id))
}

/// Every contact id of a company (to erase them with it).
pub async fn ids_of_company(conn: &impl ConnectionTrait, company_id: Uuid) -> Result<Vec<Uuid>, StoreError> {
    Ok(Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::CompanyId.eq(company_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// One contact of one company.
pub async fn get(conn: &impl ConnectionTrait, company_id: Uuid, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).filter(Column::CompanyId.eq(company_id)).one(conn).await?)
}

pub async fn insert(conn: &impl ConnectionTrait, contact: ActiveModel) -> Result<Model, StoreError> {
    Ok(contact.insert(conn).await?)
}

/// Writes the set columns when the row still has `expected_version`.
pub async fn update(
    conn: &impl ConnectionTrait,
    company_id: Uuid,
    id: Uuid,
    changes: ActiveModel,
    expected_version: i32,
) -> Result<Option<Model>, StoreError> {
    if !versioned::update(conn, changes, Column::Id.eq(id), Column::Version, Column::UpdatedAt, expected_version)
        .await?
    {
        return Ok(None);
    }
    get(conn, company_id, id).await
}

/// Erases the contact when it still has `expected_version`.
pub async fn delete(conn: &impl ConnectionTrait, id: Uuid, expected_version: i32) -> Result<bool, StoreError> {
    versioned::delete::<Entity>(conn, Column::Id.eq(id), Column::Version, expected_version).await
}

/// Deletes a contact whatever its version (erasure inside a larger write).
pub async fn delete_any(conn: &impl ConnectionTrait, id: Uuid) -> Result<(), StoreError> {
    Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}
