use super::own;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation::{self, ListResponse, PageParams};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use samverka_persistence::webhooks::{self, Attempt, Delivery};
use samverka_persistence::{begin, commit};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One attempt to deliver.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttemptResponse {
    pub attempted_at: DateTime<Utc>,
    /// The receiver's HTTP status; absent when none came.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 200)]
    pub response_code: Option<i32>,
    #[schema(example = 84)]
    pub duration_ms: i32,
    /// Why no answer came (timeout, refused connection, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// At most 1 KiB of the answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_excerpt: Option<String>,
}

/// One event's delivery to a subscription, with every attempt (newest first).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryResponse {
    pub id: Uuid,
    #[schema(value_type = crate::schema::EventName)]
    pub event_type: String,
    /// `pending`, `delivered` or `failed` (given up after the retry horizon).
    #[schema(example = "delivered")]
    pub status: String,
    pub attempt_count: i32,
    /// When it is tried next (pending ones).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub attempts: Vec<AttemptResponse>,
    pub created_at: DateTime<Utc>,
}

impl From<(Delivery, String, Vec<Attempt>)> for DeliveryResponse {
    fn from((d, event_type, attempts): (Delivery, String, Vec<Attempt>)) -> Self {
        DeliveryResponse {
            id: d.id,
            event_type,
            next_attempt_at: (d.status == webhooks::PENDING).then_some(d.next_attempt_at),
            status: d.status,
            attempt_count: d.attempts,
            attempts: attempts
                .into_iter()
                .map(|a| AttemptResponse {
                    attempted_at: a.attempted_at,
                    response_code: a.status_code,
                    duration_ms: a.duration_ms,
                    error: a.error,
                    response_excerpt: a.response_excerpt,
                })
                .collect(),
            created_at: d.created_at,
        }
    }
}

/// A subscription's deliveries, newest first, each with its attempts.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The subscription's id"), PageParams),
    responses((status = 200, description = "One page of deliveries", body = ListResponse<DeliveryResponse>))
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidQuery(params): ValidQuery<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let page = params.page_request()?;
    let hook = own(&state.db, &principal, *id).await?;
    let page = webhooks::deliveries(&state.db, hook.id, &page).await?;
    representation::list(&req, page.map(DeliveryResponse::from)).map(representation::no_store)
}

/// Send a delivery again, now (whatever became of it).
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The subscription's id"), ("deliveryId" = Uuid, Path, description = "The delivery's id")),
    responses((status = 202, description = "Queued: it is sent within seconds"))
)]
#[post("/webhooks/{id}/deliveries/{deliveryId}/redeliver")]
pub async fn redeliver(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (webhook_id, delivery_id) = path.into_inner();
    let txn = begin(&state.db).await?;
    let hook = own(&txn, &principal, webhook_id).await?;
    let delivery = webhooks::delivery(&txn, hook.id, delivery_id).await?.ok_or(ApiError::NotFound)?;
    webhooks::redeliver(&txn, &delivery).await?;
    commit(txn).await?;
    Ok(HttpResponse::Accepted().finish())
}
