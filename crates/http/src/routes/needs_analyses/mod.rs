//! Needs analyses: what a company's people need to learn. Read by admins,
//! officers of every partner municipality and the company itself; written by
//! admins, officers of the company's municipality, and the company itself
//! while it is a draft. Providers and integrations never see them.
//!
//! The needs are part of the analysis: `PATCH` with `needs` replaces the
//! whole list (send the list as it should be), in the same transaction as
//! the rest of the change. A need sent back with its `id` is kept (its id,
//! its status, the enrolments that address it); one without is new.

mod create;
mod delete;
mod get;
mod list;
mod matching;
mod update;

use crate::error::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use samverka_domain::competence_area::AreaSlug;
use samverka_domain::needs;
use samverka_persistence::needs_analyses::Analysis;
use samverka_persistence::{DatabaseTransaction, competence_areas};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_needs_analyses)
        .service(create::create_needs_analysis)
        .service(get::get_needs_analysis)
        .service(update::update_needs_analysis)
        .service(delete::delete_needs_analysis)
        .service(matching::matching_offers);
}

/// A needs analysis of a company.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisResponse {
    pub id: Uuid,
    pub company_id: Uuid,
    /// `draft`, `completed` or `archived`.
    #[schema(example = "completed", value_type = crate::schema::AnalysisStatus)]
    pub status: String,
    #[schema(value_type = String, format = Date, example = "2026-03-03")]
    pub conducted_on: NaiveDate,
    /// The user who recorded it (absent for imported analyses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conducted_by: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub needs: Vec<NeedResponse>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

/// One need of an analysis.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NeedResponse {
    /// Stable across changes of the analysis that keep the need.
    pub id: Uuid,
    /// What became of it: `open` until an enrolment addresses it.
    #[schema(example = "open", value_type = crate::schema::NeedStatus)]
    pub status: String,
    /// A competence-area slug.
    #[schema(example = "gender-equality")]
    pub area: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `high`, `medium` or `low`.
    #[schema(example = "high", value_type = crate::schema::Priority)]
    pub priority: String,
    #[schema(example = 12)]
    pub employees_concerned: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date, example = "2026-09-01")]
    pub wanted_by: Option<NaiveDate>,
}

impl From<Analysis> for AnalysisResponse {
    fn from(a: Analysis) -> Self {
        let m = a.analysis;
        AnalysisResponse {
            id: m.id,
            company_id: m.company_id,
            status: m.status,
            conducted_on: m.conducted_on,
            conducted_by: m.conducted_by,
            summary: m.summary,
            needs: a
                .needs
                .into_iter()
                .map(|n| NeedResponse {
                    id: n.id,
                    status: n.status,
                    area: n.area,
                    description: n.description,
                    priority: n.priority,
                    employees_concerned: n.employees_concerned,
                    wanted_by: n.wanted_by,
                })
                .collect(),
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

/// One need as a client sends it.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NeedInput {
    /// The id of a need the analysis has, to keep it (its id, its status
    /// unless `status` is sent, and the enrolments that address it);
    /// without: a new need.
    pub id: Option<Uuid>,
    /// Default: open (a new need), or the need's own (a kept one).
    #[validate(length(max = 10))]
    #[schema(value_type = Option<crate::schema::NeedStatus>)]
    pub status: Option<String>,
    #[schema(example = "gender-equality")]
    #[validate(length(max = 64))]
    #[schema(value_type = crate::schema::AreaSlug)]
    pub area: String,
    /// Up to 2,000 characters.
    #[validate(length(max = 2000))]
    #[schema(value_type = Option<crate::schema::Text2000>)]
    pub description: Option<String>,
    #[schema(example = "high")]
    #[validate(length(max = 10))]
    #[schema(value_type = crate::schema::Priority)]
    pub priority: String,
    #[schema(example = 12, minimum = 1)]
    #[schema(maximum = 100000)]
    pub employees_concerned: i64,
    #[schema(example = "2026-09-01")]
    #[validate(length(max = 10))]
    #[schema(value_type = Option<crate::schema::CalendarDate>)]
    pub wanted_by: Option<String>,
}

/// A needs analysis to record.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateAnalysisRequest {
    pub company_id: Uuid,
    #[schema(example = "2026-03-03")]
    #[validate(length(max = 10))]
    #[schema(value_type = crate::schema::CalendarDate)]
    pub conducted_on: String,
    /// `draft` (default) or `completed` (at least one need).
    #[schema(example = "draft")]
    #[validate(length(max = 10))]
    #[schema(value_type = Option<crate::schema::AnalysisStatus>)]
    pub status: Option<String>,
    /// Up to 4,000 characters.
    #[validate(length(max = 4000))]
    #[schema(value_type = Option<crate::schema::Text4000>)]
    pub summary: Option<String>,
    /// At most 50 needs.
    #[serde(default)]
    #[validate(nested)]
    #[schema(max_items = 50)]
    pub needs: Vec<NeedInput>,
}

/// Changes to an analysis (JSON Merge Patch; `needs` replaces the whole
/// list — send a need's `id` back to keep it, and `status` to close it as
/// `met` or `dropped`; `summary: null` clears it). `status` moves along the workflow
/// draft → completed → archived (→ completed to reopen); an archived
/// analysis changes only by being reopened.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateAnalysisRequest {
    #[schema(example = "completed")]
    #[validate(length(max = 10))]
    #[schema(value_type = Option<crate::schema::AnalysisStatus>)]
    pub status: Option<String>,
    #[validate(length(max = 10))]
    #[schema(value_type = Option<crate::schema::CalendarDate>)]
    pub conducted_on: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Text4000>)]
    pub summary: Option<Option<String>>,
    #[validate(nested)]
    #[schema(max_items = 50)]
    pub needs: Option<Vec<NeedInput>>,
}

/// A needs list as the domain takes it.
fn need_inputs(needs: &[NeedInput]) -> Vec<needs::NeedInput<'_>> {
    needs
        .iter()
        .map(|n| needs::NeedInput {
            id: n.id,
            status: n.status.as_deref(),
            area: &n.area,
            description: n.description.as_deref(),
            priority: &n.priority,
            employees_concerned: n.employees_concerned,
            wanted_by: n.wanted_by.as_deref(),
        })
        .collect()
}

/// The competence areas among those a needs list names, in one query.
async fn known_areas(txn: &DatabaseTransaction, needs: &[NeedInput]) -> Result<Vec<AreaSlug>, ApiError> {
    let slugs: Vec<&str> = needs.iter().map(|n| n.area.as_str()).collect();
    Ok(competence_areas::known(txn, &slugs).await?)
}
