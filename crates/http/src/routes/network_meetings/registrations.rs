//! Registrations of companies for a meeting (attendees are personal data).

use super::get::visible;
use crate::audit;
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::representation::{self, ListResponse, PageParams};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use samverka_domain::events::{Audience, EventType};
use samverka_domain::meetings;
use samverka_domain::offers::MeetingStatus;
use samverka_domain::{FieldErrors, policy};
use samverka_persistence::entities::registration;
use samverka_persistence::{begin, commit, companies, network_meetings};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// An attendee.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Attendee {
    #[schema(example = "Karin Lund")]
    #[validate(length(max = 200))]
    #[schema(value_type = crate::schema::Line200)]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 254))]
    #[schema(value_type = Option<crate::schema::EmailAddress>)]
    pub email: Option<String>,
}

/// An attendee as registered, and whether they came.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegisteredAttendee {
    #[schema(example = "Karin Lund")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether they came (set by the host once the meeting has started).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attended: Option<bool>,
}

/// A company's registration for a meeting.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationResponse {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub company_id: Uuid,
    pub attendees: Vec<RegisteredAttendee>,
    pub created_at: DateTime<Utc>,
}

impl From<registration::Model> for RegistrationResponse {
    fn from(r: registration::Model) -> Self {
        let mut attendees: Vec<RegisteredAttendee> = serde_json::from_str(&r.attendees).unwrap_or_default();
        let marks: Vec<bool> = r.attended.as_deref().and_then(|m| serde_json::from_str(m).ok()).unwrap_or_default();
        for (attendee, mark) in attendees.iter_mut().zip(marks) {
            attendee.attended = Some(mark);
        }
        RegistrationResponse {
            id: r.id,
            meeting_id: r.meeting_id,
            company_id: r.company_id,
            attendees,
            created_at: r.created_at,
        }
    }
}

/// Who came: one entry per attendee, in the registration's order.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AttendanceRequest {
    #[schema(max_items = 50)]
    pub attendees: Vec<AttendanceMark>,
}

/// Whether one attendee came.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AttendanceMark {
    pub attended: bool,
}

/// A registration to make: a company's attendees (1–50).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateRegistrationRequest {
    /// The company registered; a company user's own by default.
    pub company_id: Option<Uuid>,
    #[validate(nested)]
    #[schema(min_items = 1, max_items = 50)]
    pub attendees: Vec<Attendee>,
}

/// The registrations of a meeting (`Cache-Control: no-store`): all for
/// admins and officers, a company's own for it.
#[utoipa::path(
    tag = "network meetings",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The meeting's id"), PageParams),
    responses((status = 200, description = "One page of registrations", body = ListResponse<RegistrationResponse>))
)]
#[get("/network-meetings/{id}/registrations")]
pub async fn list_registrations(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidQuery(params): ValidQuery<PageParams>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::may_act_for_companies(&principal))?;
    let page = params.page_request()?;
    let meeting = visible(&state.db, &principal, *id).await?;
    let scope = crate::auth::allowed(policy::registration_scope(&principal, meeting.municipality.trim()))?;
    let page = network_meetings::registrations(&state.db, meeting.id, &scope, &page).await?;
    representation::list(&req, page.map(RegistrationResponse::from)).map(representation::no_store)
}

