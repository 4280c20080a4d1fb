use super::{CreateOfferRequest, OfferContent, OfferResponse, check_content};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::account::provider_name;
use samverka_domain::company::fold;
use samverka_domain::offers::OfferStatus;
use samverka_domain::policy::OfferFacts;
use samverka_domain::{FieldError, FieldErrors, policy};
use samverka_persistence::entities::{offer_session, training_offer};
use samverka_persistence::{Set, begin, commit, training_offers};
use uuid::Uuid;

/// Create a training offer (providers, as themselves; officers, in their
/// municipality; admins). Honours `Idempotency-Key`.
#[utoipa::path(
    tag = "training offers",
    security(("bearer" = []), ("oauth2" = [])),
    params(("Idempotency-Key" = inline(Option<crate::schema::IdempotencyKey>), Header, description = "Retry safely: the same key and body within 24 h answers the first result again")),
    request_body = CreateOfferRequest,
    responses((status = 201, description = "Created", body = OfferResponse,
        headers(("Location" = String, description = "Where the offer lives"))))
)]
#[post("/training-offers")]
pub async fn create_training_offer(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<CreateOfferRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::may_write_offers(&principal))?;
    let mut errors = FieldErrors::default();
    let provider = match (principal.own_provider(), body.provider.as_deref()) {
        (Some(own), None) => Some(own.to_owned()),
        (_, Some(name)) => errors.collect(provider_name("provider", name)),
        (_, None) => {
            errors.push(FieldError::new("provider", "required", "name the provider of the offer"));
            None
        }
    };
    let status = match body.status.as_deref() {
        None => Some(OfferStatus::Draft),
        Some(s) => errors.collect(OfferStatus::parse("status", s)),
    };
    if status == Some(OfferStatus::Cancelled) {
        errors.push(FieldError::new("status", "enum", "a new offer is a draft or published"));
    }
    let content = OfferContent {
        title: body.title.clone(),
        description: body.description.clone(),
        areas: body.areas.clone(),
        format: body.format.clone(),
        municipality: body.municipality.clone(),
        venue: body.venue.clone(),
        sessions: body.sessions.clone(),
        seats: body.seats,
        price_sek: body.price_sek,
        language: body.language.clone(),
        enrolment_deadline: body.enrolment_deadline.clone(),
    };
    let txn = begin(&state.db).await?;
    let (deadline, areas) = check_content(&txn, &content, &mut errors).await?;
    errors.into_result()?;
    let (Some(provider), Some(status)) = (provider, status) else {
        return Err(ApiError::internal("validated fields missing"));
    };
    let offer_facts = OfferFacts {
        provider: provider.clone(),
        municipality: content.municipality.as_ref().map(|m| m.trim().to_owned()),
        published: false,
    };
    allow(policy::can_write_offer(&principal, &offer_facts))?;
    let id = Uuid::now_v7();
    let now = chrono::Utc::now();
    let row = training_offer::ActiveModel {
        id: Set(id),
        title_folded: Set(fold(&content.title)),
        title: Set(content.title.trim().to_owned()),
        description: Set(content.description.map(|d| d.trim().to_owned())),
        provider: Set(provider),
        format: Set(content.format),
        municipality: Set(content.municipality.map(|m| m.trim().to_owned())),
        venue: Set(content.venue.map(|v| v.trim().to_owned())),
        seats: Set(content.seats as i32),
        seats_taken: Set(0),
        price_sek: Set(content.price_sek as i32),
        language: Set(content.language),
        enrolment_deadline: Set(deadline),
        starts_at: Set(content.sessions[0].starts_at),
        status: Set(status.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    let sessions = sessions_rows(id, &content.sessions);
    let created = OfferResponse::from(training_offers::insert(&txn, row, &areas, sessions).await?);
    audit::record(&txn, &principal, "trainingOffer", &id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/training-offers/{id}")))
}

pub(super) fn sessions_rows(offer_id: Uuid, sessions: &[super::SessionDto]) -> Vec<offer_session::ActiveModel> {
    sessions
        .iter()
        .enumerate()
        .map(|(i, s)| offer_session::ActiveModel {
            id: Set(Uuid::now_v7()),
            offer_id: Set(offer_id),
            position: Set(i as i32),
            starts_at: Set(s.starts_at),
            ends_at: Set(s.ends_at),
        })
        .collect()
}
