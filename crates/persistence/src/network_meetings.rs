//! Queries on network meetings and registrations. Places are taken with one
//! conditional update, so that capacity holds at any concurrency.

use crate::capacity::Counter;
use crate::entities::{company, network_meeting, registration};
use crate::{StoreError, versioned};
use chrono::{DateTime, Utc};
use samverka_domain::meetings::{MeetingChanges, MeetingContent, NewAttendee, NewMeeting};
use samverka_domain::offers::MeetingStatus;
use samverka_domain::page::{Page, PageRequest};
use samverka_domain::policy::RegistrationScope;
use sea_orm::ActiveValue::{NotSet, Set};
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
    /// `Some`: only meetings of these networks.
    pub networks: Option<Vec<Uuid>>,
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
    if let Some(networks) = &filter.networks {
        query = query.filter(Column::NetworkId.is_in(networks.iter().copied()));
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

/// The meeting columns its content sets.
fn content_row(content: &MeetingContent) -> Result<ActiveModel, StoreError> {
    Ok(ActiveModel {
        title: Set(content.title.clone()),
        theme: Set(content.theme.clone()),
        questions: Set(json(&content.questions)?),
        format: Set(content.format.as_str().to_owned()),
        venue: Set(content.venue.clone()),
        online_url: Set(content.online_url.clone()),
        starts_at: Set(content.starts_at),
        ends_at: Set(content.ends_at),
        capacity: Set(content.capacity),
        network_id: Set(content.network),
        ..<ActiveModel as Default>::default()
    })
}

fn json(value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Other(sea_orm::DbErr::Custom(e.to_string())))
}

/// The row of a new (planned) meeting.
pub fn new_row(id: Uuid, meeting: &NewMeeting, now: DateTime<Utc>) -> Result<ActiveModel, StoreError> {
    Ok(ActiveModel {
        id: Set(id),
        municipality: Set(meeting.municipality.to_string()),
        attendees_taken: Set(0),
        status: Set(MeetingStatus::Planned.as_str().to_owned()),
        minutes: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..content_row(&meeting.content)?
    })
}

/// Adds a planned meeting.
pub async fn create(conn: &impl ConnectionTrait, meeting: NewMeeting) -> Result<Model, StoreError> {
    Ok(new_row(Uuid::now_v7(), &meeting, Utc::now())?.insert(conn).await?)
}

/// Writes a meeting's whole content, status and (when given) minutes when
/// it still has the version of `current`.
pub async fn update(
    conn: &impl ConnectionTrait,
    current: &Model,
    changes: MeetingChanges,
) -> Result<Option<Model>, StoreError> {
    let row = ActiveModel {
        status: Set(changes.status.as_str().to_owned()),
        minutes: changes.minutes.map_or(NotSet, Set),
        ..content_row(&changes.content)?
    };
    versioned::update_one::<Entity, _>(conn, row, (Column::Id, current.id), current.version).await
}

pub async fn delete(conn: &impl ConnectionTrait, id: Uuid, expected_version: i32) -> Result<bool, StoreError> {
    registration::Entity::delete_many().filter(registration::Column::MeetingId.eq(id)).exec(conn).await?;
    versioned::delete::<Entity>(conn, Column::Id.eq(id), Column::Version, expected_version).await
}

/// Takes `n` places of a planned meeting that has not started, if its
/// capacity allows — one conditional update.
pub async fn take_places(conn: &impl ConnectionTrait, id: Uuid, n: i32) -> Result<bool, StoreError> {
    let open =
        Condition::all().add(Column::Status.eq(MeetingStatus::Planned.as_str())).add(Column::StartsAt.gt(Utc::now()));
    PLACES.take(conn, id, n, open).await
}

/// Gives `n` places back.
pub async fn free_places(conn: &impl ConnectionTrait, id: Uuid, n: i32) -> Result<(), StoreError> {
    PLACES.give_back(conn, id, n).await
}

const PLACES: Counter<Entity> = Counter { id: Column::Id, taken: Column::AttendeesTaken, limit: Column::Capacity };

/// The row of a company's registration of `attendees`.
pub fn registration_row(
    id: Uuid,
    (meeting_id, company_id): (Uuid, Uuid),
    created_by: Option<Uuid>,
    attendees: &[NewAttendee],
    now: DateTime<Utc>,
) -> Result<registration::ActiveModel, StoreError> {
    let list: Vec<serde_json::Value> = attendees
        .iter()
        .map(|a| match &a.email {
            Some(email) => serde_json::json!({"name": a.name, "email": email.as_str()}),
            None => serde_json::json!({"name": a.name}),
        })
        .collect();
    Ok(registration::ActiveModel {
        id: Set(id),
        meeting_id: Set(meeting_id),
        company_id: Set(company_id),
        attendees: Set(json(&list)?),
        attendee_count: Set(attendees.len() as i32),
        attended: Set(None),
        created_by: Set(created_by),
        created_at: Set(now),
    })
}

/// Registers a company's attendees (the caller has taken their places with
/// [`take_places`]).
pub async fn create_registration(
    conn: &impl ConnectionTrait,
    (meeting_id, company_id): (Uuid, Uuid),
    created_by: Option<Uuid>,
    attendees: &[NewAttendee],
) -> Result<registration::Model, StoreError> {
    let row = registration_row(Uuid::now_v7(), (meeting_id, company_id), created_by, attendees, Utc::now())?;
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
