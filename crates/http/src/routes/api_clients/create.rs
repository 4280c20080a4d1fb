use super::{ApiClientResponse, ApiClientWithSecret, CreateApiClientRequest};
use crate::auth::{Auth, allow, password};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::{FieldErrors, policy, text};
use samverka_persistence::entities::api_client::ActiveModel;
use samverka_persistence::{Set, api_clients, begin, commit};
use uuid::Uuid;

/// Create an API client (admin). The answer carries `clientSecret`, shown this once.
#[utoipa::path(
    tag = "api clients",
    security(("bearer" = []), ("oauth2" = [])),
    request_body = CreateApiClientRequest,
    responses(
        (status = 201, description = "Created; store the secret now", body = ApiClientWithSecret,
            headers(("Location" = String, description = "Where the client lives"))),
    )
)]
#[post("/api-clients")]
pub async fn create_api_client(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<CreateApiClientRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_manage_api_clients(&principal))?;
    let mut errors = FieldErrors::default();
    let name = errors.collect(text::required("name", &body.name, 200));
    let secret = super::new_client_secret()?;
    let hash = password::hash(&state.hashing, secret.clone()).await?;
    let txn = begin(&state.db).await?;
    let scope = super::municipality_scope(&txn, &body.municipalities, &mut errors).await?;
    errors.into_result()?;
    let name = name.ok_or_else(|| ApiError::internal("validated name missing"))?;
    let now = chrono::Utc::now();
    let row = ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name),
        client_id: Set(super::new_client_id()?),
        secret_hash: Set(hash),
        municipalities: Set(serde_json::to_string(&scope).map_err(ApiError::internal)?),
        revoked: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    let created = ApiClientResponse::from(api_clients::insert(&txn, row).await?);
    audit::record(&txn, &principal, "apiClient", &created.id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    let location = format!("/api/v1/api-clients/{}", created.id);
    representation::written(&ApiClientWithSecret { client: created, client_secret: secret }, Some(location))
        .map(representation::no_store)
}
