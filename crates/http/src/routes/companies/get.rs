use super::CompanyResponse;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::policy;
use samverka_persistence::companies;
use uuid::Uuid;

/// Get one company: 404 when it does not exist, was deleted, or is not visible to the caller.
#[utoipa::path(
    tag = "companies",
    security((), ("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The company's id")),
    responses(
        (status = 200, description = "The company", body = CompanyResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/companies/{id}")]
pub async fn get_company(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    representation::cached(&req, &state.caches, &principal, || async {
        let company = companies::get(&state.db, *id).await?.ok_or(ApiError::NotFound)?;
        if !policy::sees_company(&principal, &companies::facts(&company)) {
            return Err(ApiError::NotFound);
        }
        representation::stored_single(&CompanyResponse::from(company))
    })
    .await
}
