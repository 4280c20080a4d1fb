//! Optimistic concurrency for every mutable resource: a write names the
//! version it was based on and is applied only if the row still has it.

use crate::StoreError;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Writes the set columns of `changes` to the row selected by `key` when it
/// still has `expected_version`, bumping `version` and `updated_at`. False
/// when the row changed meanwhile or is gone: nothing was written. Nothing
/// to change writes nothing (and keeps the version).
pub async fn update<A>(
    conn: &impl ConnectionTrait,
    mut changes: A,
    key: SimpleExpr,
    version: <A::Entity as EntityTrait>::Column,
    updated_at: <A::Entity as EntityTrait>::Column,
    expected_version: i32,
) -> Result<bool, StoreError>
where
    A: ActiveModelTrait + Send,
{
    if !changes.is_changed() {
        return Ok(true);
    }
    changes.set(version, (expected_version + 1).into());
    changes.set(updated_at, chrono::Utc::now().into());
    let result = <A::Entity as EntityTrait>::update_many()
        .set(changes)
        .filter(key)
        .filter(version.eq(expected_version))
        .exec(conn)
        .await?;
    Ok(result.rows_affected > 0)
}

/// A table whose rows carry a `version` and an `updated_at`.
pub trait Versioned: EntityTrait {
    fn version() -> Self::Column;
    fn updated_at() -> Self::Column;
}

macro_rules! versioned {
    ($($table:ident),* $(,)?) => {
        $(impl Versioned for crate::entities::$table::Entity {
            fn version() -> Self::Column {
                crate::entities::$table::Column::Version
            }
            fn updated_at() -> Self::Column {
                crate::entities::$table::Column::UpdatedAt
            }
        })*
    };
}

versioned!(
    api_client,
    collaboration,
    competence_area,
    contact,
    municipality,
    network,
    network_meeting,
    task,
    user,
    webhook
);

/// Writes the set columns of `row` to the row whose `key` is `id` when it
/// still has `expected_version`, and reads it back; `None` when it changed
/// meanwhile or is gone (nothing was written).
pub async fn update_one<E, V>(
    conn: &impl ConnectionTrait,
    row: E::ActiveModel,
    (key, id): (E::Column, V),
    expected_version: i32,
) -> Result<Option<E::Model>, StoreError>
where
    E: Versioned,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
    V: Into<sea_orm::Value> + Clone,
{
    if !update(conn, row, key.eq(id.clone()), E::version(), E::updated_at(), expected_version).await? {
        return Ok(None);
    }
    Ok(E::find().filter(key.eq(id)).one(conn).await?)
}

/// Deletes the row selected by `key` when it still has `expected_version`.
/// False when it changed meanwhile or is gone: nothing was deleted.
pub async fn delete<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    key: SimpleExpr,
    version: E::Column,
    expected_version: i32,
) -> Result<bool, StoreError> {
    let result = E::delete_many().filter(key).filter(version.eq(expected_version)).exec(conn).await?;
    Ok(result.rows_affected > 0)
}

/// Which of `values` (parsed by `parse`; those it refuses are left out) a
/// row of `E` has in `column`: reference data looked up in one query.
pub async fn present<E: EntityTrait, T>(
    conn: &impl ConnectionTrait,
    column: E::Column,
    values: &[&str],
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, StoreError> {
    use sea_orm::QuerySelect;
    let valid: Vec<&str> = values.iter().copied().filter(|v| parse(v).is_some()).collect();
    if valid.is_empty() {
        return Ok(Vec::new());
    }
    let found: Vec<String> =
        E::find().select_only().column(column).filter(column.is_in(valid)).into_tuple().all(conn).await?;
    Ok(found.iter().filter_map(|v| parse(v)).collect())
}
