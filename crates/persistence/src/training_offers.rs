//! Queries on training offers with their areas and sessions, and the seat
//! counter that enrolments move by conditional updates only.

use crate::capacity::Counter;
use crate::entities::{offer_area, offer_session, training_offer};
use crate::{StoreError, versioned};
use chrono::{DateTime, Utc};
use samverka_domain::company::fold;
use samverka_domain::offers::{NewOffer, OfferContent, OfferStatus};
use samverka_domain::page::{Page, PageRequest};
use samverka_domain::policy::OfferScope;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::BTreeMap;
use uuid::Uuid;

use training_offer::{Column, Entity, Model};

/// An offer with its areas (sorted) and sessions (in order).
#[derive(Debug, Clone)]
pub struct Offer {
    pub offer: Model,
    pub areas: Vec<String>,
    pub sessions: Vec<offer_session::Model>,
}

/// What an offer list is filtered by, beside the caller's scope.
#[derive(Debug, Clone)]
pub struct OfferFilter {
    pub scope: OfferScope,
    pub area: Option<String>,
    pub municipalities: Vec<String>,
    pub format: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub status: Option<String>,
    pub title_pattern: Option<String>,
    pub provider: Option<String>,
}

fn scope_condition(scope: &OfferScope) -> Condition {
    match scope {
        OfferScope::All => Condition::all(),
        OfferScope::PublishedAnd(provider) => Condition::any()
            .add(Column::Status.eq(OfferStatus::Published.as_str()))
            .add(Column::Provider.eq(provider.as_str())),
        OfferScope::Published => Condition::all().add(Column::Status.eq(OfferStatus::Published.as_str())),
    }
}

/// One keyset page, soonest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &OfferFilter,
    page: &PageRequest<(DateTime<Utc>, Uuid)>,
) -> Result<Page<Offer>, StoreError> {
    let mut query = Entity::find()
        .filter(scope_condition(&filter.scope))
        .order_by_asc(Column::StartsAt)
        .order_by_asc(Column::Id)
        .limit(page.limit + 1);
    if let Some((at, id)) = page.after {
        let key = Expr::tuple([Expr::value(at), Expr::value(id)]);
        query = query.filter(Expr::tuple([Expr::col(Column::StartsAt), Expr::col(Column::Id)]).gt(key));
    }
    if let Some(area) = &filter.area {
        let with_area = Query::select()
            .column(offer_area::Column::OfferId)
            .from(offer_area::Entity)
            .and_where(offer_area::Column::Area.eq(area.as_str()))
            .to_owned();
        query = query.filter(Column::Id.in_subquery(with_area));
    }
    if !filter.municipalities.is_empty() {
        query = query.filter(Column::Municipality.is_in(filter.municipalities.iter().cloned()));
    }
    if let Some(format) = &filter.format {
        query = query.filter(Column::Format.eq(format.as_str()));
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
    if let Some(pattern) = &filter.title_pattern {
        query = query.filter(Column::TitleFolded.like(LikeExpr::new(pattern).escape('\\')));
    }
    if let Some(provider) = &filter.provider {
        query = query.filter(Column::Provider.eq(provider.as_str()));
    }
    let rows = query.all(conn).await?;
    let page = Page::from_rows(rows, page.limit, |o| (o.starts_at, o.id));
    let ids: Vec<Uuid> = page.items.iter().map(|o| o.id).collect();
    let (mut areas, mut sessions) = (areas_of(conn, &ids).await?, sessions_of(conn, &ids).await?);
    Ok(page.map(|offer| Offer {
        areas: areas.remove(&offer.id).unwrap_or_default(),
        sessions: sessions.remove(&offer.id).unwrap_or_default(),
        offer,
    }))
}

async fn areas_of(conn: &impl ConnectionTrait, ids: &[Uuid]) -> Result<BTreeMap<Uuid, Vec<String>>, StoreError> {
    let mut by_offer: BTreeMap<Uuid, Vec<String>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(by_offer);
    }
    let rows = offer_area::Entity::find()
        .filter(offer_area::Column::OfferId.is_in(ids.iter().copied()))
        .order_by_asc(offer_area::Column::Area)
        .all(conn)
        .await?;
    for row in rows {
        by_offer.entry(row.offer_id).or_default().push(row.area);
    }
    Ok(by_offer)
}

