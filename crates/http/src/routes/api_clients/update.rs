use super::{ApiClientResponse, UpdateApiClientRequest};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::api_client::ApiClientChanges;
use samverka_domain::policy;
use samverka_persistence::{api_clients, begin, commit, municipalities};
use uuid::Uuid;

/// Change an API client (admin): name, municipality scope, revoked. Honours `If-Match`.
#[utoipa::path(
    tag = "api clients",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The API client's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateApiClientRequest,
    responses(
        (status = 200, description = "Changed", body = ApiClientResponse),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/api-clients/{id}")]
pub async fn update_api_client(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<UpdateApiClientRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_manage_api_clients(&principal))?;
    let id = *id;
    let txn = begin(&state.db).await?;
    let codes = body.municipalities.as_deref();
    let known = municipalities::known(&txn, codes.unwrap_or_default()).await?;
    let changes = ApiClientChanges::parse(body.name.as_deref(), body.revoked, codes, &|code| known.contains(code))?;
    let current = api_clients::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    let old = ApiClientResponse::from(current.clone());
    representation::check_if_match(&req, &old)?;
    let new = api_clients::update(&txn, &current, changes).await?.ok_or(ApiError::PreconditionFailed)?;
    let new = ApiClientResponse::from(new);
    audit::record(&txn, &principal, "apiClient", &id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None).map(representation::no_store)
}
