use super::CompetenceAreaResponse;
use crate::context::language_of;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation::{self, ListResponse, PageParams};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_persistence::competence_areas;

/// List the competence areas in slug order; `label` in the language of `Accept-Language`.
#[utoipa::path(
    tag = "reference data",
    params(PageParams, ("Accept-Language" = Option<String>, Header, description = "`sv` (default) or `en`")),
    responses((status = 200, description = "One page of competence areas", body = ListResponse<CompetenceAreaResponse>))
)]
#[get("/competence-areas")]
pub async fn list_competence_areas(
    req: HttpRequest,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let page = params.page_request()?;
    let language = language_of(req.headers());
    let page = competence_areas::list(&state.db, &page).await?;
    representation::list(&req, page.map(|m| CompetenceAreaResponse::new(m, language)))
}
