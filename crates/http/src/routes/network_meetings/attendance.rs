//! After a meeting: the host records who came, and the companies that came
//! tell how it was.

use super::get::visible;
use super::registrations::{AttendanceRequest, RegistrationResponse};
use crate::audit;
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::Utc;
use samverka_domain::networks::{self as rules, Feedback};
use samverka_domain::offers::MeetingStatus;
use samverka_domain::policy;
use samverka_persistence::{begin, commit, network_meetings, networks};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// Record who of a registration's attendees came (admins; the host's
/// officers), once the meeting has started.
#[utoipa::path(
    tag = "network meetings",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The meeting's id"),
        ("registrationId" = Uuid, Path, description = "The registration's id"),
    ),
    request_body = AttendanceRequest,
    responses(
        (status = 200, description = "Recorded", body = RegistrationResponse),
        (status = 409, description = "The meeting has not started, or is cancelled", body = crate::error::Problem),
    )
)]
#[patch("/network-meetings/{id}/registrations/{registrationId}")]
pub async fn record_attendance(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
    ValidJson(body): ValidJson<AttendanceRequest>,
) -> Result<HttpResponse, ApiError> {
    let (meeting_id, registration_id) = path.into_inner();
    allow(policy::authenticated(&principal))?;
    let txn = begin(&state.db).await?;
    let meeting = visible(&txn, &principal, meeting_id).await?;
    allow(policy::can_record_attendance(&principal, meeting.municipality.trim()))?;
    let registration =
        network_meetings::registration(&txn, meeting.id, registration_id).await?.ok_or(ApiError::NotFound)?;
    let marks: Vec<bool> = body.attendees.iter().map(|a| a.attended).collect();
    let marks = rules::attendance(&marks, registration.attendee_count as usize)?;
    if meeting.status == MeetingStatus::Cancelled.as_str() {
        return Err(ApiError::conflict("meetingId", "meetingCancelled", "the meeting was cancelled: nobody attended"));
    }
    if meeting.starts_at > Utc::now() {
        return Err(ApiError::conflict(
            "meetingId",
            "notStarted",
            "attendance is recorded once the meeting has started",
        ));
    }
    let old = RegistrationResponse::from(registration.clone());
    networks::record_attendance(&txn, registration.id, &marks).await?;
    let new = network_meetings::registration(&txn, meeting.id, registration_id).await?.ok_or(ApiError::NotFound)?;
    let new = RegistrationResponse::from(new);
    audit::record(&txn, &principal, "registration", &new.id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None).map(representation::no_store)
}

/// A company's feedback on a meeting it attended.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FeedbackRequest {
    /// The company giving it; a company user's own by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_id: Option<Uuid>,
    /// 1 (poor) to 5 (excellent).
    #[schema(minimum = 1, maximum = 5, example = 4)]
    pub rating: i64,
    /// Up to 2,000 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Bra träff, kort och konkret.")]
    #[validate(length(max = 2000))]
    #[schema(value_type = Option<crate::schema::Text2000>)]
    pub comment: Option<String>,
}

/// What the host reads of the feedback on its meeting.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackSummary {
    /// How many companies gave feedback.
    #[schema(example = 6)]
    pub count: u64,
    /// Their mean rating; `null` before the first.
    #[schema(example = 4.3)]
    pub mean_rating: Option<f64>,
    /// The comments, oldest first, without who wrote them.
    pub comments: Vec<String>,
}

/// Give feedback on a meeting: a company that attended, once.
#[utoipa::path(
    tag = "network meetings",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The meeting's id")),
    request_body = FeedbackRequest,
    responses((status = 201, description = "Thank you", body = FeedbackRequest,
        headers(("Location" = String, description = "The meeting's feedback (its host reads the summary there)"))))
)]
#[post("/network-meetings/{id}/feedback")]
pub async fn give_feedback(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<FeedbackRequest>,
) -> Result<HttpResponse, ApiError> {
    let own = crate::auth::allowed(policy::feedback_company(&principal))?;
    if body.company_id.is_some_and(|c| c != own) {
        return Err(ApiError::Forbidden { detail: "a company gives feedback for itself".into() });
    }
    let txn = begin(&state.db).await?;
    let meeting = visible(&txn, &principal, *id).await?;
    let attended = networks::attended(&txn, meeting.id, own).await?;
    let given = networks::feedback_given(&txn, meeting.id, own).await?;
    let feedback = Feedback::parse(body.rating, body.comment.as_deref(), attended, given)?;
    let answer = FeedbackRequest { company_id: Some(own), rating: body.rating, comment: feedback.comment.clone() };
    networks::give_feedback(&txn, meeting.id, own, feedback).await?;
    commit(txn).await?;
    representation::written(&answer, Some(format!("/api/v1/network-meetings/{}/feedback", meeting.id)))
}

/// The feedback on a meeting: count, mean rating and comments (admins; the host's officers).
#[utoipa::path(
    tag = "network meetings",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The meeting's id")),
    responses((status = 200, description = "The summary", body = FeedbackSummary))
)]
#[get("/network-meetings/{id}/feedback")]
pub async fn feedback_summary(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::authenticated(&principal))?;
    let meeting = visible(&state.db, &principal, *id).await?;
    allow(policy::can_read_feedback(&principal, meeting.municipality.trim()))?;
    let (count, mean_rating, comments) = networks::feedback_summary(&state.db, meeting.id).await?;
    let mean_rating = mean_rating.map(|m| (m * 100.0).round() / 100.0);
    representation::single(&req, &FeedbackSummary { count, mean_rating, comments }).map(representation::no_store)
}
