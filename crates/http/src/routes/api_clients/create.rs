use super::{ApiClientResponse, ApiClientWithSecret, CreateApiClientRequest};
use crate::auth::{Auth, allow, password};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::api_client::NewApiClient;
use samverka_domain::policy;
use samverka_persistence::{api_clients, begin, commit, municipalities};

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
    let txn = begin(&state.db).await?;
    let known = municipalities::known(&txn, &body.municipalities).await?;
    let client = NewApiClient::parse(&body.name, &body.municipalities, &|code| known.contains(code))?;
    let secret = super::new_client_secret()?;
    let hash = password::hash(&state.hashing, secret.clone()).await?;
    let created = ApiClientResponse::from(api_clients::create(&txn, client, super::new_client_id()?, hash).await?);
    audit::record(&txn, &principal, "apiClient", &created.id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    let location = format!("/api/v1/api-clients/{}", created.id);
    representation::written(&ApiClientWithSecret { client: created, client_secret: secret }, Some(location))
        .map(representation::no_store)
}
