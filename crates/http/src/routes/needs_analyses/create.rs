use super::{AnalysisResponse, CreateAnalysisRequest, need_rows};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::needs::{self, AnalysisStatus};
use samverka_domain::{FieldError, FieldErrors, policy, text};
use samverka_persistence::entities::needs_analysis::ActiveModel;
use samverka_persistence::{Set, begin, commit, companies, needs_analyses};
use uuid::Uuid;

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
    let id = Uuid::now_v7();
    let mut errors = FieldErrors::default();
    let status = match body.status.as_deref() {
        None => Some(AnalysisStatus::Draft),
        Some(s) => errors.collect(AnalysisStatus::parse("status", s)),
    };
    if status == Some(AnalysisStatus::Archived) {
        errors.push(FieldError::new("status", "enum", "a new analysis is a draft or completed"));
    }
    let conducted_on = errors.collect(needs::date("conductedOn", &body.conducted_on));
    let summary = body.summary.as_deref().and_then(|s| errors.collect(text::multiline("summary", s, 4000)));
    let txn = begin(&state.db).await?;
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
    let needs = need_rows(&txn, id, &body.needs, &mut errors).await?;
    if status == Some(AnalysisStatus::Completed) && body.needs.is_empty() {
        errors.push(FieldError::new("needs", "required", "a completed analysis lists at least one need"));
    }
    errors.into_result()?;
    let (Some(company), Some(status), Some(conducted_on)) = (company, status, conducted_on) else {
        return Err(ApiError::internal("validated fields missing"));
    };
    allow(policy::can_write_analysis(&principal, &company, status == AnalysisStatus::Draft))?;
    let now = chrono::Utc::now();
    let row = ActiveModel {
        id: Set(id),
        company_id: Set(company.id),
        status: Set(status.as_str().to_owned()),
        conducted_on: Set(conducted_on),
        conducted_by: Set(principal.user_id()),
        summary: Set(summary),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    let created = AnalysisResponse::from(needs_analyses::insert(&txn, row, needs).await?);
    audit::record(&txn, &principal, "needsAnalysis", &id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/needs-analyses/{id}")))
}
