use super::{ContactResponse, CreateContactRequest, company_for, phone};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::account::Email;
use samverka_domain::{FieldErrors, policy, text};
use samverka_persistence::entities::contact::ActiveModel;
use samverka_persistence::{Set, begin, commit, contacts};
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
    let mut errors = FieldErrors::default();
    let name = errors.collect(text::required("name", &body.name, 200));
    let title = body.title.as_deref().and_then(|t| errors.collect(text::required("title", t, 200)));
    let email = body.email.as_deref().and_then(|e| errors.collect(Email::parse("email", e)));
    let phone = body.phone.as_deref().and_then(|p| errors.collect(phone("phone", p)));
    errors.into_result()?;
    let name = name.ok_or_else(|| ApiError::internal("validated name missing"))?;
    let now = chrono::Utc::now();
    let row = ActiveModel {
        id: Set(Uuid::now_v7()),
        company_id: Set(company.id),
        name: Set(name),
        title: Set(title),
        email: Set(email.map(|e| e.as_str().to_owned())),
        phone: Set(phone),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    let created = ContactResponse::from(contacts::insert(&txn, row).await?);
    audit::record(&txn, &principal, "contact", &created.id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    let location = format!("/api/v1/companies/{}/contacts/{}", company.id, created.id);
    representation::written(&created, Some(location)).map(representation::no_store)
}
