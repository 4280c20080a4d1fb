//! Recording writes in the audit log, in the transaction of the write.

use crate::error::ApiError;
use samverka_domain::account::Principal;
use samverka_persistence::DatabaseTransaction;
use samverka_persistence::audit::{self, Action};
use serde::Serialize;
use serde_json::Value;

/// Records that `principal` created (`old` is `None`), changed or deleted
/// (`new` is `None`) `entity` `id`, with the fields that changed as the API
/// represents them. Secrets never reach here: callers pass representations.
pub async fn record<T: Serialize>(
    txn: &DatabaseTransaction,
    principal: &Principal,
    entity: &str,
    id: &str,
    old: Option<&T>,
    new: Option<&T>,
) -> Result<(), ApiError> {
    let json = |v: Option<&T>| v.map(serde_json::to_value).transpose().map_err(ApiError::internal);
    let (old, new) = (json(old)?, json(new)?);
    let action = match (&old, &new) {
        (None, _) => Action::Create,
        (Some(_), Some(_)) => Action::Update,
        (Some(_), None) => Action::Delete,
    };
    let empty = Value::Object(Default::default());
    let changes = audit::diff(old.as_ref().unwrap_or(&empty), new.as_ref().unwrap_or(&empty));
    if action == Action::Update && changes.as_object().is_some_and(|c| c.is_empty()) {
        return Ok(());
    }
    audit::record(txn, &principal.actor(), action, entity, id, changes).await?;
    Ok(())
}

/// Records an update that the representation does not show (a new
/// password, a rotated secret): `changes` says what happened, never the value.
pub async fn record_hidden_update(
    txn: &DatabaseTransaction,
    principal: &Principal,
    entity: &str,
    id: &str,
    changes: Value,
) -> Result<(), ApiError> {
    audit::record(txn, &principal.actor(), Action::Update, entity, id, changes).await?;
    Ok(())
}
