//! One enrolment: read it, record attendance, cancel it (which frees its
//! seats and promotes the waiting list in order).

use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::routes::training_offers::{EnrolmentResponse, facts};
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, web};
use samverka_domain::account::Principal;
use samverka_domain::events::EventType;
use samverka_domain::offers::{self, EnrolmentStatus, hours_attended};
use samverka_domain::policy;
use samverka_domain::text;
use samverka_domain::{FieldError, FieldErrors};
use samverka_persistence::enrolments::{self, Enrolment};
use samverka_persistence::{ConnectionLike, begin, commit, companies, training_offers};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_enrolment).service(change_enrolment).service(cancel_enrolment);
}

/// What the rules need of an enrolment: its offer and its company.
struct Visible {
    enrolment: Enrolment,
    offer: policy::OfferFacts,
    company: policy::CompanyFacts,
    started: bool,
}

/// The enrolment when the principal may read it: integrations 403,
/// anonymous 401, not visible 404. (A deleted company's enrolments stay
/// readable to those who may read them, by the company's last facts.)
async fn visible(conn: &impl ConnectionLike, principal: &Principal, id: Uuid) -> Result<Visible, ApiError> {
    allow(policy::may_read_enrolments(principal))?;
    let enrolment = enrolments::get(conn, id).await?.ok_or(ApiError::NotFound)?;
    let offer = training_offers::get(conn, enrolment.enrolment.offer_id).await?.ok_or(ApiError::NotFound)?;
    let company = companies::get_any(conn, enrolment.enrolment.company_id).await?.ok_or(ApiError::NotFound)?;
    let (offer, started) = (facts(&offer.offer), offer.offer.starts_at <= chrono::Utc::now());
    let company = companies::facts(&company);
    if !policy::sees_enrolment(principal, &offer, &company) {
        return Err(ApiError::NotFound);
    }
    Ok(Visible { enrolment, offer, company, started })
}

/// Get one enrolment (personal data: `Cache-Control: no-store`).
#[utoipa::path(
    tag = "training offers",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The enrolment's id")),
    responses(
        (status = 200, description = "The enrolment", body = EnrolmentResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/enrolments/{id}")]
pub async fn get_enrolment(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let enrolment = visible(&state.db, &principal, *id).await?.enrolment;
    representation::single(&req, &EnrolmentResponse::from(enrolment)).map(representation::no_store)
}

/// Hours attended by one participant.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AttendanceInput {
    /// A participant's `id`.
    pub participant_id: Uuid,
    /// 0–1,000, rounded to quarters of an hour.
    #[schema(example = 6.5)]
    #[schema(minimum = 0, maximum = 1000)]
    pub hours_attended: f64,
}

/// A change to one participant, in the shape the enrolment shows it.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ParticipantChange {
    /// The participant's `id`.
    pub id: Uuid,
    /// A new name (the company, before the offer starts; officers of its municipality; admins).
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub name: Option<String>,
    /// Hours attended, 0–1,000, rounded to quarters of an hour (the offer's
    /// provider, officers of the company's municipality, admins; confirmed enrolments).
    #[schema(example = 6.5)]
    #[schema(minimum = 0, maximum = 1000)]
    pub hours_attended: Option<f64>,
}

/// Changes to an enrolment's participants: `participants` (the
/// representation's own shape), or `attendance` (hours by participant id).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EnrolmentChangeRequest {
    #[validate(nested)]
    #[schema(max_items = 100)]
    pub participants: Option<Vec<ParticipantChange>>,
    #[validate(nested)]
    #[schema(max_items = 100)]
    pub attendance: Option<Vec<AttendanceInput>>,
}

/// The changes asked for, checked against the enrolment's participants:
/// (new names, new hours, whether hours were asked for at all).
type Changes = (Vec<(Uuid, String)>, Vec<(Uuid, f64)>, bool);

fn changes_of(body: &EnrolmentChangeRequest, current: &Enrolment) -> Result<Changes, ApiError> {
    let mut errors = FieldErrors::default();
    let known = |id: &Uuid| current.participants.iter().any(|p| p.id == *id);
    let unknown = |field: String| FieldError::new(field, "unknown", "not a participant of this enrolment");
    let (mut names, mut hours) = (Vec::new(), Vec::new());
    for (field, n) in [
        ("participants", body.participants.as_ref().map_or(0, Vec::len)),
        ("attendance", body.attendance.as_ref().map_or(0, Vec::len)),
    ] {
        if n > offers::MAX_PARTICIPANTS {
            errors.push(FieldError::new(field, "length", "at most 100 participants"));
        }
    }
    for (i, p) in body.participants.iter().flatten().enumerate() {
        if !known(&p.id) {
            errors.push(unknown(format!("participants[{i}].id")));
        }
        if let Some(name) = &p.name {
            let field = format!("participants[{i}].name");
            names.extend(errors.collect(text::required(&field, name, 200)).map(|n| (p.id, n)));
        }
        if let Some(h) = p.hours_attended {
            hours.extend(
                errors.collect(hours_attended(&format!("participants[{i}].hoursAttended"), h)).map(|h| (p.id, h)),
            );
        }
    }
    for (i, entry) in body.attendance.iter().flatten().enumerate() {
        if !known(&entry.participant_id) {
            errors.push(unknown(format!("attendance[{i}].participantId")));
        }
        let field = format!("attendance[{i}].hoursAttended");
        hours.extend(errors.collect(hours_attended(&field, entry.hours_attended)).map(|h| (entry.participant_id, h)));
    }
    let asks_hours =
        body.attendance.is_some() || body.participants.iter().flatten().any(|p| p.hours_attended.is_some());
    if body.participants.is_none() && body.attendance.is_none() {
        errors.push(FieldError::new("participants", "required", "send participants (or attendance) to change"));
    }
    errors.into_result()?;
    Ok((names, hours, asks_hours))
}

