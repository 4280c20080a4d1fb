//! Webhook subscriptions: admins manage every one, an integration its own.
//! The signing secret is shown once, in the answer that creates it; it is
//! stored encrypted under the server key. What a subscription receives
//! follows its owner's reads: an integration never receives personal data,
//! analyses or tasks.

mod deliveries;
mod write;

use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::idempotency::seal::Seal;
use crate::representation::{self, ListResponse, PageParams};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use samverka_domain::account::Principal;
use samverka_domain::policy::{self, EventScope};
use samverka_persistence::webhooks::{self, Webhook};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_webhooks)
        .service(write::create_webhook)
        .service(get_webhook)
        .service(write::update_webhook)
        .service(write::delete_webhook)
        .service(deliveries::list_deliveries)
        .service(deliveries::redeliver);
}

fn secret_key(seal: &Seal) -> crate::idempotency::seal::AnswerKey {
    seal.answer_key("webhooks", "signing-secrets")
}

/// The signing secret of a subscription, opened with the server key.
pub fn open_secret(seal: &Seal, sealed: &str) -> Option<Vec<u8>> {
    secret_key(seal).open(sealed)
}

/// A webhook subscription.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookResponse {
    pub id: Uuid,
    #[schema(example = "https://integration.eksjo.se/samverka/events")]
    pub url: String,
    /// The event names it receives.
    #[schema(value_type = Vec<crate::schema::EventName>)]
    pub events: Vec<String>,
    /// Off: nothing is sent (turned off by its owner, or after failing for the retry horizon).
    pub active: bool,
    /// Why the server turned it off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deactivated_reason: Option<String>,
    /// Since when every delivery has failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failing_since: Option<DateTime<Utc>>,
    /// The signing secret: only in the answer that creates the subscription.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "whsec_3q2+7w…")]
    pub secret: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

impl From<Webhook> for WebhookResponse {
    fn from(w: Webhook) -> Self {
        WebhookResponse {
            id: w.id,
            events: webhooks::types_of(&w).iter().map(|t| t.as_str().to_owned()).collect(),
            url: w.url,
            active: w.active,
            deactivated_reason: w.deactivated_reason,
            failing_since: w.failing_since,
            secret: None,
            created_at: w.created_at,
            updated_at: w.updated_at,
            version: w.version,
        }
    }
}

/// A subscription to make, or the fields to change (JSON Merge Patch).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WebhookRequest {
    /// `https://` (plain `http://` to loopback only where the server allows
    /// it for development); not resolving to a private address. Required on create.
    #[validate(length(max = 2048))]
    #[schema(value_type = Option<crate::schema::WebhookUrl>)]
    pub url: Option<String>,
    /// The event names to receive (1–17). Required on create.
    #[schema(value_type = Option<Vec<crate::schema::EventName>>, max_items = 17)]
    pub events: Option<Vec<String>>,
    /// Default `true`; `true` again turns a deactivated subscription back on.
    pub active: Option<bool>,
}

/// The caller's reach over subscriptions: 401/403 by role.
fn scope(principal: &Principal) -> Result<EventScope, ApiError> {
    crate::auth::allowed(policy::event_scope(principal))
}

/// A subscription the caller manages (404 for any other).
async fn own(
    conn: &impl samverka_persistence::ConnectionLike,
    principal: &Principal,
    id: Uuid,
) -> Result<Webhook, ApiError> {
    let scope = scope(principal)?;
    let hook = webhooks::get(conn, id).await?.ok_or(ApiError::NotFound)?;
    if !scope.owns_webhook(hook.owner_client_id) {
        return Err(ApiError::NotFound);
    }
    Ok(hook)
}

/// List the caller's subscriptions (an admin's: every one).
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = []), ("oauth2" = [])),
    params(PageParams),
    responses((status = 200, description = "One page of subscriptions", body = ListResponse<WebhookResponse>))
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let owner = match scope(&principal)? {
        EventScope::All => None,
        EventScope::Integration { client, .. } => Some(client),
    };
    let page = webhooks::list(&state.db, owner, &params.page_request()?).await?;
    representation::list(&req, page.map(WebhookResponse::from)).map(representation::no_store)
}

/// Get one subscription (without its secret).
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The subscription's id")),
    responses(
        (status = 200, description = "The subscription", body = WebhookResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let hook = own(&state.db, &principal, *id).await?;
    representation::single(&req, &WebhookResponse::from(hook)).map(representation::no_store)
}
