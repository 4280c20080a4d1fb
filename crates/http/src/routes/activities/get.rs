use super::{ActivityResponse, visible};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use uuid::Uuid;

/// Get one activity (internal: `Cache-Control: no-store`).
#[utoipa::path(
    tag = "activities",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The activity's id")),
    responses(
        (status = 200, description = "The activity", body = ActivityResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/activities/{id}")]
pub async fn get_activity(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (activity, _) = visible(&state.db, &principal, *id).await?;
    representation::single(&req, &ActivityResponse::from(activity)).map(representation::no_store)
}
