use super::MunicipalityResponse;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation::{self, ListResponse};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_persistence::municipalities;
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters and paging of the municipality list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct MunicipalityListParams {
    /// Only partners (`true`) or only the others (`false`).
    pub partner: Option<bool>,
    /// Only those of this län, as the municipality's `county` spells it.
    #[param(value_type = Option<crate::schema::Line100>, inline, example = "Jönköpings län")]
    pub county: Option<String>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 20)]
    pub limit: Option<u64>,
    /// The `nextCursor` of the previous page.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// List municipalities in kommunkod order.
#[utoipa::path(
    tag = "reference data",
    params(MunicipalityListParams),
    responses((status = 200, description = "One page of municipalities", body = ListResponse<MunicipalityResponse>))
)]
#[get("/municipalities")]
pub async fn list_municipalities(
    req: HttpRequest,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<MunicipalityListParams>,
) -> Result<HttpResponse, ApiError> {
    let page = representation::page_request(params.limit, params.cursor.as_deref())?;
    let county = params
        .county
        .as_deref()
        .map(|c| samverka_domain::text::required("county", c, 100))
        .transpose()
        .map_err(ApiError::bad_field)?;
    let page = municipalities::list(&state.db, (params.partner, county.as_deref()), &page).await?;
    representation::list(&req, page.map(MunicipalityResponse::from))
}
