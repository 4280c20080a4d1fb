//! The one error path: every failure becomes an `ApiError`, and every
//! `ApiError` becomes an RFC 9457 `application/problem+json` document, in the
//! request's language. A 5xx answer says nothing of its cause; the log does.

use crate::context;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use samverka_domain::{FieldError, FieldErrors, Language};
use samverka_persistence::StoreError;
use serde::Serialize;
use std::fmt;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";
const PROBLEM_BASE: &str = "https://samverka.se/problems/";
/// Seconds a client should wait before retrying after a 503.
pub const RETRY_AFTER_UNAVAILABLE: u64 = 5;

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// A URI that identifies the kind of problem.
    #[schema(example = "https://samverka.se/problems/validation")]
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the kind of problem, in the request's language.
    #[schema(example = "Ogiltiga värden")]
    pub title: String,
    /// The HTTP status code.
    #[schema(example = 422)]
    pub status: u16,
    /// What went wrong with this request.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "2 fields are invalid")]
    pub detail: Option<String>,
    /// The path of the request.
    #[schema(example = "/api/v1/companies")]
    pub instance: String,
    /// The request id (also in the `X-Request-Id` header): quote it when you ask for help.
    #[schema(example = "0193a4f2-7c1e-7d3a-9f00-5b2c1a4e8d10")]
    pub request_id: String,
    /// Every invalid field, when the problem is about fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

/// One invalid field of a request.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    /// The field's name, as in the request (camelCase; dotted for nested fields, `needs[0].area`).
    #[schema(example = "orgNumber")]
    pub field: String,
    /// A stable, machine-readable code.
    #[schema(example = "checksum")]
    pub code: String,
    /// What is wrong, for a person.
    #[schema(example = "the check digit does not match")]
    pub message: String,
}

impl From<FieldError> for ProblemField {
    fn from(e: FieldError) -> Self {
        ProblemField { field: e.field, code: e.code, message: e.message }
    }
}

#[derive(Debug)]
pub enum ApiError {
    /// Malformed request: bad JSON, wrong types, unknown query parameters or values.
    BadRequest {
        detail: String,
        errors: Vec<FieldError>,
    },
    /// Well-formed but invalid values.
    Validation(FieldErrors),
    Unauthorized {
        detail: String,
    },
    Forbidden {
        detail: String,
    },
    NotFound,
    MethodNotAllowed {
        allow: Vec<Method>,
    },
    Conflict {
        detail: String,
        errors: Vec<FieldError>,
    },
    PreconditionFailed,
    PayloadTooLarge {
        limit: usize,
    },
    UnsupportedMediaType {
        expected: &'static str,
    },
    NotAcceptable {
        offered: &'static str,
    },
    TooManyRequests {
        retry_after: u64,
    },
    RequestTimeout,
    Unavailable,
    /// Too much work queued (password hashing): 503 with `Retry-After`.
    Busy {
        retry_after: u64,
    },
    /// A bug: logged with its cause, answered without it.
    Internal(String),
}

impl ApiError {
    pub fn bad_request(detail: impl Into<String>) -> Self {
        ApiError::BadRequest { detail: detail.into(), errors: Vec::new() }
    }

    pub fn bad_field(error: FieldError) -> Self {
        ApiError::BadRequest { detail: error.message.clone(), errors: vec![error] }
    }

    /// The one unique-violation mapper: a store error that is a unique
    /// constraint's violation becomes a 409 `duplicate` on `field`; any other
    /// stays what it is. `.map_err(ApiError::on_duplicate("orgNumber", "…"))`.
    pub fn on_duplicate(field: &str, message: impl Into<String>) -> impl FnOnce(StoreError) -> ApiError {
        let (field, message) = (field.to_owned(), message.into());
        move |error| match error {
            StoreError::Conflict(_) => ApiError::conflict(&field, "duplicate", message),
            other => other.into(),
        }
    }

    /// A 409 about one field: a duplicate value, a reference in use.
    /// A 409 from a domain rule's refusal (its field, code and message).
    pub fn conflict_on(error: FieldError) -> Self {
        ApiError::Conflict { detail: error.message.clone(), errors: vec![error] }
    }

    pub fn conflict(field: &str, code: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        ApiError::Conflict { detail: message.clone(), errors: vec![FieldError::new(field, code, message)] }
    }

