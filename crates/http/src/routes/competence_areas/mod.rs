//! The competence-area taxonomy, labelled in Swedish and English.

mod get;
mod list;

use chrono::{DateTime, Utc};
use samverka_domain::Language;
use samverka_persistence::entities::competence_area::Model;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_competence_areas).service(get::get_competence_area);
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
