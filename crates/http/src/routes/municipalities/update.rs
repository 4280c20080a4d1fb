use super::{MunicipalityResponse, UpdateMunicipalityRequest};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::municipality::{Kommunkod, MunicipalityChanges};
use samverka_domain::policy;
use samverka_persistence::{begin, commit, municipalities};

/// Change a municipality's name, county or partnership (admin). Honours `If-Match`.
#[utoipa::path(
    tag = "reference data",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("code" = inline(crate::schema::Kommunkod), Path, description = "The kommunkod", example = "0686"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateMunicipalityRequest,
    responses(
        (status = 200, description = "Changed", body = MunicipalityResponse),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/municipalities/{code}")]
pub async fn update_municipality(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    code: web::Path<String>,
    ValidJson(body): ValidJson<UpdateMunicipalityRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_edit_reference_data(&principal))?;
    let code = Kommunkod::parse("code", &code).map_err(ApiError::bad_field)?;
    let changes = MunicipalityChanges::parse(body.name.as_deref(), body.county.as_deref(), body.partner)?;
    let txn = begin(&state.db).await?;
    let current = municipalities::get(&txn, &code).await?.ok_or(ApiError::NotFound)?;
    let old = MunicipalityResponse::from(current.clone());
    representation::check_if_match(&req, &old)?;
    let new = municipalities::update(&txn, &current, changes).await?.ok_or(ApiError::PreconditionFailed)?;
    let new = MunicipalityResponse::from(new);
    audit::record(&txn, &principal, "municipality", &new.code, Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None)
}
