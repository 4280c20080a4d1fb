use crate::auth::{Auth, allow};
use crate::context::language_of;
use crate::error::ApiError;
use crate::extract::{ValidQuery, optional};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::competence_area::AreaSlug;
use samverka_domain::needs::{self, NeedStatus};
use samverka_domain::{FieldError, Language, policy};
use samverka_persistence::competence_areas;
use samverka_persistence::reports::{self, Period, ReportFilter};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// Filters and split of the outcome figures.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct OutcomeParams {
    /// Only these municipalities (comma-separated kommunkoder).
    #[param(value_type = Option<crate::schema::KommunkodList>, inline, example = "0686,0685")]
    pub municipality: Option<String>,
    /// Only this competence area.
    #[param(value_type = Option<crate::schema::AreaSlug>, inline, example = "leadership")]
    pub area: Option<String>,
    /// Analyses conducted on or after this date.
    #[param(value_type = Option<crate::schema::CalendarDate>, inline, example = "2026-01-01")]
    pub conducted_from: Option<String>,
    /// Analyses conducted on or before this date.
    #[param(value_type = Option<crate::schema::CalendarDate>, inline, example = "2026-12-31")]
    pub conducted_to: Option<String>,
    /// Split by the `year` or `month` the analyses were conducted (default: not split).
    #[param(value_type = Option<crate::schema::OutcomePeriod>, inline)]
    pub period: Option<String>,
}

/// Needs by status.
#[derive(Debug, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NeedsByStatus {
    #[schema(example = 4)]
    pub open: i64,
    #[schema(example = 2)]
    pub addressed: i64,
    #[schema(example = 5)]
    pub met: i64,
    #[schema(example = 1)]
    pub dropped: i64,
    /// All of them.
    #[schema(example = 12)]
    pub total: i64,
}

impl NeedsByStatus {
    fn of(counts: &BTreeMap<String, i64>) -> NeedsByStatus {
        let n = |s: NeedStatus| counts.get(s.as_str()).copied().unwrap_or(0);
        let (open, addressed, met, dropped) =
            (n(NeedStatus::Open), n(NeedStatus::Addressed), n(NeedStatus::Met), n(NeedStatus::Dropped));
        NeedsByStatus { open, addressed, met, dropped, total: open + addressed + met + dropped }
    }

    fn add(&mut self, other: &NeedsByStatus) {
        self.open += other.open;
        self.addressed += other.addressed;
        self.met += other.met;
        self.dropped += other.dropped;
        self.total += other.total;
    }
}

/// What became of the needs in one competence area, municipality and period.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeCell {
    #[schema(example = "leadership")]
    pub area: String,
    /// The area's label in the language of `Accept-Language`.
    #[schema(example = "Ledarskap")]
    pub label: String,
    #[schema(example = "0686")]
    pub municipality: String,
    /// `YYYY` or `YYYY-MM` when split by `period`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "2026")]
    pub period: Option<String>,
    pub needs: NeedsByStatus,
    /// Companies whose needs these are.
    #[schema(example = 7)]
    pub companies: i64,
    /// Confirmed enrolments that address them.
    #[schema(example = 3)]
    pub enrolments: i64,
}

/// The outcome figures.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutcomesResponse {
    /// By area, municipality, period.
    pub items: Vec<OutcomeCell>,
    /// Always `null`: every cell is on this one page (the shape of every list).
    #[schema(value_type = Option<String>)]
    pub next_cursor: Option<String>,
    /// Needs by status over the cells shown.
    pub totals: NeedsByStatus,
}

/// What became of the needs that analyses identified — of completed and
/// archived analyses — per competence area and municipality (and per year
/// or month): open, addressed by an enrolment, met, dropped; the companies
/// and the confirmed enrolments behind them. No company is named. Admins,
/// officers and providers (who see no cell of fewer than three companies).
#[utoipa::path(
    tag = "needs analyses",
    security(("bearer" = []), ("oauth2" = [])),
    params(OutcomeParams, ("Accept-Language" = Option<String>, Header, description = "`sv` (default) or `en`")),
    responses((status = 200, description = "The outcomes", body = OutcomesResponse))
)]
#[get("/statistics/outcomes")]
pub async fn outcomes(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<OutcomeParams>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_read_outcomes(&principal))?;
    let filter = ReportFilter {
        from: optional(&params.conducted_from, |d| needs::date("conductedFrom", d))?,
        to: optional(&params.conducted_to, |d| needs::date("conductedTo", d))?,
        municipalities: crate::extract::municipality_list(params.municipality.as_deref())?,
    };
    let area = optional(&params.area, |a| AreaSlug::parse("area", a))?.map(|a| a.to_string());
    let period = match params.period.as_deref() {
        None => Period::Whole,
        Some("year") => Period::Year,
        Some("month") => Period::Month,
        Some(_) => return Err(ApiError::bad_field(FieldError::new("period", "enum", "period is year or month"))),
    };
    let cells = reports::outcomes(&state.db, &filter, area.as_deref(), period).await?;
    let labels: BTreeMap<String, (String, String)> =
        competence_areas::all(&state.db).await?.into_iter().map(|a| (a.slug, (a.label_sv, a.label_en))).collect();
    let english = language_of(req.headers()) == Language::En;
    let minimum = policy::demand_cell_minimum(&principal);
    let mut totals = NeedsByStatus::default();
    let items: Vec<OutcomeCell> = cells
        .into_iter()
        .filter(|(_, cell)| cell.companies >= minimum)
        .map(|((area, municipality, period), cell)| {
            let label = labels.get(&area).map(|(sv, en)| if english { en } else { sv }).cloned().unwrap_or_default();
            let needs = NeedsByStatus::of(&cell.by_status);
            totals.add(&needs);
            let period = (!period.is_empty()).then_some(period);
            OutcomeCell {
                area,
                label,
                municipality,
                period,
                needs,
                companies: cell.companies,
                enrolments: cell.enrolments,
            }
        })
        .collect();
    let body = OutcomesResponse { items, next_cursor: None, totals };
    Ok(HttpResponse::Ok().insert_header(("Vary", "Accept-Language")).json(body))
}
