//! Reports for the ESF-funded project: participation per municipality and
//! period, as JSON or (with `Accept: text/csv`) as CSV for spreadsheets.

use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::needs::date;
use samverka_domain::offers::Gender;
use samverka_domain::{FieldError, policy};
use samverka_persistence::reports::{self, Figures, ReportFilter};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(participation);
}

/// The period and municipalities of the report.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// The first day of the period (analyses conducted, trainings and meetings started).
    #[param(value_type = Option<crate::schema::CalendarDate>, inline, example = "2026-01-01")]
    pub from: Option<String>,
    /// The last day of the period.
    #[param(value_type = Option<crate::schema::CalendarDate>, inline, example = "2026-12-31")]
    pub to: Option<String>,
    /// Only these municipalities (comma-separated kommunkoder).
    #[param(value_type = Option<crate::schema::KommunkodList>, inline)]
    pub municipality: Option<String>,
}

/// Counts by gender, with their total.
#[derive(Debug, Serialize, ToSchema)]
pub struct ByGender<T> {
    pub woman: T,
    pub man: T,
    pub other: T,
    pub unspecified: T,
    pub total: T,
}

/// The figures of one municipality, or the totals.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FiguresResponse {
    /// Companies with a completed (or since archived) analysis in the period.
    pub companies_reached: i64,
    pub analyses: i64,
    /// Needs of those analyses, by competence area.
    pub needs_by_area: BTreeMap<String, i64>,
    /// Confirmed enrolments in trainings starting in the period.
    pub enrolments: i64,
    pub participants: ByGender<i64>,
    pub hours_attended: ByGender<f64>,
    /// Network meetings held in the period (by host municipality).
    pub meetings_held: i64,
    /// Companies that attended them (each counted once).
    pub meeting_attending_companies: i64,
    /// Attendees registered for the meetings held in the period.
    pub attendees_registered: i64,
    /// Of them, those the host marked as attended.
    pub attendees_attended: i64,
    /// Visits to companies in the period (activities of kind `visit`).
    pub visits: i64,
    /// Companies visited (each counted once per municipality).
    pub companies_visited: i64,
}

impl<T: Copy + Default + std::iter::Sum<T>> ByGender<T> {
    /// The counts of a map by gender (absent genders count zero).
    pub(crate) fn of(map: &BTreeMap<String, T>) -> ByGender<T> {
        let get = |g: Gender| map.get(g.as_str()).copied().unwrap_or_default();
        ByGender {
            woman: get(Gender::Woman),
            man: get(Gender::Man),
            other: get(Gender::Other),
            unspecified: get(Gender::Unspecified),
            total: Gender::ALL.iter().map(|g| get(*g)).sum(),
        }
    }
}

impl From<&Figures> for FiguresResponse {
    fn from(f: &Figures) -> Self {
        FiguresResponse {
            companies_reached: f.companies_reached,
            analyses: f.analyses,
            needs_by_area: f.needs_by_area.clone(),
            enrolments: f.enrolments,
            participants: ByGender::of(&f.participants),
            hours_attended: ByGender::of(&f.hours),
            meetings_held: f.meetings_held,
            meeting_attending_companies: f.meeting_attending_companies,
            attendees_registered: f.attendees_registered,
            attendees_attended: f.attendees_attended,
            visits: f.visits,
            companies_visited: f.companies_visited,
        }
    }
}

/// One municipality's figures.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MunicipalityFigures {
    #[schema(example = "0686")]
    pub municipality: String,
    #[serde(flatten)]
    pub figures: FiguresResponse,
}

/// The participation report.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ParticipationReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Per municipality (an officer's own only).
    pub municipalities: Vec<MunicipalityFigures>,
    /// Over the municipalities of the report (an officer's: its own).
    pub totals: FiguresResponse,
}

