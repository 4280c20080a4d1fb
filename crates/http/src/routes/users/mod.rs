//! User accounts of people: admins, officers, company users and providers
//! (admin only). Passwords are argon2 hashes and never leave the server.

mod create;
mod delete;
mod get;
mod list;
mod update;

use chrono::{DateTime, Utc};
use samverka_domain::user::UserPatch;
use samverka_persistence::entities::user::Model;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_users)
        .service(create::create_user)
        .service(get::get_user)
        .service(update::update_user)
        .service(delete::delete_user);
}

/// A user account.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserResponse {
    pub id: Uuid,
    /// The sign-in name, lower-cased.
    #[schema(example = "anna.berg@eksjo.se")]
    pub email: String,
    #[schema(example = "Anna Berg")]
    pub display_name: String,
    /// `admin`, `officer`, `company` or `provider`.
    #[schema(example = "officer", value_type = crate::schema::UserRole)]
    pub role: String,
    /// An officer's municipality (kommunkod).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "0686")]
    pub municipality: Option<String>,
    /// A company user's company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_id: Option<Uuid>,
    /// A provider user's provider name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Campus Eksjö")]
    pub provider: Option<String>,
    /// A disabled user cannot sign in, and its tokens stop working at once.
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

impl From<Model> for UserResponse {
    fn from(m: Model) -> Self {
        UserResponse {
            id: m.id,
            email: m.email,
            display_name: m.display_name,
            role: m.role,
            municipality: m.municipality,
            company_id: m.company_id,
            provider: m.provider,
            disabled: m.disabled,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

/// A user to create. An officer needs `municipality`, a company user
/// `companyId`, a provider user `provider`; no role takes another's field.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateUserRequest {
    #[schema(example = "anna.berg@eksjo.se")]
    #[validate(length(max = 254))]
    #[schema(value_type = crate::schema::EmailAddress)]
    pub email: String,
    /// 1–200 characters.
    #[schema(example = "Anna Berg")]
    #[validate(length(max = 200))]
    #[schema(value_type = crate::schema::Line200)]
    pub display_name: String,
    /// `admin`, `officer`, `company` or `provider`.
    #[schema(example = "officer")]
    #[validate(length(max = 20))]
    #[schema(value_type = crate::schema::UserRole)]
    pub role: String,
    #[schema(example = "0686")]
    #[validate(length(max = 4))]
    #[schema(value_type = Option<crate::schema::Kommunkod>)]
    pub municipality: Option<String>,
    pub company_id: Option<Uuid>,
    #[schema(example = "Campus Eksjö")]
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub provider: Option<String>,
    /// The first password, 12–256 characters; the user changes it with `POST /me/password`.
    #[schema(example = "correct horse battery staple")]
    #[validate(length(max = 256))]
    #[schema(value_type = crate::schema::NewPassword)]
    pub password: String,
}

/// Changes to a user (JSON Merge Patch: absent fields stay; `null` clears a
/// binding). When `role` changes, the binding fields not given are cleared,
/// so that `{"role": "provider", "provider": "Campus Eksjö"}` turns an
/// officer into a provider user. Disabling or a new password ends the
/// user's sessions (refresh tokens); access tokens stop working at once.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateUserRequest {
    #[schema(example = "anna.berg@eksjo.se")]
    #[validate(length(max = 254))]
    #[schema(value_type = Option<crate::schema::EmailAddress>)]
    pub email: Option<String>,
    #[schema(example = "Anna Berg")]
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub display_name: Option<String>,
    #[schema(example = "officer")]
    #[validate(length(max = 20))]
    #[schema(value_type = Option<crate::schema::UserRole>)]
    pub role: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Kommunkod>, example = "0686")]
    pub municipality: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub company_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Line200>, example = "Campus Eksjö")]
    pub provider: Option<Option<String>>,
    pub disabled: Option<bool>,
    /// A new password set by the admin (12–256 characters).
    #[validate(length(max = 256))]
    #[schema(value_type = Option<crate::schema::NewPassword>)]
    pub password: Option<String>,
}

impl UpdateUserRequest {
    fn patch(&self) -> UserPatch<'_> {
        UserPatch {
            email: self.email.as_deref(),
            display_name: self.display_name.as_deref(),
            role: self.role.as_deref(),
            password: self.password.as_deref(),
            municipality: crate::extract::patch_str(&self.municipality),
            company_id: self.company_id,
            provider: crate::extract::patch_str(&self.provider),
            disabled: self.disabled,
        }
    }
}
