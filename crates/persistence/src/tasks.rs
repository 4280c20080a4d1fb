//! Follow-up tasks of officers. Lists are filtered by the caller's
//! [`TaskScope`] in the query and ordered soonest due first (tasks without
//! a due date last), so that "my open tasks" is one indexed request.

use crate::entities::{company, task};
use crate::{StoreError, versioned};
use chrono::{NaiveDate, Utc};
use samverka_domain::activities::{TaskChanges, TaskStatus};
use samverka_domain::page::{Page, PageRequest};
use samverka_domain::policy::TaskScope;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Func, Query, SimpleExpr};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// A task without a due date sorts after every dated one.
pub fn undated() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// The key tasks are ordered by: the due date, or [`undated`].
pub fn sort_key(task: &task::Model) -> (NaiveDate, Uuid) {
    (task.due_on.unwrap_or_else(undated), task.id)
}

fn due_key() -> SimpleExpr {
    Func::coalesce([Expr::col(task::Column::DueOn), Expr::value(undated())]).into()
}

/// What a task list is filtered by, beside the caller's scope.
#[derive(Debug, Clone)]
pub struct TaskFilter {
    pub scope: TaskScope,
    pub assignee: Option<Uuid>,
    pub status: Option<TaskStatus>,
    pub company: Option<Uuid>,
    pub due_before: Option<NaiveDate>,
}

fn scope_condition(scope: &TaskScope) -> Condition {
    match scope {
        TaskScope::All => Condition::all(),
        TaskScope::Officer { user, municipality } => {
            let companies = Query::select()
                .column(company::Column::Id)
                .from(company::Entity)
                .and_where(company::Column::Municipality.eq(municipality.as_str()))
                .and_where(company::Column::DeletedAt.is_null())
                .to_owned();
            Condition::any().add(task::Column::Assignee.eq(*user)).add(task::Column::CompanyId.in_subquery(companies))
        }
    }
}

/// One keyset page, soonest due first.
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &TaskFilter,
    page: &PageRequest<(NaiveDate, Uuid)>,
) -> Result<Page<task::Model>, StoreError> {
    use task::{Column, Entity};
    let mut query = Entity::find()
        .filter(scope_condition(&filter.scope))
        .order_by_asc(due_key())
        .order_by_asc(Column::Id)
        .limit(page.limit + 1);
    if let Some((due, id)) = page.after {
        let key = Expr::tuple([Expr::value(due), Expr::value(id)]);
        query = query.filter(Expr::tuple([due_key(), Expr::col(Column::Id)]).gt(key));
    }
    if let Some(assignee) = filter.assignee {
        query = query.filter(Column::Assignee.eq(assignee));
    }
    if let Some(status) = filter.status {
        query = query.filter(Column::Status.eq(status.as_str()));
    }
    if let Some(company) = filter.company {
        query = query.filter(Column::CompanyId.eq(company));
    }
    if let Some(before) = filter.due_before {
        query = query.filter(Column::DueOn.lt(before));
    }
    let rows = query.all(conn).await?;
    Ok(Page::from_rows(rows, page.limit, sort_key))
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<task::Model>, StoreError> {
    Ok(task::Entity::find_by_id(id).one(conn).await?)
}

/// A valid new task: its own fields, and the references the caller checked.
#[derive(Debug, Clone)]
pub struct NewTask {
    pub title: String,
    pub company_id: Option<Uuid>,
    pub activity_id: Option<Uuid>,
    pub assignee: Uuid,
    pub due_on: Option<NaiveDate>,
    pub status: TaskStatus,
}

pub async fn create(
    conn: &impl ConnectionTrait,
    created_by: Option<Uuid>,
    new: NewTask,
) -> Result<task::Model, StoreError> {
    create_with_id(conn, Uuid::now_v7(), created_by, new).await
}

/// Adds a task with a given id (demo data).
pub async fn create_with_id(
    conn: &impl ConnectionTrait,
    id: Uuid,
    created_by: Option<Uuid>,
    new: NewTask,
) -> Result<task::Model, StoreError> {
    let now = Utc::now();
    Ok(task::ActiveModel {
        id: Set(id),
        title: Set(new.title),
        company_id: Set(new.company_id),
        activity_id: Set(new.activity_id),
        assignee: Set(new.assignee),
        due_on: Set(new.due_on),
        status: Set(new.status.as_str().to_owned()),
        created_by: Set(created_by),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(conn)
    .await?)
}

/// Writes `changes` (and a new assignee, company or activity the caller
/// checked) when the task still has the version of `current`.
pub async fn update(
    conn: &impl ConnectionTrait,
    current: &task::Model,
    changes: TaskChanges,
    references: (Option<Uuid>, Option<Option<Uuid>>, Option<Option<Uuid>>),
) -> Result<Option<task::Model>, StoreError> {
    let (assignee, company_id, activity_id) = references;
    let row = task::ActiveModel {
        title: changes.title.map_or(NotSet, Set),
        due_on: changes.due_on.map_or(NotSet, Set),
        status: changes.status.map_or(NotSet, |s| Set(s.as_str().to_owned())),
        assignee: assignee.map_or(NotSet, Set),
        company_id: company_id.map_or(NotSet, Set),
        activity_id: activity_id.map_or(NotSet, Set),
        ..<task::ActiveModel as Default>::default()
    };
    versioned::update_one::<task::Entity, _>(conn, row, (task::Column::Id, current.id), current.version).await
}

pub async fn delete(conn: &impl ConnectionTrait, id: Uuid, expected_version: i32) -> Result<bool, StoreError> {
    versioned::delete::<task::Entity>(conn, task::Column::Id.eq(id), task::Column::Version, expected_version).await
}
