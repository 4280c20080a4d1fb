use super::OfferResponse;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::{ValidQuery, optional};
use crate::representation::{self, ListResponse};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::company::like_pattern;
use samverka_domain::competence_area::AreaSlug;
use samverka_domain::offers::{Format, OfferStatus};
use samverka_domain::policy;
use samverka_persistence::training_offers::{self, OfferFilter};
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters and paging of the offer list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct OfferListParams {
    /// Offers covering this competence area.
    #[param(value_type = Option<crate::schema::AreaSlug>, inline, example = "leadership")]
    pub area: Option<String>,
    /// Offers held in these municipalities (comma-separated kommunkoder).
    #[param(value_type = Option<crate::schema::KommunkodList>, inline)]
    pub municipality: Option<String>,
    /// `onSite`, `online` or `hybrid`.
    #[param(value_type = Option<crate::schema::Format>, inline)]
    pub format: Option<String>,
    /// Starting at or after this time (RFC 3339).
    #[param(value_type = Option<crate::schema::Timestamp>, inline)]
    pub from: Option<String>,
    /// Starting at or before this time (RFC 3339).
    #[param(value_type = Option<crate::schema::Timestamp>, inline)]
    pub to: Option<String>,
    /// `draft`, `published` or `cancelled` (drafts and cancelled ones only where visible).
    #[param(value_type = Option<crate::schema::OfferStatus>, inline)]
    pub status: Option<String>,
    /// Case-insensitive search in the title.
    #[param(value_type = Option<crate::schema::Search>, inline)]
    pub q: Option<String>,
    /// Offers of this provider.
    pub provider: Option<String>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 20)]
    pub limit: Option<u64>,
    /// The `nextCursor` of the previous page.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// List training offers, soonest first: everyone sees the published ones;
/// providers also their own, admins and officers all.
#[utoipa::path(
    tag = "training offers",
    security((), ("bearer" = []), ("oauth2" = [])),
    params(OfferListParams),
    responses((status = 200, description = "One page of offers; with `Accept: text/calendar` an iCalendar feed of their sessions (published offers; default 500)", content(
        (ListResponse<OfferResponse> = "application/json"),
        (String = "text/calendar"),
    )))
)]
#[get("/training-offers")]
pub async fn list_training_offers(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<OfferListParams>,
) -> Result<HttpResponse, ApiError> {
    // A calendar subscription reads one URL: 500 offers unless it asks for fewer.
    let limit = params.limit.or(crate::calendar::wanted(&req).then_some(500));
    let page = representation::page_request(limit, params.cursor.as_deref())?;
    let municipalities = crate::extract::municipality_list(params.municipality.as_deref())?;
    let q = params.q.as_deref().map(crate::extract::search_term).transpose()?.map(like_pattern);
    let filter = OfferFilter {
        scope: policy::offer_scope(&principal),
        area: optional(&params.area, |a| AreaSlug::parse("area", a))?.map(|a| a.to_string()),
        municipalities,
        format: optional(&params.format, |f| Format::parse("format", f))?.map(|f| f.as_str().to_owned()),
        from: params.from.as_deref().map(|t| crate::extract::rfc3339("from", t)).transpose()?,
        to: params.to.as_deref().map(|t| crate::extract::rfc3339("to", t)).transpose()?,
        status: optional(&params.status, |s| OfferStatus::parse("status", s))?.map(|s| s.as_str().to_owned()),
        title_pattern: q,
        provider: params.provider.clone(),
    };
    let page = training_offers::list(&state.db, &filter, &page).await?;
    if crate::calendar::wanted(&req) {
        let events = page.items.iter().flat_map(crate::calendar::offer_sessions).collect();
        return Ok(crate::calendar::respond(events, "Samverka: utbildningar", "training-offers.ics"));
    }
    representation::list(&req, page.map(OfferResponse::from))
}
