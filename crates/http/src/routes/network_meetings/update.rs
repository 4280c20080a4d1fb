use super::get::visible;
use super::{MeetingResponse, UpdateMeetingRequest};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::{ValidJson, patch_str};
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::meetings::{self, MeetingChanges};
use samverka_domain::offers::MeetingStatus;
use samverka_domain::{FieldError, FieldErrors, policy};
use samverka_persistence::{begin, commit, network_meetings};
use uuid::Uuid;

/// Change a meeting: its content, its status (planned → held once started,
/// or → cancelled), its minutes (held meetings only). Honours `If-Match`.
#[utoipa::path(
    tag = "network meetings",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The meeting's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateMeetingRequest,
    responses(
        (status = 200, description = "Changed", body = MeetingResponse),
        (status = 409, description = "Not a step of the workflow, minutes before the meeting, fewer places than registered", body = crate::error::Problem),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/network-meetings/{id}")]
pub async fn update_meeting(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<UpdateMeetingRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::authenticated(&principal))?;
    let txn = begin(&state.db).await?;
    network_meetings::lock(&txn, *id).await?;
    let current = visible(&txn, &principal, *id).await?;
    allow(policy::can_write_meeting(&principal, current.municipality.trim()))?;
    let old = MeetingResponse::from(current.clone());
    let from = MeetingStatus::parse("status", &current.status).map_err(|e| ApiError::internal(e.message))?;
    let to =
        body.status.as_deref().map(|s| MeetingStatus::parse("status", s)).transpose().map_err(FieldErrors::from)?;
    let to = to.unwrap_or(from);
    let writes_minutes = matches!(body.minutes, Some(Some(_)));
    meetings::check_move((from, to), current.starts_at, chrono::Utc::now(), writes_minutes)
        .map_err(ApiError::conflict_on)?;
    let questions = body.questions.clone().unwrap_or_else(|| current.question_list());
    let content = body.merged_with(&current, &questions);
    let mut errors = FieldErrors::default();
    super::require_network(&txn, body.network_id.flatten(), &mut errors).await?;
    let changes = errors.absorb(MeetingChanges::parse(to, content, patch_str(&body.minutes)));
    let changes = errors.finish(|| changes)?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    if changes.content.capacity.is_some_and(|n| n < current.attendees_taken) {
        return Err(ApiError::Conflict {
            detail: format!("{} attendees are registered: the capacity cannot be lower", current.attendees_taken),
            errors: vec![FieldError::new("capacity", "taken", format!("at least {}", current.attendees_taken))],
        });
    }
    let new = network_meetings::update(&txn, &current, changes).await?.ok_or(ApiError::PreconditionFailed)?;
    let new = MeetingResponse::from(new);
    audit::record(&txn, &principal, "networkMeeting", &new.id.to_string(), Some(&old), Some(&new)).await?;
    crate::events::meeting(&txn, Some(from), to, &new).await?;
    commit(txn).await?;
    representation::written(&new, None)
}
