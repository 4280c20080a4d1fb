//! Collaborations: regional projects and networks of municipalities (an
//! ESF project, a county-wide network), each with a funder, a period,
//! member municipalities and coordinators. While one runs, officers of its
//! members read each other's companies (their shared set); its coordinators
//! and admins get its participation report. Every signed-in caller reads
//! them; admins create and change them.

mod report;
mod write;

use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation::{self, ListResponse};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, NaiveDate, Utc};
use samverka_domain::collaborations::{CollaborationInput, runs_on, swedish_today};
use samverka_domain::municipality::Kommunkod;
use samverka_domain::policy;
use samverka_persistence::collaborations::{self, Collaboration, CollaborationFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_collaborations)
        .service(write::create_collaboration)
        .service(get_collaboration)
        .service(write::update_collaboration)
        .service(report::collaboration_report);
}

/// A collaboration of municipalities.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CollaborationResponse {
    pub id: Uuid,
    #[schema(example = "#Attraktivindustri")]
    pub name: String,
    /// Who funds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "ESF")]
    pub funder: Option<String>,
    /// The funder's reference (diarienummer).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "2019/00345")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 5000000)]
    pub budget_sek: Option<i64>,
    /// What one hour of a participant's time is valued at in the report
    /// (co-financing), in whole kronor.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 350)]
    pub hourly_rate_sek: Option<i32>,
    #[schema(value_type = crate::schema::CalendarDate, example = "2019-09-01")]
    pub starts_on: String,
    /// The last day; `null`: open, running until an admin ends it.
    #[schema(value_type = Option<crate::schema::CalendarDate>, example = "2027-06-30")]
    pub ends_on: Option<String>,
    /// Whether it runs today (begun and not ended): its members share their companies.
    pub running: bool,
    /// The member municipalities (kommunkoder), in order.
    #[schema(value_type = Vec<crate::schema::Kommunkod>, example = json!(["0604", "0684", "0685", "0686"]))]
    pub municipalities: Vec<String>,
    /// The users (officers, admins) who coordinate it and get its report.
    pub coordinators: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

impl From<Collaboration> for CollaborationResponse {
    fn from(c: Collaboration) -> Self {
        let m = c.collaboration;
        CollaborationResponse {
            running: runs_on(m.starts_on, m.ends_on, swedish_today(Utc::now())),
            id: m.id,
            name: m.name,
            funder: m.funder,
            reference: m.reference,
            budget_sek: m.budget_sek,
            hourly_rate_sek: m.hourly_rate_sek,
            starts_on: m.starts_on.to_string(),
            ends_on: m.ends_on.map(|d| d.to_string()),
            municipalities: c.municipalities,
            coordinators: c.coordinators,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

impl CollaborationResponse {
    /// The collaboration as an input, for a change to be laid over.
    fn as_input(&self) -> CollaborationInput<'_> {
        CollaborationInput {
            name: &self.name,
            funder: self.funder.as_deref(),
            reference: self.reference.as_deref(),
            budget_sek: self.budget_sek,
            hourly_rate_sek: self.hourly_rate_sek.map(i64::from),
            starts_on: &self.starts_on,
            ends_on: self.ends_on.as_deref(),
            municipalities: &self.municipalities,
            coordinators: &self.coordinators,
        }
    }
}

/// A collaboration to create.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateCollaborationRequest {
    #[schema(example = "Smålands industrilyft")]
    #[validate(length(max = 200))]
    #[schema(value_type = crate::schema::Line200)]
    pub name: String,
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>, example = "ESF")]
    pub funder: Option<String>,
    #[validate(length(max = 100))]
    #[schema(value_type = Option<crate::schema::Line100>, example = "2025/00123")]
    pub reference: Option<String>,
    #[schema(minimum = 0, maximum = 1_000_000_000_000i64, example = 4800000)]
    pub budget_sek: Option<i64>,
    #[schema(minimum = 0, maximum = 100000, example = 340)]
    pub hourly_rate_sek: Option<i64>,
    #[schema(value_type = crate::schema::CalendarDate, example = "2025-01-01")]
    pub starts_on: String,
    /// Absent or `null`: open.
    #[schema(value_type = Option<crate::schema::CalendarDate>, example = "2027-06-30")]
    pub ends_on: Option<String>,
    #[schema(value_type = Vec<crate::schema::Kommunkod>, min_items = 1, max_items = 290, example = json!(["0680", "0686"]))]
    pub municipalities: Vec<String>,
    /// Officers or admins (user ids).
    #[serde(default)]
    #[schema(max_items = 50)]
    pub coordinators: Vec<Uuid>,
}

/// Changes to a collaboration (JSON Merge Patch: absent fields stay, `null`
/// clears an optional one — `endsOn: null` opens the end; `municipalities`
/// and `coordinators` are replaced whole).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateCollaborationRequest {
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub funder: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Line100>)]
    pub reference: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 1_000_000_000_000i64)]
    pub budget_sek: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 100000)]
    pub hourly_rate_sek: Option<Option<i64>>,
    #[schema(value_type = Option<crate::schema::CalendarDate>)]
    pub starts_on: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::CalendarDate>)]
    pub ends_on: Option<Option<String>>,
    #[schema(value_type = Option<Vec<crate::schema::Kommunkod>>, min_items = 1, max_items = 290)]
    pub municipalities: Option<Vec<String>>,
    #[schema(max_items = 50)]
    pub coordinators: Option<Vec<Uuid>>,
}

/// Filters and paging of the collaboration list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct CollaborationListParams {
    /// Collaborations this municipality is a member of.
    #[param(value_type = Option<crate::schema::Kommunkod>, inline, example = "0686")]
    pub municipality: Option<String>,
    /// `true`: only those running today.
    pub running: Option<bool>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 20)]
    pub limit: Option<u64>,
    /// The `nextCursor` of the previous page.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// List collaborations, latest start first (every signed-in caller).
#[utoipa::path(
    tag = "collaborations",
    security(("bearer" = []), ("oauth2" = [])),
    params(CollaborationListParams),
    responses((status = 200, description = "One page of collaborations", body = ListResponse<CollaborationResponse>))
)]
#[get("/collaborations")]
pub async fn list_collaborations(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<CollaborationListParams>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_read_collaborations(&principal))?;
    let page = representation::page_request::<(NaiveDate, Uuid)>(params.limit, params.cursor.as_deref())?;
    let municipality = params
        .municipality
        .as_deref()
        .map(|c| Kommunkod::parse("municipality", c))
        .transpose()
        .map_err(ApiError::bad_field)?;
    let running_on = params.running.filter(|r| *r).map(|_| swedish_today(Utc::now()));
    let filter = CollaborationFilter { municipality, running_on };
    let page = collaborations::list(&state.db, &filter, &page).await?;
    representation::list(&req, page.map(CollaborationResponse::from))
}

/// Get one collaboration (every signed-in caller).
#[utoipa::path(
    tag = "collaborations",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The collaboration's id")),
    responses(
        (status = 200, description = "The collaboration", body = CollaborationResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/collaborations/{id}")]
pub async fn get_collaboration(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_read_collaborations(&principal))?;
    let collaboration = collaborations::get(&state.db, *id).await?.ok_or(ApiError::NotFound)?;
    representation::single(&req, &CollaborationResponse::from(collaboration))
}
