use super::{ActivityResponse, visible};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, delete, web};
use samverka_domain::policy;
use samverka_persistence::{activities, begin, commit};
use uuid::Uuid;

/// Delete an activity (admins; officers of the company's municipality);
/// tasks that followed from it stay, without the link. Honours `If-Match`.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The activity's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[delete("/activities/{id}")]
pub async fn delete_activity(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin(&state.db).await?;
    let (current, company) = visible(&txn, &principal, *id).await?;
    allow(policy::can_write_activities(&principal, &company))?;
    let old = ActivityResponse::from(current);
    representation::check_if_match(&req, &old)?;
    if !activities::delete(&txn, old.id, old.version).await? {
        return Err(ApiError::PreconditionFailed);
    }
    audit::record(&txn, &principal, "activity", &old.id.to_string(), Some(&old), None).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
