//! Enrolments of an offer: list and create.

use super::get::visible;
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::representation::{self, ListResponse, PageParams};
use crate::state::AppState;
use crate::{audit, extract::ValidQuery};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use samverka_domain::activities::references;
use samverka_domain::events::EventType;
use samverka_domain::needs::MAX_NEEDS;
use samverka_domain::offers::{self, EnrolmentStatus, OfferStatus};
use samverka_domain::{FieldErrors, policy};
use samverka_persistence::enrolments::{self, Enrolment};
use samverka_persistence::{begin, commit, needs_analyses, training_offers};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// An enrolment of a company's participants in an offer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnrolmentResponse {
    pub id: Uuid,
    pub offer_id: Uuid,
    pub company_id: Uuid,
    pub participants: Vec<ParticipantResponse>,
    /// `confirmed`, `waitlisted` or `cancelled`.
    #[schema(example = "confirmed", value_type = crate::schema::EnrolmentStatus)]
    pub status: String,
    /// The place on the waiting list (1 = next), when waitlisted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waitlist_position: Option<u64>,
    /// The needs (of the company's analyses) it addresses.
    pub need_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

/// A participant (personal data).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantResponse {
    /// Names the participant when attendance is recorded.
    pub id: Uuid,
    #[schema(example = "Lina Ek")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `woman`, `man`, `other` or `unspecified`.
    #[schema(example = "woman", value_type = crate::schema::Gender)]
    pub gender: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 6.5)]
    pub hours_attended: Option<f64>,
    /// `-24`, `25-54` or `55-`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::schema::AgeBand>)]
    pub age_band: Option<String>,
}

impl From<Enrolment> for EnrolmentResponse {
    fn from(e: Enrolment) -> Self {
        let m = e.enrolment;
        EnrolmentResponse {
            id: m.id,
            offer_id: m.offer_id,
            company_id: m.company_id,
            participants: e
                .participants
                .into_iter()
                .map(|p| ParticipantResponse {
                    id: p.id,
                    name: p.name,
                    email: p.email,
                    gender: p.gender,
                    hours_attended: p.hours_attended,
                    age_band: p.age_band,
                })
                .collect(),
            status: m.status,
            waitlist_position: e.waitlist_position,
            need_ids: e.need_ids,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

/// A participant to enrol.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ParticipantInput {
    #[validate(length(max = 200))]
    #[schema(value_type = crate::schema::Line200)]
    pub name: String,
    #[validate(length(max = 254))]
    #[schema(value_type = Option<crate::schema::EmailAddress>)]
    pub email: Option<String>,
    /// `woman`, `man`, `other` or `unspecified`.
    #[validate(length(max = 12))]
    #[schema(value_type = crate::schema::Gender)]
    pub gender: String,
    /// `-24`, `25-54` or `55-` (optional; counted in collaboration reports).
    #[validate(length(max = 5))]
    #[schema(value_type = Option<crate::schema::AgeBand>)]
    pub age_band: Option<String>,
}

impl ParticipantInput {
    fn input(&self) -> offers::ParticipantInput<'_> {
        offers::ParticipantInput {
            name: &self.name,
            email: self.email.as_deref(),
            gender: &self.gender,
            age_band: self.age_band.as_deref(),
        }
    }
}

/// An enrolment to make: a company's named participants (1–100).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateEnrolmentRequest {
    /// The company enrolled; a company user's own by default.
    pub company_id: Option<Uuid>,
    #[validate(nested)]
    #[schema(min_items = 1, max_items = 100)]
    pub participants: Vec<ParticipantInput>,
    /// Needs of the company's analyses this training addresses: open ones
    /// become `addressed` when the enrolment is confirmed.
    #[schema(max_items = 50)]
    pub need_ids: Option<Vec<Uuid>>,
}

