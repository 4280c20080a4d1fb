use super::MeetingResponse;
use super::get::visible;
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, delete, web};
use samverka_domain::policy;
use samverka_persistence::{begin, commit, network_meetings};
use uuid::Uuid;

/// Delete a meeting and its registrations (officers of the host
/// municipality, admins). Honours `If-Match`.
#[utoipa::path(
    tag = "network meetings",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The meeting's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[delete("/network-meetings/{id}")]
pub async fn delete_meeting(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::authenticated(&principal))?;
    let txn = begin(&state.db).await?;
    let current = visible(&txn, &principal, *id).await?;
    allow(policy::can_write_meeting(&principal, current.municipality.trim()))?;
    let old = MeetingResponse::from(current.clone());
    representation::check_if_match(&req, &old)?;
    if !network_meetings::delete(&txn, current.id, current.version).await? {
        return Err(ApiError::PreconditionFailed);
    }
    audit::record(&txn, &principal, "networkMeeting", &old.id.to_string(), Some(&old), None).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
