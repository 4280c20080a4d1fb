//! The pages a problem's `type` names: what each kind of error means and
//! what a client does about it. Every server serves them at
//! `/problems/{type}`, the last segment of the `type` URI.

use crate::error::ApiError;
use actix_web::{HttpResponse, get, web};

/// (slug, status, title, when it happens, what to do)
pub const PAGES: [(&str, u16, &str, &str, &str); 15] = [
    (
        "bad-request",
        400,
        "Bad request",
        "The request cannot be read: malformed JSON, a value of the wrong type, an unknown field or query parameter, a malformed id or cursor.",
        "Fix the request; `errors` names the field. Sending it again unchanged gives the same answer.",
    ),
    (
        "validation",
        422,
        "Invalid values",
        "The request is well-formed but values break the rules: a bad organisation number, an unknown municipality, a date out of range, a required field missing.",
        "`errors` lists every bad field at once (`field`, `code`, `message`); fix them all and send again.",
    ),
    (
        "unauthorized",
        401,
        "Authentication required",
        "There is no bearer token, or it is malformed, expired or for an account that is disabled or gone.",
        "Sign in again at `POST /api/v1/auth/token` (or use the refresh token) and send the new access token.",
    ),
    (
        "forbidden",
        403,
        "Operation not allowed",
        "You are signed in, but your role may not do this kind of operation (the access rules).",
        "Ask someone whose role may, or an admin for another role. Repeating does not help.",
    ),
    (
        "not-found",
        404,
        "Not found",
        "The resource does not exist, was deleted, or is not visible to you; the two are never told apart.",
        "Check the id and your role's reads.",
    ),
    (
        "method-not-allowed",
        405,
        "Method not allowed",
        "The path exists but not with this method.",
        "Use one of the methods in the `Allow` header.",
    ),
    (
        "conflict",
        409,
        "Conflict",
        "The request conflicts with the current state: a duplicate (an organisation number, an e-mail), a step the workflow does not take, a full meeting, the last admin.",
        "Read the resource again; `errors` says what conflicts. Change the request, not the timing.",
    ),
    (
        "precondition-failed",
        412,
        "Resource has changed",
        "`If-Match` names a version that is no longer the current one: someone changed the resource since you read it.",
        "GET it again (new `ETag`), re-apply your change, and send it with the new ETag.",
    ),
    (
        "payload-too-large",
        413,
        "Payload too large",
        "The body is larger than the server takes (1 MiB).",
        "Send less: lists are changed in pages.",
    ),
    (
        "unsupported-media-type",
        415,
        "Unsupported media type",
        "The body is not sent as `application/json` (or the form the operation takes).",
        "Set `Content-Type: application/json`.",
    ),
    (
        "not-acceptable",
        406,
        "Not acceptable",
        "None of the formats in `Accept` can be delivered by this resource.",
        "Accept one of the formats `detail` names (e.g. `text/csv` or `application/x-ndjson` for the export).",
    ),
    (
        "rate-limited",
        429,
        "Too many requests",
        "You sent more requests per minute than your limit, or too many sign-in attempts.",
        "Wait `Retry-After` seconds; `RateLimit-Remaining` and `RateLimit-Reset` on every answer tell you how much is left.",
    ),
    (
        "request-timeout",
        408,
        "Request timeout",
        "The request did not complete in time (its body arrived too slowly, or the answer could not start within the limit).",
        "Send it again; if it keeps happening, ask for less at a time.",
    ),
    (
        "service-unavailable",
        503,
        "Service temporarily unavailable",
        "The database cannot be reached, or too many sign-ins are being checked at once. The server itself keeps running.",
        "Retry after `Retry-After` seconds. Writes that failed left nothing half-done.",
    ),
    (
        "internal",
        500,
        "Internal error",
        "A bug in the server: nothing a client sends should cause it.",
        "Report it with the `X-Request-Id` of the answer; the server's log has the cause under that id.",
    ),
];

/// What a kind of problem means and what to do about it: the page a problem's `type` names.
#[utoipa::path(
    tag = "meta",
    params(("type" = inline(crate::schema::ProblemType), Path, description = "The last segment of a problem's `type`, e.g. `validation`")),
    responses(
        (status = 200, description = "The page", body = String, content_type = "text/html"),
        (status = 404, description = "No such kind of problem", body = crate::error::Problem),
    )
)]
#[get("/problems/{type}")]
pub async fn problem_page(path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let (slug, status, title, when, what) =
        PAGES.iter().find(|(slug, ..)| *slug == path.as_str()).ok_or(ApiError::NotFound)?;
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} ({status}) — Samverka</title></head>\n\
         <body><h1>{title}</h1><p><code>type: https://samverka.se/problems/{slug}</code> · HTTP {status}</p>\n\
         <h2>When</h2><p>{}</p>\n<h2>What to do</h2><p>{}</p>\n\
         <p>Every problem is an RFC 9457 document (<code>application/problem+json</code>) with <code>type</code>, \
         <code>title</code>, <code>status</code>, <code>detail</code> and <code>instance</code>; bad input adds \
         <code>errors</code>. The API is described at <a href=\"/swagger-ui/\">/swagger-ui/</a>.</p></body></html>\n",
        code_spans(when),
        code_spans(what),
    );
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=86400"))
        .body(page))
}

/// `text` with its backquoted spans as `<code>` (the texts hold no markup).
fn code_spans(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { format!("<code>{part}</code>") } else { part.to_owned() })
        .collect()
}
