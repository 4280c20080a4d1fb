use super::{ContactResponse, company_for};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::policy;
use samverka_persistence::contacts;
use uuid::Uuid;

/// Get one contact of a company (personal data: `Cache-Control: no-store`).
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The company's id"), ("contactId" = Uuid, Path, description = "The contact's id")),
    responses(
        (status = 200, description = "The contact", body = ContactResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/companies/{id}/contacts/{contactId}")]
pub async fn get_contact(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (company_id, contact_id) = path.into_inner();
    company_for(&state.db, &principal, company_id, policy::can_read_contacts).await?;
    let contact = contacts::get(&state.db, company_id, contact_id).await?.ok_or(ApiError::NotFound)?;
    representation::single(&req, &ContactResponse::from(contact)).map(representation::no_store)
}
