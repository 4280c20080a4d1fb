use super::{CreateNetworkRequest, NetworkResponse, UpdateNetworkRequest};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::{ValidJson, patch_str};
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, delete, patch, post, web};
use samverka_domain::networks::{NetworkChanges, NewNetwork};
use samverka_domain::policy;
use samverka_persistence::{begin, commit, municipalities, networks};
use uuid::Uuid;

/// Start a network (admins; officers, hosted by their municipality).
/// Honours `Idempotency-Key`.
#[utoipa::path(
    tag = "networks",
    security(("bearer" = []), ("oauth2" = [])),
    params(("Idempotency-Key" = inline(Option<crate::schema::IdempotencyKey>), Header, description = "Retry safely: the same key and body within 24 h answers the first result again")),
    request_body = CreateNetworkRequest,
    responses((status = 201, description = "Started", body = NetworkResponse,
        headers(("Location" = String, description = "Where the network lives"))))
)]
#[post("/networks")]
pub async fn create_network(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<CreateNetworkRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::may_create_networks(&principal))?;
    allow(policy::can_write_network(&principal, body.municipality.trim()))?;
    let txn = begin(&state.db).await?;
    let known = municipalities::known(&txn, std::slice::from_ref(&body.municipality)).await?;
    let network =
        NewNetwork::parse(&body.name, body.purpose.as_deref(), &body.municipality, &|code| known.contains(code))?;
    let created = NetworkResponse::from(networks::create(&txn, network).await?);
    let id = created.id;
    audit::record(&txn, &principal, "network", &id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/networks/{id}")))
}

/// Change a network's name or purpose (admins; the host's officers). Honours `If-Match`.
#[utoipa::path(
    tag = "networks",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The network's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateNetworkRequest,
    responses(
        (status = 200, description = "Changed", body = NetworkResponse),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/networks/{id}")]
pub async fn update_network(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<UpdateNetworkRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::authenticated(&principal))?;
    let txn = begin(&state.db).await?;
    let current = networks::get(&txn, *id).await?.ok_or(ApiError::NotFound)?;
    allow(policy::can_write_network(&principal, current.network.municipality.trim()))?;
    let old = NetworkResponse::from(current.clone());
    let changes = NetworkChanges::parse(body.name.as_deref(), patch_str(&body.purpose))?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    let new = networks::update(&txn, &current.network, changes).await?.ok_or(ApiError::PreconditionFailed)?;
    let new = NetworkResponse::from(new);
    audit::record(&txn, &principal, "network", &new.id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None)
}

/// Close a network (admins; the host's officers): its members go, its
/// meetings stay. Honours `If-Match`.
#[utoipa::path(
    tag = "networks",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The network's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[delete("/networks/{id}")]
pub async fn delete_network(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::authenticated(&principal))?;
    let txn = begin(&state.db).await?;
    let current = networks::get(&txn, *id).await?.ok_or(ApiError::NotFound)?;
    allow(policy::can_write_network(&principal, current.network.municipality.trim()))?;
    let old = NetworkResponse::from(current);
    representation::check_if_match(&req, &old)?;
    if !networks::delete(&txn, old.id, old.version).await? {
        return Err(ApiError::PreconditionFailed);
    }
    audit::record(&txn, &principal, "network", &old.id.to_string(), Some(&old), None).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
