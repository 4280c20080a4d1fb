use super::{ContactResponse, UpdateContactRequest, company_for, phone};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::account::Email;
use samverka_domain::{FieldErrors, policy, text};
use samverka_persistence::entities::contact::ActiveModel;
use samverka_persistence::{Set, begin, commit, contacts};
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
    let mut errors = FieldErrors::default();
    let mut changes = ActiveModel::default();
    if let Some(name) = body.name.as_deref().and_then(|n| errors.collect(text::required("name", n, 200))) {
        changes.name = Set(name);
    }
    match &body.title {
        None => {}
        Some(None) => changes.title = Set(None),
        Some(Some(t)) => {
            if let Some(t) = errors.collect(text::required("title", t, 200)) {
                changes.title = Set(Some(t));
            }
        }
    }
    match &body.email {
        None => {}
        Some(None) => changes.email = Set(None),
        Some(Some(e)) => {
            if let Some(e) = errors.collect(Email::parse("email", e)) {
                changes.email = Set(Some(e.as_str().to_owned()));
            }
        }
    }
    match &body.phone {
        None => {}
        Some(None) => changes.phone = Set(None),
        Some(Some(p)) => {
            if let Some(p) = errors.collect(phone("phone", p)) {
                changes.phone = Set(Some(p));
            }
        }
    }
    errors.into_result()?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    let new = contacts::update(&txn, company_id, contact_id, changes, current.version)
        .await?
        .ok_or(ApiError::PreconditionFailed)?;
    let new = ContactResponse::from(new);
    audit::record(&txn, &principal, "contact", &new.id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None).map(representation::no_store)
}
