//! The actix-web server: state, middleware, routes, Swagger UI.

use crate::context;
use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::openapi;
use crate::routes::{self, fallback};
use crate::state::AppState;
use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpResponse, HttpServer, web};
use std::net::TcpListener;
use std::time::Duration;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// Worker threads (default: one per core).
    pub workers: Option<usize>,
    /// How long in-flight requests may run after SIGTERM.
    pub shutdown_timeout: Duration,
    /// Origins (scheme://host[:port]) whose browser frontends may call the API; none by default.
    pub cors_origins: Vec<String>,
    /// How long a request may take until its answer starts (408 after).
    pub request_timeout: Duration,
}

/// The request deadline, as app data for the middleware.
#[derive(Debug, Clone, Copy)]
pub struct Deadline(pub Duration);

/// Ends a request that has not produced its answer within the deadline
/// (a client that sends its body too slowly, a handler stuck waiting) with
/// 408, so that no worker hangs on it. Streamed bodies (the export) are
/// bounded by their first chunk only.
async fn deadline(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    // (No clone of the request here: routing needs it unshared.)
    let limit = req.app_data::<web::Data<Deadline>>().map(|d| d.0).unwrap_or(Duration::from_secs(30));
    match tokio::time::timeout(limit, next.call(req)).await {
        Ok(result) => result.map(actix_web::dev::ServiceResponse::map_into_boxed_body),
        Err(_) => Err(ApiError::RequestTimeout.into()),
    }
}

/// `HEAD` wherever `GET` is served (RFC 9110 §9.3.2): the request is
/// answered as a `GET`, with the same status and headers and no body.
async fn head_as_get(
    mut req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    use actix_web::http::Method;
    if req.method() != Method::HEAD {
        return next.call(req).await.map(actix_web::dev::ServiceResponse::map_into_boxed_body);
    }
    req.head_mut().method = Method::GET;
    let response = next.call(req).await?;
    // No body, and no Content-Length made up for the empty one: the length
    // is the GET's, which only generating the content would tell (§9.3.2).
    Ok(response.map_body(|_, _| actix_web::body::None::new()).map_into_boxed_body())
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            workers: None,
            shutdown_timeout: Duration::from_secs(30),
            cors_origins: Vec::new(),
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// CORS for the configured origins only: preflights answered, the headers
/// clients need allowed and exposed.
fn cors(origins: &[String]) -> actix_cors::Cors {
    use actix_web::http::{Method, header};
    let mut cors = actix_cors::Cors::default()
        .allowed_methods([Method::GET, Method::POST, Method::PATCH, Method::PUT, Method::DELETE])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            header::HeaderName::from_static("idempotency-key"),
            header::HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([
            header::ETAG,
            header::LINK,
            header::LOCATION,
            header::RETRY_AFTER,
            header::HeaderName::from_static("x-request-id"),
            header::HeaderName::from_static("ratelimit-limit"),
            header::HeaderName::from_static("ratelimit-remaining"),
            header::HeaderName::from_static("ratelimit-reset"),
            header::HeaderName::from_static("idempotent-replayed"),
        ])
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

/// Starts serving on `listener`; the returned server runs until SIGTERM or
/// SIGINT (graceful: in-flight requests finish) or until it is stopped.
pub fn start(listener: TcpListener, state: AppState, settings: &ServerSettings) -> std::io::Result<Server> {
    let metrics = Metrics::new(&state.build.version).map_err(std::io::Error::other)?;
    let document = openapi::document();
    let mut known = openapi::routed_methods(&document);
    known.push(("/api-docs/openapi.json".to_owned(), vec![actix_web::http::Method::GET]));
    known.push(("/swagger-ui/{_:.*}".to_owned(), vec![actix_web::http::Method::GET]));
    let known = fallback::KnownRoutes::new(known);
    // Serialised once and shared by the workers (each worker holding a
    // copy of the document cost megabytes).
    let document = web::Data::new(web::Bytes::from(serde_json::to_vec(&document).map_err(std::io::Error::other)?));
    let state = web::Data::new(state);
    let metrics = web::Data::new(metrics);
    let known = web::Data::new(known);
    let cors_origins = settings.cors_origins.clone();
    let deadline_limit = web::Data::new(Deadline(settings.request_timeout));

    let mut server = HttpServer::new(move || {
        App::new()
            .into_utoipa_app()
            .app_data(state.clone())
            .app_data(metrics.clone())
            .app_data(known.clone())
            .app_data(deadline_limit.clone())
            .app_data(web::PathConfig::default().error_handler(fallback::path_error))
            .app_data(web::QueryConfig::default().error_handler(|e, _| ApiError::bad_request(e.to_string()).into()))
            .configure(routes::configure)
            .default_service(web::to(fallback::not_routed))
            .into_app()
            .app_data(document.clone())
            .route("/api-docs/openapi.json", web::get().to(serve_document))
            .service(
                SwaggerUi::new("/swagger-ui/{_:.*}").config(utoipa_swagger_ui::Config::new(["/api-docs/openapi.json"])),
            )
            .route("/swagger-ui", web::get().to(redirect_to_swagger_ui))
            .wrap(from_fn(crate::idempotency::middleware))
            .wrap(from_fn(deadline))
            .wrap(from_fn(crate::ratelimit::middleware))
            .wrap(actix_web::middleware::Condition::new(!cors_origins.is_empty(), cors(&cors_origins)))
            .wrap(from_fn(head_as_get))
            .wrap(from_fn(context::observe))
    })
    .shutdown_timeout(settings.shutdown_timeout.as_secs())
    // A request head must arrive within 10 s (408 otherwise); idle keep-alive connections close after 30 s.
    .client_request_timeout(Duration::from_secs(10))
    .keep_alive(Duration::from_secs(30))
    .listen(listener)?;
    if let Some(workers) = settings.workers {
        server = server.workers(workers);
    }
    Ok(server.run())
}

/// The OpenAPI document, as served to the Swagger UI and to clients.
async fn serve_document(document: web::Data<web::Bytes>) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(document.get_ref().clone())
}

async fn redirect_to_swagger_ui() -> HttpResponse {
    HttpResponse::PermanentRedirect().insert_header(("Location", "/swagger-ui/")).finish()
}
