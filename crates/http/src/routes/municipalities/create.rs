use super::{CreateMunicipalityRequest, MunicipalityResponse};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::municipality::Kommunkod;
use samverka_domain::{FieldErrors, policy, text};
use samverka_persistence::entities::municipality::ActiveModel;
use samverka_persistence::{Set, begin, commit, municipalities};

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
    let mut errors = FieldErrors::default();
    let code = errors.collect(Kommunkod::parse("code", &body.code));
    let name = errors.collect(text::required("name", &body.name, 100));
    let county = errors.collect(text::required("county", &body.county, 100));
    errors.into_result()?;
    let (Some(code), Some(name), Some(county)) = (code, name, county) else {
        return Err(ApiError::internal("validated fields missing"));
    };
    let now = chrono::Utc::now();
    let row = ActiveModel {
        code: Set(code.to_string()),
        name: Set(name),
        county: Set(county),
        partner: Set(body.partner),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    let txn = begin(&state.db).await?;
    let created = municipalities::insert(&txn, row)
        .await
        .map_err(ApiError::on_duplicate("code", format!("municipality {code} exists")))?;
    let created = MunicipalityResponse::from(created);
    audit::record(&txn, &principal, "municipality", &created.code, None, Some(&created)).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/municipalities/{}", created.code)))
}
