//! A collaboration's participation report, as a funder (ESF) asks for it:
//! companies reached, analyses, needs by area and status, participants by
//! gender and age band, participant hours and their value at the
//! collaboration's hourly rate — per member municipality and in total,
//! each split by company size class. Aggregates only, no personal data.

use crate::auth::{Auth, allowed};
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::routes::reports::{ByGender, wants_csv};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::Utc;
use samverka_domain::collaborations::{report_period, swedish_today};
use samverka_domain::company::SIZE_CLASSES;
use samverka_domain::needs::NeedStatus;
use samverka_domain::offers::{AGE_BAND_UNSPECIFIED, AgeBand};
use samverka_domain::policy;
use samverka_persistence::collaborations;
use samverka_persistence::reports::{self, Reach, ReportFilter};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The period of the report: the collaboration's own by default.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct CollaborationReportParams {
    /// The first day (on or after the collaboration's start).
    #[param(value_type = Option<crate::schema::CalendarDate>, inline, example = "2025-01-01")]
    pub from: Option<String>,
    /// The last day (on or before the collaboration's end).
    #[param(value_type = Option<crate::schema::CalendarDate>, inline, example = "2025-12-31")]
    pub to: Option<String>,
}

/// Needs of one competence area, by status.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct NeedsByStatus {
    pub open: i64,
    pub addressed: i64,
    pub met: i64,
    pub dropped: i64,
    pub total: i64,
}

/// Participants by age band (`ageBand` `-24`, `25-54`, `55-`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ByAgeBand {
    /// `-24`
    pub under_25: i64,
    /// `25-54`
    pub from_25_to_54: i64,
    /// `55-`
    pub from_55: i64,
    /// Participants whose age band was not given.
    pub unspecified: i64,
}

/// The figures of some companies (a municipality's, a size class's, all).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReachFigures {
    /// Companies visited, analysed or enrolled in the period (each once).
    pub companies_reached: i64,
    /// Companies with a visit in the period.
    pub companies_visited: i64,
    /// Companies with a completed (or since archived) analysis conducted in the period.
    pub companies_analysed: i64,
    /// Companies with a confirmed enrolment in a training starting in the period.
    pub companies_enrolled: i64,
    pub visits: i64,
    pub analyses: i64,
    /// Needs of those analyses, by competence area (slug) and status.
    pub needs: BTreeMap<String, NeedsByStatus>,
    /// Confirmed enrolments in trainings starting in the period.
    pub enrolments: i64,
    pub participants: ByGender<i64>,
    pub participants_by_age_band: ByAgeBand,
    /// Hours the participants attended.
    pub participant_hours: ByGender<f64>,
    /// `participantHours.total` × `hourlyRateSek`, when the collaboration sets a rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours_value_sek: Option<f64>,
}

impl ReachFigures {
    fn of(r: &Reach, rate: Option<i32>) -> ReachFigures {
        let needs = r
            .needs
            .iter()
            .map(|(area, statuses)| {
                let get = |s: NeedStatus| statuses.get(s.as_str()).copied().unwrap_or(0);
                let counts = NeedsByStatus {
                    open: get(NeedStatus::Open),
                    addressed: get(NeedStatus::Addressed),
                    met: get(NeedStatus::Met),
                    dropped: get(NeedStatus::Dropped),
                    total: statuses.values().sum(),
                };
                (area.clone(), counts)
            })
            .collect();
        let age = |band: &str| r.participants_by_age.get(band).copied().unwrap_or(0);
        let hours = ByGender::of(&r.hours);
        ReachFigures {
            companies_reached: r.companies_reached,
            companies_visited: r.companies_visited,
            companies_analysed: r.companies_analysed,
            companies_enrolled: r.companies_enrolled,
            visits: r.visits,
            analyses: r.analyses,
            needs,
            enrolments: r.enrolments,
            participants: ByGender::of(&r.participants),
            participants_by_age_band: ByAgeBand {
                under_25: age(AgeBand::Under25.as_str()),
                from_25_to_54: age(AgeBand::From25To54.as_str()),
                from_55: age(AgeBand::From55.as_str()),
                unspecified: age(AGE_BAND_UNSPECIFIED),
            },
            hours_value_sek: rate.map(|rate| hours.total * f64::from(rate)),
            participant_hours: hours,
        }
    }
}

