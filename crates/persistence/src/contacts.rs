//! Queries on the contacts of companies (personal data).

use crate::entities::contact::{ActiveModel, Column, Entity, Model};
use crate::{StoreError, versioned};
use samverka_domain::contact::{ContactChanges, NewContact};
use samverka_domain::page::{Page, PageRequest};
use sea_orm::ActiveValue::{NotSet, Set};
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

/// The row of a new contact of `company_id`.
pub fn new_row(id: Uuid, company_id: Uuid, contact: NewContact, now: chrono::DateTime<chrono::Utc>) -> ActiveModel {
    ActiveModel {
        id: Set(id),
        company_id: Set(company_id),
        name: Set(contact.name),
        title: Set(contact.title),
        email: Set(contact.email.map(|e| e.as_str().to_owned())),
        phone: Set(contact.phone),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
}

/// Adds a contact to a company.
pub async fn create(conn: &impl ConnectionTrait, company_id: Uuid, contact: NewContact) -> Result<Model, StoreError> {
    create_with_id(conn, Uuid::now_v7(), company_id, contact).await
}

/// Adds a contact with a given id (demo data).
pub async fn create_with_id(
    conn: &impl ConnectionTrait,
    id: Uuid,
    company_id: Uuid,
    contact: NewContact,
) -> Result<Model, StoreError> {
    Ok(new_row(id, company_id, contact, chrono::Utc::now()).insert(conn).await?)
}

/// Writes `changes` when the row still has the version of `current`.
pub async fn update(
    conn: &impl ConnectionTrait,
    current: &Model,
    changes: ContactChanges,
) -> Result<Option<Model>, StoreError> {
    let row = ActiveModel {
        name: changes.name.map_or(NotSet, Set),
        title: changes.title.map_or(NotSet, Set),
        email: changes.email.map_or(NotSet, |e| Set(e.map(|e| e.as_str().to_owned()))),
        phone: changes.phone.map_or(NotSet, Set),
        ..<ActiveModel as Default>::default()
    };
    versioned::update_one::<Entity, _>(conn, row, (Column::Id, current.id), current.version).await
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
