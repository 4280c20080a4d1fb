use super::UserResponse;
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::policy;
use samverka_persistence::users;
use uuid::Uuid;

/// Get one user (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The user", body = UserResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/users/{id}")]
pub async fn get_user(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_manage_users(&principal))?;
    let user = users::get(&state.db, *id).await?.ok_or(ApiError::NotFound)?;
    representation::single(&req, &UserResponse::from(user)).map(representation::no_store)
}
