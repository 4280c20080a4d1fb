use super::{ContactResponse, UpdateContactRequest, company_for};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::{ValidJson, patch_str};
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::contact::ContactChanges;
use samverka_domain::policy;
use samverka_persistence::{begin, commit, contacts};
use uuid::Uuid;

/// Change a contact. Honours `If-Match`.
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The company's id"),
        ("contactId" = Uuid, Path, description = "The contact's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateContactRequest,
    responses(
        (status = 200, description = "Changed", body = ContactResponse),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/companies/{id}/contacts/{contactId}")]
pub async fn update_contact(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
    ValidJson(body): ValidJson<UpdateContactRequest>,
) -> Result<HttpResponse, ApiError> {
    let (company_id, contact_id) = path.into_inner();
    let txn = begin(&state.db).await?;
    company_for(&txn, &principal, company_id, policy::can_edit_contacts).await?;
    let current = contacts::get(&txn, company_id, contact_id).await?.ok_or(ApiError::NotFound)?;
    let old = ContactResponse::from(current.clone());
    let changes = ContactChanges::parse(
        body.name.as_deref(),
        patch_str(&body.title),
        patch_str(&body.email),
        patch_str(&body.phone),
    )?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    let new = contacts::update(&txn, &current, changes).await?.ok_or(ApiError::PreconditionFailed)?;
    let new = ContactResponse::from(new);
    audit::record(&txn, &principal, "contact", &new.id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None).map(representation::no_store)
}
