use super::MeetingResponse;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::{ValidQuery, optional};
use crate::representation::{self, ListResponse};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::offers::MeetingStatus;
use samverka_domain::{FieldError, policy};
use samverka_persistence::network_meetings::{self, MeetingFilter, MeetingOrder};
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters, order and paging of the meeting list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct MeetingListParams {
    /// Host municipalities (comma-separated kommunkoder).
    #[param(value_type = Option<crate::schema::KommunkodList>, inline)]
    pub municipality: Option<String>,
    /// Starting at or after this time (RFC 3339).
    #[param(value_type = Option<crate::schema::Timestamp>, inline)]
    pub from: Option<String>,
    /// Starting at or before this time (RFC 3339).
    #[param(value_type = Option<crate::schema::Timestamp>, inline)]
    pub to: Option<String>,
    /// `planned`, `held` or `cancelled`.
    #[param(value_type = Option<crate::schema::MeetingStatus>, inline)]
    pub status: Option<String>,
    /// `upcoming` (default: not yet over, soonest first), `startsAt` (all, oldest first) or `-startsAt` (all, newest first).
    #[param(value_type = Option<crate::schema::MeetingSortOrder>, inline)]
    pub sort: Option<String>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 20)]
    pub limit: Option<u64>,
    /// The `nextCursor` of the previous page.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// List network meetings, upcoming first (planned and held for everyone;
/// cancelled ones for admins and officers).
#[utoipa::path(
    tag = "network meetings",
    security((), ("bearer" = []), ("oauth2" = [])),
    params(MeetingListParams),
    responses((status = 200, description = "One page of meetings", body = ListResponse<MeetingResponse>))
)]
#[get("/network-meetings")]
pub async fn list_meetings(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<MeetingListParams>,
) -> Result<HttpResponse, ApiError> {
    let bad = ApiError::bad_field;
    let page = representation::page_request(params.limit, params.cursor.as_deref())?;
    let municipalities = crate::extract::municipality_list(params.municipality.as_deref())?;
    let order = match params.sort.as_deref().unwrap_or("upcoming") {
        "upcoming" => MeetingOrder::Upcoming,
        "startsAt" => MeetingOrder::Ascending,
        "-startsAt" => MeetingOrder::Descending,
        _ => return Err(bad(FieldError::new("sort", "enum", "sort is upcoming, startsAt or -startsAt"))),
    };
    let filter = MeetingFilter {
        visible_statuses: (!policy::sees_every_meeting(&principal))
            .then(|| vec![MeetingStatus::Planned.as_str(), MeetingStatus::Held.as_str()]),
        municipalities,
        from: params.from.as_deref().map(|t| crate::extract::rfc3339("from", t)).transpose()?,
        to: params.to.as_deref().map(|t| crate::extract::rfc3339("to", t)).transpose()?,
        status: optional(&params.status, |s| MeetingStatus::parse("status", s))?.map(|s| s.as_str().to_owned()),
        order,
    };
    let page = network_meetings::list(&state.db, &filter, &page).await?;
    representation::list(&req, page.map(MeetingResponse::from))
}
