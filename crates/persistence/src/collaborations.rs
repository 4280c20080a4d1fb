//! Collaborations with their member municipalities and coordinators; the
//! shared set of an officer (the municipalities it shares a running
//! collaboration with); `partner` on a municipality as membership of
//! #Attraktivindustri, kept in step both ways.

use crate::entities::{collaboration, collaboration_coordinator, collaboration_municipality, municipality};
use crate::{StoreError, versioned};
use chrono::{NaiveDate, Utc};
use samverka_domain::collaborations::NewCollaboration;
use samverka_domain::municipality::Kommunkod;
use samverka_domain::page::{Page, PageRequest};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The id of #Attraktivindustri: `partner: true` means membership of it.
pub fn attraktivindustri() -> Uuid {
    Uuid::parse_str(samverka_migration::ATTRAKTIVINDUSTRI).unwrap_or_default()
}

/// A collaboration with its members (kommunkoder, in order) and coordinators.
#[derive(Debug, Clone)]
pub struct Collaboration {
    pub collaboration: collaboration::Model,
    pub municipalities: Vec<String>,
    pub coordinators: Vec<Uuid>,
}

/// The list's filters: member municipality; running on a day.
#[derive(Debug, Clone, Default)]
pub struct CollaborationFilter {
    pub municipality: Option<Kommunkod>,
    pub running_on: Option<NaiveDate>,
}

fn running(day: NaiveDate) -> Condition {
    Condition::all()
        .add(collaboration::Column::StartsOn.lte(day))
        .add(Condition::any().add(collaboration::Column::EndsOn.is_null()).add(collaboration::Column::EndsOn.gte(day)))
}

async fn with_members(
    conn: &impl ConnectionTrait,
    rows: Vec<collaboration::Model>,
) -> Result<Vec<Collaboration>, StoreError> {
    let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
    let mut members: BTreeMap<Uuid, Vec<String>> = BTreeMap::new();
    let mut coordinators: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    if !ids.is_empty() {
        for m in collaboration_municipality::Entity::find()
            .filter(collaboration_municipality::Column::CollaborationId.is_in(ids.iter().copied()))
            .order_by_asc(collaboration_municipality::Column::Municipality)
            .all(conn)
            .await?
        {
            members.entry(m.collaboration_id).or_default().push(m.municipality.trim().to_owned());
        }
        for c in collaboration_coordinator::Entity::find()
            .filter(collaboration_coordinator::Column::CollaborationId.is_in(ids.iter().copied()))
            .order_by_asc(collaboration_coordinator::Column::UserId)
            .all(conn)
            .await?
        {
            coordinators.entry(c.collaboration_id).or_default().push(c.user_id);
        }
    }
    Ok(rows
        .into_iter()
        .map(|collaboration| Collaboration {
            municipalities: members.remove(&collaboration.id).unwrap_or_default(),
            coordinators: coordinators.remove(&collaboration.id).unwrap_or_default(),
            collaboration,
        })
        .collect())
}

