//! Company networks: a municipality's companies that meet again and again
//! (name, purpose, host, member count — public), their members (admins and
//! officers read every member; company users the listed ones and their
//! own), and their meetings (`networkId` on a network meeting). The host's
//! officers and admins write a network and add or remove members; a
//! company may leave.

mod members;
mod write;

use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation::{self, ListResponse};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use samverka_persistence::networks::{self, Network};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_networks)
        .service(write::create_network)
        .service(get_network)
        .service(write::update_network)
        .service(write::delete_network)
        .service(members::list_members)
        .service(members::add_member)
        .service(members::remove_member);
}

/// A network of companies.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NetworkResponse {
    pub id: Uuid,
    #[schema(example = "Industrinätverket Växjö")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Företag som träffas varje månad om kompetensförsörjning")]
    pub purpose: Option<String>,
    /// The host municipality (kommunkod).
    #[schema(example = "0780")]
    pub municipality: String,
    /// Its member companies.
    #[schema(example = 8)]
    pub member_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

impl From<Network> for NetworkResponse {
    fn from(n: Network) -> Self {
        let m = n.network;
        NetworkResponse {
            id: m.id,
            name: m.name,
            purpose: m.purpose,
            municipality: m.municipality.trim().to_owned(),
            member_count: n.member_count,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

/// A network to start.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateNetworkRequest {
    #[schema(example = "Industrinätverket Växjö")]
    #[validate(length(max = 200))]
    #[schema(value_type = crate::schema::Line200)]
    pub name: String,
    #[validate(length(max = 4000))]
    #[schema(value_type = Option<crate::schema::Text4000>)]
    pub purpose: Option<String>,
    /// The host municipality; an officer's own.
    #[schema(value_type = crate::schema::Kommunkod, example = "0780")]
    pub municipality: String,
}

/// Changes to a network (JSON Merge Patch: `null` clears the purpose).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateNetworkRequest {
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Text4000>)]
    pub purpose: Option<Option<String>>,
}

/// Filters and paging of the network list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct NetworkListParams {
    /// Networks hosted by these municipalities (comma-separated kommunkoder).
    #[param(value_type = Option<crate::schema::KommunkodList>, inline, example = "0780")]
    pub municipality: Option<String>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 20)]
    pub limit: Option<u64>,
    /// The `nextCursor` of the previous page.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// List networks by name (everyone, signed in or not).
#[utoipa::path(
    tag = "networks",
    security((), ("bearer" = []), ("oauth2" = [])),
    params(NetworkListParams),
    responses((status = 200, description = "One page of networks", body = ListResponse<NetworkResponse>))
)]
#[get("/networks")]
pub async fn list_networks(
    req: HttpRequest,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<NetworkListParams>,
) -> Result<HttpResponse, ApiError> {
    let page = representation::page_request(params.limit, params.cursor.as_deref())?;
    let municipalities = crate::extract::municipality_list(params.municipality.as_deref())?;
    let page = networks::list(&state.db, &municipalities, &page).await?;
    representation::list(&req, page.map(NetworkResponse::from))
}

/// Get one network (everyone).
#[utoipa::path(
    tag = "networks",
    security((), ("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The network's id")),
    responses(
        (status = 200, description = "The network", body = NetworkResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/networks/{id}")]
pub async fn get_network(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let network = networks::get(&state.db, *id).await?.ok_or(ApiError::NotFound)?;
    representation::single(&req, &NetworkResponse::from(network))
}
