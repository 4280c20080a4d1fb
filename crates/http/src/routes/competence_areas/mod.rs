//! The competence-area taxonomy, labelled in Swedish and English.

mod create;
mod delete;
mod get;
mod list;
mod update;

use chrono::{DateTime, Utc};
use samverka_domain::Language;
use samverka_persistence::entities::competence_area::Model;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_competence_areas)
        .service(create::create_competence_area)
        .service(get::get_competence_area)
        .service(update::update_competence_area)
        .service(delete::delete_competence_area);
}

/// A competence area of the taxonomy.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompetenceAreaResponse {
    /// The stable identifier.
    #[schema(example = "gender-equality")]
    pub slug: String,
    /// The label in the language of `Accept-Language` (Swedish by default).
    #[schema(example = "Jämställdhet")]
    pub label: String,
    /// The label in every language.
    pub labels: Labels,
    /// The ESCO skill this area corresponds to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "http://data.europa.eu/esco/skill/3e4f2d41-e9a5-4c5a-a2a6-1e0bd8a2a0c5")]
    pub esco_uri: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

/// Labels by language.
#[derive(Debug, Serialize, ToSchema)]
pub struct Labels {
    #[schema(example = "Jämställdhet")]
    pub sv: String,
    #[schema(example = "Gender equality")]
    pub en: String,
}

impl CompetenceAreaResponse {
    pub fn new(m: Model, language: Language) -> Self {
        let label = match language {
            Language::Sv => m.label_sv.clone(),
            Language::En => m.label_en.clone(),
        };
        CompetenceAreaResponse {
            slug: m.slug,
            label,
            labels: Labels { sv: m.label_sv, en: m.label_en },
            esco_uri: m.esco_uri,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

/// A competence area to add.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateCompetenceAreaRequest {
    /// The stable identifier: 2–64 lowercase letters, digits and single hyphens.
    #[schema(example = "welding")]
    #[validate(length(max = 64))]
    #[schema(value_type = crate::schema::AreaSlug)]
    pub slug: String,
    /// The label in Swedish and English (1–200 characters each).
    #[validate(nested)]
    pub labels: LabelsInput,
    /// An ESCO skill URI, `http://data.europa.eu/esco/skill/<uuid>`.
    #[schema(example = "http://data.europa.eu/esco/skill/3e4f2d41-e9a5-4c5a-a2a6-1e0bd8a2a0c5")]
    #[validate(length(max = 300))]
    #[schema(value_type = Option<crate::schema::EscoUri>)]
    pub esco_uri: Option<String>,
}

/// Labels by language.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelsInput {
    #[schema(example = "Svetsning")]
    #[validate(length(max = 200))]
    #[schema(value_type = crate::schema::Line200)]
    pub sv: String,
    #[schema(example = "Welding")]
    #[validate(length(max = 200))]
    #[schema(value_type = crate::schema::Line200)]
    pub en: String,
}

/// Changes to a competence area (JSON Merge Patch: absent fields stay,
/// `escoUri: null` removes the URI). The slug never changes.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateCompetenceAreaRequest {
    #[validate(nested)]
    pub labels: Option<LabelsPatch>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::EscoUri>, example = "http://data.europa.eu/esco/skill/3e4f2d41-e9a5-4c5a-a2a6-1e0bd8a2a0c5")]
    pub esco_uri: Option<Option<String>>,
}

/// Labels to change.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelsPatch {
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub sv: Option<String>,
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub en: Option<String>,
}
