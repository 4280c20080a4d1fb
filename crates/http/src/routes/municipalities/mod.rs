//! Municipalities: the partners and every other kommun that joins.

mod get;
mod list;

use chrono::{DateTime, Utc};
use samverka_persistence::entities::municipality::Model;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_municipalities).service(get::get_municipality);
}

/// A Swedish municipality (kommun).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MunicipalityResponse {
    /// The kommunkod (four digits).
    #[schema(example = "0686")]
    pub code: String,
    #[schema(example = "Eksjö")]
    pub name: String,
    /// The county (län).
    #[schema(example = "Jönköpings län")]
    pub county: String,
    /// Whether the municipality is a partner of the shared project.
    #[schema(example = true)]
    pub partner: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

impl From<Model> for MunicipalityResponse {
    fn from(m: Model) -> Self {
        MunicipalityResponse {
            code: m.code,
            name: m.name,
            county: m.county,
            partner: m.partner,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}
