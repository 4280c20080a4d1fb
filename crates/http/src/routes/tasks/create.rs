use super::{CreateTaskRequest, TaskResponse, check_references};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::activities::{TaskChanges, TaskInput, TaskStatus};
use samverka_domain::events::{Audience, EventType};
use samverka_domain::{FieldError, FieldErrors, policy};
use samverka_persistence::tasks::{self, NewTask};
use samverka_persistence::{begin, commit};

/// Create a follow-up task (admins; officers: assigned to themselves, or
/// of a company of their municipality). Honours `Idempotency-Key`.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = []), ("oauth2" = [])),
    params(("Idempotency-Key" = inline(Option<crate::schema::IdempotencyKey>), Header, description = "Retry safely: the same key and body within 24 h answers the first result again")),
    request_body = CreateTaskRequest,
    responses((status = 201, description = "Created", body = TaskResponse,
        headers(("Location" = String, description = "Where the task lives"))))
)]
#[post("/tasks")]
pub async fn create_task(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<CreateTaskRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::task_scope(&principal).map(|_| ()))?;
    let txn = begin(&state.db).await?;
    let mut errors = FieldErrors::default();
    let assignee = body.assignee.or(principal.user_id());
    let references = (assignee, body.company_id, body.activity_id);
    let (company_id, municipality) = check_references(&txn, &principal, references, &mut errors).await?;
    let input = TaskInput {
        title: Some(&body.title),
        due_on: body.due_on.as_deref().map(Some),
        status: body.status.as_deref(),
    };
    let changes = errors.absorb(TaskChanges::parse(&input));
    if assignee.is_none() {
        errors.push(FieldError::new("assignee", "required", "name the officer who is to do it"));
    }
    let (changes, assignee) = errors.finish(|| Some((changes?, assignee?)))?;
    allow(
        policy::sees_task(&principal, assignee, municipality.as_deref()).then_some(()).ok_or(policy::Denied::Forbidden),
    )?;
    let new = NewTask {
        title: changes.title.unwrap_or_default(),
        company_id,
        activity_id: body.activity_id,
        assignee,
        due_on: changes.due_on.flatten(),
        status: changes.status.unwrap_or(TaskStatus::Open),
    };
    let created = TaskResponse::from(tasks::create(&txn, principal.user_id(), new).await?);
    audit::record(&txn, &principal, "task", &created.id.to_string(), None, Some(&created)).await?;
    crate::events::emit(&txn, EventType::TaskAssigned, &created, Audience::Admins).await?;
    commit(txn).await?;
    let location = format!("/api/v1/tasks/{}", created.id);
    representation::written(&created, Some(location)).map(representation::no_store)
}
