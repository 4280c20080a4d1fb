use super::get::visible;
use super::{AnalysisResponse, UpdateAnalysisRequest};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::{ValidJson, patch_str};
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::events::{Audience, EventType};
use samverka_domain::needs::{AnalysisChanges, AnalysisStatus};
use samverka_domain::{FieldErrors, policy};
use samverka_persistence::{begin, commit, needs_analyses};
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
    let needs = body.needs.as_deref().map(super::need_inputs);
    let known = super::known_areas(&txn, body.needs.as_deref().unwrap_or_default()).await?;
    let changes = AnalysisChanges::parse(
        (from, to),
        body.conducted_on.as_deref(),
        patch_str(&body.summary),
        needs.as_deref(),
        (&current.needs.iter().map(|n| n.id).collect::<Vec<_>>(), &|area| known.contains(area)),
    );
    archived_is_read_only(from, &body)?;
    let changes = changes?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    let new = needs_analyses::update(&txn, &current.analysis, changes).await?.ok_or(ApiError::PreconditionFailed)?;
    let new = AnalysisResponse::from(new);
    audit::record(&txn, &principal, "needsAnalysis", &new.id.to_string(), Some(&old), Some(&new)).await?;
    if from != to && to == AnalysisStatus::Completed {
        crate::events::emit(&txn, EventType::AnalysisCompleted, &new, Audience::Admins).await?;
    }
    commit(txn).await?;
    representation::written(&new, None)
}

/// An archived analysis changes only by being reopened (a 409 otherwise).
fn archived_is_read_only(from: AnalysisStatus, body: &UpdateAnalysisRequest) -> Result<(), ApiError> {
    if from == AnalysisStatus::Archived
        && (body.conducted_on.is_some() || body.summary.is_some() || body.needs.is_some())
    {
        return Err(ApiError::conflict(
            "status",
            AnalysisStatus::Archived.as_str(),
            "an archived analysis is read-only: reopen it (status completed) first",
        ));
    }
    Ok(())
}
