use super::MeetingResponse;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::{ValidQuery, optional};
use crate::representation::{self, ListResponse};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::account::Principal;
use samverka_domain::offers::MeetingStatus;
use samverka_domain::{FieldError, policy};
use samverka_persistence::network_meetings::{self, MeetingFilter, MeetingOrder};
use samverka_persistence::networks;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

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
    /// Meetings of this network.
    pub network: Option<Uuid>,
    /// `true`: the meetings of networks the caller's company is a member of
    /// (company users; for anyone else none).
    pub invited: Option<bool>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 20)]
    pub limit: Option<u64>,
    /// The `nextCursor` of the previous page.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// List network meetings, upcoming first (planned and held for everyone;
/// cancelled ones for admins and officers).
/// The filter a meeting list asks for, and the networks the caller's company is a member of.
async fn filter_of(
    state: &AppState,
    principal: &Principal,
    params: &MeetingListParams,
) -> Result<(MeetingFilter, Option<Vec<Uuid>>), ApiError> {
    let bad = ApiError::bad_field;
    let order = match params.sort.as_deref().unwrap_or("upcoming") {
        "upcoming" => MeetingOrder::Upcoming,
        "startsAt" => MeetingOrder::Ascending,
        "-startsAt" => MeetingOrder::Descending,
        _ => return Err(bad(FieldError::new("sort", "enum", "sort is upcoming, startsAt or -startsAt"))),
    };
    let memberships = match principal.own_company() {
        Some(company) => Some(networks::networks_of(&state.db, company).await?),
        None => None,
    };
    // Only a company is invited: to anyone else, `invited=true` lists nothing.
    let invited = match params.invited {
        Some(true) => Some(memberships.clone().unwrap_or_default()),
        _ => None,
    };
    let networks = match (params.network, invited) {
        (Some(one), Some(own)) => Some(own.into_iter().filter(|n| *n == one).collect()),
        (Some(one), None) => Some(vec![one]),
        (None, invited) => invited,
    };
    let filter = MeetingFilter {
        visible_statuses: (!policy::sees_every_meeting(principal))
            .then(|| vec![MeetingStatus::Planned.as_str(), MeetingStatus::Held.as_str()]),
        municipalities: crate::extract::municipality_list(params.municipality.as_deref())?,
        from: params.from.as_deref().map(|t| crate::extract::rfc3339("from", t)).transpose()?,
        to: params.to.as_deref().map(|t| crate::extract::rfc3339("to", t)).transpose()?,
        status: optional(&params.status, |s| MeetingStatus::parse("status", s))?.map(|s| s.as_str().to_owned()),
        networks,
        order,
    };
    Ok((filter, memberships))
}

/// List meetings, upcoming first by default. Everyone sees planned and held
/// meetings; admins and officers cancelled ones too. Company users find the
/// meetings of their networks with `invited=true`, and each meeting says
/// whether their company is `invited`.
#[utoipa::path(
    tag = "network meetings",
    security((), ("bearer" = []), ("oauth2" = [])),
    params(MeetingListParams),
    responses((status = 200, description = "One page of meetings; with `Accept: text/calendar` an iCalendar feed of them (default 500)", content(
        (ListResponse<MeetingResponse> = "application/json"),
        (String = "text/calendar"),
    )))
)]
#[get("/network-meetings")]
pub async fn list_meetings(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<MeetingListParams>,
) -> Result<HttpResponse, ApiError> {
    // A calendar subscription reads one URL: 500 meetings unless it asks for fewer.
    let limit = params.limit.or(crate::calendar::wanted(&req).then_some(500));
    let page = representation::page_request(limit, params.cursor.as_deref())?;
    let (filter, memberships) = filter_of(&state, &principal, &params).await?;
    let page = network_meetings::list(&state.db, &filter, &page).await?;
    if crate::calendar::wanted(&req) {
        let events = page.items.iter().map(crate::calendar::meeting).collect();
        return Ok(crate::calendar::respond(events, "Samverka: nätverksträffar", "network-meetings.ics"));
    }
    representation::list(
        &req,
        page.map(|m| {
            let invited = memberships.as_ref().map(|own| m.network_id.is_some_and(|n| own.contains(&n)));
            MeetingResponse { invited, ..MeetingResponse::from(m) }
        }),
    )
}
