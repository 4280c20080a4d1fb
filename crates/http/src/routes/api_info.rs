use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

/// What this API is (Digg REST API profile, VER.06).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiInfo {
    #[schema(example = "Samverka")]
    pub name: &'static str,
    /// The API version of this base path.
    #[schema(example = "1.0.0")]
    pub api_version: &'static str,
    /// The server build.
    #[schema(example = "0.1.0")]
    pub build: String,
    #[schema(
        example = "Swedish municipalities share their industrial companies, training-needs analyses, training offers and network meetings."
    )]
    pub description: &'static str,
    pub links: ApiLinks,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiLinks {
    /// The OpenAPI 3.1 document.
    #[schema(example = "/api-docs/openapi.json")]
    pub openapi: &'static str,
    /// The Swagger UI.
    #[schema(example = "/swagger-ui/")]
    pub swagger_ui: &'static str,
}

/// About the API: name, version, build and where its documentation is.
#[utoipa::path(tag = "meta", responses((status = 200, description = "About the API", body = ApiInfo)))]
#[get("/api-info")]
pub async fn api_info(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(ApiInfo {
        name: "Samverka",
        api_version: crate::openapi::API_VERSION,
        build: state.build.version.clone(),
        description: "Swedish municipalities share their industrial companies, training-needs analyses, training offers and network meetings.",
        links: ApiLinks { openapi: "/api-docs/openapi.json", swagger_ui: "/swagger-ui/" },
    })
}
