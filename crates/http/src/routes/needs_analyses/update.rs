use super::get::visible;
use super::{AnalysisResponse, UpdateAnalysisRequest, need_rows};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::needs::{self, AnalysisStatus};
use samverka_domain::{FieldError, FieldErrors, policy, text};
use samverka_persistence::entities::needs_analysis::ActiveModel;
use samverka_persistence::{Set, begin, commit, needs_analyses};
use uuid::Uuid;

/// Change an analysis: its status along the workflow, date, summary, or
/// the whole needs list. An illegal status change is a 409 that names the
/// allowed ones. Honours `If-Match`.
#[utoipa::path(
    tag = "needs analyses",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The analysis' id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateAnalysisRequest,
    responses(
        (status = 200, description = "Changed", body = AnalysisResponse),
        (status = 409, description = "Not a step of the workflow, or the analysis is archived", body = crate::error::Problem),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/needs-analyses/{id}")]
pub async fn update_needs_analysis(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<UpdateAnalysisRequest>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin(&state.db).await?;
    let (current, company) = visible(&txn, &principal, *id).await?;
    let old = AnalysisResponse::from(current.clone());
    let from = AnalysisStatus::parse("status", &current.analysis.status).map_err(|e| ApiError::internal(e.message))?;
    let mut errors = FieldErrors::default();
    let to = match body.status.as_deref() {
        None => from,
        Some(s) => errors.collect(AnalysisStatus::parse("status", s)).unwrap_or(from),
    };
    allow(policy::can_write_analysis(
        &principal,
        &company,
        from == AnalysisStatus::Draft && to == AnalysisStatus::Draft,
    ))?;
    std::mem::take(&mut errors).into_result()?;
    from.transition(to).map_err(|illegal| ApiError::conflict("status", "transition", illegal.to_string()))?;
    let content_changes = body.conducted_on.is_some() || body.summary.is_some() || body.needs.is_some();
    if from == AnalysisStatus::Archived && content_changes {
        return Err(ApiError::conflict(
            "status",
            "archived",
            "an archived analysis is read-only: reopen it (status completed) first",
        ));
    }

    let mut changes = ActiveModel::default();
    if to != from {
        changes.status = Set(to.as_str().to_owned());
    }
    if let Some(on) = body.conducted_on.as_deref().and_then(|d| errors.collect(needs::date("conductedOn", d))) {
        changes.conducted_on = Set(on);
    }
    match &body.summary {
        None => {}
        Some(None) => changes.summary = Set(None),
        Some(Some(s)) => {
            if let Some(s) = errors.collect(text::multiline("summary", s, 4000)) {
                changes.summary = Set(Some(s));
            }
        }
    }
    let needs = match &body.needs {
        Some(input) => Some(need_rows(&txn, current.analysis.id, input, &mut errors).await?),
        None => None,
    };
    let needs_after = body.needs.as_ref().map(Vec::len).unwrap_or(current.needs.len());
    if to == AnalysisStatus::Completed && needs_after == 0 {
        errors.push(FieldError::new("needs", "required", "a completed analysis lists at least one need"));
    }
    errors.into_result()?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    let new = needs_analyses::update(&txn, current.analysis.id, changes, needs, current.analysis.version)
        .await?
        .ok_or(ApiError::PreconditionFailed)?;
    let new = AnalysisResponse::from(new);
    audit::record(&txn, &principal, "needsAnalysis", &new.id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None)
}
