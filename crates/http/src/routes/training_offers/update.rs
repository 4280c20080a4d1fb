use super::get::visible;
use super::{OfferResponse, UpdateOfferRequest, facts};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::{ValidJson, patch_str};
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use chrono::{DateTime, Utc};
use samverka_domain::account::Principal;
use samverka_domain::events::EventType;
use samverka_domain::offers::{self, EnrolmentStatus, OfferContent, OfferInput, OfferStatus};
use samverka_domain::{FieldErrors, policy};
use samverka_persistence::entities::training_offer::Model;
use samverka_persistence::training_offers::{Offer, Replace};
use samverka_persistence::{DatabaseTransaction, begin, commit, enrolments, training_offers};
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
    let to = body.status.as_deref().map(|s| OfferStatus::parse("status", s)).transpose().map_err(FieldErrors::from)?;
    let to = to.unwrap_or(from);
    offers::check_move(from, to).map_err(ApiError::conflict_on)?;
    let merged = Merged::of(&body, &current);
    let input = merged.input(&body, m);
    let reference = super::Reference::load(&txn, &input).await?;
    let content = OfferContent::parse(input, &reference)?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    offers::check_seats(to, content.seats, m.seats_taken).map_err(|e| ApiError::Conflict {
        detail: format!("{} seats are taken: an offer cannot have fewer", m.seats_taken),
        errors: vec![e],
    })?;
    let replace = Replace { areas: body.areas.is_some(), sessions: body.sessions.is_some() };
    training_offers::update(&txn, m, to, content, replace).await?.ok_or(ApiError::PreconditionFailed)?;
    after_move(&txn, &principal, m.id, to).await?;
    let new = OfferResponse::from(training_offers::get(&txn, m.id).await?.ok_or(ApiError::NotFound)?);
    audit::record(&txn, &principal, "trainingOffer", &new.id.to_string(), Some(&old), Some(&new)).await?;
    crate::events::offer(&txn, Some(from), to, &new).await?;
    commit(txn).await?;
    representation::written(&new, None)
}

/// What the offer is after a change: the patch over what it was.
struct Merged {
    areas: Vec<String>,
    sessions: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    deadline: Option<String>,
}

impl Merged {
    fn of(body: &UpdateOfferRequest, current: &Offer) -> Merged {
        Merged {
            areas: body.areas.clone().unwrap_or_else(|| current.areas.clone()),
            sessions: match &body.sessions {
                Some(sessions) => super::session_pairs(sessions),
                None => current.sessions.iter().map(|s| (s.starts_at, s.ends_at)).collect(),
            },
            deadline: match &body.enrolment_deadline {
                Some(deadline) => deadline.clone(),
                None => current.offer.enrolment_deadline.map(|d| d.to_string()),
            },
        }
    }

    fn input<'a>(&'a self, body: &'a UpdateOfferRequest, m: &'a Model) -> OfferInput<'a> {
        OfferInput {
            title: body.title.as_deref().unwrap_or(&m.title),
            description: patch_str(&body.description).unwrap_or(m.description.as_deref()),
            areas: &self.areas,
            format: body.format.as_deref().unwrap_or(&m.format),
            municipality: patch_str(&body.municipality).unwrap_or(m.municipality.as_deref()),
            venue: patch_str(&body.venue).unwrap_or(m.venue.as_deref()),
            sessions: &self.sessions,
            seats: body.seats.unwrap_or(i64::from(m.seats)),
            price_sek: body.price_sek.unwrap_or(i64::from(m.price_sek)),
            language: body.language.as_deref().unwrap_or(&m.language),
            enrolment_deadline: self.deadline.as_deref(),
        }
    }
}

/// The enrolments after the offer's change: all cancelled with the offer,
/// or the waiting list moved up into seats that opened.
async fn after_move(
    txn: &DatabaseTransaction,
    principal: &Principal,
    offer_id: Uuid,
    to: OfferStatus,
) -> Result<(), ApiError> {
    if to != OfferStatus::Cancelled {
        for promoted in enrolments::promote(txn, offer_id).await? {
            crate::events::enrolment(txn, EventType::EnrolmentPromoted, promoted).await?;
        }
        return Ok(());
    }
    for enrolment in enrolments::cancel_all(txn, offer_id).await? {
        crate::events::enrolment(txn, EventType::EnrolmentCancelled, enrolment).await?;
        let cancelled = EnrolmentStatus::Cancelled.as_str();
        let changes = serde_json::json!({"status": {"new": cancelled}, "reason": "the offer was cancelled"});
        audit::record_hidden_update(txn, principal, "enrolment", &enrolment.to_string(), changes).await?;
    }
    Ok(())
}