/// The enrolments of an offer (personal data: `Cache-Control: no-store`):
/// all of them for admins and the offer's provider; those of the companies
/// of their shared set for officers; a company's own for it.
#[utoipa::path(
    tag = "training offers",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The offer's id"), PageParams),
    responses((status = 200, description = "One page of enrolments, in enrolment order", body = ListResponse<EnrolmentResponse>))
)]
#[get("/training-offers/{id}/enrolments")]
pub async fn list_enrolments(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidQuery(params): ValidQuery<PageParams>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::may_read_enrolments(&principal))?;
    let page = params.page_request()?;
    let offer = visible(&state.db, &principal, *id).await?;
    let scope = crate::auth::allowed(policy::enrolment_scope(&principal, &super::facts(&offer.offer)))?;
    let page = enrolments::list_for_offer(&state.db, offer.offer.id, &scope, &page).await?;
    representation::list(&req, page.map(EnrolmentResponse::from)).map(representation::no_store)
}

/// Enrol participants of a company (the company's own users, officers,
/// admins). Seats count participants: when the seats left cannot hold them
/// all, the enrolment waits whole on the waiting list. Never overbooks, at
/// any concurrency: seats are taken by one conditional update in the
/// database. Honours `Idempotency-Key`.
#[utoipa::path(
    tag = "training offers",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The offer's id"),
        ("Idempotency-Key" = inline(Option<crate::schema::IdempotencyKey>), Header, description = "Retry safely: the same key and body within 24 h answers the first result again"),
    ),
    request_body = CreateEnrolmentRequest,
    responses(
        (status = 201, description = "Enrolled: confirmed, or waitlisted with its position", body = EnrolmentResponse,
            headers(("Location" = String, description = "Where the enrolment lives"))),
        (status = 409, description = "The offer is not open: cancelled, past its deadline, or started; or an e-mail is enrolled already", body = crate::error::Problem),
    )
)]
#[post("/training-offers/{id}/enrolments")]
pub async fn create_enrolment(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<CreateEnrolmentRequest>,
) -> Result<HttpResponse, ApiError> {
    let company_id = crate::routes::acting_company_id(&principal, body.company_id)?;
    let mut errors = FieldErrors::default();
    let people: Vec<offers::ParticipantInput> = body.participants.iter().map(ParticipantInput::input).collect();
    let people = errors.absorb(offers::participants(&people));
    let txn = begin(&state.db).await?;
    // The offer row first: enrolments of one offer go one at a time, so the
    // waiting list's order (by id, made below) is the order they commit in,
    // and every answer's `waitlistPosition` is its own.
    training_offers::lock(&txn, *id).await?;
    let offer = visible(&txn, &principal, *id).await?.offer;
    crate::routes::acting_company(&txn, &principal, company_id, &mut errors).await?;
    let asked = body.need_ids.as_deref().unwrap_or_default();
    let of_company = needs_analyses::needs_of_company(&txn, company_id, asked).await?;
    let valid = |id: &Uuid| of_company.contains(id);
    let need_ids = errors.absorb(references(("needIds", MAX_NEEDS), asked, &valid, "a need of the company's analyses"));
    let (people, need_ids) = errors.finish(|| Some((people?, need_ids?)))?;
    let status = OfferStatus::parse("status", &offer.status).map_err(|e| ApiError::internal(e.message))?;
    offers::enrolment_open(status, offer.enrolment_deadline, offer.starts_at, Utc::now())
        .map_err(|why| ApiError::conflict("offerId", "closed", why))?;
    // The only place seats are taken: one conditional update.
    let confirmed = training_offers::take_seats(&txn, offer.id, people.len() as i32).await?;
    let status = if confirmed { EnrolmentStatus::Confirmed } else { EnrolmentStatus::Waitlisted };
    let created = enrolments::create(&txn, (offer.id, company_id), principal.user_id(), status, people).await.map_err(
        ApiError::on_duplicate(
            "participants",
            "an e-mail in this enrolment is enrolled in the offer by the company already",
        ),
    )?;
    let enrolment_id = created.enrolment.id;
    enrolments::address(&txn, &created.enrolment, &need_ids).await?;
    let created = enrolments::get(&txn, enrolment_id).await?.ok_or(ApiError::NotFound)?;
    let created = EnrolmentResponse::from(created);
    audit::record(&txn, &principal, "enrolment", &enrolment_id.to_string(), None, Some(&created)).await?;
    let kind = if confirmed { EventType::EnrolmentConfirmed } else { EventType::EnrolmentWaitlisted };
    crate::events::enrolment(&txn, kind, enrolment_id).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/enrolments/{enrolment_id}"))).map(representation::no_store)
}
