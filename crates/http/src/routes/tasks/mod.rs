//! Follow-up tasks of officers ("send the offer on welding", "call back in
//! March"), optionally of a company and of the activity they came from.
//! Admins read and write every task; officers those assigned to them and
//! those of companies of their municipality; nobody else. The assignee is
//! an officer or an admin.

mod create;
mod delete;
mod get;
mod list;
mod update;

use crate::auth::allow;
use crate::error::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use samverka_domain::account::Principal;
use samverka_domain::{FieldError, FieldErrors, policy};
use samverka_persistence::entities::task::Model;
use samverka_persistence::{ConnectionLike, activities, companies, tasks, users};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_tasks)
        .service(create::create_task)
        .service(get::get_task)
        .service(update::update_task)
        .service(delete::delete_task);
}

/// A follow-up task.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaskResponse {
    pub id: Uuid,
    #[schema(example = "Skicka utbildningsutbudet om svetsning")]
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_id: Option<Uuid>,
    /// The activity it follows up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity_id: Option<Uuid>,
    /// The officer or admin (user id) who is to do it.
    pub assignee: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date, example = "2026-12-15")]
    pub due_on: Option<NaiveDate>,
    #[schema(example = "open", value_type = crate::schema::TaskStatus)]
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

impl From<Model> for TaskResponse {
    fn from(m: Model) -> Self {
        TaskResponse {
            id: m.id,
            title: m.title,
            company_id: m.company_id,
            activity_id: m.activity_id,
            assignee: m.assignee,
            due_on: m.due_on,
            status: m.status,
            created_by: m.created_by,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

/// A task to create.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateTaskRequest {
    /// 1–200 characters.
    #[schema(example = "Skicka utbildningsutbudet om svetsning")]
    #[validate(length(max = 200))]
    #[schema(value_type = crate::schema::Line200)]
    pub title: String,
    /// Default: the company of `activityId`, if any.
    pub company_id: Option<Uuid>,
    pub activity_id: Option<Uuid>,
    /// An officer or admin; default: the caller.
    pub assignee: Option<Uuid>,
    #[schema(example = "2026-12-15")]
    #[validate(length(max = 10))]
    #[schema(value_type = Option<crate::schema::CalendarDate>)]
    pub due_on: Option<String>,
    /// Default `open`.
    #[validate(length(max = 10))]
    #[schema(value_type = Option<crate::schema::TaskStatus>)]
    pub status: Option<String>,
}

/// Changes to a task (JSON Merge Patch: `null` clears `dueOn`, `companyId`, `activityId`).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateTaskRequest {
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    pub company_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    pub activity_id: Option<Option<Uuid>>,
    pub assignee: Option<Uuid>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::CalendarDate>)]
    pub due_on: Option<Option<String>>,
    #[validate(length(max = 10))]
    #[schema(value_type = Option<crate::schema::TaskStatus>)]
    pub status: Option<String>,
}

/// What a task refers to, checked: the municipality of its company (the
/// company a caller does not see is, to the caller, no company; and so for
/// activities), and that the assignee is an officer or admin. Errors are
/// collected in `errors`.
pub(crate) async fn check_references(
    conn: &impl ConnectionLike,
    principal: &Principal,
    (assignee, company, activity): (Option<Uuid>, Option<Uuid>, Option<Uuid>),
    errors: &mut FieldErrors,
) -> Result<(Option<Uuid>, Option<String>), ApiError> {
    if let Some(assignee) = assignee
        && users::workers(conn, &[assignee]).await?.is_empty()
    {
        errors.push(FieldError::new("assignee", "unknown", format!("{assignee} is not an officer or admin")));
    }
    let mut company = company;
    if let Some(id) = activity {
        let found = activities::get(conn, id).await?;
        let facts = match &found {
            Some(a) => companies::facts_of(conn, a.activity.company_id).await?,
            None => None,
        };
        match (found, facts) {
            (Some(a), Some(f)) if policy::sees_activity(principal, &f, a.activity.shared) => {
                if company.is_some_and(|c| c != a.activity.company_id) {
                    errors.push(FieldError::new("activityId", "mismatch", "the activity is with another company"));
                }
                company = Some(a.activity.company_id);
            }
            _ => errors.push(FieldError::new("activityId", "unknown", format!("there is no activity {id}"))),
        }
    }
    let Some(id) = company else { return Ok((None, None)) };
    match companies::facts_of(conn, id).await? {
        Some(facts) if policy::sees_company(principal, &facts) => Ok((Some(id), Some(facts.municipality))),
        _ => {
            errors.push(FieldError::new("companyId", "unknown", format!("there is no company {id}")));
            Ok((None, None))
        }
    }
}

/// A task the principal reads and writes: 401/403 by role, 404 when it
/// does not exist or is not the principal's.
async fn visible(conn: &impl ConnectionLike, principal: &Principal, id: Uuid) -> Result<Model, ApiError> {
    allow(policy::task_scope(principal).map(|_| ()))?;
    let task = tasks::get(conn, id).await?.ok_or(ApiError::NotFound)?;
    let municipality = match task.company_id {
        Some(company) => companies::facts_of(conn, company).await?.map(|f| f.municipality),
        None => None,
    };
    if !policy::sees_task(principal, task.assignee, municipality.as_deref()) {
        return Err(ApiError::NotFound);
    }
    Ok(task)
}
