use super::AnalysisResponse;
use super::get::visible;
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, delete, web};
use samverka_domain::needs::AnalysisStatus;
use samverka_domain::policy;
use samverka_persistence::{begin, commit, needs_analyses};
use uuid::Uuid;

/// Delete an analysis (admins; officers of the company's municipality; the
/// company itself while it is a draft). Honours `If-Match`.
#[utoipa::path(
    tag = "needs analyses",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The analysis' id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[delete("/needs-analyses/{id}")]
pub async fn delete_needs_analysis(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin(&state.db).await?;
    let (current, company) = visible(&txn, &principal, *id).await?;
    allow(policy::can_write_analysis(&principal, &company, current.analysis.status == AnalysisStatus::Draft.as_str()))?;
    let old = AnalysisResponse::from(current.clone());
    representation::check_if_match(&req, &old)?;
    if !needs_analyses::delete(&txn, current.analysis.id, current.analysis.version).await? {
        return Err(ApiError::PreconditionFailed);
    }
    audit::record(&txn, &principal, "needsAnalysis", &old.id.to_string(), Some(&old), None).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
