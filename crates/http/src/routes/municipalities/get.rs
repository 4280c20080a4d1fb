use super::MunicipalityResponse;
use crate::error::ApiError;
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::municipality::Kommunkod;
use samverka_persistence::municipalities;

/// Get one municipality by its kommunkod.
#[utoipa::path(
    tag = "reference data",
    params(("code" = inline(crate::schema::Kommunkod), Path, description = "The kommunkod", example = "0686")),
    responses(
        (status = 200, description = "The municipality", body = MunicipalityResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/municipalities/{code}")]
pub async fn get_municipality(
    req: HttpRequest,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let code = Kommunkod::parse("code", &code).map_err(ApiError::bad_field)?;
    let municipality = municipalities::get(&state.db, &code).await?.ok_or(ApiError::NotFound)?;
    representation::single(&req, &MunicipalityResponse::from(municipality))
}
