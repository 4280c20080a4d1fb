use super::{CreateOfferRequest, OfferResponse};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::offers::{NewOffer, OfferInput};
use samverka_domain::policy::{self, OfferFacts};
use samverka_persistence::{begin, commit, training_offers};

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
    let txn = begin(&state.db).await?;
    let sessions = super::session_pairs(&body.sessions);
    let content = OfferInput {
        title: &body.title,
        description: body.description.as_deref(),
        areas: &body.areas,
        format: &body.format,
        municipality: body.municipality.as_deref(),
        venue: body.venue.as_deref(),
        sessions: &sessions,
        seats: body.seats,
        price_sek: body.price_sek,
        language: &body.language,
        enrolment_deadline: body.enrolment_deadline.as_deref(),
    };
    let reference = super::Reference::load(&txn, &content).await?;
    let offer = NewOffer::parse(
        principal.own_provider(),
        body.provider.as_deref(),
        body.status.as_deref(),
        content,
        &reference,
    )?;
    let offer_facts = OfferFacts {
        provider: offer.provider.clone(),
        municipality: offer.content.municipality.as_ref().map(|m| m.to_string()),
        published: false,
    };
    allow(policy::can_write_offer(&principal, &offer_facts))?;
    let status = offer.status;
    let created = OfferResponse::from(training_offers::create(&txn, offer).await?);
    let id = created.id;
    audit::record(&txn, &principal, "trainingOffer", &id.to_string(), None, Some(&created)).await?;
    crate::events::offer(&txn, None, status, &created).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/training-offers/{id}")))
}
