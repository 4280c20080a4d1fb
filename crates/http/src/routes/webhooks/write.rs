use super::{WebhookRequest, WebhookResponse, own, scope, secret_key};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, delete, patch, post, web};
use samverka_domain::events::{self, EventType, UrlRules};
use samverka_domain::policy::EventScope;
use samverka_domain::{FieldError, FieldErrors};
use samverka_persistence::webhooks::{self, WebhookChanges};
use samverka_persistence::{begin, commit};
use uuid::Uuid;

/// The URL and events of a request, checked: the URL's shape and where it
/// resolves to, the event names. `required`: both must be there (a create).
async fn checked(
    body: &WebhookRequest,
    rules: UrlRules,
    required: bool,
) -> Result<(Option<String>, Option<Vec<EventType>>), FieldErrors> {
    let mut errors = FieldErrors::default();
    if required && body.url.is_none() {
        errors.push(FieldError::new("url", "required", "where to send the events"));
    }
    if required && body.events.is_none() {
        errors.push(FieldError::new("events", "required", "which events to send"));
    }
    let url = body.url.as_deref().and_then(|u| errors.collect(events::webhook_url("url", u, rules)));
    if let Some(url) = &url
        && let Err(why) = crate::dispatcher::reachable(url, rules).await
    {
        errors.push(FieldError::new("url", "unreachable", why));
    }
    let types = body.events.as_deref().and_then(|e| errors.absorb(events::event_types("events", e)));
    errors.into_result()?;
    Ok((url.map(|u| u.to_string()), types))
}

/// Subscribe to events (admins; integrations, for themselves). The answer
/// carries the signing secret, this once. Honours `Idempotency-Key`.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = []), ("oauth2" = [])),
    params(("Idempotency-Key" = inline(Option<crate::schema::IdempotencyKey>), Header, description = "Retry safely: the same key and body within 24 h answers the first result again")),
    request_body = WebhookRequest,
    responses((status = 201, description = "Subscribed; `secret` is shown this once", body = WebhookResponse,
        headers(("Location" = String, description = "Where the subscription lives"))))
)]
#[post("/webhooks")]
pub async fn create_webhook(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<WebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    let owner = match scope(&principal)? {
        EventScope::All => None,
        EventScope::Integration { client, .. } => Some(client),
    };
    let (url, types) = checked(&body, state.webhooks.rules, true).await?;
    let secret = format!("whsec_{}", crate::auth::random_token(32)?);
    let sealed = secret_key(&state.seal).seal(secret.as_bytes()).map_err(ApiError::internal)?;
    let txn = begin(&state.db).await?;
    let (url, types) = (url.unwrap_or_default(), types.unwrap_or_default());
    let mut hook = webhooks::create(&txn, owner, &url, &types, sealed).await?;
    if body.active == Some(false) {
        let off = WebhookChanges { active: Some(false), ..WebhookChanges::default() };
        hook = webhooks::update(&txn, &hook, off).await?.ok_or(ApiError::PreconditionFailed)?;
    }
    let created = WebhookResponse::from(hook);
    audit::record(&txn, &principal, "webhook", &created.id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    let answer = WebhookResponse { secret: Some(secret), ..created };
    representation::written(&answer, Some(format!("/api/v1/webhooks/{}", answer.id))).map(representation::no_store)
}

/// Change a subscription: its URL, its events, on or off (on again after
/// the server turned it off: from the next event). Honours `If-Match`.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The subscription's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = WebhookRequest,
    responses(
        (status = 200, description = "Changed", body = WebhookResponse),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<WebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    let (url, events) = checked(&body, state.webhooks.rules, false).await?;
    let txn = begin(&state.db).await?;
    let current = own(&txn, &principal, *id).await?;
    let old = WebhookResponse::from(current.clone());
    representation::check_if_match(&req, &old)?;
    let changes = WebhookChanges { url, events, active: body.active };
    let new = webhooks::update(&txn, &current, changes).await?.ok_or(ApiError::PreconditionFailed)?;
    let new = WebhookResponse::from(new);
    audit::record(&txn, &principal, "webhook", &new.id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None).map(representation::no_store)
}

/// Unsubscribe: the subscription and its deliveries go. Honours `If-Match`.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The subscription's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin(&state.db).await?;
    let old = WebhookResponse::from(own(&txn, &principal, *id).await?);
    representation::check_if_match(&req, &old)?;
    if !webhooks::delete(&txn, old.id, old.version).await? {
        return Err(ApiError::PreconditionFailed);
    }
    audit::record(&txn, &principal, "webhook", &old.id.to_string(), Some(&old), None).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
