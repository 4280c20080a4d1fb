use super::{ContactResponse, CreateContactRequest, company_for};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::contact::NewContact;
use samverka_domain::policy;
use samverka_persistence::{begin, commit, contacts};
use uuid::Uuid;

/// Add a contact to a company. Honours `Idempotency-Key`.
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The company's id"),
        ("Idempotency-Key" = inline(Option<crate::schema::IdempotencyKey>), Header, description = "Retry safely: the same key and body within 24 h answers the first result again"),
    ),
    request_body = CreateContactRequest,
    responses((status = 201, description = "Added", body = ContactResponse,
        headers(("Location" = String, description = "Where the contact lives"))))
)]
#[post("/companies/{id}/contacts")]
pub async fn create_contact(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<CreateContactRequest>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin(&state.db).await?;
    let company = company_for(&txn, &principal, *id, policy::can_edit_contacts).await?;
    let contact = NewContact::parse(&body.name, body.title.as_deref(), body.email.as_deref(), body.phone.as_deref())?;
    let created = ContactResponse::from(contacts::create(&txn, company.id, contact).await?);
    audit::record(&txn, &principal, "contact", &created.id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    let location = format!("/api/v1/companies/{}/contacts/{}", company.id, created.id);
    representation::written(&created, Some(location)).map(representation::no_store)
}
