use super::ActivityResponse;
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::{ValidQuery, optional};
use crate::representation::{self, ListResponse};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::account::Principal;
use samverka_domain::activities::ActivityKind;
use samverka_domain::competence_area::AreaSlug;
use samverka_domain::{needs, policy};
use samverka_persistence::activities::{self, ActivityFilter};
use samverka_persistence::companies;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Filters and paging of the activity list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ActivityListParams {
    /// Activities with this company.
    pub company: Option<Uuid>,
    /// Activities with companies in these municipalities (comma-separated kommunkoder).
    #[param(value_type = Option<crate::schema::KommunkodList>, inline, example = "0686,0685")]
    pub municipality: Option<String>,
    /// Activities this officer (a user id) took part in.
    pub officer: Option<Uuid>,
    #[param(value_type = Option<crate::schema::ActivityKind>, inline)]
    pub kind: Option<String>,
    /// Activities with a topic in this competence area.
    #[param(value_type = Option<crate::schema::AreaSlug>, inline, example = "automation")]
    pub area: Option<String>,
    /// On or after this date.
    #[param(value_type = Option<crate::schema::CalendarDate>, inline, example = "2026-01-01")]
    pub from: Option<String>,
    /// On or before this date.
    #[param(value_type = Option<crate::schema::CalendarDate>, inline, example = "2026-12-31")]
    pub to: Option<String>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 20)]
    pub limit: Option<u64>,
    /// The `nextCursor` of the previous page.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
}

async fn respond(
    req: &HttpRequest,
    principal: &Principal,
    state: &AppState,
    params: ActivityListParams,
) -> Result<HttpResponse, ApiError> {
    let scope = crate::auth::allowed(policy::activity_scope(principal))?;
    let page = representation::page_request(params.limit, params.cursor.as_deref())?;
    let filter = ActivityFilter {
        scope,
        company: params.company,
        municipalities: crate::extract::municipality_list(params.municipality.as_deref())?,
        officer: params.officer,
        kind: optional(&params.kind, |k| ActivityKind::parse("kind", k))?,
        area: optional(&params.area, |a| AreaSlug::parse("area", a))?.map(|a| a.to_string()),
        from: optional(&params.from, |d| needs::date("from", d))?,
        to: optional(&params.to, |d| needs::date("to", d))?,
    };
    let page = activities::list(&state.db, &filter, &page).await?;
    representation::list(req, page.map(ActivityResponse::from)).map(representation::no_store)
}

/// List the activities the caller reads, most recent first: the visit log.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = []), ("oauth2" = [])),
    params(ActivityListParams),
    responses((status = 200, description = "One page of activities", body = ListResponse<ActivityResponse>))
)]
#[get("/activities")]
pub async fn list_activities(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<ActivityListParams>,
) -> Result<HttpResponse, ApiError> {
    respond(&req, &principal, &state, params).await
}

/// Filters and paging of one company's activities.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct CompanyActivityParams {
    #[param(value_type = Option<crate::schema::ActivityKind>, inline)]
    pub kind: Option<String>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 20)]
    pub limit: Option<u64>,
    /// The `nextCursor` of the previous page.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// List the activities with one company that the caller reads, most recent first.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The company's id"), CompanyActivityParams),
    responses((status = 200, description = "One page of activities", body = ListResponse<ActivityResponse>))
)]
#[get("/companies/{id}/activities")]
pub async fn list_company_activities(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidQuery(params): ValidQuery<CompanyActivityParams>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::activity_scope(&principal).map(|_| ()))?;
    let company = companies::get(&state.db, *id).await?.ok_or(ApiError::NotFound)?;
    if !policy::sees_company(&principal, &companies::facts(&company)) {
        return Err(ApiError::NotFound);
    }
    let params = ActivityListParams {
        company: Some(*id),
        kind: params.kind,
        limit: params.limit,
        cursor: params.cursor,
        ..ActivityListParams::default()
    };
    respond(&req, &principal, &state, params).await
}
