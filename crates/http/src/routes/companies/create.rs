use super::{CompanyResponse, CreateCompanyRequest, duplicate_org_number};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::company::{self, OrgNumber};
use samverka_domain::municipality::Kommunkod;
use samverka_domain::{FieldErrors, policy, text};
use samverka_persistence::entities::company::ActiveModel;
use samverka_persistence::{Set, begin, commit, companies};
use uuid::Uuid;

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
    let org_number = errors.collect(OrgNumber::parse("orgNumber", &body.org_number));
    let name = errors.collect(text::required("name", &body.name, 200));
    let municipality = errors.collect(Kommunkod::parse("municipality", &body.municipality));
    let sni_code = errors.collect(company::sni_code("sniCode", &body.sni_code));
    let employees = errors.collect(company::employees("employees", body.employees));
    let website = body.website.as_deref().and_then(|w| errors.collect(company::website("website", w)));
    let address = body.address.as_deref().and_then(|a| errors.collect(text::required("address", a, 300)));
    let description = body.description.as_deref().and_then(|d| errors.collect(text::multiline("description", d, 4000)));
    if let Some(municipality) = &municipality {
        allow(policy::can_create_company(&principal, municipality))?;
    }
    let txn = begin(&state.db).await?;
    if let Some(municipality) = &municipality {
        super::super::require_municipality(&txn, "municipality", municipality, &mut errors).await?;
    }
    errors.into_result()?;
    let (Some(org_number), Some(name), Some(municipality), Some(sni_code), Some(employees)) =
        (org_number, name, municipality, sni_code, employees)
    else {
        return Err(ApiError::internal("validated fields missing"));
    };
    let now = chrono::Utc::now();
    let row = ActiveModel {
        id: Set(Uuid::now_v7()),
        org_number: Set(org_number.to_string()),
        name_folded: Set(company::fold(&name)),
        name: Set(name),
        municipality: Set(municipality.to_string()),
        sni_code: Set(sni_code),
        employees: Set(employees as i32),
        size_class: Set(company::size_class(employees).to_owned()),
        website: Set(website),
        address: Set(address),
        description: Set(description),
        listed: Set(body.listed),
        ever_listed: Set(body.listed),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
        change_seq: Set(0),
        former_municipalities: Set(String::new()),
    };
    let created = companies::insert(&txn, row).await.map_err(duplicate_org_number(org_number.as_str()))?;
    let created = CompanyResponse::from(created);
    audit::record(&txn, &principal, "company", &created.id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/companies/{}", created.id)))
}
