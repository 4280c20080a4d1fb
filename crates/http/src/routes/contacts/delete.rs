use super::{ContactResponse, company_for, erase};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, web};
use samverka_domain::policy;
use samverka_persistence::{begin, commit, contacts};
use uuid::Uuid;

/// Erase a contact (GDPR): the contact and every copy of its data in the
/// audit log go; the log keeps only that it was erased. Honours `If-Match`.
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The company's id"),
        ("contactId" = Uuid, Path, description = "The contact's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the erasure is based on"),
    ),
    responses(
        (status = 204, description = "Erased"),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[delete("/companies/{id}/contacts/{contactId}")]
pub async fn delete_contact(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (company_id, contact_id) = path.into_inner();
    let txn = begin(&state.db).await?;
    company_for(&txn, &principal, company_id, policy::can_edit_contacts).await?;
    let current = contacts::get(&txn, company_id, contact_id).await?.ok_or(ApiError::NotFound)?;
    representation::check_if_match(&req, &ContactResponse::from(current))?;
    erase(&txn, &principal, &state.seal, contact_id).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