/// Register a company's attendees (its own users, officers, admins) while
/// the meeting is planned and has not started. Capacity counts attendees
/// and holds at any concurrency (one conditional update); a full meeting is
/// a 409, and so is a second registration of the same company.
#[utoipa::path(
    tag = "network meetings",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The meeting's id"),
        ("Idempotency-Key" = inline(Option<crate::schema::IdempotencyKey>), Header, description = "Retry safely: the same key and body within 24 h answers the first result again"),
    ),
    request_body = CreateRegistrationRequest,
    responses(
        (status = 201, description = "Registered", body = RegistrationResponse,
            headers(("Location" = String, description = "Where the registration lives"))),
        (status = 409, description = "Full, registered already, started, or not planned", body = crate::error::Problem),
    )
)]
#[post("/network-meetings/{id}/registrations")]
pub async fn create_registration(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<CreateRegistrationRequest>,
) -> Result<HttpResponse, ApiError> {
    let company_id = crate::routes::acting_company_id(&principal, body.company_id)?;
    let mut errors = FieldErrors::default();
    let people: Vec<(&str, Option<&str>)> =
        body.attendees.iter().map(|a| (a.name.as_str(), a.email.as_deref())).collect();
    let attendees = errors.absorb(meetings::attendees(&people));
    let txn = begin(&state.db).await?;
    let meeting = visible(&txn, &principal, *id).await?;
    crate::routes::acting_company(&txn, &principal, company_id, &mut errors).await?;
    let attendees = errors.finish(|| attendees)?;
    let closed = |code: &str, detail: &str| ApiError::conflict("meetingId", code, detail);
    let status = MeetingStatus::parse("status", &meeting.status).map_err(|e| ApiError::internal(e.message))?;
    meetings::registration_open(status, meeting.starts_at, Utc::now()).map_err(|(code, why)| closed(code, &why))?;
    if !network_meetings::take_places(&txn, meeting.id, attendees.len() as i32).await? {
        return Err(closed("full", "the meeting has no room for that many attendees"));
    }
    let created =
        network_meetings::create_registration(&txn, (meeting.id, company_id), principal.user_id(), &attendees)
            .await
            .map_err(ApiError::on_duplicate("companyId", "the company is registered for this meeting already"))?;
    let created = RegistrationResponse::from(created);
    audit::record(&txn, &principal, "registration", &created.id.to_string(), None, Some(&created)).await?;
    let event = serde_json::json!({"id": created.id, "meetingId": meeting.id, "companyId": company_id,
        "attendees": created.attendees.len()});
    crate::events::emit(&txn, EventType::RegistrationConfirmed, &event, Audience::Admins).await?;
    commit(txn).await?;
    let location = format!("/api/v1/network-meetings/{}/registrations/{}", meeting.id, created.id);
    representation::written(&created, Some(location)).map(representation::no_store)
}

/// Withdraw a registration (the company itself, officers, admins) until the meeting starts.
#[utoipa::path(
    tag = "network meetings",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The meeting's id"),
        ("registrationId" = Uuid, Path, description = "The registration's id"),
    ),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 409, description = "The meeting has started", body = crate::error::Problem),
    )
)]
#[delete("/network-meetings/{id}/registrations/{registrationId}")]
pub async fn delete_registration(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (meeting_id, registration_id) = path.into_inner();
    allow(policy::may_act_for_companies(&principal))?;
    let txn = begin(&state.db).await?;
    network_meetings::lock(&txn, meeting_id).await?;
    let meeting = visible(&txn, &principal, meeting_id).await?;
    let registration =
        network_meetings::registration(&txn, meeting.id, registration_id).await?.ok_or(ApiError::NotFound)?;
    let host = meeting.municipality.trim();
    let company = companies::get_any(&txn, registration.company_id)
        .await?
        .map(|c| companies::facts(&c))
        .ok_or(ApiError::NotFound)?;
    if !policy::sees_registration(&principal, host, &company) {
        return Err(ApiError::NotFound);
    }
    allow(policy::can_withdraw_registration(&principal, host, &company))?;
    if meeting.starts_at <= Utc::now() {
        return Err(ApiError::conflict("meetingId", "started", "the meeting has started: a registration stays"));
    }
    let old = RegistrationResponse::from(registration.clone());
    if network_meetings::delete_registration(&txn, registration.id).await? {
        network_meetings::free_places(&txn, meeting.id, registration.attendee_count).await?;
    }
    audit::record(&txn, &principal, "registration", &old.id.to_string(), Some(&old), None).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
