//! Companies: the shared directory. Officers write their own
//! municipality's companies and read every partner's; a company user reads
//! and edits its own; everyone else sees the listed directory. Deleting
//! leaves a tombstone for the change feed (`/companies/changes`).

mod changes;
mod create;
mod delete;
mod export;
mod get;
pub mod list;
mod timeline;
mod update;

use crate::error::ApiError;
use chrono::{DateTime, Utc};
use samverka_domain::account::Principal;
use samverka_domain::company::{CompanyInput, CompanyPatch};
use samverka_domain::policy::{self, CompanyFacts};
use samverka_persistence::entities::company::Model;
use samverka_persistence::{DatabaseTransaction, companies};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    // The fixed paths before `/companies/{id}`.
    cfg.service(changes::company_changes)
        .service(export::export_companies)
        .service(list::list_companies)
        .service(create::create_company)
        .service(get::get_company)
        .service(timeline::company_timeline)
        .service(update::update_company)
        .service(delete::delete_company);
}

/// A company of the directory.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompanyResponse {
    pub id: Uuid,
    /// The organisationsnummer, `NNNNNN-NNNN`.
    #[schema(example = "556036-0793")]
    pub org_number: String,
    #[schema(example = "Eksjö Mekaniska AB")]
    pub name: String,
    /// The kommunkod of the municipality the company is in.
    #[schema(example = "0686")]
    pub municipality: String,
    /// SNI 2007 code of the main industry.
    #[schema(example = "25620")]
    pub sni_code: String,
    #[schema(example = 42)]
    pub employees: i32,
    /// SCB's size class, derived from `employees`.
    #[schema(example = "20-49", value_type = crate::schema::SizeClass)]
    pub size_class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "https://www.example.se/")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Storgatan 1, 575 31 Eksjö")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Shown in the public directory (anonymous callers, integrations).
    pub listed: bool,
    /// Whether officers beyond its own municipality (in a collaboration with
    /// it) read its needs analyses; when not, they count in aggregates only.
    pub share_analyses: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

impl From<Model> for CompanyResponse {
    fn from(m: Model) -> Self {
        CompanyResponse {
            id: m.id,
            org_number: m.org_number,
            name: m.name,
            municipality: m.municipality,
            sni_code: m.sni_code,
            employees: m.employees,
            size_class: m.size_class,
            website: m.website,
            address: m.address,
            description: m.description,
            listed: m.listed,
            share_analyses: m.share_analyses,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

/// A company to add.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateCompanyRequest {
    /// `NNNNNN-NNNN`, `NNNNNNNNNN` or with the `16` prefix; the check digit is checked.
    #[schema(example = "556036-0793")]
    #[validate(length(max = 20))]
    #[schema(value_type = crate::schema::OrgNumber)]
    pub org_number: String,
    /// 1–200 characters.
    #[schema(example = "Eksjö Mekaniska AB")]
    #[validate(length(max = 200))]
    #[schema(value_type = crate::schema::Line200)]
    pub name: String,
    #[schema(example = "0686")]
    #[validate(length(max = 4))]
    #[schema(value_type = crate::schema::Kommunkod)]
    pub municipality: String,
    /// SNI 2007, five digits.
    #[schema(example = "25620")]
    #[validate(length(max = 5))]
    #[schema(value_type = crate::schema::SniCode)]
    pub sni_code: String,
    #[schema(example = 42, minimum = 0)]
    #[schema(maximum = 10000000)]
    pub employees: i64,
    /// An http(s) URL.
    #[schema(example = "https://www.example.se")]
    #[validate(length(max = 300))]
    #[schema(value_type = Option<crate::schema::WebUrl>)]
    pub website: Option<String>,
    #[validate(length(max = 300))]
    #[schema(value_type = Option<crate::schema::Line300>)]
    pub address: Option<String>,
    /// Up to 4,000 characters.
    #[validate(length(max = 4000))]
    #[schema(value_type = Option<crate::schema::Text4000>)]
    pub description: Option<String>,
    /// Shown in the public directory (default false).
    #[serde(default)]
    pub listed: bool,
    /// Share its needs analyses with officers of the municipalities in a
    /// collaboration with its own (default true).
    #[serde(default = "yes")]
    pub share_analyses: bool,
}

fn yes() -> bool {
    true
}

/// Changes to a company (JSON Merge Patch: absent fields stay, `null`
/// clears `website`, `address` or `description`). A company user cannot
/// change `orgNumber` or `municipality`; an officer can only move a company
/// within its own municipality.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateCompanyRequest {
    #[validate(length(max = 20))]
    #[schema(value_type = Option<crate::schema::OrgNumber>)]
    pub org_number: Option<String>,
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub name: Option<String>,
    #[validate(length(max = 4))]
    #[schema(value_type = Option<crate::schema::Kommunkod>)]
    pub municipality: Option<String>,
    #[validate(length(max = 5))]
    #[schema(value_type = Option<crate::schema::SniCode>)]
    pub sni_code: Option<String>,
    #[schema(minimum = 0, maximum = 10000000)]
    pub employees: Option<i64>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::WebUrl>)]
    pub website: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Line300>)]
    pub address: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Text4000>)]
    pub description: Option<Option<String>>,
    pub listed: Option<bool>,
    pub share_analyses: Option<bool>,
}

impl CreateCompanyRequest {
    fn input(&self) -> CompanyInput<'_> {
        CompanyInput {
            org_number: &self.org_number,
            name: &self.name,
            municipality: &self.municipality,
            sni_code: &self.sni_code,
            employees: self.employees,
            website: self.website.as_deref(),
            address: self.address.as_deref(),
            description: self.description.as_deref(),
            listed: self.listed,
            share_analyses: self.share_analyses,
        }
    }
}

impl UpdateCompanyRequest {
    fn patch(&self) -> CompanyPatch<'_> {
        CompanyPatch {
            org_number: self.org_number.as_deref(),
            name: self.name.as_deref(),
            municipality: self.municipality.as_deref(),
            sni_code: self.sni_code.as_deref(),
            employees: self.employees,
            website: crate::extract::patch_str(&self.website),
            address: crate::extract::patch_str(&self.address),
            description: crate::extract::patch_str(&self.description),
            listed: self.listed,
            share_analyses: self.share_analyses,
        }
    }
}

/// A live company the principal sees, with the facts the rules need; 404 otherwise.
async fn visible(
    txn: &DatabaseTransaction,
    principal: &Principal,
    id: Uuid,
) -> Result<(Model, CompanyFacts), ApiError> {
    let company = companies::get(txn, id).await?.ok_or(ApiError::NotFound)?;
    let facts = companies::facts(&company);
    if !policy::sees_company(principal, &facts) {
        return Err(ApiError::NotFound);
    }
    Ok((company, facts))
}

/// 409 naming `orgNumber` for a duplicate.
fn duplicate_org_number(org_number: &str) -> impl FnOnce(samverka_persistence::StoreError) -> ApiError {
    ApiError::on_duplicate("orgNumber", format!("a company with orgNumber {org_number} exists"))
}
