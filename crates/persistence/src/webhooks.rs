//! Webhook subscriptions and their deliveries. A dispatcher fans each
//! subscription's events out into deliveries ([`fan_out`]), claims the
//! oldest pending delivery of a subscription — one at a time per
//! subscription, so that they arrive in order — ([`claim`]), sends it
//! outside any transaction, and records the attempt ([`record_attempt`]).
//! Claims are leases: a dispatcher that dies leaves a claim that expires,
//! and another instance (or the next start) sends it again.

use crate::entities::{api_client, event, webhook, webhook_attempt, webhook_delivery};
use crate::{StoreError, events, versioned};
use chrono::{DateTime, Duration, Utc};
use samverka_domain::events::EventType;
use samverka_domain::page::{Page, PageRequest};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

pub use webhook::Model as Webhook;
pub use webhook_attempt::Model as Attempt;
pub use webhook_delivery::Model as Delivery;

/// A delivery's state.
pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";

/// A new subscription: from the next event on.
pub async fn create(
    conn: &impl ConnectionTrait,
    owner: Option<Uuid>,
    url: &str,
    types: &[EventType],
    secret_sealed: String,
) -> Result<Webhook, StoreError> {
    let now = Utc::now();
    let names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
    Ok(webhook::ActiveModel {
        id: Set(Uuid::now_v7()),
        owner_client_id: Set(owner),
        url: Set(url.to_owned()),
        events: Set(serde_json::to_string(&names).unwrap_or_default()),
        active: Set(true),
        secret_sealed: Set(secret_sealed),
        fanned_seq: Set(events::head(conn).await?),
        failing_since: Set(None),
        deactivated_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(conn)
    .await?)
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Webhook>, StoreError> {
    Ok(webhook::Entity::find_by_id(id).one(conn).await?)
}

/// One keyset page of subscriptions, of `owner` (`None`: every one).
pub async fn list(
    conn: &impl ConnectionTrait,
    owner: Option<Uuid>,
    page: &PageRequest<Uuid>,
) -> Result<Page<Webhook>, StoreError> {
    use webhook::{Column, Entity};
    let mut query = Entity::find().order_by_asc(Column::Id).limit(page.limit + 1);
    if let Some(owner) = owner {
        query = query.filter(Column::OwnerClientId.eq(owner));
    }
    if let Some(after) = page.after {
        query = query.filter(Column::Id.gt(after));
    }
    Ok(Page::from_rows(query.all(conn).await?, page.limit, |w| w.id))
}

/// A change of a subscription; turning it on again starts it afresh.
#[derive(Debug, Clone, Default)]
pub struct WebhookChanges {
    pub url: Option<String>,
    pub events: Option<Vec<EventType>>,
    pub active: Option<bool>,
}

pub async fn update(
    conn: &impl ConnectionTrait,
    current: &Webhook,
    changes: WebhookChanges,
) -> Result<Option<Webhook>, StoreError> {
    let reactivated = changes.active == Some(true) && !current.active;
    let row = webhook::ActiveModel {
        url: changes.url.map_or(NotSet, Set),
        events: changes.events.map_or(NotSet, |types| {
            let names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
            Set(serde_json::to_string(&names).unwrap_or_default())
        }),
        active: changes.active.map_or(NotSet, Set),
        failing_since: if reactivated { Set(None) } else { NotSet },
        deactivated_reason: if reactivated { Set(None) } else { NotSet },
        ..<webhook::ActiveModel as Default>::default()
    };
    versioned::update_one::<webhook::Entity, _>(conn, row, (webhook::Column::Id, current.id), current.version).await
}

pub async fn delete(conn: &impl ConnectionTrait, id: Uuid, expected_version: i32) -> Result<bool, StoreError> {
    let deliveries = webhook_delivery::Entity::find()
        .select_only()
        .column(webhook_delivery::Column::Id)
        .filter(webhook_delivery::Column::WebhookId.eq(id))
        .into_tuple::<Uuid>()
        .all(conn)
        .await?;
    webhook_attempt::Entity::delete_many()
        .filter(webhook_attempt::Column::DeliveryId.is_in(deliveries))
        .exec(conn)
        .await?;
    webhook_delivery::Entity::delete_many().filter(webhook_delivery::Column::WebhookId.eq(id)).exec(conn).await?;
    versioned::delete::<webhook::Entity>(conn, webhook::Column::Id.eq(id), webhook::Column::Version, expected_version)
        .await
}

/// The event names a subscription asked for.
pub fn types_of(webhook: &Webhook) -> Vec<EventType> {
    let names: Vec<String> = serde_json::from_str(&webhook.events).unwrap_or_default();
    names.iter().filter_map(|n| EventType::parse("events", n).ok()).collect()
}

/// Active subscriptions with events not yet considered or deliveries due,
/// locked for this dispatcher (`SKIP LOCKED` on PostgreSQL: another
/// instance takes the others).
pub async fn due(conn: &impl ConnectionTrait, limit: u64) -> Result<Vec<Webhook>, StoreError> {
    let mut query =
        webhook::Entity::find().filter(webhook::Column::Active.eq(true)).order_by_asc(webhook::Column::Id).limit(limit);
    if conn.get_database_backend() == sea_orm::DbBackend::Postgres {
        query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    Ok(query.all(conn).await?)
}

/// Turns the subscription's new events into pending deliveries, in feed
/// order, as far as its owner may read them; how many.
pub async fn fan_out(conn: &impl ConnectionTrait, hook: &Webhook) -> Result<u64, StoreError> {
    let integration = match hook.owner_client_id {
        Some(owner) => match api_client::Entity::find_by_id(owner).one(conn).await? {
            Some(client) if !client.revoked => Some(client.municipality_codes()),
            _ => {
                deactivate(conn, hook.id, "the API client that owns it is gone or revoked").await?;
                return Ok(0);
            }
        },
        None => None,
    };
    let (found, _) = events::list(conn, hook.fanned_seq, &types_of(hook), integration.as_deref(), 500).await?;
    let Some(last) = found.last().map(|e| e.seq) else { return Ok(0) };
    let now = Utc::now();
    let rows = found.iter().map(|e| webhook_delivery::ActiveModel {
        id: Set(Uuid::now_v7()),
        webhook_id: Set(hook.id),
        event_seq: Set(e.seq),
        status: Set(PENDING.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    });
    webhook_delivery::Entity::insert_many(rows).exec(conn).await?;
    webhook::Entity::update_many()
        .col_expr(webhook::Column::FannedSeq, Expr::value(last))
        .filter(webhook::Column::Id.eq(hook.id))
        .exec(conn)
        .await?;
    Ok(found.len() as u64)
}

/// Claims the subscription's next delivery if it is due and none of its
/// deliveries is being sent: the oldest pending one (a later one never
/// overtakes it). The delivery and its event.
pub async fn claim(
    conn: &impl ConnectionTrait,
    hook: &Webhook,
    lease: Duration,
) -> Result<Option<(Delivery, event::Model)>, StoreError> {
    use webhook_delivery::{Column, Entity};
    let now = Utc::now();
    let Some(next) = Entity::find()
        .filter(Column::WebhookId.eq(hook.id))
        .filter(Column::Status.eq(PENDING))
        .order_by_asc(Column::EventSeq)
        .order_by_asc(Column::Id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    if next.next_attempt_at > now || next.claimed_until.is_some_and(|until| until > now) {
        return Ok(None);
    }
    let claimed = Entity::update_many()
        .col_expr(Column::ClaimedUntil, Expr::value(now + lease))
        .filter(Column::Id.eq(next.id))
        .filter(Condition::any().add(Column::ClaimedUntil.is_null()).add(Column::ClaimedUntil.lte(now)))
        .exec(conn)
        .await?;
    if claimed.rows_affected == 0 {
        return Ok(None);
    }
    let event = events::get(conn, next.event_seq).await?;
    Ok(event.map(|e| (next, e)))
}

/// What one attempt came to.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status_code: Option<u16>,
    pub duration_ms: i32,
    pub error: Option<String>,
    pub response_excerpt: Option<String>,
}

impl Outcome {
    pub fn succeeded(&self) -> bool {
        self.status_code.is_some_and(|c| (200..300).contains(&c))
    }
}

/// Records an attempt: delivered; or retried at `retry_at`; or, when
/// `retry_at` is `None` (given up), failed. A subscription failing for
/// longer than `give_up_after` is deactivated, saying why.
pub async fn record_attempt(
    conn: &impl ConnectionTrait,
    delivery: &Delivery,
    outcome: &Outcome,
    retry_at: Option<DateTime<Utc>>,
    give_up_after: Duration,
) -> Result<(), StoreError> {
    let now = Utc::now();
    webhook_attempt::ActiveModel {
        id: Set(Uuid::now_v7()),
        delivery_id: Set(delivery.id),
        attempted_at: Set(now),
        status_code: Set(outcome.status_code.map(i32::from)),
        duration_ms: Set(outcome.duration_ms),
        error: Set(outcome.error.clone()),
        response_excerpt: Set(outcome.response_excerpt.clone()),
    }
    .insert(conn)
    .await?;
    let status = match (outcome.succeeded(), retry_at) {
        (true, _) => DELIVERED,
        (false, Some(_)) => PENDING,
        (false, None) => FAILED,
    };
    webhook_delivery::ActiveModel {
        id: Set(delivery.id),
        status: Set(status.to_owned()),
        attempts: Set(delivery.attempts + 1),
        next_attempt_at: Set(retry_at.unwrap_or(now)),
        claimed_until: Set(None),
        updated_at: Set(now),
        ..<webhook_delivery::ActiveModel as Default>::default()
    }
    .update(conn)
    .await?;
    let Some(hook) = get(conn, delivery.webhook_id).await? else { return Ok(()) };
    if outcome.succeeded() {
        if hook.failing_since.is_some() {
            set_failing_since(conn, hook.id, None).await?;
        }
    } else {
        let since = hook.failing_since.unwrap_or(now);
        if hook.failing_since.is_none() {
            set_failing_since(conn, hook.id, Some(now)).await?;
        }
        if now - since >= give_up_after {
            let why = format!(
                "every delivery failed since {since}; the last answer: {}",
                outcome.status_code.map_or_else(|| outcome.error.clone().unwrap_or_default(), |c| format!("HTTP {c}"))
            );
            deactivate(conn, hook.id, &why).await?;
        }
    }
    Ok(())
}

async fn set_failing_since(
    conn: &impl ConnectionTrait,
    id: Uuid,
    since: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    webhook::Entity::update_many()
        .col_expr(webhook::Column::FailingSince, Expr::value(since))
        .filter(webhook::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

async fn deactivate(conn: &impl ConnectionTrait, id: Uuid, why: &str) -> Result<(), StoreError> {
    webhook::Entity::update_many()
        .col_expr(webhook::Column::Active, Expr::value(false))
        .col_expr(webhook::Column::DeactivatedReason, Expr::value(why.to_owned()))
        .col_expr(webhook::Column::Version, Expr::col(webhook::Column::Version).add(1))
        .col_expr(webhook::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(webhook::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// One keyset page of a subscription's deliveries, newest first, with their attempts (newest first).
pub async fn deliveries(
    conn: &impl ConnectionTrait,
    webhook_id: Uuid,
    page: &PageRequest<Uuid>,
) -> Result<Page<(Delivery, String, Vec<Attempt>)>, StoreError> {
    use webhook_delivery::{Column, Entity};
    let mut query =
        Entity::find().filter(Column::WebhookId.eq(webhook_id)).order_by_desc(Column::Id).limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(Column::Id.lt(after));
    }
    let page = Page::from_rows(query.all(conn).await?, page.limit, |d| d.id);
    let ids: Vec<Uuid> = page.items.iter().map(|d| d.id).collect();
    let seqs: Vec<i64> = page.items.iter().map(|d| d.event_seq).collect();
    let attempts = webhook_attempt::Entity::find()
        .filter(webhook_attempt::Column::DeliveryId.is_in(ids))
        .order_by_desc(webhook_attempt::Column::AttemptedAt)
        .all(conn)
        .await?;
    let types: Vec<(i64, String)> = event::Entity::find()
        .select_only()
        .columns([event::Column::Seq, event::Column::Kind])
        .filter(event::Column::Seq.is_in(seqs))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(page.map(|d| {
        let kind = types.iter().find(|(s, _)| *s == d.event_seq).map(|(_, k)| k.clone()).unwrap_or_default();
        let mine = attempts.iter().filter(|a| a.delivery_id == d.id).cloned().collect();
        (d, kind, mine)
    }))
}

pub async fn delivery(conn: &impl ConnectionTrait, webhook_id: Uuid, id: Uuid) -> Result<Option<Delivery>, StoreError> {
    Ok(webhook_delivery::Entity::find_by_id(id)
        .filter(webhook_delivery::Column::WebhookId.eq(webhook_id))
        .one(conn)
        .await?)
}

/// Sends a delivery again: pending, due now.
pub async fn redeliver(conn: &impl ConnectionTrait, delivery: &Delivery) -> Result<(), StoreError> {
    webhook_delivery::ActiveModel {
        id: Set(delivery.id),
        status: Set(PENDING.to_owned()),
        next_attempt_at: Set(Utc::now()),
        claimed_until: Set(None),
        updated_at: Set(Utc::now()),
        ..<webhook_delivery::ActiveModel as Default>::default()
    }
    .update(conn)
    .await?;
    Ok(())
}

/// How many deliveries are waiting to be sent (for metrics).
pub async fn pending(conn: &impl ConnectionTrait) -> Result<u64, StoreError> {
    Ok(webhook_delivery::Entity::find().filter(webhook_delivery::Column::Status.eq(PENDING)).count(conn).await?)
}

/// The webhooks of an API client (erased with it).
pub async fn delete_of_client(conn: &impl ConnectionTrait, client: Uuid) -> Result<(), StoreError> {
    let ids: Vec<Uuid> = webhook::Entity::find()
        .select_only()
        .column(webhook::Column::Id)
        .filter(webhook::Column::OwnerClientId.eq(client))
        .into_tuple()
        .all(conn)
        .await?;
    for id in ids {
        if let Some(hook) = get(conn, id).await? {
            delete(conn, id, hook.version).await?;
        }
    }
    Ok(())
}

/// Whether any subscription is active (the dispatcher's cheap first look).
pub async fn any_active(conn: &impl ConnectionTrait) -> Result<bool, StoreError> {
    Ok(webhook::Entity::find().filter(webhook::Column::Active.eq(true)).count(conn).await? > 0)
}
