use super::CompetenceAreaResponse;
use crate::context::language_of;
use crate::error::ApiError;
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::competence_area::AreaSlug;
use samverka_persistence::competence_areas;

/// Get one competence area by its slug.
#[utoipa::path(
    tag = "reference data",
    params(
        ("slug" = inline(crate::schema::AreaSlug), Path, description = "The area's slug", example = "gender-equality"),
        ("Accept-Language" = Option<String>, Header, description = "`sv` (default) or `en`"),
    ),
    responses(
        (status = 200, description = "The competence area", body = CompetenceAreaResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/competence-areas/{slug}")]
pub async fn get_competence_area(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = AreaSlug::parse("slug", &slug).map_err(ApiError::bad_field)?;
    let area = competence_areas::get(&state.db, &slug).await?.ok_or(ApiError::NotFound)?;
    representation::single(&req, &CompetenceAreaResponse::new(area, language_of(req.headers())))
}