/// Figures with their split by company size class (classes with any figure).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SplitFigures {
    #[serde(flatten)]
    pub figures: ReachFigures,
    pub by_size_class: BTreeMap<String, ReachFigures>,
}

/// One member municipality's figures.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberFigures {
    #[schema(example = "0686")]
    pub municipality: String,
    #[serde(flatten)]
    pub figures: SplitFigures,
}

/// The collaboration a report is of.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportedCollaboration {
    pub id: Uuid,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hourly_rate_sek: Option<i32>,
}

/// A collaboration's participation report.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CollaborationReport {
    pub collaboration: ReportedCollaboration,
    #[schema(value_type = crate::schema::CalendarDate)]
    pub from: String,
    #[schema(value_type = crate::schema::CalendarDate)]
    pub to: String,
    /// Every member municipality, in kommunkod order.
    pub municipalities: Vec<MemberFigures>,
    pub totals: SplitFigures,
}

/// The figures of `rows` (keyed by municipality and size class), for those
/// whose municipality `keep` accepts, with their split by size class.
fn split(rows: &BTreeMap<(String, String), Reach>, keep: impl Fn(&str) -> bool, rate: Option<i32>) -> SplitFigures {
    let mut whole = Reach::default();
    let mut by_class: BTreeMap<String, Reach> = BTreeMap::new();
    for ((_, class), reach) in rows.iter().filter(|((m, _), _)| keep(m)) {
        whole.absorb(reach);
        by_class.entry(class.clone()).or_default().absorb(reach);
    }
    SplitFigures {
        figures: ReachFigures::of(&whole, rate),
        by_size_class: by_class.iter().map(|(class, r)| (class.clone(), ReachFigures::of(r, rate))).collect(),
    }
}

/// A collaboration's participation report (admins, and its coordinators):
/// over its period (an open end: up to today), or `from`/`to` inside it,
/// per member municipality and in total, each split by company size class —
/// companies reached (visited, analysed, enrolled), analyses, needs by area
/// and status, participants by gender and age band, participant hours and
/// their value at the collaboration's `hourlyRateSek` (co-financing). Each
/// company counts with the municipality and size class it has now.
/// `Accept: text/csv` gives the same figures as CSV.
#[utoipa::path(
    tag = "collaborations",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The collaboration's id"), CollaborationReportParams),
    responses(
        (status = 200, description = "The report", content(
            (CollaborationReport = "application/json"),
            (String = "text/csv"),
        )),
        (status = 403, description = "Neither an admin nor a coordinator of it", body = crate::error::Problem),
    )
)]
#[get("/collaborations/{id}/reports/participation")]
pub async fn collaboration_report(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidQuery(params): ValidQuery<CollaborationReportParams>,
) -> Result<HttpResponse, ApiError> {
    allowed(policy::can_read_collaborations(&principal))?;
    let c = collaborations::get(&state.db, *id).await?.ok_or(ApiError::NotFound)?;
    allowed(policy::can_read_collaboration_report(&principal, &c.coordinators))?;
    let m = &c.collaboration;
    let today = swedish_today(Utc::now());
    let (from, to) = report_period((m.starts_on, m.ends_on), params.from.as_deref(), params.to.as_deref(), today)
        .map_err(|errors| ApiError::BadRequest {
            detail: "the period is not inside the collaboration's".to_owned(),
            errors: errors.0,
        })?;
    let filter = ReportFilter { from: Some(from), to: Some(to), municipalities: c.municipalities.clone() };
    let rows = reports::reach(&state.db, &filter).await?;
    let rate = m.hourly_rate_sek;
    let report = CollaborationReport {
        collaboration: ReportedCollaboration {
            id: m.id,
            name: m.name.clone(),
            funder: m.funder.clone(),
            reference: m.reference.clone(),
            hourly_rate_sek: rate,
        },
        from: from.to_string(),
        to: to.to_string(),
        municipalities: c
            .municipalities
            .iter()
            .map(|code| MemberFigures { municipality: code.clone(), figures: split(&rows, |m| m == code, rate) })
            .collect(),
        totals: split(&rows, |_| true, rate),
    };
    if wants_csv(&req) {
        let name = format!("attachment; filename=\"participation-{}.csv\"", m.id);
        return Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8; header=present")
            .insert_header((header::CONTENT_DISPOSITION, name))
            .insert_header((header::VARY, "Accept"))
            .body(csv(&report)?));
    }
    Ok(HttpResponse::Ok().insert_header((header::VARY, "Accept")).json(report))
}