    pub fn internal(cause: impl fmt::Display) -> Self {
        ApiError::Internal(cause.to_string())
    }

    fn slug(&self) -> &'static str {
        match self {
            ApiError::BadRequest { .. } => "bad-request",
            ApiError::Validation(_) => "validation",
            ApiError::Unauthorized { .. } => "unauthorized",
            ApiError::Forbidden { .. } => "forbidden",
            ApiError::NotFound => "not-found",
            ApiError::MethodNotAllowed { .. } => "method-not-allowed",
            ApiError::Conflict { .. } => "conflict",
            ApiError::PreconditionFailed => "precondition-failed",
            ApiError::PayloadTooLarge { .. } => "payload-too-large",
            ApiError::UnsupportedMediaType { .. } => "unsupported-media-type",
            ApiError::NotAcceptable { .. } => "not-acceptable",
            ApiError::TooManyRequests { .. } => "rate-limited",
            ApiError::RequestTimeout => "request-timeout",
            ApiError::Unavailable | ApiError::Busy { .. } => "service-unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    fn title(&self, language: Language) -> &'static str {
        let (sv, en) = match self {
            ApiError::BadRequest { .. } => ("Felaktig begäran", "Bad request"),
            ApiError::Validation(_) => ("Ogiltiga värden", "Invalid values"),
            ApiError::Unauthorized { .. } => ("Inloggning krävs", "Authentication required"),
            ApiError::Forbidden { .. } => ("Åtgärden är inte tillåten", "Operation not allowed"),
            ApiError::NotFound => ("Hittades inte", "Not found"),
            ApiError::MethodNotAllowed { .. } => ("Metoden stöds inte", "Method not allowed"),
            ApiError::Conflict { .. } => ("Konflikt", "Conflict"),
            ApiError::PreconditionFailed => ("Resursen har ändrats", "Resource has changed"),
            ApiError::PayloadTooLarge { .. } => ("För stor begäran", "Payload too large"),
            ApiError::UnsupportedMediaType { .. } => ("Innehållstypen stöds inte", "Unsupported media type"),
            ApiError::NotAcceptable { .. } => ("Formatet kan inte levereras", "Not acceptable"),
            ApiError::TooManyRequests { .. } => ("För många anrop", "Too many requests"),
            ApiError::RequestTimeout => ("Begäran tog för lång tid", "Request timeout"),
            ApiError::Unavailable | ApiError::Busy { .. } => {
                ("Tjänsten är tillfälligt otillgänglig", "Service temporarily unavailable")
            }
            ApiError::Internal(_) => ("Internt fel", "Internal error"),
        };
        match language {
            Language::Sv => sv,
            Language::En => en,
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            ApiError::BadRequest { detail, .. }
            | ApiError::Unauthorized { detail }
            | ApiError::Forbidden { detail }
            | ApiError::Conflict { detail, .. } => Some(detail.clone()),
            ApiError::Validation(errors) => Some(match errors.0.len() {
                1 => "1 field is invalid".to_owned(),
                n => format!("{n} fields are invalid"),
            }),
            ApiError::NotFound => Some("no such resource, or it is not visible to you".to_owned()),
            ApiError::MethodNotAllowed { allow } => Some(format!(
                "this resource allows {}",
                allow.iter().map(Method::as_str).collect::<Vec<_>>().join(", ")
            )),
            ApiError::PreconditionFailed => {
                Some("If-Match does not match the current ETag: fetch the resource again".to_owned())
            }
            ApiError::PayloadTooLarge { limit } => Some(format!("the body may be at most {limit} bytes")),
            ApiError::UnsupportedMediaType { expected } => Some(format!("send the body as {expected}")),
            ApiError::NotAcceptable { offered } => Some(format!("this resource is available as {offered}")),
            ApiError::TooManyRequests { retry_after } => Some(format!("retry after {retry_after} seconds")),
            ApiError::RequestTimeout => Some("the request was not completed in time".to_owned()),
            ApiError::Unavailable => Some("the database cannot be reached right now; retry shortly".to_owned()),
            ApiError::Busy { retry_after } => {
                Some(format!("too many sign-ins are being checked right now; retry after {retry_after} seconds"))
            }
            ApiError::Internal(_) => None,
        }
    }

