//! Enrolments and their participants. Seats are taken with
//! [`crate::training_offers::take_seats`]; this module keeps the enrolment
//! rows, the waiting list (in enrolment order) and attendance.

use crate::entities::{enrolment, enrolment_need, need, participant};
use crate::{StoreError, training_offers};
use samverka_domain::needs::NeedStatus;
use samverka_domain::offers::{EnrolmentStatus, NewParticipant};

use samverka_domain::page::{Page, PageRequest};
use samverka_domain::policy::EnrolmentScope;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use std::collections::BTreeMap;
use uuid::Uuid;

use enrolment::{Column, Entity, Model};

/// An enrolment with its participants (in order) and, when waitlisted, its
/// place in the queue (1 = next).
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub enrolment: Model,
    pub participants: Vec<participant::Model>,
    pub waitlist_position: Option<u64>,
    /// The needs (of the company's analyses) it addresses.
    pub need_ids: Vec<Uuid>,
}

async fn needs_of(conn: &impl ConnectionTrait, ids: &[Uuid]) -> Result<BTreeMap<Uuid, Vec<Uuid>>, StoreError> {
    let mut by_enrolment: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(by_enrolment);
    }
    let rows = enrolment_need::Entity::find()
        .filter(enrolment_need::Column::EnrolmentId.is_in(ids.iter().copied()))
        .order_by_asc(enrolment_need::Column::NeedId)
        .all(conn)
        .await?;
    for row in rows {
        by_enrolment.entry(row.enrolment_id).or_default().push(row.need_id);
    }
    Ok(by_enrolment)
}

/// Records which needs an enrolment addresses; a confirmed enrolment moves
/// the open ones among them to `addressed`.
pub async fn address(conn: &impl ConnectionTrait, enrolment: &Model, need_ids: &[Uuid]) -> Result<(), StoreError> {
    let rows = need_ids
        .iter()
        .map(|need| enrolment_need::ActiveModel { enrolment_id: Set(enrolment.id), need_id: Set(*need) });
    enrolment_need::Entity::insert_many(rows).exec(conn).await?;
    if enrolment.status == EnrolmentStatus::Confirmed.as_str() {
        mark_addressed(conn, enrolment.id).await?;
    }
    Ok(())
}

/// The open needs an enrolment addresses become `addressed` (it is confirmed).
async fn mark_addressed(conn: &impl ConnectionTrait, enrolment_id: Uuid) -> Result<(), StoreError> {
    let addressed = sea_orm::sea_query::Query::select()
        .column(enrolment_need::Column::NeedId)
        .from(enrolment_need::Entity)
        .and_where(enrolment_need::Column::EnrolmentId.eq(enrolment_id))
        .to_owned();
    need::Entity::update_many()
        .col_expr(need::Column::Status, sea_orm::sea_query::Expr::value(NeedStatus::Addressed.as_str()))
        .filter(need::Column::Status.eq(NeedStatus::Open.as_str()))
        .filter(need::Column::Id.in_subquery(addressed))
        .exec(conn)
        .await?;
    Ok(())
}

async fn participants_of(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<BTreeMap<Uuid, Vec<participant::Model>>, StoreError> {
    let mut by_enrolment: BTreeMap<Uuid, Vec<participant::Model>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(by_enrolment);
    }
    let rows = participant::Entity::find()
        .filter(participant::Column::EnrolmentId.is_in(ids.iter().copied()))
        .order_by_asc(participant::Column::EnrolmentId)
        .order_by_asc(participant::Column::Position)
        .all(conn)
        .await?;
    for row in rows {
        by_enrolment.entry(row.enrolment_id).or_default().push(row);
    }
    Ok(by_enrolment)
}

/// The place of a waitlisted enrolment: 1 + the waitlisted ones before it.
async fn position(conn: &impl ConnectionTrait, e: &Model) -> Result<Option<u64>, StoreError> {
    if e.status != EnrolmentStatus::Waitlisted.as_str() {
        return Ok(None);
    }
    let before = Entity::find()
        .filter(Column::OfferId.eq(e.offer_id))
        .filter(Column::Status.eq(EnrolmentStatus::Waitlisted.as_str()))
        .filter(Column::Id.lt(e.id))
        .count(conn)
        .await?;
    Ok(Some(before + 1))
}

