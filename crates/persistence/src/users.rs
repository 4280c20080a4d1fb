//! Queries on users.

use crate::entities::user::{ActiveModel, Column, Entity, Model};
use crate::{StoreError, versioned};
use samverka_domain::account::Role;
use samverka_domain::page::{Page, PageRequest};
use samverka_domain::user::{NewUser, UserChanges, UserNow};
use sea_orm::ActiveValue::{self, NotSet, Set};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).one(conn).await?)
}

pub async fn find_by_email(conn: &impl ConnectionTrait, email: &str) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find().filter(Column::Email.eq(email)).one(conn).await?)
}

/// What a user list is filtered by.
#[derive(Debug, Default)]
pub struct UserFilter {
    pub role: Option<String>,
    pub municipality: Option<String>,
    pub company_id: Option<Uuid>,
    pub disabled: Option<bool>,
}

/// Users in id (= creation) order, one keyset page.
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &UserFilter,
    page: &PageRequest<Uuid>,
) -> Result<Page<Model>, StoreError> {
    let mut query = Entity::find().order_by_asc(Column::Id).limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(Column::Id.gt(after));
    }
    if let Some(role) = &filter.role {
        query = query.filter(Column::Role.eq(role.as_str()));
    }
    if let Some(municipality) = &filter.municipality {
        query = query.filter(Column::Municipality.eq(municipality.as_str()));
    }
    if let Some(company_id) = filter.company_id {
        query = query.filter(Column::CompanyId.eq(company_id));
    }
    if let Some(disabled) = filter.disabled {
        query = query.filter(Column::Disabled.eq(disabled));
    }
    let rows = query.all(conn).await?;
    Ok(Page::from_rows(rows, page.limit, |m| m.id))
}

/// The ids of the active admins, locked until the transaction ends
/// (PostgreSQL; SQLite's write transaction already excludes other writers),
/// so that two admins cannot both be demoted at once by concurrent requests.
pub async fn lock_active_admins(conn: &impl ConnectionTrait) -> Result<Vec<Uuid>, StoreError> {
    Ok(Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::Role.eq(Role::Admin.as_str()))
        .filter(Column::Disabled.eq(false))
        .order_by_asc(Column::Id)
        .lock_exclusive()
        .into_tuple()
        .all(conn)
        .await?)
}

pub async fn count_active_admins(conn: &impl ConnectionTrait) -> Result<u64, StoreError> {
    Ok(Entity::find()
        .filter(Column::Role.eq(Role::Admin.as_str()))
        .filter(Column::Disabled.eq(false))
        .count(conn)
        .await?)
}

/// The role stored on a user row.
pub fn role_of(user: &Model) -> Result<Role, StoreError> {
    Role::parse_user_role("role", &user.role).map_err(|e| StoreError::Invalid(e.into()))
}

/// The user as the domain's change rules see it.
pub fn now_of(user: &Model) -> Result<UserNow<'_>, StoreError> {
    Ok(UserNow {
        role: role_of(user)?,
        municipality: user.municipality.as_deref(),
        company_id: user.company_id,
        provider: user.provider.as_deref(),
        disabled: user.disabled,
    })
}

/// Adds a user with a password hash.
pub async fn create(conn: &impl ConnectionTrait, user: NewUser, password_hash: String) -> Result<Model, StoreError> {
    let now = chrono::Utc::now();
    let (municipality, company_id, provider) = user.binding.fields();
    let row = ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(user.email.as_str().to_owned()),
        display_name: Set(user.display_name),
        role: Set(user.role.to_string()),
        municipality: Set(municipality),
        company_id: Set(company_id),
        provider: Set(provider),
        password_hash: Set(password_hash),
        disabled: Set(false),
        language: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    Ok(row.insert(conn).await?)
}

/// Writes what `changes` changes (and a new password hash) when the row
/// still has the version of `current`; `None` when it changed meanwhile.
pub async fn update(
    conn: &impl ConnectionTrait,
    current: &Model,
    changes: UserChanges,
    password_hash: Option<String>,
) -> Result<Option<Model>, StoreError> {
    let (municipality, company_id, provider) = changes.binding.fields();
    let row = ActiveModel {
        email: changes.email.map_or(NotSet, |e| Set(e.as_str().to_owned())),
        display_name: changes.display_name.map_or(NotSet, Set),
        role: changed(changes.role.to_string(), &current.role),
        municipality: changed(municipality, &current.municipality),
        company_id: changed(company_id, &current.company_id),
        provider: changed(provider, &current.provider),
        disabled: changed(changes.disabled, &current.disabled),
        password_hash: password_hash.map_or(NotSet, Set),
        ..<ActiveModel as Default>::default()
    };
    versioned::update_one::<Entity, _>(conn, row, (Column::Id, current.id), current.version).await
}

/// `new` when it differs from `old`, nothing otherwise.
fn changed<T: PartialEq + Into<sea_orm::Value>>(new: T, old: &T) -> ActiveValue<T> {
    if new == *old { NotSet } else { Set(new) }
}

/// Sets a new password hash when the row still has the version of `current`.
pub async fn set_password(
    conn: &impl ConnectionTrait,
    current: &Model,
    password_hash: String,
) -> Result<Option<Model>, StoreError> {
    let row = ActiveModel { password_hash: Set(password_hash), ..<ActiveModel as Default>::default() };
    versioned::update_one::<Entity, _>(conn, row, (Column::Id, current.id), current.version).await
}

/// Deletes the row when it still has `expected_version`.
pub async fn delete(conn: &impl ConnectionTrait, id: Uuid, expected_version: i32) -> Result<bool, StoreError> {
    versioned::delete::<Entity>(conn, Column::Id.eq(id), Column::Version, expected_version).await
}

/// Which of `ids` are enabled officers or admins: the people who take part
/// in activities and are assigned tasks, looked up in one query.
pub async fn workers(conn: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<Uuid>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let roles = [Role::Admin, Role::Officer].map(|r| r.as_str());
    Ok(Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(Column::Role.is_in(roles))
        .filter(Column::Disabled.eq(false))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Remembers the language a user's client asked for (it does not change the
/// user's version: it is no edit of the account).
pub async fn remember_language(
    conn: &impl ConnectionTrait,
    id: Uuid,
    language: samverka_domain::Language,
) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(Column::Language, sea_orm::sea_query::Expr::value(language.code()))
        .filter(Column::Id.eq(id))
        .filter(Condition::any().add(Column::Language.is_null()).add(Column::Language.ne(language.code())))
        .exec(conn)
        .await?;
    Ok(())
}

/// The language of the user with this e-mail address (Swedish when none or not a user).
pub async fn language_of(conn: &impl ConnectionTrait, email: &str) -> Result<samverka_domain::Language, StoreError> {
    let language: Option<Option<String>> = Entity::find()
        .select_only()
        .column(Column::Language)
        .filter(Column::Email.eq(email))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(match language.flatten().as_deref() {
        Some("en") => samverka_domain::Language::En,
        _ => samverka_domain::Language::Sv,
    })
}
