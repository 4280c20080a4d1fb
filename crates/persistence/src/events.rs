//! The event outbox: each write that matters records its event in its own
//! transaction ([`record`]), numbered by the `events` change counter, so
//! that no event exists without its write nor a write without its event,
//! and readers see events in commit order without gaps ([`list`]).

use crate::entities::event::{ActiveModel, Column, Entity, Model};
use crate::{StoreError, changes};
use samverka_domain::events::{Audience, EventType};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

const FEED: &str = "events";

/// Records an event in the caller's transaction; its feed position.
pub async fn record(
    conn: &impl ConnectionTrait,
    kind: EventType,
    data: &serde_json::Value,
    audience: &Audience,
) -> Result<i64, StoreError> {
    let seq = changes::next(conn, FEED).await?;
    let (municipality, listed) = match audience {
        Audience::Company { municipality, listed } => (Some(municipality.clone()), Some(*listed)),
        _ => (None, None),
    };
    ActiveModel {
        seq: Set(seq),
        id: Set(Uuid::now_v7()),
        kind: Set(kind.as_str().to_owned()),
        occurred_at: Set(chrono::Utc::now()),
        data: Set(data.to_string()),
        audience: Set(audience.as_str().to_owned()),
        municipality: Set(municipality),
        listed: Set(listed),
    }
    .insert(conn)
    .await?;
    Ok(seq)
}

/// Who an event is for, as recorded.
pub fn audience_of(event: &Model) -> Audience {
    match event.audience.as_str() {
        "public" => Audience::Public,
        "company" => Audience::Company {
            municipality: event.municipality.clone().unwrap_or_default(),
            listed: event.listed.unwrap_or(false),
        },
        _ => Audience::Admins,
    }
}

/// The condition "an integration bound to `municipalities` (empty: all) reads it".
fn integration_condition(municipalities: &[String]) -> Condition {
    let mut company = Condition::all()
        .add(Column::Audience.eq(Audience::Company { municipality: String::new(), listed: true }.as_str()))
        .add(Column::Listed.eq(true));
    if !municipalities.is_empty() {
        company = company.add(Column::Municipality.is_in(municipalities.iter().cloned()));
    }
    Condition::any().add(Column::Audience.eq(Audience::Public.as_str())).add(company)
}

/// Committed events after `after`, in feed order, at most `limit`: of
/// `types` (all when empty), readable by an integration bound to
/// `integration` (`None`: an admin, every event).
pub async fn list(
    conn: &impl ConnectionTrait,
    after: i64,
    types: &[EventType],
    integration: Option<&[String]>,
    limit: u64,
) -> Result<(Vec<Model>, i64), StoreError> {
    let upto = changes::current(conn, FEED).await?;
    let mut query = Entity::find()
        .filter(Column::Seq.gt(after))
        .filter(Column::Seq.lte(upto))
        .order_by_asc(Column::Seq)
        .limit(limit);
    if !types.is_empty() {
        query = query.filter(Column::Kind.is_in(types.iter().map(|t| t.as_str())));
    }
    if let Some(municipalities) = integration {
        query = query.filter(integration_condition(municipalities));
    }
    Ok((query.all(conn).await?, upto))
}

/// The feed's position now: the last committed event.
pub async fn head(conn: &impl ConnectionTrait) -> Result<i64, StoreError> {
    changes::current(conn, FEED).await
}

pub async fn get(conn: &impl ConnectionTrait, seq: i64) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(seq).one(conn).await?)
}