    fn field_errors(&self) -> Vec<ProblemField> {
        match self {
            ApiError::BadRequest { errors, .. } | ApiError::Conflict { errors, .. } => {
                errors.iter().cloned().map(ProblemField::from).collect()
            }
            ApiError::Validation(errors) => errors.0.iter().cloned().map(ProblemField::from).collect(),
            _ => Vec::new(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Internal(cause) => write!(f, "internal error: {cause}"),
            other => write!(f, "{}", other.slug()),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NotAcceptable { .. } => StatusCode::NOT_ACCEPTABLE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::Unavailable | ApiError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let ctx = context::current();
        if let ApiError::Internal(cause) = self {
            tracing::error!(request_id = ctx.request_id, cause, "internal error");
        }
        let status = self.status_code();
        let problem = Problem {
            problem_type: format!("{PROBLEM_BASE}{}", self.slug()),
            title: self.title(ctx.language).to_owned(),
            status: status.as_u16(),
            detail: self.detail(),
            instance: ctx.path,
            request_id: ctx.request_id,
            errors: self.field_errors(),
        };
        let mut response = HttpResponse::build(status);
        response
            .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)))
            .insert_header((header::CONTENT_LANGUAGE, ctx.language.code()))
            .insert_header((header::CACHE_CONTROL, "no-store"));
        match self {
            ApiError::Unauthorized { .. } => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"samverka\""));
            }
            ApiError::MethodNotAllowed { allow } => {
                let allow = allow.iter().map(Method::as_str).collect::<Vec<_>>().join(", ");
                response.insert_header((header::ALLOW, allow));
            }
            ApiError::TooManyRequests { retry_after } | ApiError::Busy { retry_after } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            ApiError::Unavailable => {
                response.insert_header((header::RETRY_AFTER, RETRY_AFTER_UNAVAILABLE.to_string()));
            }
            _ => {}
        }
        response.body(serde_json::to_vec(&problem).unwrap_or_default())
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Unavailable(cause) => {
                tracing::warn!(%cause, "database unavailable");
                ApiError::Unavailable
            }
            StoreError::Conflict(constraint) => ApiError::Conflict {
                detail: format!("a resource with the same unique value exists ({constraint})"),
                errors: Vec::new(),
            },
            StoreError::BadKey => {
                ApiError::bad_field(FieldError::new("cursor", "invalid", "the cursor belongs to another sort order"))
            }
            StoreError::ForeignKey(constraint) => ApiError::Conflict {
                detail: format!("the resource refers to, or is referred to by, another resource ({constraint})"),
                errors: Vec::new(),
            },
            StoreError::Other(cause) => ApiError::Internal(cause.to_string()),
            StoreError::Invalid(errors) => ApiError::Internal(format!("stored data the domain refuses: {errors:?}")),
        }
    }
}

impl From<FieldErrors> for ApiError {
    fn from(errors: FieldErrors) -> Self {
        ApiError::Validation(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::ApiError;
    use crate::routes::problems::PAGES;

    #[test]
    fn every_problem_type_has_its_page_with_its_status() {
        let every = [
            ApiError::BadRequest { detail: String::new(), errors: Vec::new() },
            ApiError::Validation(Default::default()),
            ApiError::Unauthorized { detail: String::new() },
            ApiError::Forbidden { detail: String::new() },
            ApiError::NotFound,
            ApiError::MethodNotAllowed { allow: Vec::new() },
            ApiError::Conflict { detail: String::new(), errors: Vec::new() },
            ApiError::PreconditionFailed,
            ApiError::PayloadTooLarge { limit: 1 },
            ApiError::UnsupportedMediaType { expected: "" },
            ApiError::NotAcceptable { offered: "" },
            ApiError::TooManyRequests { retry_after: 1 },
            ApiError::RequestTimeout,
            ApiError::Unavailable,
            ApiError::Busy { retry_after: 1 },
            ApiError::Internal(String::new()),
        ];
        for error in every {
            let page = PAGES.iter().find(|(slug, ..)| *slug == error.slug());
            let status = actix_web::ResponseError::status_code(&error).as_u16();
            assert_eq!(page.map(|p| p.1), Some(status), "the page of {error:?}");
        }
    }
}
