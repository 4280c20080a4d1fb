use super::MunicipalityResponse;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation::{self, ListResponse, PageParams};
use crate::server::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_persistence::municipalities;

/// List municipalities in kommunkod order.
#[utoipa::path(
    tag = "reference data",
    params(PageParams),
    responses((status = 200, description = "One page of municipalities", body = ListResponse<MunicipalityResponse>))
)]
#[get("/municipalities")]
pub async fn list_municipalities(
    req: HttpRequest,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let page = params.page_request()?;
    let page = municipalities::list(&state.db, &page).await?;
    representation::list(&req, page.map(MunicipalityResponse::from))
}
