use super::{CompanyResponse, UpdateCompanyRequest, duplicate_org_number, visible};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::events;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::company::CompanyChanges;
use samverka_domain::events::EventType;
use samverka_domain::municipality::Kommunkod;
use samverka_domain::{FieldErrors, policy};
use samverka_persistence::{begin, commit, companies};
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
    let changes = errors.absorb(CompanyChanges::parse(body.patch()));
    let moved_to = body.municipality.as_deref().and_then(|m| Kommunkod::parse("municipality", m).ok());
    if let Some(code) = moved_to.filter(|c| c.as_str() != current.municipality) {
        // Moving a company is creating it elsewhere: an officer only within its own municipality.
        allow(policy::can_create_company(&principal, &code))?;
        super::super::require_municipality(&txn, "municipality", &code, &mut errors).await?;
    }
    let changes = errors.finish(|| changes)?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    let org_number = body.org_number.clone().unwrap_or_default();
    let new = companies::update(&txn, &current, changes)
        .await
        .map_err(duplicate_org_number(&org_number))?
        .ok_or(ApiError::PreconditionFailed)?;
    let new = CompanyResponse::from(new);
    audit::record(&txn, &principal, "company", &new.id.to_string(), Some(&old), Some(&new)).await?;
    // Readers of the directory learn that a company left it, too.
    let audience = events::company(&new.municipality, old.listed || new.listed);
    events::emit(&txn, EventType::CompanyUpdated, &new, audience).await?;
    commit(txn).await?;
    representation::written(&new, None)
}
