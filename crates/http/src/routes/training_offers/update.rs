use super::create::sessions_rows;
use super::get::visible;
use super::{OfferContent, OfferResponse, UpdateOfferRequest, check_content, facts};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::company::fold;
use samverka_domain::offers::OfferStatus;
use samverka_domain::{FieldError, FieldErrors, policy};
use samverka_persistence::entities::training_offer::ActiveModel;
use samverka_persistence::{Set, begin, commit, enrolments, training_offers};
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
        return Err(ApiError::conflict("status", "cancelled", "a cancelled offer cannot change"));
    }
    let content = OfferContent {
        title: body.title.clone().unwrap_or_else(|| m.title.clone()),
        description: body.description.clone().unwrap_or_else(|| m.description.clone()),
        areas: body.areas.clone().unwrap_or_else(|| current.areas.clone()),
        format: body.format.clone().unwrap_or_else(|| m.format.clone()),
        municipality: body.municipality.clone().unwrap_or_else(|| m.municipality.as_ref().map(|c| c.trim().to_owned())),
        venue: body.venue.clone().unwrap_or_else(|| m.venue.clone()),
        sessions: body.sessions.clone().unwrap_or_else(|| old.sessions.clone()),
        seats: body.seats.unwrap_or(i64::from(m.seats)),
        price_sek: body.price_sek.unwrap_or(i64::from(m.price_sek)),
        language: body.language.clone().unwrap_or_else(|| m.language.clone()),
        enrolment_deadline: body
            .enrolment_deadline
            .clone()
            .unwrap_or_else(|| m.enrolment_deadline.map(|d| d.to_string())),
    };
    let (deadline, areas) = check_content(&txn, &content, &mut errors).await?;
    errors.into_result()?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    if to != OfferStatus::Cancelled && content.seats < i64::from(m.seats_taken) {
        return Err(ApiError::Conflict {
            detail: format!("{} seats are taken: an offer cannot have fewer", m.seats_taken),
            errors: vec![FieldError::new("seats", "taken", format!("at least {}", m.seats_taken))],
        });
    }

    let mut changes = ActiveModel {
        title_folded: Set(fold(&content.title)),
        title: Set(content.title.trim().to_owned()),
        description: Set(content.description.as_ref().map(|d| d.trim().to_owned())),
        format: Set(content.format.clone()),
        municipality: Set(content.municipality.clone()),
        venue: Set(content.venue.as_ref().map(|v| v.trim().to_owned())),
        seats: Set(content.seats as i32),
        price_sek: Set(content.price_sek as i32),
        language: Set(content.language.clone()),
        enrolment_deadline: Set(deadline),
        starts_at: Set(content.sessions[0].starts_at),
        status: Set(to.as_str().to_owned()),
        ..Default::default()
    };
    if to == OfferStatus::Cancelled {
        changes.seats_taken = Set(0);
    }
    let sessions = body.sessions.as_ref().map(|s| sessions_rows(m.id, s));
    let areas = body.areas.as_ref().map(|_| areas.as_slice());
    training_offers::update(&txn, m.id, changes, areas, sessions, m.version)
        .await?
        .ok_or(ApiError::PreconditionFailed)?;
    if to == OfferStatus::Cancelled {
        for enrolment in enrolments::cancel_all(&txn, m.id).await? {
            let changes = serde_json::json!({"status": {"new": "cancelled"}, "reason": "the offer was cancelled"});
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