/// The report as CSV (`;`, UTF-8 with BOM): per municipality one row per
/// size class and one (`all`) for all of them; then the same for `total`.
fn csv(report: &CollaborationReport) -> Result<Vec<u8>, ApiError> {
    let areas: Vec<&String> = report.totals.figures.needs.keys().collect();
    let statuses = NeedStatus::ALL;
    let mut header: Vec<String> = [
        "municipality",
        "sizeClass",
        "companiesReached",
        "companiesVisited",
        "companiesAnalysed",
        "companiesEnrolled",
        "visits",
        "analyses",
        "enrolments",
        "participants",
        "participantsWoman",
        "participantsMan",
        "participantsOther",
        "participantsUnspecified",
        "participantsAge-24",
        "participantsAge25-54",
        "participantsAge55-",
        "participantsAgeUnspecified",
        "participantHours",
        "hoursValueSek",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for area in &areas {
        header.extend(statuses.iter().map(|s| format!("needs:{area}:{}", s.as_str())));
    }
    let record = |place: &str, class: &str, f: &ReachFigures| -> Vec<String> {
        let mut row = vec![place.to_owned(), class.to_owned()];
        let numbers = [
            f.companies_reached,
            f.companies_visited,
            f.companies_analysed,
            f.companies_enrolled,
            f.visits,
            f.analyses,
            f.enrolments,
            f.participants.total,
            f.participants.woman,
            f.participants.man,
            f.participants.other,
            f.participants.unspecified,
            f.participants_by_age_band.under_25,
            f.participants_by_age_band.from_25_to_54,
            f.participants_by_age_band.from_55,
            f.participants_by_age_band.unspecified,
        ];
        row.extend(numbers.iter().map(i64::to_string));
        row.push(f.participant_hours.total.to_string());
        row.push(f.hours_value_sek.map(|v| v.to_string()).unwrap_or_default());
        for area in &areas {
            let needs = f.needs.get(*area);
            row.extend(statuses.iter().map(|s| {
                needs
                    .map(|n| match s {
                        NeedStatus::Open => n.open,
                        NeedStatus::Addressed => n.addressed,
                        NeedStatus::Met => n.met,
                        NeedStatus::Dropped => n.dropped,
                    })
                    .unwrap_or(0)
                    .to_string()
            }));
        }
        row
    };
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        writer.write_record(&header).map_err(ApiError::internal)?;
        let places = report.municipalities.iter().map(|m| (m.municipality.as_str(), &m.figures));
        for (place, split) in places.chain(std::iter::once(("total", &report.totals))) {
            // Size classes smallest first, as SCB orders them.
            for (class, _, _) in SIZE_CLASSES {
                if let Some(f) = split.by_size_class.get(class) {
                    writer.write_record(record(place, class, f)).map_err(ApiError::internal)?;
                }
            }
            writer.write_record(record(place, "all", &split.figures)).map_err(ApiError::internal)?;
        }
        writer.flush().map_err(ApiError::internal)?;
    }
    Ok(out)
}
