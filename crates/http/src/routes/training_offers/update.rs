use super::get::visible;
use super::{OfferResponse, UpdateOfferRequest, facts};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::{ValidJson, patch_str};
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::offers::{EnrolmentStatus, OfferContent, OfferInput, OfferStatus};
use samverka_domain::{FieldError, FieldErrors, policy};
use samverka_persistence::training_offers::Replace;
use samverka_persistence::{begin, commit, enrolments, training_offers};
use uuid::Uuid;

/// Change an offer. More seats promote the waiting list; cancelling cancels
/// every enrolment. Honours `If-Match`.
#[utoipa::path(
    tag = "training offers",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The offer's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateOfferRequest,
    responses(
        (status = 200, description = "Changed", body = OfferResponse),
        (status = 409, description = "Not a step of the workflow, fewer seats than taken, or a cancelled offer", body = crate::error::Problem),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/training-offers/{id}")]
pub async fn update_training_offer(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<UpdateOfferRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::may_write_offers(&principal))?;
    let txn = begin(&state.db).await?;
    // The offer row stays locked: enrolments wait until this change is in.
    training_offers::lock(&txn, *id).await?;
    let current = visible(&txn, &principal, *id).await?;
    allow(policy::can_write_offer(&principal, &facts(&current.offer)))?;
    let old = OfferResponse::from(current.clone());
    let m = &current.offer;
    let from = OfferStatus::parse("status", &m.status).map_err(|e| ApiError::internal(e.message))?;
    let mut errors = FieldErrors::default();
    let to = match body.status.as_deref() {
        None => from,
        Some(s) => errors.collect(OfferStatus::parse("status", s)).unwrap_or(from),
    };
    std::mem::take(&mut errors).into_result()?;
    from.transition(to).map_err(|message| ApiError::conflict("status", "transition", message))?;
    if from == OfferStatus::Cancelled {
        return Err(ApiError::conflict("status", OfferStatus::Cancelled.as_str(), "a cancelled offer cannot change"));
    }
    let areas = body.areas.clone().unwrap_or_else(|| current.areas.clone());
    let sessions = match &body.sessions {
        Some(sessions) => super::session_pairs(sessions),
        None => current.sessions.iter().map(|s| (s.starts_at, s.ends_at)).collect(),
    };
    let deadline = match &body.enrolment_deadline {
        Some(deadline) => deadline.clone(),
        None => m.enrolment_deadline.map(|d| d.to_string()),
    };
    let content = OfferInput {
        title: body.title.as_deref().unwrap_or(&m.title),
        description: patch_str(&body.description).unwrap_or(m.description.as_deref()),
        areas: &areas,
        format: body.format.as_deref().unwrap_or(&m.format),
        municipality: patch_str(&body.municipality).unwrap_or(m.municipality.as_deref()),
        venue: patch_str(&body.venue).unwrap_or(m.venue.as_deref()),
        sessions: &sessions,
        seats: body.seats.unwrap_or(i64::from(m.seats)),
        price_sek: body.price_sek.unwrap_or(i64::from(m.price_sek)),
        language: body.language.as_deref().unwrap_or(&m.language),
        enrolment_deadline: deadline.as_deref(),
    };
    let reference = super::Reference::load(&txn, &content).await?;
    let content = OfferContent::parse(content, &reference)?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    if to != OfferStatus::Cancelled && content.seats < m.seats_taken {
        return Err(ApiError::Conflict {
            detail: format!("{} seats are taken: an offer cannot have fewer", m.seats_taken),
            errors: vec![FieldError::new("seats", "taken", format!("at least {}", m.seats_taken))],
        });
    }
    let replace = Replace { areas: body.areas.is_some(), sessions: body.sessions.is_some() };
    training_offers::update(&txn, m, to, content, replace).await?.ok_or(ApiError::PreconditionFailed)?;
    if to == OfferStatus::Cancelled {
        for enrolment in enrolments::cancel_all(&txn, m.id).await? {
            let cancelled = EnrolmentStatus::Cancelled.as_str();
            let changes = serde_json::json!({"status": {"new": cancelled}, "reason": "the offer was cancelled"});
            audit::record_hidden_update(&txn, &principal, "enrolment", &enrolment.to_string(), changes).await?;
        }
    } else {
        enrolments::promote(&txn, m.id).await?;
    }
    let new = OfferResponse::from(training_offers::get(&txn, m.id).await?.ok_or(ApiError::NotFound)?);
    audit::record(&txn, &principal, "trainingOffer", &new.id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None)
}
