//! API clients: the machine identities of municipal integrations (admin
//! only). The secret is shown once, at creation or rotation, and stored as
//! an argon2 hash.

mod create;
mod delete;
mod get;
mod list;
mod rotate_secret;
mod update;

use crate::auth::random_token;
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use samverka_persistence::entities::api_client::Model;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_api_clients)
        .service(create::create_api_client)
        .service(get::get_api_client)
        .service(update::update_api_client)
        .service(delete::delete_api_client)
        .service(rotate_secret::rotate_api_client_secret);
}

/// An API client of an integration.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiClientResponse {
    pub id: Uuid,
    #[schema(example = "Eksjö kommun – företagsregister")]
    pub name: String,
    /// The `client_id` of the client-credentials grant.
    #[schema(example = "svk_Q2xpZW50SWRFeGFtcGxl")]
    pub client_id: String,
    /// The municipalities whose data the client sees (kommunkoder); empty: all.
    #[schema(example = json!(["0686"]))]
    pub municipalities: Vec<String>,
    /// A revoked client cannot get tokens, and its tokens stop working at once.
    pub revoked: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

impl From<Model> for ApiClientResponse {
    fn from(m: Model) -> Self {
        let municipalities = m.municipality_codes();
        ApiClientResponse {
            id: m.id,
            name: m.name,
            client_id: m.client_id,
            municipalities,
            revoked: m.revoked,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

/// A new API client with its secret: store the secret now, it is never shown again.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiClientWithSecret {
    #[serde(flatten)]
    pub client: ApiClientResponse,
    /// The `client_secret` of the client-credentials grant, shown only in this answer.
    #[schema(example = "m3tT0pS3cr3t-43-characters-of-base64url-xxxx")]
    pub client_secret: String,
}

/// An API client to create.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateApiClientRequest {
    /// What the client is, 1–200 characters.
    #[schema(example = "Eksjö kommun – företagsregister")]
    #[validate(length(max = 200))]
    #[schema(value_type = crate::schema::Line200)]
    pub name: String,
    /// Kommunkoder whose data the client may see; empty or absent: all.
    #[serde(default)]
    #[schema(example = json!(["0686"]))]
    #[validate(length(max = 290))]
    #[schema(value_type = Vec<crate::schema::Kommunkod>, max_items = 290)]
    pub municipalities: Vec<String>,
}

/// Changes to an API client (JSON Merge Patch: absent fields stay;
/// `municipalities` replaces the whole list).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateApiClientRequest {
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub name: Option<String>,
    #[schema(example = json!(["0686", "0604"]))]
    #[validate(length(max = 290))]
    #[schema(value_type = Option<Vec<crate::schema::Kommunkod>>, max_items = 290)]
    pub municipalities: Option<Vec<String>>,
    /// `true` revokes the client: no new tokens, and its tokens stop working.
    pub revoked: Option<bool>,
}

/// A new client id: `svk_` and 16 random bytes.
fn new_client_id() -> Result<String, ApiError> {
    Ok(format!("svk_{}", random_token(16)?))
}

/// A new client secret: 32 random bytes (256 bits), base64url.
fn new_client_secret() -> Result<String, ApiError> {
    random_token(32)
}
