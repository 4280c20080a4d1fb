//! The OpenAPI 3.1 document, generated from the handlers registered in
//! [`crate::routes::configure`]. Error answers that follow from an
//! operation's shape (path parameters → 404, a body → 413/415/422, …) are
//! added here, in one place, so that no operation forgets them.

use crate::error::{PROBLEM_JSON, Problem, ProblemField};
use crate::routes;
use actix_web::App;
use actix_web::http::Method;
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{Content, Ref, RefOr, Response, ResponseBuilder};
use utoipa_actix_web::AppExt;

/// The version of the `/api/v1` contract.
pub const API_VERSION: &str = "1.0.0";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Samverka API",
        version = "1.0.0",
        description = "Swedish municipalities share their industrial companies, the companies' training-needs analyses, training offers with enrolments, and network meetings.\n\nErrors are RFC 9457 problem documents (`application/problem+json`). Lists are keyset-paged: `limit` (1–500, default 20) and the opaque `cursor` from the previous page's `nextCursor` (also in the `Link: rel=\"next\"` header). `Accept-Language: sv` (default) or `en` picks labels and error titles.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    tags(
        (name = "meta", description = "About the API"),
        (name = "reference data", description = "Municipalities and the competence-area taxonomy"),
        (name = "operations", description = "Health checks and metrics for operators"),
        (name = "auth", description = "Tokens (OAuth 2.0) and the signed-in principal"),
        (name = "companies", description = "The shared company directory: list, search, change feed and export for integrations"),
        (name = "contacts", description = "Contact persons of a company (personal data: never to integrations)"),
        (name = "activities", description = "Officers' visits, calls and meetings with companies, and the topics raised (internal notes)"),
        (name = "tasks", description = "Officers' follow-up tasks: my open tasks, soonest due first"),
        (name = "needs analyses", description = "Companies' training needs, and the demand they add up to"),
        (name = "training offers", description = "Offers, enrolments that never overbook, waiting lists and attendance"),
        (name = "network meetings", description = "Meetings of companies across municipalities: registrations, calendar, minutes"),
        (name = "networks", description = "Company networks: public name, purpose, host and size; members; meetings of a network"),
        (name = "collaborations", description = "Collaborations of municipalities (projects, regional networks): members, period, funder, coordinators; they decide what officers share; their participation report"),
        (name = "webhooks", description = "Events: webhooks signed with HMAC-SHA256, their deliveries, and the event feed (admins; integrations their own)"),
        (name = "audit", description = "The append-only audit log (admin)"),
        (name = "reports", description = "Figures for the ESF-funded project"),
        (name = "users", description = "People's accounts (admin)"),
        (name = "api clients", description = "Machine clients for integrations (admin)"),
        (name = "personal data", description = "Everything held about one person: look-up and erasure (GDPR art. 15 and 17; admin)"),
    ),
    components(schemas(Problem, ProblemField)),
    modifiers(&SecuritySchemes)
)]
struct ApiDoc;

/// Bearer tokens, and the OAuth2 password flow so that the Swagger UI's
/// Authorize button can sign in.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ClientCredentials, Flow, HttpAuthScheme, HttpBuilder, OAuth2, Password, Scopes, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token from POST /api/v1/auth/token"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "oauth2",
            SecurityScheme::OAuth2(OAuth2::with_description(
                [
                    Flow::Password(Password::new("/api/v1/auth/token", Scopes::new())),
                    Flow::ClientCredentials(ClientCredentials::new("/api/v1/auth/token", Scopes::new())),
                ],
                "People sign in with their e-mail and password (password flow); integrations with their client id and secret (client credentials flow)",
            )),
        );
    }
}

/// The whole document, as served at `/api-docs/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut doc) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(routes::configure).split_for_parts();
    add_problem_responses(&mut doc);
    headers_are_never_null(&mut doc);
    crate::openapi_polish::polish(&mut doc);
    doc
}

