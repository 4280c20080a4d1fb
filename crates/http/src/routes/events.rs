//! The event feed: the same events webhooks deliver, in commit order,
//! without gaps at any concurrency, as far as the caller reads them
//! (admins every event; an integration those of what it reads: no
//! personal data, never analyses or tasks).

use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::{ValidQuery, optional};
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use samverka_domain::events::EventType;
use samverka_domain::page::{PageRequest, encode_cursor};
use samverka_domain::policy::{self, EventScope};
use samverka_persistence::events;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_events);
}

/// Where to read the feed from, and which events.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// A position the feed handed out (`since` or `nextCursor`); absent: from the beginning.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub since: Option<String>,
    /// The same as `since` (the name every list uses).
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
    /// Only events of these types (comma-separated), e.g. `company.created,company.updated`.
    #[param(value_type = Option<crate::schema::EventNameList>, inline, example = "enrolment.promoted")]
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Events per page, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 100)]
    pub limit: Option<u64>,
}

/// One event.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventResponse {
    pub id: Uuid,
    #[serde(rename = "type")]
    #[schema(value_type = crate::schema::EventName)]
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    /// The resource as the reader may read it (for a deletion, its `id`;
    /// for an enrolment, counts, never names).
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// A page of the feed.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventPage {
    pub items: Vec<EventResponse>,
    /// The next page now; `null` when this page reaches the present.
    pub next_cursor: Option<String>,
    /// Where to resume later: pass it as `since` on the next poll (always set).
    pub since: String,
}

/// The events after a position, oldest first, in the order their writes
/// committed: polling from `since` never misses one.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = []), ("oauth2" = [])),
    params(EventParams),
    responses((status = 200, description = "Events after the position", body = EventPage))
)]
#[get("/events")]
pub async fn list_events(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<EventParams>,
) -> Result<HttpResponse, ApiError> {
    let scope = crate::auth::allowed(policy::event_scope(&principal))?;
    let position = params.cursor.as_deref().or(params.since.as_deref());
    let page: PageRequest<i64> = representation::page_request(params.limit, position)?;
    let types: Vec<EventType> = optional(&params.kind, |list| {
        list.split(',').map(|name| EventType::parse("type", name.trim())).collect::<Result<Vec<_>, _>>()
    })?
    .unwrap_or_default();
    let integration = match &scope {
        EventScope::Integration { municipalities, .. } => {
            Some(municipalities.iter().map(|m| m.as_str().to_owned()).collect::<Vec<_>>())
        }
        _ => None,
    };
    let after = page.after.unwrap_or(0);
    let (rows, head) = events::list(&state.db, after, &types, integration.as_deref(), page.limit + 1).await?;
    let has_more = rows.len() as u64 > page.limit;
    let rows: Vec<_> = rows.into_iter().take(page.limit as usize).collect();
    // A full page ends at its last event; a short one has read up to the head.
    let last = if has_more { rows.last().map(|r| r.seq).unwrap_or(after) } else { head.max(after) };
    let items = rows
        .into_iter()
        .map(|e| EventResponse {
            id: e.id,
            occurred_at: e.occurred_at,
            data: serde_json::from_str(&e.data).unwrap_or(serde_json::Value::Null),
            kind: e.kind,
        })
        .collect();
    let since = encode_cursor(&last);
    let body = EventPage { items, next_cursor: has_more.then(|| since.clone()), since };
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(body))
}