/// Participation per municipality for a period: companies reached, analyses,
/// needs by area, enrolments, participants and hours attended by gender,
/// network meetings held, their attending companies and their attendees
/// (registered and attended), visits made and companies visited; with totals. No
/// personal data. Admins see every municipality; officers their own only
/// (rows and totals, whatever `municipality` asks for). `Accept: text/csv` gives the same figures as CSV.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = []), ("oauth2" = [])),
    params(ReportParams),
    responses((status = 200, description = "The report", content(
        (ParticipationReport = "application/json"),
        (String = "text/csv"),
    )))
)]
#[get("/reports/participation")]
pub async fn participation(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let own = crate::auth::allowed(policy::report_scope(&principal))?;
    let bad = ApiError::bad_field;
    let mut filter = ReportFilter {
        from: params.from.as_deref().map(|d| date("from", d)).transpose().map_err(bad)?,
        to: params.to.as_deref().map(|d| date("to", d)).transpose().map_err(bad)?,
        municipalities: Vec::new(),
    };
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        return Err(bad(FieldError::new("to", "order", "the period ends after it starts")));
    }
    filter.municipalities = crate::extract::municipality_list(params.municipality.as_deref())?;
    // An officer's report covers its own municipality, rows and totals, whatever it asks for.
    if let Some(own) = &own {
        filter.municipalities = vec![own.to_string()];
    }
    let (by, totals) = reports::participation(&state.db, &filter).await?;
    let municipalities: Vec<MunicipalityFigures> = by
        .iter()
        .map(|(code, f)| MunicipalityFigures { municipality: code.clone(), figures: FiguresResponse::from(f) })
        .collect();
    let report = ParticipationReport {
        from: filter.from.map(|d| d.to_string()),
        to: filter.to.map(|d| d.to_string()),
        municipalities,
        totals: FiguresResponse::from(&totals),
    };
    if wants_csv(&req) {
        return Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8; header=present")
            .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"participation.csv\""))
            .insert_header((header::VARY, "Accept"))
            .body(csv(&report)?));
    }
    Ok(HttpResponse::Ok().insert_header((header::VARY, "Accept")).json(report))
}

/// Whether the client asks for CSV.
pub(crate) fn wants_csv(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.split(',').any(|r| r.trim().starts_with("text/csv")))
}

/// The report as CSV (`;`, UTF-8 with BOM): one row per municipality, then `total`.
fn csv(report: &ParticipationReport) -> Result<Vec<u8>, ApiError> {
    let mut areas: Vec<&String> = report.totals.needs_by_area.keys().collect();
    areas.sort();
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        let mut header: Vec<String> = [
            "municipality",
            "companiesReached",
            "analyses",
            "enrolments",
            "participants",
            "participantsWoman",
            "participantsMan",
            "participantsOther",
            "participantsUnspecified",
            "hoursAttended",
            "hoursWoman",
            "hoursMan",
            "hoursOther",
            "hoursUnspecified",
            "meetingsHeld",
            "meetingAttendingCompanies",
            "attendeesRegistered",
            "attendeesAttended",
            "visits",
            "companiesVisited",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        header.extend(areas.iter().map(|a| format!("needs:{a}")));
        writer.write_record(&header).map_err(ApiError::internal)?;
        let rows = report.municipalities.iter().map(|m| (m.municipality.as_str(), &m.figures));
        for (name, f) in rows.chain(std::iter::once(("total", &report.totals))) {
            let mut record = vec![
                name.to_owned(),
                f.companies_reached.to_string(),
                f.analyses.to_string(),
                f.enrolments.to_string(),
                f.participants.total.to_string(),
                f.participants.woman.to_string(),
                f.participants.man.to_string(),
                f.participants.other.to_string(),
                f.participants.unspecified.to_string(),
                f.hours_attended.total.to_string(),
                f.hours_attended.woman.to_string(),
                f.hours_attended.man.to_string(),
                f.hours_attended.other.to_string(),
                f.hours_attended.unspecified.to_string(),
                f.meetings_held.to_string(),
                f.meeting_attending_companies.to_string(),
                f.attendees_registered.to_string(),
                f.attendees_attended.to_string(),
                f.visits.to_string(),
                f.companies_visited.to_string(),
            ];
            record.extend(areas.iter().map(|a| f.needs_by_area.get(*a).copied().unwrap_or(0).to_string()));
            writer.write_record(&record).map_err(ApiError::internal)?;
        }
        writer.flush().map_err(ApiError::internal)?;
    }
    Ok(out)
}
