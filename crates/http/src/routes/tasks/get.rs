use super::{TaskResponse, visible};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use uuid::Uuid;

/// Get one task.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The task's id")),
    responses(
        (status = 200, description = "The task", body = TaskResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/tasks/{id}")]
pub async fn get_task(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let task = visible(&state.db, &principal, *id).await?;
    representation::single(&req, &TaskResponse::from(task)).map(representation::no_store)
}