/// An optional header is absent, never `null`: its schema is the value's
/// alone (`Option<T>` in a handler's parameters gives `oneOf [T, null]`).
fn headers_are_never_null(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::schema::{Schema, SchemaType, Type};
    let is_null =
        |s: &RefOr<Schema>| matches!(s, RefOr::T(Schema::Object(o)) if o.schema_type == SchemaType::Type(Type::Null));
    for item in doc.paths.paths.values_mut() {
        for op in
            [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
        {
            for parameter in op.parameters.iter_mut().flatten() {
                let RefOr::T(parameter) = parameter else { continue };
                if !matches!(parameter.parameter_in, ParameterIn::Header) {
                    continue;
                }
                if let Some(RefOr::T(Schema::OneOf(one_of))) = &parameter.schema {
                    let mut kept: Vec<_> = one_of.items.iter().filter(|s| !is_null(s)).cloned().collect();
                    if kept.len() == 1 {
                        parameter.schema = kept.pop();
                    }
                }
            }
        }
    }
}

/// Every path of the document with the methods it routes, for 405 answers.
pub fn routed_methods(doc: &utoipa::openapi::OpenApi) -> Vec<(String, Vec<Method>)> {
    doc.paths
        .paths
        .iter()
        .map(|(path, item)| {
            let methods = operations(item).into_iter().map(|(m, _)| m).collect();
            (path.clone(), methods)
        })
        .collect()
}

fn operations(item: &utoipa::openapi::PathItem) -> Vec<(Method, &Operation)> {
    [
        (Method::GET, &item.get),
        (Method::POST, &item.post),
        (Method::PUT, &item.put),
        (Method::PATCH, &item.patch),
        (Method::DELETE, &item.delete),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
    .collect()
}

const PROBLEMS: [(&str, &str, &str); 11] = [
    ("400", "BadRequest", "Malformed request: bad JSON, a wrong type, an unknown parameter or value"),
    ("401", "Unauthorized", "No valid bearer token (`WWW-Authenticate: Bearer`)"),
    ("403", "Forbidden", "Your role may not do this"),
    ("404", "NotFound", "No such resource, or it is not visible to you"),
    ("409", "Conflict", "The request conflicts with the current state"),
    ("412", "PreconditionFailed", "`If-Match` does not match the current ETag"),
    ("413", "PayloadTooLarge", "The body is too large"),
    ("415", "UnsupportedMediaType", "The body is not JSON"),
    ("422", "ValidationFailed", "Well-formed but invalid values; `errors` lists every bad field"),
    (
        "429",
        "TooManyRequests",
        "Rate limited (per token, or per address when anonymous; `SAMVERKA_RATE_LIMIT_PER_MINUTE`): wait `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`",
    ),
    ("503", "ServiceUnavailable", "The database is unavailable; retry after `Retry-After` seconds"),
];

fn problem_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(PROBLEM_JSON, Content::new(Some(Ref::from_schema_name("Problem"))))
        .build()
}

fn add_problem_responses(doc: &mut utoipa::openapi::OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    for (_, name, description) in PROBLEMS {
        components.responses.insert(name.to_owned(), RefOr::T(problem_response(description)));
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        let needs_db = path.starts_with("/api/v1/") && path != "/api/v1/api-info" || path == "/health/ready";
        for op in
            [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
        {
            let params = op.parameters.iter().flatten().filter_map(|p| match p {
                RefOr::T(p) => Some(p.parameter_in.clone()),
                RefOr::Ref(_) => None,
            });
            let (mut has_path, mut has_query) = (false, false);
            for place in params {
                has_path |= matches!(place, ParameterIn::Path);
                has_query |= matches!(place, ParameterIn::Query);
            }
            let has_body = op.request_body.is_some();
            let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
            let mut wanted = Vec::new();
            if has_path || has_query || has_body {
                wanted.push("400");
            }
            if secured {
                wanted.extend(["401", "403"]);
            }
            if has_path {
                wanted.push("404");
            }
            if has_body {
                wanted.extend(["413", "415", "422"]);
            }
            if path.starts_with("/api/v1/") {
                wanted.push("429");
            }
            if needs_db {
                wanted.push("503");
            }
            for status in wanted {
                if let Some((_, name, _)) = PROBLEMS.iter().find(|(s, _, _)| *s == status) {
                    op.responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| RefOr::Ref(Ref::from_response_name(*name)));
                }
            }
            // Problems declared by a handler (`body = Problem`) are served as
            // application/problem+json, whatever the declaration defaulted to.
            for response in op.responses.responses.values_mut() {
                if let RefOr::T(response) = response {
                    let is_problem = response.content.get("application/json").is_some_and(|content| {
                        matches!(content, RefOr::T(c) if matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/Problem")))
                    });
                    if is_problem && let Some(content) = response.content.shift_remove("application/json") {
                        response.content.insert(PROBLEM_JSON.to_owned(), content);
                    }
                }
            }
        }
    }
}
