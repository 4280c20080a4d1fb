//! What happened with one company, newest first: the page a frontend opens
//! before the next visit.

use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation::{self, ListResponse, PageParams};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use samverka_domain::policy;
use samverka_persistence::companies;
use samverka_persistence::timeline::{self, Entry, EntryKind};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One thing that happened with a company.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    /// `activity`, `analysis`, `enrolment` or `registration`.
    #[serde(rename = "type")]
    #[schema(example = "activity", value_type = crate::schema::TimelineEntryType)]
    pub kind: &'static str,
    /// The id of the activity, analysis, enrolment or registration.
    pub id: Uuid,
    /// When: the day of an activity or analysis (at midnight UTC), the
    /// moment of an enrolment or registration.
    pub occurred_at: DateTime<Utc>,
    /// The activity's or analysis's summary (first line), the offer's or meeting's title.
    #[schema(example = "Rundvandring i verkstaden med VD.")]
    pub summary: String,
    /// The activity's kind; the analysis's, enrolment's or meeting's status.
    #[schema(example = "visit")]
    pub status: String,
    /// Where the entry lives in this API.
    #[schema(example = "/api/v1/activities/0194f3a2-7c1e-7d4b-9a51-3c2d1e0f4a5b")]
    pub href: String,
}

impl From<Entry> for TimelineEntry {
    fn from(e: Entry) -> Self {
        let (kind, href) = match e.kind {
            EntryKind::Activity => ("activity", format!("/api/v1/activities/{}", e.id)),
            EntryKind::Analysis => ("analysis", format!("/api/v1/needs-analyses/{}", e.id)),
            EntryKind::Enrolment => ("enrolment", format!("/api/v1/enrolments/{}", e.id)),
            EntryKind::Registration => (
                "registration",
                format!("/api/v1/network-meetings/{}/registrations/{}", e.subject_id.unwrap_or_default(), e.id),
            ),
        };
        TimelineEntry { kind, id: e.id, occurred_at: e.at, summary: e.summary, status: e.status, href }
    }
}

/// A company's timeline, newest first: activities, needs analyses,
/// enrolments and registrations, each only as far as the caller reads such
/// rows (officers of collaborating municipalities see only activities
/// marked `shared`; the company's own users no activities). Admins,
/// officers and the company's own users (`Cache-Control: no-store`).
#[utoipa::path(
    tag = "companies",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The company's id"), PageParams),
    responses((status = 200, description = "One page of the timeline", body = ListResponse<TimelineEntry>))
)]
#[get("/companies/{id}/timeline")]
pub async fn company_timeline(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidQuery(params): ValidQuery<PageParams>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::authenticated(&principal))?;
    let page = params.page_request()?;
    let company = companies::get(&state.db, *id).await?.ok_or(ApiError::NotFound)?;
    let facts = companies::facts(&company);
    if !policy::sees_company(&principal, &facts) {
        return Err(ApiError::NotFound);
    }
    allow(policy::can_read_timeline(&principal, &facts))?;
    let view = policy::timeline_view(&principal, &facts);
    let page = timeline::page(&state.db, facts.id, &view, &page).await?;
    representation::list(&req, page.map(TimelineEntry::from)).map(representation::no_store)
}
