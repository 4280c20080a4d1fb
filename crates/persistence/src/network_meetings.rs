//! Queries on network meetings and registrations. Places are taken with one
//! conditional update, so that capacity holds at any concurrency.

use crate::entities::{company, network_meeting, registration};
use crate::{StoreError, versioned};
use chrono::{DateTime, Utc};
use samverka_domain::page::{Page, PageRequest};
use samverka_domain::policy::RegistrationScope;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use network_meeting::{ActiveModel, Column, Entity, Model};

/// The orders of a meeting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingOrder {
    /// Meetings not yet over, soonest first.
    Upcoming,
    Ascending,
    Descending,
}

#[derive(Debug, Clone)]
pub struct MeetingFilter {
    /// `None`: every status; otherwise only these.
    pub visible_statuses: Option<Vec<&'static str>>,
    pub municipalities: Vec<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub status: Option<String>,
    pub order: MeetingOrder,
}

pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &MeetingFilter,
    page: &PageRequest<(DateTime<Utc>, Uuid)>,
) -> Result<Page<Model>, StoreError> {
    let mut query = Entity::find().limit(page.limit + 1);
    let descending = filter.order == MeetingOrder::Descending;
    query = if descending {
        query.order_by_desc(Column::StartsAt).order_by_desc(Column::Id)
    } else {
        query.order_by_asc(Column::StartsAt).order_by_asc(Column::Id)
    };
    if filter.order == MeetingOrder::Upcoming {
        query = query.filter(Column::EndsAt.gte(Utc::now()));
    }
    if let Some((at, id)) = page.after {
        let key = Expr::tuple([Expr::value(at), Expr::value(id)]);
        let columns = Expr::tuple([Expr::col(Column::StartsAt), Expr::col(Column::Id)]);
        query = query.filter(if descending { columns.lt(key) } else { columns.gt(key) });
    }
    if let Some(statuses) = &filter.visible_statuses {
        query = query.filter(Column::Status.is_in(statuses.iter().copied()));
    }
    if !filter.municipalities.is_empty() {
        query = query.filter(Column::Municipality.is_in(filter.municipalities.iter().cloned()));
    }
    if let Some(from) = filter.from {
        query = query.filter(Column::StartsAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(Column::StartsAt.lte(to));
    }
    if let Some(status) = &filter.status {
        query = query.filter(Column::Status.eq(status.as_str()));
    }
    let rows = query.all(conn).await?;
    Ok(Page::from_rows(rows, page.limit, |m| (m.starts_at, m.id)))
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).one(conn).await?)
}

pub async fn lock(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).lock_exclusive().one(conn).await?)
}

pub async fn insert(conn: &impl ConnectionTrait, meeting: ActiveModel) -> Result<Model, StoreError> {
    Ok(meeting.insert(conn).await?)
}

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

pub async fn delete(conn: &impl ConnectionTrait, id: Uuid, expected_version: i32) -> Result<bool, StoreError> {
    registration::Entity::delete_many().filter(registration::Column::MeetingId.eq(id)).exec(conn).await?;
    versioned::delete::<Entity>(conn, Column::Id.eq(id), Column::Version, expected_version).await
}

/// Takes `n` places of a planned meeting that has not started, if its
/// capacity allows — one conditional update.
pub async fn take_places(conn: &impl ConnectionTrait, id: Uuid, n: i32) -> Result<bool, StoreError> {
    let result = Entity::update_many()
        .col_expr(Column::AttendeesTaken, Expr::col(Column::AttendeesTaken).add(n))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq("planned"))
        .filter(Column::StartsAt.gt(Utc::now()))
        .filter(
            Condition::any()
                .add(Column::Capacity.is_null())
                .add(Expr::col(Column::AttendeesTaken).add(n).lte(Expr::col(Column::Capacity))),
        )
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn free_places(conn: &impl ConnectionTrait, id: Uuid, n: i32) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(Column::AttendeesTaken, Expr::col(Column::AttendeesTaken).sub(n))
        .filter(Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn insert_registration(
    conn: &impl ConnectionTrait,
    row: registration::ActiveModel,
) -> Result<registration::Model, StoreError> {
    Ok(row.insert(conn).await?)
}

pub async fn registration(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
    id: Uuid,
) -> Result<Option<registration::Model>, StoreError> {
    Ok(registration::Entity::find_by_id(id).filter(registration::Column::MeetingId.eq(meeting_id)).one(conn).await?)
}

pub async fn registrations(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
    scope: &RegistrationScope,
    page: &PageRequest<Uuid>,
) -> Result<Page<registration::Model>, StoreError> {
    use registration::Column as R;
    let mut query =
        registration::Entity::find().filter(R::MeetingId.eq(meeting_id)).order_by_asc(R::Id).limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(R::Id.gt(after));
    }
    match scope {
        RegistrationScope::All => {}
        RegistrationScope::Company(company) => query = query.filter(R::CompanyId.eq(*company)),
        RegistrationScope::CompaniesIn(codes) => {
            query = query.filter(R::CompanyId.in_subquery(crate::companies::ids_in(codes)));
        }
    }
    let rows = query.all(conn).await?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id))
}

pub async fn delete_registration(conn: &impl ConnectionTrait, id: Uuid) -> Result<bool, StoreError> {
    Ok(registration::Entity::delete_by_id(id).exec(conn).await?.rows_affected == 1)
}

/// The companies registered for a meeting (id, name, listed in the public
/// directory and not deleted), by name.
pub async fn attending_companies(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
) -> Result<Vec<(Uuid, String, bool)>, StoreError> {
    let ids: Vec<Uuid> = registration::Entity::find()
        .select_only()
        .column(registration::Column::CompanyId)
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .into_tuple()
        .all(conn)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Uuid, String, bool, Option<DateTime<Utc>>)> = company::Entity::find()
        .select_only()
        .column(company::Column::Id)
        .column(company::Column::Name)
        .column(company::Column::Listed)
        .column(company::Column::DeletedAt)
        .filter(company::Column::Id.is_in(ids))
        .order_by_asc(company::Column::NameFolded)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|(id, name, listed, deleted)| (id, name, listed && deleted.is_none())).collect())
}
