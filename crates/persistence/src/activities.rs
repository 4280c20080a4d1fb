//! Activities with companies (visits, calls, …) with the officers and
//! contacts who took part and the topics raised: one activity is read and
//! written with its lists, in one transaction; lists are filtered by the
//! caller's [`ActivityScope`] in the query.

use crate::entities::{activity, activity_contact, activity_officer, activity_topic, company};
use crate::{StoreError, versioned};
use chrono::{NaiveDate, Utc};
use samverka_domain::activities::{ActivityChanges, ActivityKind, NewActivity, Topic};
use samverka_domain::page::{Page, PageRequest};
use samverka_domain::policy::ActivityScope;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::BTreeMap;
use uuid::Uuid;

/// An activity with its officers, contacts and topics.
#[derive(Debug, Clone)]
pub struct Activity {
    pub activity: activity::Model,
    pub officers: Vec<Uuid>,
    pub contact_ids: Vec<Uuid>,
    pub topics: Vec<activity_topic::Model>,
}

/// What an activity list is filtered by, beside the caller's scope.
#[derive(Debug, Clone)]
pub struct ActivityFilter {
    pub scope: ActivityScope,
    pub company: Option<Uuid>,
    pub municipalities: Vec<String>,
    pub officer: Option<Uuid>,
    pub kind: Option<ActivityKind>,
    pub area: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The live companies in `municipalities` (all of them when `None`).
fn companies_in(municipalities: Option<Vec<String>>) -> SelectStatement {
    let mut select = Query::select();
    select.column(company::Column::Id).from(company::Entity).and_where(company::Column::DeletedAt.is_null());
    if let Some(codes) = municipalities {
        select.and_where(company::Column::Municipality.is_in(codes));
    }
    select.to_owned()
}

/// The condition a scope puts on activities.
pub fn scope_condition(scope: &ActivityScope) -> Condition {
    use activity::Column;
    match scope {
        ActivityScope::All => Condition::all().add(Column::CompanyId.in_subquery(companies_in(None))),
        ActivityScope::Officer { own, shared } => {
            Condition::any().add(Column::CompanyId.in_subquery(companies_in(Some(vec![own.as_str().to_owned()])))).add(
                Condition::all().add(Column::Shared.eq(true)).add(
                    Column::CompanyId
                        .in_subquery(companies_in(Some(shared.iter().map(|c| c.as_str().to_owned()).collect()))),
                ),
            )
        }
    }
}

/// One keyset page, most recent first.
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &ActivityFilter,
    page: &PageRequest<(NaiveDate, Uuid)>,
) -> Result<Page<Activity>, StoreError> {
    use activity::{Column, Entity};
    let mut query = Entity::find()
        .filter(scope_condition(&filter.scope))
        .order_by_desc(Column::OccurredOn)
        .order_by_desc(Column::Id)
        .limit(page.limit + 1);
    if let Some((on, id)) = page.after {
        let key = Expr::tuple([Expr::value(on), Expr::value(id)]);
        query = query.filter(Expr::tuple([Expr::col(Column::OccurredOn), Expr::col(Column::Id)]).lt(key));
    }
    if let Some(company) = filter.company {
        query = query.filter(Column::CompanyId.eq(company));
    }
    if !filter.municipalities.is_empty() {
        query = query.filter(Column::CompanyId.in_subquery(companies_in(Some(filter.municipalities.clone()))));
    }
    if let Some(officer) = filter.officer {
        let with = Query::select()
            .column(activity_officer::Column::ActivityId)
            .from(activity_officer::Entity)
            .and_where(activity_officer::Column::UserId.eq(officer))
            .to_owned();
        query = query.filter(Column::Id.in_subquery(with));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(Column::Kind.eq(kind.as_str()));
    }
    if let Some(area) = &filter.area {
        let with = Query::select()
            .column(activity_topic::Column::ActivityId)
            .from(activity_topic::Entity)
            .and_where(activity_topic::Column::Area.eq(area.as_str()))
            .to_owned();
        query = query.filter(Column::Id.in_subquery(with));
    }
    if let Some(from) = filter.from {
        query = query.filter(Column::OccurredOn.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(Column::OccurredOn.lte(to));
    }
    let rows = query.all(conn).await?;
    let page = Page::from_rows(rows, page.limit, |a| (a.occurred_on, a.id));
    let mut lists = lists_of(conn, &page.items.iter().map(|a| a.id).collect::<Vec<_>>()).await?;
    Ok(page.map(|activity| {
        let (officers, contact_ids, topics) = lists.remove(&activity.id).unwrap_or_default();
        Activity { activity, officers, contact_ids, topics }
    }))
}

type Lists = (Vec<Uuid>, Vec<Uuid>, Vec<activity_topic::Model>);

/// The officers, contacts and topics of these activities, in three queries.
async fn lists_of(conn: &impl ConnectionTrait, ids: &[Uuid]) -> Result<BTreeMap<Uuid, Lists>, StoreError> {
    let mut lists: BTreeMap<Uuid, Lists> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(lists);
    }
    let officers = activity_officer::Entity::find()
        .filter(activity_officer::Column::ActivityId.is_in(ids.iter().copied()))
        .order_by_asc(activity_officer::Column::UserId)
        .all(conn)
        .await?;
    for o in officers {
        lists.entry(o.activity_id).or_default().0.push(o.user_id);
    }
    let contacts = activity_contact::Entity::find()
        .filter(activity_contact::Column::ActivityId.is_in(ids.iter().copied()))
        .order_by_asc(activity_contact::Column::ContactId)
        .all(conn)
        .await?;
    for c in contacts {
        lists.entry(c.activity_id).or_default().1.push(c.contact_id);
    }
    let topics = activity_topic::Entity::find()
        .filter(activity_topic::Column::ActivityId.is_in(ids.iter().copied()))
        .order_by_asc(activity_topic::Column::Position)
        .all(conn)
        .await?;
    for t in topics {
        lists.entry(t.activity_id).or_default().2.push(t);
    }
    Ok(lists)
}