async fn sessions_of(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<BTreeMap<Uuid, Vec<offer_session::Model>>, StoreError> {
    let mut by_offer: BTreeMap<Uuid, Vec<offer_session::Model>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(by_offer);
    }
    let rows = offer_session::Entity::find()
        .filter(offer_session::Column::OfferId.is_in(ids.iter().copied()))
        .order_by_asc(offer_session::Column::OfferId)
        .order_by_asc(offer_session::Column::Position)
        .all(conn)
        .await?;
    for row in rows {
        by_offer.entry(row.offer_id).or_default().push(row);
    }
    Ok(by_offer)
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Offer>, StoreError> {
    let Some(offer) = Entity::find_by_id(id).one(conn).await? else { return Ok(None) };
    let areas = areas_of(conn, &[id]).await?.remove(&id).unwrap_or_default();
    let sessions = sessions_of(conn, &[id]).await?.remove(&id).unwrap_or_default();
    Ok(Some(Offer { offer, areas, sessions }))
}

/// Published offers that start after `now`, whose enrolment is still open,
/// and that cover at least one of `areas`.
pub async fn open_covering(
    conn: &impl ConnectionTrait,
    areas: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<Offer>, StoreError> {
    let with_area = Query::select()
        .column(offer_area::Column::OfferId)
        .from(offer_area::Entity)
        .and_where(offer_area::Column::Area.is_in(areas.iter().cloned()))
        .to_owned();
    let today = now.date_naive();
    let rows = Entity::find()
        .filter(Column::Status.eq(OfferStatus::Published.as_str()))
        .filter(Column::StartsAt.gt(now))
        .filter(Condition::any().add(Column::EnrolmentDeadline.is_null()).add(Column::EnrolmentDeadline.gte(today)))
        .filter(Column::Id.in_subquery(with_area))
        .order_by_asc(Column::StartsAt)
        .limit(500)
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|o| o.id).collect();
    let (mut areas, mut sessions) = (areas_of(conn, &ids).await?, sessions_of(conn, &ids).await?);
    Ok(rows
        .into_iter()
        .map(|offer| Offer {
            areas: areas.remove(&offer.id).unwrap_or_default(),
            sessions: sessions.remove(&offer.id).unwrap_or_default(),
            offer,
        })
        .collect())
}

/// The offer columns its content sets.
fn content_row(content: &OfferContent) -> training_offer::ActiveModel {
    training_offer::ActiveModel {
        title_folded: Set(fold(&content.title)),
        title: Set(content.title.clone()),
        description: Set(content.description.clone()),
        format: Set(content.format.as_str().to_owned()),
        municipality: Set(content.municipality.as_ref().map(|m| m.to_string())),
        venue: Set(content.venue.clone()),
        seats: Set(content.seats),
        price_sek: Set(content.price_sek),
        language: Set(content.language.as_str().to_owned()),
        enrolment_deadline: Set(content.enrolment_deadline),
        starts_at: content.starts_at().map_or(NotSet, Set),
        ..<training_offer::ActiveModel as Default>::default()
    }
}

/// The session rows of an offer, in order.
pub fn session_rows(offer_id: Uuid, content: &OfferContent) -> Vec<offer_session::ActiveModel> {
    content
        .sessions
        .iter()
        .enumerate()
        .map(|(i, (starts_at, ends_at))| offer_session::ActiveModel {
            id: Set(Uuid::now_v7()),
            offer_id: Set(offer_id),
            position: Set(i as i32),
            starts_at: Set(*starts_at),
            ends_at: Set(*ends_at),
        })
        .collect()
}

/// The area rows of an offer.
pub fn area_rows(offer_id: Uuid, content: &OfferContent) -> Vec<offer_area::ActiveModel> {
    content
        .areas
        .iter()
        .map(|a| offer_area::ActiveModel { offer_id: Set(offer_id), area: Set(a.to_string()) })
        .collect()
}

/// The row of a new offer.
pub fn new_row(id: Uuid, offer: &NewOffer, now: DateTime<Utc>) -> training_offer::ActiveModel {
    training_offer::ActiveModel {
        id: Set(id),
        provider: Set(offer.provider.clone()),
        seats_taken: Set(0),
        status: Set(offer.status.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..content_row(&offer.content)
    }
}

/// Adds an offer with its areas and sessions.
pub async fn create(conn: &impl ConnectionTrait, offer: NewOffer) -> Result<Offer, StoreError> {
    create_with_id(conn, Uuid::now_v7(), offer).await
}

/// Adds an offer with a given id (demo data).
pub async fn create_with_id(conn: &impl ConnectionTrait, id: Uuid, offer: NewOffer) -> Result<Offer, StoreError> {
    new_row(id, &offer, Utc::now()).insert(conn).await?;
    let areas: Vec<String> = offer.content.areas.iter().map(|a| a.to_string()).collect();
    replace_parts(conn, id, Some(&areas), Some(session_rows(id, &offer.content))).await?;
    get(conn, id).await?.ok_or_else(|| StoreError::Other(sea_orm::DbErr::RecordNotFound("offer".into())))
}

/// Which parts of an offer a change replaces beside its columns.
#[derive(Debug, Clone, Copy, Default)]
pub struct Replace {
    pub areas: bool,
    pub sessions: bool,
}

/// Writes an offer's whole content and status when it still has the
/// version of `current`. A cancelled offer holds no seats.
pub async fn update(
    conn: &impl ConnectionTrait,
    current: &training_offer::Model,
    status: OfferStatus,
    content: OfferContent,
    replace: Replace,
) -> Result<Option<Offer>, StoreError> {
    let mut row = training_offer::ActiveModel { status: Set(status.as_str().to_owned()), ..content_row(&content) };
    if status == OfferStatus::Cancelled {
        row.seats_taken = Set(0);
    }
    let key = Column::Id.eq(current.id);
    if !versioned::update(conn, row, key, Column::Version, Column::UpdatedAt, current.version).await? {
        return Ok(None);
    }
    let areas: Vec<String> = content.areas.iter().map(|a| a.to_string()).collect();
    let areas = replace.areas.then_some(areas.as_slice());
    let sessions = replace.sessions.then(|| session_rows(current.id, &content));
    replace_parts(conn, current.id, areas, sessions).await?;
    get(conn, current.id).await
}

async fn replace_parts(
    conn: &impl ConnectionTrait,
    id: Uuid,
    areas: Option<&[String]>,
    sessions: Option<Vec<offer_session::ActiveModel>>,
) -> Result<(), StoreError> {
    if let Some(areas) = areas {
        offer_area::Entity::delete_many().filter(offer_area::Column::OfferId.eq(id)).exec(conn).await?;
        let rows: Vec<_> = areas
            .iter()
            .map(|a| offer_area::ActiveModel { offer_id: sea_orm::Set(id), area: sea_orm::Set(a.clone()) })
            .collect();
        if !rows.is_empty() {
            offer_area::Entity::insert_many(rows).exec(conn).await?;
        }
    }
    if let Some(sessions) = sessions {
        offer_session::Entity::delete_many().filter(offer_session::Column::OfferId.eq(id)).exec(conn).await?;
        if !sessions.is_empty() {
            offer_session::Entity::insert_many(sessions).exec(conn).await?;
        }
    }
    Ok(())
}

/// Deletes the offer (its areas and sessions go with it).
pub async fn delete(conn: &impl ConnectionTrait, id: Uuid, expected_version: i32) -> Result<bool, StoreError> {
    offer_area::Entity::delete_many().filter(offer_area::Column::OfferId.eq(id)).exec(conn).await?;
    offer_session::Entity::delete_many().filter(offer_session::Column::OfferId.eq(id)).exec(conn).await?;
    versioned::delete::<Entity>(conn, Column::Id.eq(id), Column::Version, expected_version).await
}

/// Takes `seats` seats of a published offer if they are free — in one
/// conditional update, so that concurrent enrolments can never overbook:
/// the database re-checks `seats_taken + n <= seats` on the row it locks.
pub async fn take_seats(conn: &impl ConnectionTrait, id: Uuid, seats: i32) -> Result<bool, StoreError> {
    let open = Condition::all().add(Column::Status.eq(OfferStatus::Published.as_str()));
    SEATS.take(conn, id, seats, open).await
}

/// Gives `seats` seats back.
pub async fn free_seats(conn: &impl ConnectionTrait, id: Uuid, seats: i32) -> Result<(), StoreError> {
    SEATS.give_back(conn, id, seats).await
}

const SEATS: Counter<Entity> = Counter { id: Column::Id, taken: Column::SeatsTaken, limit: Column::Seats };

/// Locks the offer row for the rest of the transaction (PostgreSQL; SQLite's
/// write transaction already holds the database), so that seat changes on
/// one offer are applied one after the other.
pub async fn lock(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).lock_exclusive().one(conn).await?)
}
