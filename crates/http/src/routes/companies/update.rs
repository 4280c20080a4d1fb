use super::{CompanyResponse, UpdateCompanyRequest, duplicate_org_number, visible};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::company::{self, OrgNumber};
use samverka_domain::municipality::Kommunkod;
use samverka_domain::{FieldErrors, policy, text};
use samverka_persistence::entities::company::ActiveModel;
use samverka_persistence::{Set, begin, commit, companies};
use uuid::Uuid;

/// Change a company (admins; officers of its municipality; its own users,
/// except `orgNumber` and `municipality`). Honours `If-Match`.
#[utoipa::path(
    tag = "companies",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The company's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateCompanyRequest,
    responses(
        (status = 200, description = "Changed", body = CompanyResponse),
        (status = 409, description = "Another company has this orgNumber", body = crate::error::Problem),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/companies/{id}")]
pub async fn update_company(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<UpdateCompanyRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::authenticated(&principal))?;
    let txn = begin(&state.db).await?;
    let (current, facts) = visible(&txn, &principal, *id).await?;
    allow(policy::can_edit_company(&principal, &facts))?;
    if policy::is_company_user(&principal) {
        let reserved: Vec<&str> =
            [("orgNumber", body.org_number.is_some()), ("municipality", body.municipality.is_some())]
                .into_iter()
                .filter_map(|(field, given)| given.then_some(field))
                .collect();
        if !reserved.is_empty() {
            return Err(ApiError::Forbidden {
                detail: format!("a company user cannot change {}", reserved.join(" or ")),
            });
        }
    }
    let old = CompanyResponse::from(current.clone());

    let mut errors = FieldErrors::default();
    let mut changes = ActiveModel::default();
    let org = body.org_number.as_deref().and_then(|o| errors.collect(OrgNumber::parse("orgNumber", o)));
    if let Some(org) = org.filter(|o| o.as_str() != current.org_number) {
        changes.org_number = Set(org.to_string());
    }
    if let Some(name) = body.name.as_deref().and_then(|n| errors.collect(text::required("name", n, 200))) {
        changes.name_folded = Set(company::fold(&name));
        changes.name = Set(name);
    }
    let code = body.municipality.as_deref().and_then(|m| errors.collect(Kommunkod::parse("municipality", m)));
    if let Some(code) = code.filter(|c| c.as_str() != current.municipality) {
        // Moving a company is creating it elsewhere: an officer only within its own municipality.
        allow(policy::can_create_company(&principal, &code))?;
        super::super::require_municipality(&txn, "municipality", &code, &mut errors).await?;
        changes.municipality = Set(code.to_string());
        changes.former_municipalities = Set(companies::moved_from(&current));
    }
    if let Some(sni) = body.sni_code.as_deref().and_then(|s| errors.collect(company::sni_code("sniCode", s))) {
        changes.sni_code = Set(sni);
    }
    if let Some(employees) = body.employees.and_then(|e| errors.collect(company::employees("employees", e))) {
        changes.employees = Set(employees as i32);
        changes.size_class = Set(company::size_class(employees).to_owned());
    }
    match &body.website {
        None => {}
        Some(None) => changes.website = Set(None),
        Some(Some(w)) => {
            if let Some(w) = errors.collect(company::website("website", w)) {
                changes.website = Set(Some(w));
            }
        }
    }
    match &body.address {
        None => {}
        Some(None) => changes.address = Set(None),
        Some(Some(a)) => {
            if let Some(a) = errors.collect(text::required("address", a, 300)) {
                changes.address = Set(Some(a));
            }
        }
    }
    match &body.description {
        None => {}
        Some(None) => changes.description = Set(None),
        Some(Some(d)) => {
            if let Some(d) = errors.collect(text::multiline("description", d, 4000)) {
                changes.description = Set(Some(d));
            }
        }
    }
    if let Some(listed) = body.listed {
        changes.listed = Set(listed);
    }
    errors.into_result()?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    let org_number = body.org_number.clone().unwrap_or_default();
    let new = companies::update(&txn, current.id, changes, current.version)
        .await
        .map_err(duplicate_org_number(&org_number))?
        .ok_or(ApiError::PreconditionFailed)?;
    let new = CompanyResponse::from(new);
    audit::record(&txn, &principal, "company", &new.id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None)
}