/// One activity with its lists.
pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Activity>, StoreError> {
    let Some(activity) = activity::Entity::find_by_id(id).one(conn).await? else { return Ok(None) };
    let (officers, contact_ids, topics) = lists_of(conn, &[id]).await?.remove(&id).unwrap_or_default();
    Ok(Some(Activity { activity, officers, contact_ids, topics }))
}

/// Records an activity with a company.
pub async fn create(
    conn: &impl ConnectionTrait,
    company_id: Uuid,
    created_by: Option<Uuid>,
    new: NewActivity,
) -> Result<Activity, StoreError> {
    create_with_id(conn, Uuid::now_v7(), company_id, created_by, new).await
}

/// Records an activity with a given id (demo data).
pub async fn create_with_id(
    conn: &impl ConnectionTrait,
    id: Uuid,
    company_id: Uuid,
    created_by: Option<Uuid>,
    new: NewActivity,
) -> Result<Activity, StoreError> {
    let now = Utc::now();
    activity::ActiveModel {
        id: Set(id),
        company_id: Set(company_id),
        kind: Set(new.kind.as_str().to_owned()),
        occurred_on: Set(new.occurred_on),
        summary: Set(new.summary),
        shared: Set(new.shared),
        created_by: Set(created_by),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(conn)
    .await?;
    replace_lists(conn, id, (Some(new.officers), Some(new.contact_ids), Some(new.topics))).await?;
    get(conn, id).await?.ok_or_else(|| StoreError::Other(sea_orm::DbErr::RecordNotFound("activity".into())))
}

/// The lists of an activity to write (`None`: keep).
type NewLists = (Option<Vec<Uuid>>, Option<Vec<Uuid>>, Option<Vec<Topic>>);

async fn replace_lists(
    conn: &impl ConnectionTrait,
    id: Uuid,
    (officers, contacts, topics): NewLists,
) -> Result<(), StoreError> {
    if let Some(officers) = officers {
        activity_officer::Entity::delete_many().filter(activity_officer::Column::ActivityId.eq(id)).exec(conn).await?;
        let rows = officers
            .into_iter()
            .map(|user_id| activity_officer::ActiveModel { activity_id: Set(id), user_id: Set(user_id) });
        activity_officer::Entity::insert_many(rows).exec(conn).await?;
    }
    if let Some(contacts) = contacts {
        activity_contact::Entity::delete_many().filter(activity_contact::Column::ActivityId.eq(id)).exec(conn).await?;
        let rows = contacts
            .into_iter()
            .map(|contact_id| activity_contact::ActiveModel { activity_id: Set(id), contact_id: Set(contact_id) });
        activity_contact::Entity::insert_many(rows).exec(conn).await?;
    }
    if let Some(topics) = topics {
        activity_topic::Entity::delete_many().filter(activity_topic::Column::ActivityId.eq(id)).exec(conn).await?;
        let rows = topics.into_iter().enumerate().map(|(position, topic)| activity_topic::ActiveModel {
            activity_id: Set(id),
            position: Set(position as i32),
            area: Set(topic.area.to_string()),
            note: Set(topic.note),
        });
        activity_topic::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(())
}

/// Writes `changes` when the activity still has the version of `current`.
pub async fn update(
    conn: &impl ConnectionTrait,
    current: &activity::Model,
    changes: ActivityChanges,
) -> Result<Option<Activity>, StoreError> {
    use activity::Column;
    let mut row = activity::ActiveModel {
        kind: changes.kind.map_or(NotSet, |k| Set(k.as_str().to_owned())),
        occurred_on: changes.occurred_on.map_or(NotSet, Set),
        summary: changes.summary.map_or(NotSet, Set),
        shared: changes.shared.map_or(NotSet, Set),
        ..<activity::ActiveModel as Default>::default()
    };
    let lists = (changes.officers, changes.contact_ids, changes.topics);
    if (lists.0.is_some() || lists.1.is_some() || lists.2.is_some()) && !row.is_changed() {
        // A change of the lists alone is a change of the activity: bump its version.
        row.updated_at = Set(Utc::now());
    }
    let key = Column::Id.eq(current.id);
    if !versioned::update(conn, row, key, Column::Version, Column::UpdatedAt, current.version).await? {
        return Ok(None);
    }
    replace_lists(conn, current.id, lists).await?;
    get(conn, current.id).await
}

/// Deletes the activity (and its lists) when it still has `expected_version`.
pub async fn delete(conn: &impl ConnectionTrait, id: Uuid, expected_version: i32) -> Result<bool, StoreError> {
    use activity::{Column, Entity};
    replace_lists(conn, id, (Some(Vec::new()), Some(Vec::new()), Some(Vec::new()))).await?;
    versioned::delete::<Entity>(conn, Column::Id.eq(id), Column::Version, expected_version).await
}

/// Takes an erased contact off every activity's list.
pub async fn forget_contact(conn: &impl ConnectionTrait, contact_id: Uuid) -> Result<(), StoreError> {
    activity_contact::Entity::delete_many()
        .filter(activity_contact::Column::ContactId.eq(contact_id))
        .exec(conn)
        .await?;
    Ok(())
}
