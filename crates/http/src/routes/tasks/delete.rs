use super::{TaskResponse, visible};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, delete, web};
use samverka_persistence::{begin, commit, tasks};
use uuid::Uuid;

/// Delete a task. Honours `If-Match`.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The task's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[delete("/tasks/{id}")]
pub async fn delete_task(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin(&state.db).await?;
    let old = TaskResponse::from(visible(&txn, &principal, *id).await?);
    representation::check_if_match(&req, &old)?;
    if !tasks::delete(&txn, old.id, old.version).await? {
        return Err(ApiError::PreconditionFailed);
    }
    audit::record(&txn, &principal, "task", &old.id.to_string(), Some(&old), None).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
