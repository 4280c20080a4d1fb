use super::AnalysisResponse;
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::policy;
use samverka_persistence::needs_analyses::Analysis;
use samverka_persistence::{companies, needs_analyses};
use uuid::Uuid;

/// Get one needs analysis with its needs.
#[utoipa::path(
    tag = "needs analyses",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The analysis' id")),
    responses(
        (status = 200, description = "The analysis", body = AnalysisResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/needs-analyses/{id}")]
pub async fn get_needs_analysis(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (analysis, _) = visible(&state.db, &principal, *id).await?;
    representation::single(&req, &AnalysisResponse::from(analysis))
}

/// The analysis and its company's facts when the principal may read it:
/// 401/403 by role, 404 when it does not exist or is not visible.
pub(super) async fn visible(
    txn: &impl samverka_persistence::ConnectionLike,
    principal: &samverka_domain::account::Principal,
    id: Uuid,
) -> Result<(Analysis, policy::CompanyFacts), ApiError> {
    allow(policy::analysis_scope(principal).map(|_| ()))?;
    let analysis = needs_analyses::get(txn, id).await?.ok_or(ApiError::NotFound)?;
    let company = companies::get(txn, analysis.analysis.company_id).await?.ok_or(ApiError::NotFound)?;
    let facts = companies::facts(&company);
    if !policy::sees_analyses_of(principal, &facts) {
        return Err(ApiError::NotFound);
    }
    Ok((analysis, facts))
}
