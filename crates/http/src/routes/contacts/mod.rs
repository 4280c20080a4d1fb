//! The contacts of a company: personal data. Admins, officers who see the
//! company and the company's own users read them; admins, officers of its
//! municipality and its own users write them. Never integrations, providers
//! or anonymous callers. Deleting a contact erases it, from the audit log too.

mod create;
mod delete;
mod get;
mod list;
mod update;

use crate::error::ApiError;
use chrono::{DateTime, Utc};
use samverka_domain::account::Principal;
use samverka_domain::policy::{self, CompanyFacts};
use samverka_persistence::audit::{self, Action};
use samverka_persistence::entities::contact::Model;
use samverka_persistence::{DatabaseTransaction, companies, contacts};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_contacts)
        .service(create::create_contact)
        .service(get::get_contact)
        .service(update::update_contact)
        .service(delete::delete_contact);
}

/// A contact person of a company.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactResponse {
    pub id: Uuid,
    pub company_id: Uuid,
    #[schema(example = "Karin Lund")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "HR-chef")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "karin.lund@example.se")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "+46 381 123 45")]
    pub phone: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

impl From<Model> for ContactResponse {
    fn from(m: Model) -> Self {
        ContactResponse {
            id: m.id,
            company_id: m.company_id,
            name: m.name,
            title: m.title,
            email: m.email,
            phone: m.phone,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

/// A contact to add.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateContactRequest {
    /// 1–200 characters.
    #[schema(example = "Karin Lund")]
    #[validate(length(max = 200))]
    #[schema(value_type = crate::schema::Line200)]
    pub name: String,
    #[schema(example = "HR-chef")]
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub title: Option<String>,
    #[schema(example = "karin.lund@example.se")]
    #[validate(length(max = 254))]
    #[schema(value_type = Option<crate::schema::EmailAddress>)]
    pub email: Option<String>,
    /// Digits, spaces, `+`, `-`, `(`, `)`; 5–40 characters.
    #[schema(example = "+46 381 123 45")]
    #[validate(length(max = 40))]
    #[schema(value_type = Option<crate::schema::Phone>)]
    pub phone: Option<String>,
}

/// Changes to a contact (JSON Merge Patch: `null` clears title, email or phone).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateContactRequest {
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::EmailAddress>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Phone>)]
    pub phone: Option<Option<String>>,
}

/// The company whose contacts are asked for: 404 when the principal does
/// not see it; then `rule` says whether it may (403).
async fn company_for(
    txn: &impl samverka_persistence::ConnectionLike,
    principal: &Principal,
    company_id: Uuid,
    rule: fn(&Principal, &CompanyFacts) -> policy::Decision,
) -> Result<CompanyFacts, ApiError> {
    crate::auth::allow(policy::authenticated(principal))?;
    let company = companies::get(txn, company_id).await?.ok_or(ApiError::NotFound)?;
    let facts = companies::facts(&company);
    if !policy::sees_company(principal, &facts) {
        return Err(ApiError::NotFound);
    }
    crate::auth::allow(rule(principal, &facts))?;
    Ok(facts)
}

/// Erases a contact: the row goes, and so does every trace of its data in
/// the audit log and in stored idempotent answers; what stays is that it
/// existed and was erased, and by whom.
pub async fn erase(
    txn: &DatabaseTransaction,
    principal: &Principal,
    seal: &crate::idempotency::seal::Seal,
    contact_id: Uuid,
) -> Result<(), ApiError> {
    let id = contact_id.to_string();
    audit::redact(txn, "contact", &id).await?;
    samverka_persistence::idempotency::purge_tagged(txn, &[seal.tag(&id)]).await?;
    contacts::delete_any(txn, contact_id).await?;
    audit::record(txn, &principal.actor(), Action::Delete, "contact", &id, serde_json::json!({"erased": true})).await?;
    Ok(())
}
