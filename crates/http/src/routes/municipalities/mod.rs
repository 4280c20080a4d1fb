//! Municipalities: SCB's 290 kommuner with their län, from the start;
//! `partner` is membership of the collaboration #Attraktivindustri.
//! Everyone reads them; admins add and change them.

mod create;
mod get;
mod list;
mod update;

use chrono::{DateTime, Utc};
use samverka_persistence::entities::municipality::Model;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_municipalities)
        .service(create::create_municipality)
        .service(get::get_municipality)
        .service(update::update_municipality);
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
    /// A member of the collaboration #Attraktivindustri (setting it adds or
    /// removes that membership).
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

/// A municipality to add: SCB's 290 kommuner are there from the start, so
/// this is for a new kommunkod (a municipality formed by a split or merger).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateMunicipalityRequest {
    /// The kommunkod (four digits, SCB).
    #[schema(example = "0688")]
    #[validate(length(max = 4))]
    #[schema(value_type = crate::schema::Kommunkod)]
    pub code: String,
    /// 1–100 characters.
    #[schema(example = "Holaveden")]
    #[validate(length(max = 100))]
    #[schema(value_type = crate::schema::Line100)]
    pub name: String,
    /// 1–100 characters.
    #[schema(example = "Jönköpings län")]
    #[validate(length(max = 100))]
    #[schema(value_type = crate::schema::Line100)]
    pub county: String,
    /// A member of #Attraktivindustri (default false).
    #[serde(default)]
    pub partner: bool,
}

/// Changes to a municipality (JSON Merge Patch: absent fields stay).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateMunicipalityRequest {
    #[schema(example = "Holaveden")]
    #[validate(length(max = 100))]
    #[schema(value_type = Option<crate::schema::Line100>)]
    pub name: Option<String>,
    #[schema(example = "Jönköpings län")]
    #[validate(length(max = 100))]
    #[schema(value_type = Option<crate::schema::Line100>)]
    pub county: Option<String>,
    pub partner: Option<bool>,
}
