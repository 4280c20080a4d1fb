use super::TaskResponse;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::{ValidQuery, optional};
use crate::representation::{self, ListResponse};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::activities::TaskStatus;
use samverka_domain::{FieldError, needs, policy};
use samverka_persistence::tasks::{self, TaskFilter};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Filters and paging of the task list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct TaskListParams {
    /// Tasks assigned to this user, or to the caller (`me`).
    #[param(value_type = Option<crate::schema::UserOrMe>, inline, example = "me")]
    pub assignee: Option<String>,
    #[param(value_type = Option<crate::schema::TaskStatus>, inline, example = "open")]
    pub status: Option<String>,
    /// Tasks of this company.
    pub company: Option<Uuid>,
    /// Due before this date (tasks without a due date are left out).
    #[param(value_type = Option<crate::schema::CalendarDate>, inline, example = "2026-12-31")]
    pub due_before: Option<String>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 20)]
    pub limit: Option<u64>,
    /// The `nextCursor` of the previous page.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// List the tasks the caller reads, soonest due first (undated ones last):
/// `?assignee=me&status=open` is an officer's to-do list.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = []), ("oauth2" = [])),
    params(TaskListParams),
    responses((status = 200, description = "One page of tasks", body = ListResponse<TaskResponse>))
)]
#[get("/tasks")]
pub async fn list_tasks(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<TaskListParams>,
) -> Result<HttpResponse, ApiError> {
    let scope = crate::auth::allowed(policy::task_scope(&principal))?;
    let page = representation::page_request(params.limit, params.cursor.as_deref())?;
    let assignee = optional(&params.assignee, |a| match a {
        "me" => principal.user_id().ok_or_else(|| FieldError::new("assignee", "format", "no user signed in")),
        id => Uuid::parse_str(id).map_err(|_| FieldError::new("assignee", "format", "a user id or `me`")),
    })?;
    let filter = TaskFilter {
        scope,
        assignee,
        status: optional(&params.status, |s| TaskStatus::parse("status", s))?,
        company: params.company,
        due_before: optional(&params.due_before, |d| needs::date("dueBefore", d))?,
    };
    let page = tasks::list(&state.db, &filter, &page).await?;
    representation::list(&req, page.map(TaskResponse::from)).map(representation::no_store)
}