/// One keyset page of collaborations, by start (latest first) and id.
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &CollaborationFilter,
    page: &PageRequest<(NaiveDate, Uuid)>,
) -> Result<Page<Collaboration>, StoreError> {
    use collaboration::{Column, Entity};
    let mut query = Entity::find().order_by_desc(Column::StartsOn).order_by_desc(Column::Id).limit(page.limit + 1);
    if let Some((starts, id)) = &page.after {
        let key = Expr::tuple([Expr::value(*starts), Expr::value(*id)]);
        query = query.filter(Expr::tuple([Expr::col(Column::StartsOn), Expr::col(Column::Id)]).lt(key));
    }
    if let Some(code) = &filter.municipality {
        let members = Query::select()
            .column(collaboration_municipality::Column::CollaborationId)
            .from(collaboration_municipality::Entity)
            .and_where(collaboration_municipality::Column::Municipality.eq(code.as_str()))
            .to_owned();
        query = query.filter(Column::Id.in_subquery(members));
    }
    if let Some(day) = filter.running_on {
        query = query.filter(running(day));
    }
    let rows = query.all(conn).await?;
    let page = Page::from_rows(rows, page.limit, |c| (c.starts_on, c.id));
    let next_cursor = page.next_cursor.clone();
    let items = with_members(conn, page.items).await?;
    Ok(Page { items, next_cursor })
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Collaboration>, StoreError> {
    let Some(row) = collaboration::Entity::find_by_id(id).one(conn).await? else { return Ok(None) };
    Ok(with_members(conn, vec![row]).await?.pop())
}

async fn replace_members(conn: &impl ConnectionTrait, id: Uuid, new: &NewCollaboration) -> Result<(), StoreError> {
    collaboration_municipality::Entity::delete_many()
        .filter(collaboration_municipality::Column::CollaborationId.eq(id))
        .exec(conn)
        .await?;
    collaboration_coordinator::Entity::delete_many()
        .filter(collaboration_coordinator::Column::CollaborationId.eq(id))
        .exec(conn)
        .await?;
    if !new.municipalities.is_empty() {
        collaboration_municipality::Entity::insert_many(new.municipalities.iter().map(|code| {
            collaboration_municipality::ActiveModel { collaboration_id: Set(id), municipality: Set(code.to_string()) }
        }))
        .exec(conn)
        .await?;
    }
    if !new.coordinators.is_empty() {
        collaboration_coordinator::Entity::insert_many(
            new.coordinators
                .iter()
                .map(|user| collaboration_coordinator::ActiveModel { collaboration_id: Set(id), user_id: Set(*user) }),
        )
        .exec(conn)
        .await?;
    }
    if id == attraktivindustri() {
        mirror_partners(conn, &new.municipalities).await?;
    }
    Ok(())
}

/// `partner` on each municipality as membership of #Attraktivindustri now
/// says: rows that change get a new version.
async fn mirror_partners(conn: &impl ConnectionTrait, members: &[Kommunkod]) -> Result<(), StoreError> {
    let codes: Vec<&str> = members.iter().map(Kommunkod::as_str).collect();
    let now = Utc::now();
    for (partner, condition) in [
        (true, Condition::all().add(municipality::Column::Code.is_in(codes.clone()))),
        (false, Condition::all().add(municipality::Column::Code.is_not_in(codes.clone()))),
    ] {
        municipality::Entity::update_many()
            .col_expr(municipality::Column::Partner, Expr::value(partner))
            .col_expr(municipality::Column::UpdatedAt, Expr::value(now))
            .col_expr(municipality::Column::Version, Expr::col(municipality::Column::Version).add(1))
            .filter(condition.add(municipality::Column::Partner.ne(partner)))
            .exec(conn)
            .await?;
    }
    Ok(())
}

fn row(id: Uuid, new: &NewCollaboration) -> collaboration::ActiveModel {
    collaboration::ActiveModel {
        id: Set(id),
        name: Set(new.name.clone()),
        funder: Set(new.funder.clone()),
        reference: Set(new.reference.clone()),
        budget_sek: Set(new.budget_sek),
        hourly_rate_sek: Set(new.hourly_rate_sek),
        starts_on: Set(new.starts_on),
        ends_on: Set(new.ends_on),
        ..Default::default()
    }
}

pub async fn create(conn: &impl ConnectionTrait, new: NewCollaboration) -> Result<Collaboration, StoreError> {
    create_with_id(conn, Uuid::now_v7(), new).await
}

/// Adds a collaboration with a given id (demo data).
pub async fn create_with_id(
    conn: &impl ConnectionTrait,
    id: Uuid,
    new: NewCollaboration,
) -> Result<Collaboration, StoreError> {
    let now = Utc::now();
    let mut active = row(id, &new);
    active.created_at = Set(now);
    active.updated_at = Set(now);
    active.version = Set(1);
    active.insert(conn).await?;
    replace_members(conn, id, &new).await?;
    get(conn, id).await?.ok_or_else(|| StoreError::Other(sea_orm::DbErr::RecordNotFound("collaboration".into())))
}

/// Writes the whole collaboration when the row still has `version`; None when it changed.
pub async fn update(
    conn: &impl ConnectionTrait,
    id: Uuid,
    version: i32,
    new: NewCollaboration,
) -> Result<Option<Collaboration>, StoreError> {
    let mut active = row(id, &new);
    active.id = sea_orm::ActiveValue::NotSet;
    let key = (collaboration::Column::Id, id);
    if versioned::update_one::<collaboration::Entity, _>(conn, active, key, version).await?.is_none() {
        return Ok(None);
    }
    replace_members(conn, id, &new).await?;
    get(conn, id).await
}

/// Makes `user` a coordinator of collaboration `id` (demo data); the
/// collaboration gets a new version when it changes.
pub async fn add_coordinator(conn: &impl ConnectionTrait, id: Uuid, user: Uuid) -> Result<(), StoreError> {
    if collaboration_coordinator::Entity::find_by_id((id, user)).one(conn).await?.is_some() {
        return Ok(());
    }
    collaboration_coordinator::ActiveModel { collaboration_id: Set(id), user_id: Set(user) }.insert(conn).await?;
    touch(conn, id).await
}

async fn touch(conn: &impl ConnectionTrait, id: Uuid) -> Result<(), StoreError> {
    collaboration::Entity::update_many()
        .col_expr(collaboration::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(collaboration::Column::Version, Expr::col(collaboration::Column::Version).add(1))
        .filter(collaboration::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Makes `code` a member of #Attraktivindustri, or not (`partner` set on the
/// municipality). The collaboration gets a new version when it changes.
pub async fn set_partner(conn: &impl ConnectionTrait, code: &str, partner: bool) -> Result<(), StoreError> {
    let id = attraktivindustri();
    let is_member = collaboration_municipality::Entity::find_by_id((id, code.to_owned())).one(conn).await?.is_some();
    if is_member == partner {
        return Ok(());
    }
    if partner {
        collaboration_municipality::ActiveModel { collaboration_id: Set(id), municipality: Set(code.to_owned()) }
            .insert(conn)
            .await?;
    } else {
        collaboration_municipality::Entity::delete_by_id((id, code.to_owned())).exec(conn).await?;
    }
    touch(conn, id).await
}

/// The other municipalities that share a collaboration running on `day`
/// with `own` (one indexed query: own memberships, then their members).
pub async fn sharing_with(
    conn: &impl ConnectionTrait,
    own: &Kommunkod,
    day: NaiveDate,
) -> Result<Vec<Kommunkod>, StoreError> {
    use collaboration_municipality::{Column, Entity};
    let mine = Query::select()
        .column(Column::CollaborationId)
        .from(Entity)
        .and_where(Column::Municipality.eq(own.as_str()))
        .and_where(
            Column::CollaborationId.in_subquery(
                Query::select()
                    .column(collaboration::Column::Id)
                    .from(collaboration::Entity)
                    .cond_where(running(day))
                    .to_owned(),
            ),
        )
        .to_owned();
    let codes: Vec<String> = Entity::find()
        .select_only()
        .column(Column::Municipality)
        .distinct()
        .filter(Column::CollaborationId.in_subquery(mine))
        .filter(Column::Municipality.ne(own.as_str()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(codes.iter().filter_map(|c| Kommunkod::parse("municipality", c.trim()).ok()).collect())
}
