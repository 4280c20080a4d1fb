use super::AnalysisResponse;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::{ValidQuery, optional};
use crate::representation::{self, ListResponse};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::competence_area::AreaSlug;
use samverka_domain::needs::{self, AnalysisStatus};
use samverka_domain::policy;
use samverka_persistence::needs_analyses::{self, AnalysisFilter};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Filters and paging of the analysis list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct AnalysisListParams {
    /// Analyses of this company.
    pub company: Option<Uuid>,
    /// Analyses of companies in these municipalities (comma-separated kommunkoder).
    #[param(value_type = Option<crate::schema::KommunkodList>, inline, example = "0686,0685")]
    pub municipality: Option<String>,
    /// `draft`, `completed` or `archived`.
    #[param(value_type = Option<crate::schema::AnalysisStatus>, inline)]
    pub status: Option<String>,
    /// Analyses with a need in this competence area.
    #[param(value_type = Option<crate::schema::AreaSlug>, inline, example = "gender-equality")]
    pub area: Option<String>,
    /// Conducted on or after this date.
    #[param(value_type = Option<crate::schema::CalendarDate>, inline, example = "2026-01-01")]
    pub conducted_from: Option<String>,
    /// Conducted on or before this date.
    #[param(value_type = Option<crate::schema::CalendarDate>, inline, example = "2026-12-31")]
    pub conducted_to: Option<String>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 20)]
    pub limit: Option<u64>,
    /// The `nextCursor` of the previous page.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// List the analyses the caller reads, most recently conducted first.
#[utoipa::path(
    tag = "needs analyses",
    security(("bearer" = []), ("oauth2" = [])),
    params(AnalysisListParams),
    responses((status = 200, description = "One page of analyses", body = ListResponse<AnalysisResponse>))
)]
#[get("/needs-analyses")]
pub async fn list_needs_analyses(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<AnalysisListParams>,
) -> Result<HttpResponse, ApiError> {
    let scope = crate::auth::allowed(policy::analysis_scope(&principal))?;
    let page = representation::page_request(params.limit, params.cursor.as_deref())?;
    let municipalities = crate::extract::municipality_list(params.municipality.as_deref())?;
    let filter = AnalysisFilter {
        scope,
        company: params.company,
        municipalities,
        status: optional(&params.status, |s| AnalysisStatus::parse("status", s))?.map(|s| s.as_str().to_owned()),
        area: optional(&params.area, |a| AreaSlug::parse("area", a))?.map(|a| a.to_string()),
        conducted_from: optional(&params.conducted_from, |d| needs::date("conductedFrom", d))?,
        conducted_to: optional(&params.conducted_to, |d| needs::date("conductedTo", d))?,
    };
    let page = needs_analyses::list(&state.db, &filter, &page).await?;
    representation::list(&req, page.map(AnalysisResponse::from))
}
