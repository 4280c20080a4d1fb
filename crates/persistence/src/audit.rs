//! The append-only audit log: written in the same transaction as the change.

use crate::StoreError;
use crate::entities::audit_event;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

/// Bookkeeping fields that change with every write and say nothing on their own.
const BOOKKEEPING: [&str; 3] = ["createdAt", "updatedAt", "version"];

/// The fields that differ between two JSON objects, as `{ field: { old, new } }`
/// (bookkeeping fields left out).
pub fn diff(old: &Value, new: &Value) -> Value {
    let empty = Map::new();
    let old = old.as_object().unwrap_or(&empty);
    let new = new.as_object().unwrap_or(&empty);
    let mut changes = Map::new();
    for key in old.keys().chain(new.keys()) {
        let (o, n) = (old.get(key).unwrap_or(&Value::Null), new.get(key).unwrap_or(&Value::Null));
        if o != n && !changes.contains_key(key) && !BOOKKEEPING.contains(&key.as_str()) {
            changes.insert(key.clone(), serde_json::json!({ "old": o, "new": n }));
        }
    }
    Value::Object(changes)
}

pub async fn record(
    conn: &impl ConnectionTrait,
    actor: &str,
    action: Action,
    entity: &str,
    entity_id: &str,
    changes: Value,
) -> Result<(), StoreError> {
    audit_event::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        at: Set(chrono::Utc::now()),
        actor: Set(actor.to_owned()),
        action: Set(action.as_str().to_owned()),
        entity: Set(entity.to_owned()),
        entity_id: Set(entity_id.to_owned()),
        changes: Set(changes.to_string()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Erasure: replaces what every earlier event of the entity recorded with
/// the fact that it was erased, so that no copy of erased personal data
/// stays in the log.
pub async fn redact(conn: &impl ConnectionTrait, entity: &str, entity_id: &str) -> Result<(), StoreError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    audit_event::Entity::update_many()
        .col_expr(audit_event::Column::Changes, sea_orm::sea_query::Expr::value(r#"{"erased":true}"#))
        .filter(audit_event::Column::Entity.eq(entity))
        .filter(audit_event::Column::EntityId.eq(entity_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// What an audit-log list is filtered by.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    pub to: Option<chrono::DateTime<chrono::Utc>>,
}

/// One keyset page of the audit log, newest first (ids are time-ordered).
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &AuditFilter,
    page: &samverka_domain::page::PageRequest<uuid::Uuid>,
) -> Result<samverka_domain::page::Page<audit_event::Model>, StoreError> {
    use audit_event::{Column, Entity};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut query = Entity::find().order_by_desc(Column::Id).limit(page.limit + 1);
    if let Some(before) = page.after {
        query = query.filter(Column::Id.lt(before));
    }
    if let Some(entity) = &filter.entity {
        query = query.filter(Column::Entity.eq(entity.as_str()));
    }
    if let Some(entity_id) = &filter.entity_id {
        query = query.filter(Column::EntityId.eq(entity_id.as_str()));
    }
    if let Some(actor) = &filter.actor {
        query = query.filter(Column::Actor.eq(actor.as_str()));
    }
    if let Some(action) = &filter.action {
        query = query.filter(Column::Action.eq(action.as_str()));
    }
    if let Some(from) = filter.from {
        query = query.filter(Column::At.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(Column::At.lte(to));
    }
    let rows = query.all(conn).await?;
    Ok(samverka_domain::page::Page::from_rows(rows, page.limit, |e| e.id))
}

#[cfg(test)]
mod tests {
    use super::diff;
    use serde_json::json;

    #[test]
    fn diff_lists_changed_fields_only() {
        let changes = diff(
            &json!({"a": 1, "b": "x", "c": null, "version": 1}),
            &json!({"a": 2, "b": "x", "d": true, "version": 2}),
        );
        assert_eq!(changes, json!({"a": {"old": 1, "new": 2}, "d": {"old": null, "new": true}}));
    }
}
