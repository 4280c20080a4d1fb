//! Training offers: providers, officers and admins publish them; everyone
//! sees the published ones. Seats are counted in participants; `seatsLeft`
//! is derived. Enrolments live under an offer (`/training-offers/{id}/enrolments`).

mod create;
mod delete;
mod enrolments;
mod get;
mod list;
mod update;

use crate::error::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use samverka_domain::competence_area::AreaSlug;
use samverka_domain::municipality::Kommunkod;
use samverka_domain::offers::{Known, OfferInput};
use samverka_domain::policy::OfferFacts;
use samverka_persistence::training_offers::Offer;
use samverka_persistence::{DatabaseTransaction, competence_areas, municipalities};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub use enrolments::{EnrolmentResponse, ParticipantResponse};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_training_offers)
        .service(create::create_training_offer)
        .service(get::get_training_offer)
        .service(update::update_training_offer)
        .service(delete::delete_training_offer)
        .service(enrolments::list_enrolments)
        .service(enrolments::create_enrolment);
}

/// One session of an offer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SessionDto {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// A training offer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OfferResponse {
    pub id: Uuid,
    #[schema(example = "Ledarskap i produktionen")]
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Competence-area slugs.
    #[schema(example = json!(["leadership"]))]
    pub areas: Vec<String>,
    /// The provider's name.
    #[schema(example = "Campus Eksjö")]
    pub provider: String,
    /// `onSite`, `online` or `hybrid`.
    #[schema(example = "onSite", value_type = crate::schema::Format)]
    pub format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "0686")]
    pub municipality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    pub sessions: Vec<SessionDto>,
    /// Seats, counted in participants.
    #[schema(example = 12)]
    pub seats: i32,
    /// Seats not taken by confirmed enrolments.
    #[schema(example = 5)]
    pub seats_left: i32,
    #[schema(example = 4500)]
    pub price_sek: i32,
    /// `sv` or `en`.
    #[schema(example = "sv", value_type = crate::schema::TeachingLanguage)]
    pub language: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub enrolment_deadline: Option<NaiveDate>,
    /// `draft`, `published` or `cancelled`.
    #[schema(example = "published", value_type = crate::schema::OfferStatus)]
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

impl From<Offer> for OfferResponse {
    fn from(o: Offer) -> Self {
        let m = o.offer;
        OfferResponse {
            id: m.id,
            title: m.title,
            description: m.description,
            areas: o.areas,
            provider: m.provider,
            format: m.format,
            municipality: m.municipality.map(|c| c.trim().to_owned()),
            venue: m.venue,
            sessions: o
                .sessions
                .into_iter()
                .map(|s| SessionDto { starts_at: s.starts_at, ends_at: s.ends_at })
                .collect(),
            seats: m.seats,
            seats_left: m.seats - m.seats_taken,
            price_sek: m.price_sek,
            language: m.language,
            enrolment_deadline: m.enrolment_deadline,
            status: m.status,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

/// The facts the rules need.
pub fn facts(offer: &samverka_persistence::entities::training_offer::Model) -> OfferFacts {
    OfferFacts {
        provider: offer.provider.clone(),
        municipality: offer.municipality.as_ref().map(|c| c.trim().to_owned()),
        published: offer.status == samverka_domain::offers::OfferStatus::Published.as_str(),
    }
}

/// An offer to create.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateOfferRequest {
    #[validate(length(max = 200))]
    #[schema(value_type = crate::schema::Line200)]
    pub title: String,
    #[validate(length(max = 4000))]
    #[schema(value_type = Option<crate::schema::Text4000>)]
    pub description: Option<String>,
    /// 1–12 competence-area slugs.
    #[schema(value_type = Vec<crate::schema::AreaSlug>, min_items = 1, max_items = 12)]
    pub areas: Vec<String>,
    /// The provider's name: a provider user's own (the default for them).
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub provider: Option<String>,
    #[schema(value_type = crate::schema::Format)]
    pub format: String,
    /// Where it is held; an officer's offers are in its own municipality.
    #[schema(value_type = Option<crate::schema::Kommunkod>)]
    pub municipality: Option<String>,
    /// Required on site and hybrid.
    #[validate(length(max = 300))]
    #[schema(value_type = Option<crate::schema::Line300>)]
    pub venue: Option<String>,
    /// 1–100 sessions, in order, not overlapping.
    #[schema(min_items = 1, max_items = 100)]
    pub sessions: Vec<SessionDto>,
    #[schema(minimum = 1, maximum = 10000)]
    pub seats: i64,
    #[schema(minimum = 0)]
    #[schema(maximum = 10000000)]
    pub price_sek: i64,
    /// `sv` or `en`.
    #[schema(value_type = crate::schema::TeachingLanguage)]
    pub language: String,
    /// The last day to enrol (not after the first session).
    #[schema(value_type = Option<crate::schema::CalendarDate>)]
    pub enrolment_deadline: Option<String>,
    /// `draft` (default) or `published`.
    #[schema(value_type = Option<crate::schema::NewOfferStatus>)]
    pub status: Option<String>,
}

/// Changes to an offer (JSON Merge Patch; `areas` and `sessions` replace
/// their lists). `status`: draft → published → cancelled (cancelling
/// cancels its enrolments). `seats` cannot go below the seats taken.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateOfferRequest {
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Text4000>)]
    pub description: Option<Option<String>>,
    #[schema(value_type = Option<Vec<crate::schema::AreaSlug>>, min_items = 1, max_items = 12)]
    pub areas: Option<Vec<String>>,
    #[schema(value_type = Option<crate::schema::Format>)]
    pub format: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Kommunkod>)]
    pub municipality: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Line300>)]
    pub venue: Option<Option<String>>,
    #[schema(min_items = 1, max_items = 100)]
    pub sessions: Option<Vec<SessionDto>>,
    #[schema(minimum = 1, maximum = 10000)]
    pub seats: Option<i64>,
    #[schema(minimum = 0, maximum = 10000000)]
    pub price_sek: Option<i64>,
    #[schema(value_type = Option<crate::schema::TeachingLanguage>)]
    pub language: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::CalendarDate>)]
    pub enrolment_deadline: Option<Option<String>>,
    #[schema(value_type = Option<crate::schema::OfferStatus>)]
    pub status: Option<String>,
}

/// Sessions as the domain takes them.
fn session_pairs(sessions: &[SessionDto]) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    sessions.iter().map(|s| (s.starts_at, s.ends_at)).collect()
}

/// The reference data an offer names, looked up in two queries.
struct Reference {
    areas: Vec<AreaSlug>,
    municipality: Vec<Kommunkod>,
}

impl Reference {
    async fn load(txn: &DatabaseTransaction, content: &OfferInput<'_>) -> Result<Reference, ApiError> {
        let slugs: Vec<&str> = content.areas.iter().map(String::as_str).collect();
        let codes: Vec<String> = content.municipality.map(str::to_owned).into_iter().collect();
        Ok(Reference {
            areas: competence_areas::known(txn, &slugs).await?,
            municipality: municipalities::known(txn, &codes).await?,
        })
    }
}

impl Known for Reference {
    fn area(&self, slug: &AreaSlug) -> bool {
        self.areas.contains(slug)
    }
    fn municipality(&self, code: &Kommunkod) -> bool {
        self.municipality.contains(code)
    }
}
