use super::{CompanyResponse, visible};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::events;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, delete, web};
use samverka_domain::events::EventType;
use samverka_domain::policy;
use samverka_persistence::{begin, commit, companies, contacts};
use uuid::Uuid;

/// Delete a company (admins; officers of its municipality). Its contacts are
/// erased; a tombstone stays in the change feed. Honours `If-Match`.
#[utoipa::path(
    tag = "companies",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The company's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[delete("/companies/{id}")]
pub async fn delete_company(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::authenticated(&principal))?;
    let txn = begin(&state.db).await?;
    let (current, facts) = visible(&txn, &principal, *id).await?;
    allow(policy::can_delete_company(&principal, &facts))?;
    let old = CompanyResponse::from(current.clone());
    representation::check_if_match(&req, &old)?;
    for contact in contacts::ids_of_company(&txn, current.id).await? {
        crate::routes::contacts::erase(&txn, &principal, &state.seal, contact).await?;
    }
    // Its enrolments' participants and registrations' attendees lose their personal data, and stored
    // answers that name the company or them go too.
    let touched = samverka_persistence::personal_data::erase_company_people(&txn, current.id).await?;
    let mut tags = vec![state.seal.tag(&current.id.to_string())];
    tags.extend(touched.iter().map(|id| state.seal.tag(&id.to_string())));
    samverka_persistence::idempotency::purge_tagged(&txn, &tags).await?;
    if !companies::delete(&txn, current.id, current.version).await? {
        return Err(ApiError::PreconditionFailed);
    }
    audit::record(&txn, &principal, "company", &current.id.to_string(), Some(&old), None).await?;
    let gone = events::Gone { id: current.id };
    events::emit(&txn, EventType::CompanyDeleted, &gone, events::company(&old.municipality, old.listed)).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
