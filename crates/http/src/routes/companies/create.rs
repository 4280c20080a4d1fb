use super::{CompanyResponse, CreateCompanyRequest, duplicate_org_number};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::events;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::company::NewCompany;
use samverka_domain::events::EventType;
use samverka_domain::municipality::Kommunkod;
use samverka_domain::{FieldErrors, policy};
use samverka_persistence::{begin, commit, companies};

/// Add a company (admins; officers in their own municipality). Honours `Idempotency-Key`.
#[utoipa::path(
    tag = "companies",
    security(("bearer" = []), ("oauth2" = [])),
    params(("Idempotency-Key" = inline(Option<crate::schema::IdempotencyKey>), Header, description = "Retry safely: the same key and body within 24 h answers the first result again")),
    request_body = CreateCompanyRequest,
    responses(
        (status = 201, description = "Added", body = CompanyResponse,
            headers(("Location" = String, description = "Where the company lives"))),
        (status = 409, description = "A company with this orgNumber exists", body = crate::error::Problem),
    )
)]
#[post("/companies")]
pub async fn create_company(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<CreateCompanyRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::may_create_companies(&principal))?;
    let mut errors = FieldErrors::default();
    let company = errors.absorb(NewCompany::parse(body.input()));
    let municipality = Kommunkod::parse("municipality", &body.municipality).ok();
    if let Some(municipality) = &municipality {
        allow(policy::can_create_company(&principal, municipality))?;
    }
    let txn = begin(&state.db).await?;
    if let Some(municipality) = &municipality {
        super::super::require_municipality(&txn, "municipality", municipality, &mut errors).await?;
    }
    let company = errors.finish(|| company)?;
    let org_number = company.org_number.clone();
    let created = companies::create(&txn, company).await.map_err(duplicate_org_number(org_number.as_str()))?;
    let created = CompanyResponse::from(created);
    audit::record(&txn, &principal, "company", &created.id.to_string(), None, Some(&created)).await?;
    let audience = events::company(&created.municipality, created.listed);
    events::emit(&txn, EventType::CompanyCreated, &created, audience).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/companies/{}", created.id)))
}