/// Change participants: names (the company before the offer starts,
/// officers of the company's municipality, admins) and hours attended (the
/// offer's provider, officers of the company's municipality, admins; a
/// confirmed enrolment). Honours `If-Match`.
#[utoipa::path(
    tag = "training offers",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The enrolment's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = EnrolmentChangeRequest,
    responses(
        (status = 200, description = "Changed", body = EnrolmentResponse),
        (status = 409, description = "Hours for an enrolment that is not confirmed, or names of a cancelled one", body = crate::error::Problem),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/enrolments/{id}")]
pub async fn change_enrolment(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<EnrolmentChangeRequest>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin(&state.db).await?;
    let Visible { enrolment: current, offer, company, started } = visible(&txn, &principal, *id).await?;
    let (names, hours, asks_hours) = changes_of(&body, &current)?;
    let status = EnrolmentStatus::parse("status", &current.enrolment.status).ok();
    if asks_hours {
        allow(policy::can_record_hours(&principal, &offer, &company))?;
        if status != Some(EnrolmentStatus::Confirmed) {
            return Err(ApiError::conflict(
                "status",
                "notConfirmed",
                "attendance is recorded for confirmed enrolments",
            ));
        }
    }
    if !names.is_empty() {
        allow(policy::can_change_enrolment(&principal, &company, started))?;
        if status == Some(EnrolmentStatus::Cancelled) {
            return Err(ApiError::conflict(
                "status",
                EnrolmentStatus::Cancelled.as_str(),
                "the enrolment is cancelled",
            ));
        }
    }
    let old = EnrolmentResponse::from(current.clone());
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    if !enrolments::change_participants(&txn, current.enrolment.id, &names, &hours, current.enrolment.version).await? {
        return Err(ApiError::PreconditionFailed);
    }
    let new = EnrolmentResponse::from(enrolments::get(&txn, current.enrolment.id).await?.ok_or(ApiError::NotFound)?);
    audit::record(&txn, &principal, "enrolment", &new.id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None).map(representation::no_store)
}

/// Cancel an enrolment (the company itself, officers, admins): its seats
/// free up and the waiting list moves up, in order, each enrolment whose
/// whole group fits. Honours `If-Match`.
#[utoipa::path(
    tag = "training offers",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The enrolment's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the cancellation is based on"),
    ),
    responses(
        (status = 204, description = "Cancelled"),
        (status = 409, description = "Cancelled already", body = crate::error::Problem),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[delete("/enrolments/{id}")]
pub async fn cancel_enrolment(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin(&state.db).await?;
    let Visible { enrolment: current, company, started, .. } = visible(&txn, &principal, *id).await?;
    allow(policy::can_change_enrolment(&principal, &company, started))?;
    let old = EnrolmentResponse::from(current.clone());
    representation::check_if_match(&req, &old)?;
    let e = &current.enrolment;
    // The offer row first, so that seat changes on one offer go one at a time.
    training_offers::lock(&txn, e.offer_id).await?;
    use EnrolmentStatus::{Cancelled, Confirmed, Waitlisted};
    if enrolments::set_status(&txn, e.id, Confirmed, Cancelled).await? {
        training_offers::free_seats(&txn, e.offer_id, e.seats).await?;
        crate::events::enrolment(&txn, EventType::EnrolmentCancelled, e.id).await?;
        for promoted in enrolments::promote(&txn, e.offer_id).await? {
            let changes = serde_json::json!({"status": {"old": Waitlisted.as_str(), "new": Confirmed.as_str()}});
            audit::record_hidden_update(&txn, &principal, "enrolment", &promoted.to_string(), changes).await?;
            crate::events::enrolment(&txn, EventType::EnrolmentPromoted, promoted).await?;
        }
    } else if enrolments::set_status(&txn, e.id, Waitlisted, Cancelled).await? {
        crate::events::enrolment(&txn, EventType::EnrolmentCancelled, e.id).await?;
    } else {
        return Err(ApiError::conflict("status", Cancelled.as_str(), "the enrolment is cancelled already"));
    }
    let new = EnrolmentResponse::from(enrolments::get(&txn, e.id).await?.ok_or(ApiError::NotFound)?);
    audit::record(&txn, &principal, "enrolment", &e.id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
