use super::{AnalysisResponse, CreateAnalysisRequest};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::events::{Audience, EventType};
use samverka_domain::needs::{AnalysisStatus, NewAnalysis};
use samverka_domain::{FieldError, FieldErrors, policy};
use samverka_persistence::{begin, commit, companies, needs_analyses};

/// Record a needs analysis of a company (admins; officers of its
/// municipality; the company itself, as a draft). Honours `Idempotency-Key`.
#[utoipa::path(
    tag = "needs analyses",
    security(("bearer" = []), ("oauth2" = [])),
    params(("Idempotency-Key" = inline(Option<crate::schema::IdempotencyKey>), Header, description = "Retry safely: the same key and body within 24 h answers the first result again")),
    request_body = CreateAnalysisRequest,
    responses((status = 201, description = "Recorded", body = AnalysisResponse,
        headers(("Location" = String, description = "Where the analysis lives"))))
)]
#[post("/needs-analyses")]
pub async fn create_needs_analysis(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<CreateAnalysisRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::analysis_scope(&principal).map(|_| ()))?;
    let txn = begin(&state.db).await?;
    let mut errors = FieldErrors::default();
    // A company the caller does not see is, to the caller, no company.
    let company = match companies::get(&txn, body.company_id).await? {
        Some(company) => {
            let facts = companies::facts(&company);
            policy::sees_analyses_of(&principal, &facts).then_some(facts)
        }
        None => None,
    };
    if company.is_none() {
        errors.push(FieldError::new("companyId", "unknown", format!("there is no company {}", body.company_id)));
    }
    let needs = super::need_inputs(&body.needs);
    let known = super::known_areas(&txn, &body.needs).await?;
    let analysis = errors.absorb(NewAnalysis::parse(
        body.status.as_deref(),
        &body.conducted_on,
        body.summary.as_deref(),
        &needs,
        &|area| known.contains(area),
    ));
    let (company, analysis) = errors.finish(|| Some((company?, analysis?)))?;
    allow(policy::can_write_analysis(&principal, &company, analysis.status == AnalysisStatus::Draft))?;
    let created =
        AnalysisResponse::from(needs_analyses::create(&txn, company.id, principal.user_id(), analysis).await?);
    let id = created.id;
    audit::record(&txn, &principal, "needsAnalysis", &id.to_string(), None, Some(&created)).await?;
    if created.status == AnalysisStatus::Completed.as_str() {
        crate::events::emit(&txn, EventType::AnalysisCompleted, &created, Audience::Admins).await?;
    }
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/needs-analyses/{id}")))
}
