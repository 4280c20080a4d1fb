use crate::auth::{Auth, allow};
use crate::context::language_of;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::competence_area::AreaSlug;
use samverka_domain::needs::{self, Priority};
use samverka_domain::{Language, policy};
use samverka_persistence::competence_areas;
use samverka_persistence::needs_analyses::{self, DemandFilter};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use utoipa::{IntoParams, ToSchema};

/// Filters of the demand figures.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct DemandParams {
    /// Only these municipalities (comma-separated kommunkoder).
    #[param(value_type = Option<crate::schema::KommunkodList>, inline, example = "0686,0685")]
    pub municipality: Option<String>,
    /// Only this competence area.
    #[param(value_type = Option<crate::schema::AreaSlug>, inline, example = "leadership")]
    pub area: Option<String>,
    /// Only needs of this priority: `high`, `medium`, `low`.
    #[param(value_type = Option<crate::schema::Priority>, inline)]
    pub priority: Option<String>,
    /// Analyses conducted on or after this date.
    #[param(value_type = Option<crate::schema::CalendarDate>, inline, example = "2026-01-01")]
    pub conducted_from: Option<String>,
    /// Analyses conducted on or before this date.
    #[param(value_type = Option<crate::schema::CalendarDate>, inline, example = "2026-12-31")]
    pub conducted_to: Option<String>,
}

/// Open demand in one competence area and municipality.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DemandCell {
    #[schema(example = "leadership")]
    pub area: String,
    /// The area's label in the language of `Accept-Language`.
    #[schema(example = "Ledarskap")]
    pub label: String,
    #[schema(example = "0686")]
    pub municipality: String,
    /// Companies with at least one open need in the area.
    #[schema(example = 4)]
    pub companies: i64,
    /// Employees concerned: per company the largest number any of its needs
    /// in the area names, summed over the companies.
    #[schema(example = 37)]
    pub employees: i64,
    /// Open needs in the area.
    #[schema(example = 5)]
    pub needs: i64,
}

/// Totals over every cell.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DemandTotals {
    /// Companies with at least one open need (each counted once).
    pub companies: i64,
    pub needs: i64,
}

/// The demand figures.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DemandResponse {
    /// By area, then municipality.
    pub items: Vec<DemandCell>,
    /// Always `null`: every cell is on this one page (the shape of every list).
    #[schema(value_type = Option<String>)]
    pub next_cursor: Option<String>,
    pub totals: DemandTotals,
}

impl DemandParams {
    fn filter(&self) -> Result<DemandFilter, ApiError> {
        use crate::extract::optional;
        Ok(DemandFilter {
            municipalities: crate::extract::municipality_list(self.municipality.as_deref())?,
            area: optional(&self.area, |a| AreaSlug::parse("area", a))?.map(|a| a.to_string()),
            priority: optional(&self.priority, |p| Priority::parse("priority", p))?.map(|p| p.as_str().to_owned()),
            conducted_from: optional(&self.conducted_from, |d| needs::date("conductedFrom", d))?,
            conducted_to: optional(&self.conducted_to, |d| needs::date("conductedTo", d))?,
        })
    }
}

/// Open training needs — of completed (not archived) analyses — per
/// competence area and municipality: companies, employees concerned and
/// needs. No company is named; every signed-in person reads it, and
/// providers see no cell that fewer than three companies make up.
#[utoipa::path(
    tag = "needs analyses",
    security(("bearer" = []), ("oauth2" = [])),
    params(DemandParams, ("Accept-Language" = Option<String>, Header, description = "`sv` (default) or `en`")),
    responses((status = 200, description = "The demand", body = DemandResponse))
)]
#[get("/statistics/demand")]
pub async fn demand(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<DemandParams>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_read_demand(&principal))?;
    let filter = params.filter()?;
    let rows = needs_analyses::demand(&state.db, &filter).await?;
    let labels: BTreeMap<String, (String, String)> =
        competence_areas::all(&state.db).await?.into_iter().map(|a| (a.slug, (a.label_sv, a.label_en))).collect();
    let language = language_of(req.headers());
    let mut cells: BTreeMap<(String, String), (i64, i64, i64)> = BTreeMap::new();
    let mut companies = BTreeSet::new();
    let mut total_needs = 0;
    for row in rows {
        let cell = cells.entry((row.area, row.municipality)).or_default();
        cell.0 += 1;
        cell.1 += row.employees;
        cell.2 += row.needs;
        companies.insert(row.company_id);
        total_needs += row.needs;
    }
    // Providers see no cell that one or two companies make up.
    let minimum = policy::demand_cell_minimum(&principal);
    let items = cells
        .into_iter()
        .filter(|(_, (companies, _, _))| *companies >= minimum)
        .map(|((area, municipality), (companies, employees, needs))| {
            let label = labels
                .get(&area)
                .map(|(sv, en)| if language == Language::En { en.clone() } else { sv.clone() })
                .unwrap_or_else(|| area.clone());
            DemandCell { area, label, municipality, companies, employees, needs }
        })
        .collect();
    let totals = DemandTotals { companies: companies.len() as i64, needs: total_needs };
    let body = DemandResponse { items, next_cursor: None, totals };
    Ok(HttpResponse::Ok().insert_header(("Vary", "Accept-Language")).json(body))
}
