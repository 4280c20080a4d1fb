//! Company networks and their members; the attendance and feedback of
//! network meetings.

use crate::entities::{company, meeting_feedback, network, network_meeting, network_member, registration};
use crate::{StoreError, versioned};
use chrono::{NaiveDate, Utc};
use samverka_domain::networks::{Feedback, NetworkChanges, NewNetwork};
use samverka_domain::page::{Page, PageRequest};
use samverka_domain::policy::MemberScope;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A network with its number of (live) member companies.
#[derive(Debug, Clone)]
pub struct Network {
    pub network: network::Model,
    pub member_count: i64,
}

fn live_members() -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(company::Column::Id)
        .from(company::Entity)
        .and_where(company::Column::DeletedAt.is_null())
        .to_owned()
}

async fn counts(conn: &impl ConnectionTrait, ids: &[Uuid]) -> Result<BTreeMap<Uuid, i64>, StoreError> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let rows: Vec<(Uuid, i64)> = network_member::Entity::find()
        .select_only()
        .column(network_member::Column::NetworkId)
        .column_as(network_member::Column::CompanyId.count(), "members")
        .filter(network_member::Column::NetworkId.is_in(ids.iter().copied()))
        .filter(network_member::Column::CompanyId.in_subquery(live_members()))
        .group_by(network_member::Column::NetworkId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// One keyset page of networks by name, of `municipalities` (all when empty).
pub async fn list(
    conn: &impl ConnectionTrait,
    municipalities: &[String],
    page: &PageRequest<(String, Uuid)>,
) -> Result<Page<Network>, StoreError> {
    use network::{Column, Entity};
    let mut query = Entity::find().order_by_asc(Column::Name).order_by_asc(Column::Id).limit(page.limit + 1);
    if let Some((name, id)) = &page.after {
        let key = Expr::tuple([Expr::value(name.clone()), Expr::value(*id)]);
        query = query.filter(Expr::tuple([Expr::col(Column::Name), Expr::col(Column::Id)]).gt(key));
    }
    if !municipalities.is_empty() {
        query = query.filter(Column::Municipality.is_in(municipalities.iter().cloned()));
    }
    let rows = query.all(conn).await?;
    let page = Page::from_rows(rows, page.limit, |n| (n.name.clone(), n.id));
    let counts = counts(conn, &page.items.iter().map(|n| n.id).collect::<Vec<_>>()).await?;
    Ok(page.map(|network| Network { member_count: counts.get(&network.id).copied().unwrap_or(0), network }))
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Network>, StoreError> {
    let Some(network) = network::Entity::find_by_id(id).one(conn).await? else { return Ok(None) };
    let member_count = counts(conn, &[id]).await?.get(&id).copied().unwrap_or(0);
    Ok(Some(Network { network, member_count }))
}

pub async fn create(conn: &impl ConnectionTrait, new: NewNetwork) -> Result<Network, StoreError> {
    create_with_id(conn, Uuid::now_v7(), new).await
}

/// Adds a network with a given id (demo data).
pub async fn create_with_id(conn: &impl ConnectionTrait, id: Uuid, new: NewNetwork) -> Result<Network, StoreError> {
    let now = Utc::now();
    let network = network::ActiveModel {
        id: Set(id),
        name: Set(new.name),
        purpose: Set(new.purpose),
        municipality: Set(new.municipality.to_string()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(conn)
    .await?;
    Ok(Network { network, member_count: 0 })
}

pub async fn update(
    conn: &impl ConnectionTrait,
    current: &network::Model,
    changes: NetworkChanges,
) -> Result<Option<Network>, StoreError> {
    let row = network::ActiveModel {
        name: changes.name.map_or(NotSet, Set),
        purpose: changes.purpose.map_or(NotSet, Set),
        ..<network::ActiveModel as Default>::default()
    };
    let key = (network::Column::Id, current.id);
    if versioned::update_one::<network::Entity, _>(conn, row, key, current.version).await?.is_none() {
        return Ok(None);
    }
    get(conn, current.id).await
}

/// Deletes a network when it still has `expected_version`: its members go,
/// its meetings stay (no longer of a network).
pub async fn delete(conn: &impl ConnectionTrait, id: Uuid, expected_version: i32) -> Result<bool, StoreError> {
    network_member::Entity::delete_many().filter(network_member::Column::NetworkId.eq(id)).exec(conn).await?;
    network_meeting::Entity::update_many()
        .col_expr(network_meeting::Column::NetworkId, Expr::value(Option::<Uuid>::None))
        .filter(network_meeting::Column::NetworkId.eq(id))
        .exec(conn)
        .await?;
    versioned::delete::<network::Entity>(conn, network::Column::Id.eq(id), network::Column::Version, expected_version)
        .await
}

/// A member company: its id, name, whether it is listed, and when it joined.
#[derive(Debug, Clone)]
pub struct Member {
    pub company_id: Uuid,
    pub name: String,
    pub joined_on: NaiveDate,
}

type MemberRow = (Uuid, NaiveDate, String);

/// A network's live members with their names, by company id.
fn member_query(network_id: Uuid) -> sea_orm::Select<network_member::Entity> {
    use network_member::{Column, Entity};
    let mut query = Entity::find()
        .select_only()
        .columns([Column::CompanyId, Column::JoinedOn])
        .column(company::Column::Name)
        .filter(Column::NetworkId.eq(network_id))
        .filter(company::Column::DeletedAt.is_null())
        .order_by_asc(Column::CompanyId);
    QueryTrait::query(&mut query).inner_join(
        company::Entity,
        Expr::col((company::Entity, company::Column::Id)).equals((Entity, Column::CompanyId)),
    );
    query
}

fn member((company_id, joined_on, name): MemberRow) -> Member {
    Member { company_id, name, joined_on }
}

/// One keyset page of a network's (live) members by company id, as `scope` allows.
pub async fn members(
    conn: &impl ConnectionTrait,
    network_id: Uuid,
    scope: &MemberScope,
    page: &PageRequest<Uuid>,
) -> Result<Page<Member>, StoreError> {
    let mut query = member_query(network_id).limit(page.limit + 1);
    if let MemberScope::ListedOr(own) = scope {
        query = query.filter(Condition::any().add(company::Column::Listed.eq(true)).add(company::Column::Id.eq(*own)));
    }
    if let Some(after) = page.after {
        query = query.filter(network_member::Column::CompanyId.gt(after));
    }
    let rows: Vec<MemberRow> = query.into_tuple().all(conn).await?;
    let members = rows.into_iter().map(member).collect();
    Ok(Page::from_rows(members, page.limit, |m| m.company_id))
}

/// One member of a network.
pub async fn member_of(
    conn: &impl ConnectionTrait,
    network_id: Uuid,
    company_id: Uuid,
) -> Result<Option<Member>, StoreError> {
    let query = member_query(network_id).filter(network_member::Column::CompanyId.eq(company_id));
    let row: Option<MemberRow> = query.into_tuple().one(conn).await?;
    Ok(row.map(member))
}

/// Adds a company to a network (today); false when it is a member already.
pub async fn add_member(conn: &impl ConnectionTrait, network_id: Uuid, company_id: Uuid) -> Result<bool, StoreError> {
    add_member_on(conn, network_id, company_id, Utc::now().date_naive()).await
}

/// Adds a company to a network as of `joined_on` (demo data).
pub async fn add_member_on(
    conn: &impl ConnectionTrait,
    network_id: Uuid,
    company_id: Uuid,
    joined_on: NaiveDate,
) -> Result<bool, StoreError> {
    if network_member::Entity::find_by_id((network_id, company_id)).one(conn).await?.is_some() {
        return Ok(false);
    }
    network_member::ActiveModel { network_id: Set(network_id), company_id: Set(company_id), joined_on: Set(joined_on) }
        .insert(conn)
        .await?;
    Ok(true)
}

/// Takes a company off a network; false when it was no member.
pub async fn remove_member(
    conn: &impl ConnectionTrait,
    network_id: Uuid,
    company_id: Uuid,
) -> Result<bool, StoreError> {
    let result = network_member::Entity::delete_by_id((network_id, company_id)).exec(conn).await?;
    Ok(result.rows_affected > 0)
}

/// The networks a company is a member of.
pub async fn networks_of(conn: &impl ConnectionTrait, company_id: Uuid) -> Result<Vec<Uuid>, StoreError> {
    Ok(network_member::Entity::find()
        .select_only()
        .column(network_member::Column::NetworkId)
        .filter(network_member::Column::CompanyId.eq(company_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Records who of a registration's attendees attended.
pub async fn record_attendance(
    conn: &impl ConnectionTrait,
    registration_id: Uuid,
    attended: &[bool],
) -> Result<(), StoreError> {
    let json = serde_json::to_string(attended).map_err(|e| StoreError::Other(sea_orm::DbErr::Custom(e.to_string())))?;
    registration::Entity::update_many()
        .col_expr(registration::Column::Attended, Expr::value(Some(json)))
        .filter(registration::Column::Id.eq(registration_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Whether `company_id` attended meeting `meeting_id`: one of its
/// registrations has an attendee the host marked as attended.
pub async fn attended(conn: &impl ConnectionTrait, meeting_id: Uuid, company_id: Uuid) -> Result<bool, StoreError> {
    let marks: Vec<Option<String>> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Attended)
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::CompanyId.eq(company_id))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(marks.iter().flatten().any(|m| serde_json::from_str::<Vec<bool>>(m).unwrap_or_default().contains(&true)))
}

/// Whether the company has given feedback on the meeting.
pub async fn feedback_given(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
    company_id: Uuid,
) -> Result<bool, StoreError> {
    Ok(meeting_feedback::Entity::find_by_id((meeting_id, company_id)).count(conn).await? > 0)
}

/// Records a company's feedback on a meeting (once: the key is the pair).
pub async fn give_feedback(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
    company_id: Uuid,
    feedback: Feedback,
) -> Result<(), StoreError> {
    meeting_feedback::ActiveModel {
        meeting_id: Set(meeting_id),
        company_id: Set(company_id),
        rating: Set(feedback.rating),
        comment: Set(feedback.comment),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The feedback on one meeting: how many gave it, their mean rating, and
/// the comments (oldest first, without who wrote them).
pub async fn feedback_summary(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
) -> Result<(u64, Option<f64>, Vec<String>), StoreError> {
    let rows = meeting_feedback::Entity::find()
        .filter(meeting_feedback::Column::MeetingId.eq(meeting_id))
        .order_by_asc(meeting_feedback::Column::CreatedAt)
        .all(conn)
        .await?;
    let count = rows.len() as u64;
    let mean = (count > 0).then(|| rows.iter().map(|r| f64::from(r.rating)).sum::<f64>() / count as f64);
    Ok((count, mean, rows.into_iter().filter_map(|r| r.comment).collect()))
}