async fn complete(conn: &impl ConnectionTrait, rows: Vec<Model>) -> Result<Vec<Enrolment>, StoreError> {
    let ids: Vec<Uuid> = rows.iter().map(|e| e.id).collect();
    let mut participants = participants_of(conn, &ids).await?;
    let mut needs = needs_of(conn, &ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for enrolment in rows {
        let waitlist_position = position(conn, &enrolment).await?;
        out.push(Enrolment {
            participants: participants.remove(&enrolment.id).unwrap_or_default(),
            need_ids: needs.remove(&enrolment.id).unwrap_or_default(),
            enrolment,
            waitlist_position,
        });
    }
    Ok(out)
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Enrolment>, StoreError> {
    let Some(row) = Entity::find_by_id(id).one(conn).await? else { return Ok(None) };
    Ok(complete(conn, vec![row]).await?.pop())
}

/// The enrolments of an offer that a reader with `scope` reads, in enrolment order.
pub async fn list_for_offer(
    conn: &impl ConnectionTrait,
    offer_id: Uuid,
    scope: &EnrolmentScope,
    page: &PageRequest<Uuid>,
) -> Result<Page<Enrolment>, StoreError> {
    let mut query = Entity::find().filter(Column::OfferId.eq(offer_id)).order_by_asc(Column::Id).limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(Column::Id.gt(after));
    }
    match scope {
        EnrolmentScope::All => {}
        EnrolmentScope::Company(company) => query = query.filter(Column::CompanyId.eq(*company)),
        EnrolmentScope::CompaniesIn(codes) => {
            query = query.filter(Column::CompanyId.in_subquery(crate::companies::ids_in(codes)));
        }
    }
    let rows = query.all(conn).await?;
    let page = Page::from_rows(rows, page.limit, |e| e.id);
    let next_cursor = page.next_cursor.clone();
    let items = complete(conn, page.items).await?;
    Ok(Page { items, next_cursor })
}

/// The row of a new enrolment (its seats: one per participant).
pub fn new_row(
    id: Uuid,
    (offer_id, company_id): (Uuid, Uuid),
    created_by: Option<Uuid>,
    status: EnrolmentStatus,
    seats: usize,
    now: chrono::DateTime<chrono::Utc>,
) -> enrolment::ActiveModel {
    enrolment::ActiveModel {
        id: Set(id),
        offer_id: Set(offer_id),
        company_id: Set(company_id),
        status: Set(status.as_str().to_owned()),
        seats: Set(seats as i32),
        created_by: Set(created_by),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
}

/// The participant rows of an enrolment, in list order.
pub fn participant_rows(
    enrolment_id: Uuid,
    (offer_id, company_id): (Uuid, Uuid),
    people: Vec<NewParticipant>,
) -> Vec<participant::ActiveModel> {
    people
        .into_iter()
        .enumerate()
        .map(|(i, p)| participant::ActiveModel {
            id: Set(Uuid::now_v7()),
            enrolment_id: Set(enrolment_id),
            offer_id: Set(offer_id),
            company_id: Set(company_id),
            position: Set(i as i32),
            name: Set(p.name),
            email: Set(p.email.map(|e| e.as_str().to_owned())),
            gender: Set(p.gender.as_str().to_owned()),
            hours_attended: Set(None),
            age_band: Set(p.age_band.map(|a| a.as_str().to_owned())),
            active: Set(true),
        })
        .collect()
}

/// Enrols `people` of a company in an offer, confirmed or waitlisted (the
/// caller has taken the seats, or not, with [`training_offers::take_seats`]).
pub async fn create(
    conn: &impl ConnectionTrait,
    (offer_id, company_id): (Uuid, Uuid),
    created_by: Option<Uuid>,
    status: EnrolmentStatus,
    people: Vec<NewParticipant>,
) -> Result<Enrolment, StoreError> {
    let id = Uuid::now_v7();
    let row = new_row(id, (offer_id, company_id), created_by, status, people.len(), chrono::Utc::now());
    insert_rows(conn, row, participant_rows(id, (offer_id, company_id), people)).await
}

/// Inserts an enrolment's rows as they are (demo data with its history).
pub async fn insert_rows(
    conn: &impl ConnectionTrait,
    enrolment: enrolment::ActiveModel,
    participants: Vec<participant::ActiveModel>,
) -> Result<Enrolment, StoreError> {
    let enrolment = enrolment.insert(conn).await?;
    if !participants.is_empty() {
        participant::Entity::insert_many(participants).exec(conn).await?;
    }
    get(conn, enrolment.id).await?.ok_or_else(|| StoreError::Other(sea_orm::DbErr::RecordNotFound("enrolment".into())))
}

/// Moves an enrolment from `from` to `to` if it is still in `from`.
pub async fn set_status(
    conn: &impl ConnectionTrait,
    id: Uuid,
    from: EnrolmentStatus,
    to: EnrolmentStatus,
) -> Result<bool, StoreError> {
    let (from, to) = (from.as_str(), to.as_str());
    let result = Entity::update_many()
        .col_expr(Column::Status, sea_orm::sea_query::Expr::value(to))
        .col_expr(Column::UpdatedAt, sea_orm::sea_query::Expr::value(chrono::Utc::now()))
        .col_expr(Column::Version, sea_orm::sea_query::Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq(from))
        .exec(conn)
        .await?;
    if to == EnrolmentStatus::Confirmed.as_str() && result.rows_affected == 1 {
        mark_addressed(conn, id).await?;
    }
    if to == EnrolmentStatus::Cancelled.as_str() && result.rows_affected == 1 {
        participant::Entity::update_many()
            .col_expr(participant::Column::Active, sea_orm::sea_query::Expr::value(false))
            .filter(participant::Column::EnrolmentId.eq(id))
            .exec(conn)
            .await?;
    }
    Ok(result.rows_affected == 1)
}

/// Promotes waitlisted enrolments of the offer in order, each whose whole
/// group fits the seats left (a group that does not fit waits, and a
/// smaller one behind it may pass). The ids promoted.
pub async fn promote(conn: &impl ConnectionTrait, offer_id: Uuid) -> Result<Vec<Uuid>, StoreError> {
    let waiting = Entity::find()
        .filter(Column::OfferId.eq(offer_id))
        .filter(Column::Status.eq(EnrolmentStatus::Waitlisted.as_str()))
        .order_by_asc(Column::Id)
        .all(conn)
        .await?;
    let mut promoted = Vec::new();
    for enrolment in waiting {
        if training_offers::take_seats(conn, offer_id, enrolment.seats).await? {
            if set_status(conn, enrolment.id, EnrolmentStatus::Waitlisted, EnrolmentStatus::Confirmed).await? {
                promoted.push(enrolment.id);
            } else {
                // Cancelled meanwhile: the seats go back.
                training_offers::free_seats(conn, offer_id, enrolment.seats).await?;
            }
        }
    }
    Ok(promoted)
}

/// Cancels every active enrolment of an offer (the offer is cancelled).
pub async fn cancel_all(conn: &impl ConnectionTrait, offer_id: Uuid) -> Result<Vec<Uuid>, StoreError> {
    let ids: Vec<Uuid> = Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::OfferId.eq(offer_id))
        .filter(Column::Status.is_in([EnrolmentStatus::Confirmed.as_str(), EnrolmentStatus::Waitlisted.as_str()]))
        .into_tuple()
        .all(conn)
        .await?;
    for id in &ids {
        for from in [EnrolmentStatus::Confirmed, EnrolmentStatus::Waitlisted] {
            set_status(conn, *id, from, EnrolmentStatus::Cancelled).await?;
        }
    }
    Ok(ids)
}

/// Counts the confirmed enrolments of an offer.
pub async fn count_confirmed(conn: &impl ConnectionTrait, offer_id: Uuid) -> Result<u64, StoreError> {
    Ok(Entity::find()
        .filter(Column::OfferId.eq(offer_id))
        .filter(Column::Status.eq(EnrolmentStatus::Confirmed.as_str()))
        .count(conn)
        .await?)
}

/// Removes every enrolment of an offer (the offer is deleted; none is confirmed).
pub async fn delete_for_offer(conn: &impl ConnectionTrait, offer_id: Uuid) -> Result<(), StoreError> {
    let ids: Vec<Uuid> = Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::OfferId.eq(offer_id))
        .into_tuple()
        .all(conn)
        .await?;
    if !ids.is_empty() {
        participant::Entity::delete_many()
            .filter(participant::Column::EnrolmentId.is_in(ids.clone()))
            .exec(conn)
            .await?;
        Entity::delete_many().filter(Column::Id.is_in(ids)).exec(conn).await?;
    }
    Ok(())
}

/// Renames participants and records hours attended, and bumps the
/// enrolment's version, when it still has `expected_version`.
pub async fn change_participants(
    conn: &impl ConnectionTrait,
    id: Uuid,
    names: &[(Uuid, String)],
    hours: &[(Uuid, f64)],
    expected_version: i32,
) -> Result<bool, StoreError> {
    let result = Entity::update_many()
        .col_expr(Column::Version, sea_orm::sea_query::Expr::value(expected_version + 1))
        .col_expr(Column::UpdatedAt, sea_orm::sea_query::Expr::value(chrono::Utc::now()))
        .filter(Column::Id.eq(id))
        .filter(Column::Version.eq(expected_version))
        .exec(conn)
        .await?;
    if result.rows_affected == 0 {
        return Ok(false);
    }
    for (participant_id, name) in names {
        participant::ActiveModel { id: Set(*participant_id), name: Set(name.clone()), ..Default::default() }
            .update(conn)
            .await?;
    }
    for (participant_id, h) in hours {
        participant::ActiveModel { id: Set(*participant_id), hours_attended: Set(Some(*h)), ..Default::default() }
            .update(conn)
            .await?;
    }
    Ok(true)
}
