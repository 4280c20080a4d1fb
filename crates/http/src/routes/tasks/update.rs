use super::{TaskResponse, UpdateTaskRequest, check_references, visible};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::{ValidJson, patch_str};
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::FieldErrors;
use samverka_domain::activities::{TaskChanges, TaskInput};
use samverka_domain::events::{Audience, EventType};
use samverka_persistence::{begin, commit, tasks};
use uuid::Uuid;

/// Change a task: mark it done, move its due date, hand it to a colleague.
/// Honours `If-Match`.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The task's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateTaskRequest,
    responses(
        (status = 200, description = "Changed", body = TaskResponse),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/tasks/{id}")]
pub async fn update_task(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<UpdateTaskRequest>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin(&state.db).await?;
    let current = visible(&txn, &principal, *id).await?;
    let old = TaskResponse::from(current.clone());
    let mut errors = FieldErrors::default();
    let company = body.company_id.unwrap_or(current.company_id);
    let activity = body.activity_id.unwrap_or(current.activity_id);
    let (company, _) = check_references(&txn, &principal, (body.assignee, company, activity), &mut errors).await?;
    let input =
        TaskInput { title: body.title.as_deref(), due_on: patch_str(&body.due_on), status: body.status.as_deref() };
    let changes = errors.absorb(TaskChanges::parse(&input));
    let changes = errors.finish(|| changes)?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    let references = (body.assignee, (company != current.company_id).then_some(company), body.activity_id);
    let new = tasks::update(&txn, &current, changes, references).await?.ok_or(ApiError::PreconditionFailed)?;
    let new = TaskResponse::from(new);
    audit::record(&txn, &principal, "task", &new.id.to_string(), Some(&old), Some(&new)).await?;
    if new.assignee != old.assignee {
        crate::events::emit(&txn, EventType::TaskAssigned, &new, Audience::Admins).await?;
    }
    commit(txn).await?;
    representation::written(&new, None).map(representation::no_store)
}
