//! The audit log (admins): every write to every resource, newest first.
//! Append-only: the API has no way to change or delete an event.

use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation::{self, ListResponse};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use samverka_domain::{FieldError, policy};
use samverka_persistence::audit::{self, AuditFilter};
use samverka_persistence::entities::audit_event::Model;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_audit_events);
}

/// One recorded write.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEventResponse {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// `user:<id>`, `client:<id>` or `anonymous`.
    #[schema(example = "user:0194c7a2-5b1e-7000-8000-000000000001")]
    pub actor: String,
    /// `create`, `update` or `delete`.
    #[schema(example = "update")]
    pub action: String,
    /// The kind of resource: `company`, `contact`, `user`, `needsAnalysis`, …
    #[schema(example = "company")]
    pub entity: String,
    pub entity_id: String,
    /// The changed fields, `{ field: { old, new } }`; for erased personal
    /// data only `{ "erased": true }`.
    #[schema(value_type = Object, example = json!({"employees": {"old": 42, "new": 45}}))]
    pub changes: serde_json::Value,
}

impl From<Model> for AuditEventResponse {
    fn from(m: Model) -> Self {
        AuditEventResponse {
            id: m.id,
            at: m.at,
            actor: m.actor,
            action: m.action,
            entity: m.entity,
            entity_id: m.entity_id,
            changes: serde_json::from_str(&m.changes).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// Filters and paging of the audit log.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct AuditListParams {
    /// The kind of resource, e.g. `company`.
    pub entity: Option<String>,
    /// One resource's id (or code, slug).
    pub entity_id: Option<String>,
    /// `user:<id>` or `client:<id>`.
    pub actor: Option<String>,
    /// `create`, `update` or `delete`.
    #[param(value_type = Option<crate::schema::AuditAction>, inline)]
    pub action: Option<String>,
    /// At or after this time (RFC 3339).
    #[param(value_type = Option<crate::schema::Timestamp>, inline)]
    pub from: Option<String>,
    /// At or before this time (RFC 3339).
    #[param(value_type = Option<crate::schema::Timestamp>, inline)]
    pub to: Option<String>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 20)]
    pub limit: Option<u64>,
    /// The `nextCursor` of the previous page.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// The audit log, newest first (admins).
#[utoipa::path(
    tag = "audit",
    security(("bearer" = []), ("oauth2" = [])),
    params(AuditListParams),
    responses((status = 200, description = "One page of events", body = ListResponse<AuditEventResponse>))
)]
#[get("/audit-events")]
pub async fn list_audit_events(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<AuditListParams>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_read_audit_log(&principal))?;
    let page = representation::page_request(params.limit, params.cursor.as_deref())?;
    if let Some(action) = &params.action
        && !["create", "update", "delete"].contains(&action.as_str())
    {
        return Err(ApiError::bad_field(FieldError::new("action", "enum", "action is create, update or delete")));
    }
    let filter = AuditFilter {
        entity: params.entity.clone(),
        entity_id: params.entity_id.clone(),
        actor: params.actor.clone(),
        action: params.action.clone(),
        from: params.from.as_deref().map(|t| crate::extract::rfc3339("from", t)).transpose()?,
        to: params.to.as_deref().map(|t| crate::extract::rfc3339("to", t)).transpose()?,
    };
    let page = audit::list(&state.db, &filter, &page).await?;
    representation::list(&req, page.map(AuditEventResponse::from)).map(representation::no_store)
}
