use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::representation::{self, ListResponse, PageParams};
use crate::state::AppState;
use crate::{audit, extract::ValidQuery};
use actix_web::{HttpRequest, HttpResponse, delete, get, put, web};
use chrono::NaiveDate;
use samverka_domain::policy;
use samverka_persistence::networks::{self, Member};
use samverka_persistence::{begin, commit, companies};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A member company of a network.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberResponse {
    pub company_id: Uuid,
    #[schema(example = "Smålands Svets AB")]
    pub name: String,
    #[schema(value_type = String, format = Date, example = "2026-02-01")]
    pub joined_on: NaiveDate,
}

impl From<Member> for MemberResponse {
    fn from(m: Member) -> Self {
        MemberResponse { company_id: m.company_id, name: m.name, joined_on: m.joined_on }
    }
}

/// List a network's members by company id: admins and officers every
/// member; company users the members listed in the public directory and
/// their own company.
#[utoipa::path(
    tag = "networks",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The network's id"), PageParams),
    responses((status = 200, description = "One page of members", body = ListResponse<MemberResponse>))
)]
#[get("/networks/{id}/members")]
pub async fn list_members(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidQuery(params): ValidQuery<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let scope = crate::auth::allowed(policy::member_scope(&principal))?;
    let page = params.page_request()?;
    networks::get(&state.db, *id).await?.ok_or(ApiError::NotFound)?;
    let page = networks::members(&state.db, *id, &scope, &page).await?;
    representation::list(&req, page.map(MemberResponse::from))
}

/// Add a company to a network (admins; the host's officers): 201 when it
/// joins, 200 when it is a member already.
#[utoipa::path(
    tag = "networks",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The network's id"), ("companyId" = Uuid, Path, description = "The company's id")),
    responses(
        (status = 200, description = "A member already", body = MemberResponse),
        (status = 201, description = "Joined", body = MemberResponse),
    )
)]
#[put("/networks/{id}/members/{companyId}")]
pub async fn add_member(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (network_id, company_id) = path.into_inner();
    allow(policy::authenticated(&principal))?;
    let txn = begin(&state.db).await?;
    let network = networks::get(&txn, network_id).await?.ok_or(ApiError::NotFound)?;
    allow(policy::can_write_network(&principal, network.network.municipality.trim()))?;
    let company = companies::facts_of(&txn, company_id).await?.ok_or(ApiError::NotFound)?;
    if !policy::sees_company(&principal, &company) {
        return Err(ApiError::NotFound);
    }
    let joined = networks::add_member(&txn, network_id, company_id).await?;
    if joined {
        let member = serde_json::json!({"companyId": company_id});
        audit::record(&txn, &principal, "networkMember", &network_id.to_string(), None, Some(&member)).await?;
    }
    let member = networks::member_of(&txn, network_id, company_id).await?.ok_or(ApiError::NotFound)?;
    commit(txn).await?;
    let body = MemberResponse::from(member);
    if joined {
        representation::written(&body, Some(format!("/api/v1/networks/{network_id}/members/{company_id}")))
    } else {
        Ok(HttpResponse::Ok().json(body))
    }
}

/// Take a company off a network (admins; the host's officers; the company
/// itself, leaving).
#[utoipa::path(
    tag = "networks",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The network's id"), ("companyId" = Uuid, Path, description = "The company's id")),
    responses((status = 204, description = "No longer a member"))
)]
#[delete("/networks/{id}/members/{companyId}")]
pub async fn remove_member(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (network_id, company_id) = path.into_inner();
    allow(policy::authenticated(&principal))?;
    let txn = begin(&state.db).await?;
    let network = networks::get(&txn, network_id).await?.ok_or(ApiError::NotFound)?;
    allow(policy::can_remove_member(&principal, network.network.municipality.trim(), company_id))?;
    if !networks::remove_member(&txn, network_id, company_id).await? {
        return Err(ApiError::NotFound);
    }
    let member = serde_json::json!({"companyId": company_id});
    audit::record(&txn, &principal, "networkMember", &network_id.to_string(), Some(&member), None).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
