use super::{MunicipalityResponse, UpdateMunicipalityRequest};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::municipality::Kommunkod;
use samverka_domain::{FieldErrors, policy, text};
use samverka_persistence::entities::municipality::ActiveModel;
use samverka_persistence::{Set, begin, commit, municipalities};

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
    let mut errors = FieldErrors::default();
    let mut changes = ActiveModel::default();
    if let Some(name) = body.name.as_deref().and_then(|n| errors.collect(text::required("name", n, 100))) {
        changes.name = Set(name);
    }
    if let Some(county) = body.county.as_deref().and_then(|c| errors.collect(text::required("county", c, 100))) {
        changes.county = Set(county);
    }
    if let Some(partner) = body.partner {
        changes.partner = Set(partner);
    }
    errors.into_result()?;
    let txn = begin(&state.db).await?;
    let current = municipalities::get(&txn, &code).await?.ok_or(ApiError::NotFound)?;
    let version = current.version;
    let old = MunicipalityResponse::from(current);
    representation::check_if_match(&req, &old)?;
    let new = municipalities::update(&txn, &code, changes, version).await?.ok_or(ApiError::PreconditionFailed)?;
    let new = MunicipalityResponse::from(new);
    audit::record(&txn, &principal, "municipality", &new.code, Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None)
}
