use super::{CreateMunicipalityRequest, MunicipalityResponse};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::municipality::NewMunicipality;
use samverka_domain::policy;
use samverka_persistence::{begin, commit, municipalities};

/// Add a municipality (admin).
#[utoipa::path(
    tag = "reference data",
    security(("bearer" = []), ("oauth2" = [])),
    request_body = CreateMunicipalityRequest,
    responses(
        (status = 201, description = "Added", body = MunicipalityResponse,
            headers(("Location" = String, description = "Where the municipality lives"))),
        (status = 409, description = "A municipality with this code exists", body = crate::error::Problem),
    )
)]
#[post("/municipalities")]
pub async fn create_municipality(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<CreateMunicipalityRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_edit_reference_data(&principal))?;
    let municipality = NewMunicipality::parse(&body.code, &body.name, &body.county, body.partner)?;
    let code = municipality.code.clone();
    let txn = begin(&state.db).await?;
    let created = municipalities::create(&txn, municipality)
        .await
        .map_err(ApiError::on_duplicate("code", format!("municipality {code} exists")))?;
    let created = MunicipalityResponse::from(created);
    audit::record(&txn, &principal, "municipality", &created.code, None, Some(&created)).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/municipalities/{}", created.code)))
}
