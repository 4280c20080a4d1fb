use super::ApiClientResponse;
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation::{self, ListResponse, PageParams};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::policy;
use samverka_persistence::api_clients;

/// List API clients in creation order (admin).
#[utoipa::path(
    tag = "api clients",
    security(("bearer" = []), ("oauth2" = [])),
    params(PageParams),
    responses((status = 200, description = "One page of API clients", body = ListResponse<ApiClientResponse>))
)]
#[get("/api-clients")]
pub async fn list_api_clients(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<PageParams>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_manage_api_clients(&principal))?;
    let page = api_clients::list(&state.db, &params.page_request()?).await?;
    representation::list(&req, page.map(ApiClientResponse::from)).map(representation::no_store)
}
