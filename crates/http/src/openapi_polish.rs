//! The document as a reader and a client generator want it, applied to
//! every operation in one place: camelCase verb-first operation ids, a
//! one-line summary with the rest in `description`, the headers every answer
//! carries, `Idempotency-Key` wherever it is honoured, and where to find more.

use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::{ContactBuilder, Header, HeaderBuilder, OpenApi, RefOr, Required, ServerBuilder};

/// Operation ids that are not already a verb and an object once camelCased.
const RENAMED: [(&str, &str); 9] = [
    ("api_info", "getApiInfo"),
    ("live", "getLiveness"),
    ("ready", "getReadiness"),
    ("metrics", "getMetrics"),
    ("demand", "getDemandStatistics"),
    ("participation", "getParticipationReport"),
    ("company_changes", "listCompanyChanges"),
    ("matching_offers", "listMatchingOffers"),
    ("issue_token", "issueToken"),
];

/// The longest summary; the whole text goes to `description`.
const SUMMARY_MAX: usize = 120;

pub fn polish(doc: &mut OpenApi) {
    doc.servers = Some(vec![ServerBuilder::new().url("/").description(Some("This server")).build()]);
    doc.info.contact = Some(
        ContactBuilder::new()
            .name(Some("Samverka"))
            .url(Some("https://samverka.se"))
            .email(Some("api@samverka.se"))
            .build(),
    );
    doc.external_docs = Some(
        utoipa::openapi::external_docs::ExternalDocsBuilder::new()
            .url("https://samverka.se/docs/")
            .description(Some("The design, the access rules and the contract in brief (also docs/ in the repository)"))
            .build(),
    );
    for (path, item) in doc.paths.paths.iter_mut() {
        let api = path.starts_with("/api/v1/");
        let operations = [
            (&mut item.get, "get"),
            (&mut item.post, "post"),
            (&mut item.put, "put"),
            (&mut item.patch, "patch"),
            (&mut item.delete, "delete"),
        ];
        for (op, method) in operations {
            let Some(op) = op else { continue };
            rename(op);
            split_summary(op);
            answer_headers(op, api, method, path.ends_with('}'));
            if api && method == "post" && path != "/api/v1/auth/token" {
                idempotency_key(op);
            }
            if api && method == "get" && path.ends_with('}') {
                if_none_match(op);
            }
        }
    }
    if let Some(components) = doc.components.as_mut() {
        for (name, example) in crate::openapi_examples::request_examples() {
            if let Some(RefOr::T(utoipa::openapi::schema::Schema::Object(schema))) = components.schemas.get_mut(name) {
                schema.examples = vec![example];
            }
        }
    }
    // Problem answers no operation refers to (handlers declare their own 409 and 412).
    let used = serde_json::to_string(&doc.paths).unwrap_or_default();
    if let Some(components) = doc.components.as_mut() {
        components.responses.retain(|name, _| used.contains(&format!("#/components/responses/{name}\"")));
    }
    for (name, response) in doc.components.iter_mut().flat_map(|c| c.responses.iter_mut()) {
        if let RefOr::T(response) = response
            && matches!(name.as_str(), "TooManyRequests" | "ServiceUnavailable")
        {
            response.headers.insert("Retry-After".to_owned(), header("integer", "Seconds to wait before trying again"));
        }
    }
}

fn rename(op: &mut Operation) {
    let Some(id) = op.operation_id.as_deref() else { return };
    let renamed = RENAMED.iter().find(|(from, _)| *from == id).map(|(_, to)| (*to).to_owned());
    op.operation_id = Some(renamed.unwrap_or_else(|| crate::extract::camel_case(id)));
}

/// The first sentence as the summary (at most [`SUMMARY_MAX`] characters),
/// the whole text as the description.
fn split_summary(op: &mut Operation) {
    let Some(summary) = op.summary.clone() else { return };
    let text = summary.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = text.split_inclusive(". ").next().unwrap_or(&text).trim().trim_end_matches('.').to_owned();
    let short = if first.chars().count() <= SUMMARY_MAX { first } else { shortened(&first) };
    let description = match op.description.take().filter(|d| !d.is_empty()) {
        Some(rest) => format!("{text}\n\n{rest}"),
        None => text,
    };
    op.description = Some(description);
    op.summary = Some(short);
}

/// A sentence cut to [`SUMMARY_MAX`] characters where it pauses (a colon, a
/// dash, a semicolon, a parenthesis, a comma), or at a word with an ellipsis.
fn shortened(sentence: &str) -> String {
    let head: String = sentence.chars().take(SUMMARY_MAX).collect();
    for pause in [": ", " — ", "; ", " (", ", "] {
        if let Some((before, _)) = head.rsplit_once(pause)
            && before.chars().count() >= 30
        {
            return before.to_owned();
        }
    }
    let cut: String = sentence.chars().take(SUMMARY_MAX - 1).collect();
    format!("{}…", cut.rsplit_once(' ').map_or(cut.as_str(), |(words, _)| words))
}

fn header(kind: &str, description: &str) -> RefOr<Header> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let kind = if kind == "integer" { Type::Integer } else { Type::String };
    RefOr::T(
        HeaderBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(kind)))
            .description(Some(description))
            .build(),
    )
}

/// The headers answers carry: the request id always; under `/api/v1` the
/// rate limit; on a GET's success of a single resource its validator (ETag), for lists the
/// next page (Link); on a POST's success whether it was a replay.
fn answer_headers(op: &mut Operation, api: bool, method: &str, single: bool) {
    for (status, response) in op.responses.responses.iter_mut() {
        let RefOr::T(response) = response else { continue };
        let headers = &mut response.headers;
        headers.entry("X-Request-Id".to_owned()).or_insert_with(|| {
            header("string", "The request's id: the caller's `X-Request-Id` when it sent one, a new UUID otherwise")
        });
        if api {
            for (name, description) in [
                ("RateLimit-Limit", "Requests allowed per minute for this caller"),
                ("RateLimit-Remaining", "Requests left in the current window"),
                ("RateLimit-Reset", "Seconds until the window resets"),
            ] {
                headers.entry(name.to_owned()).or_insert_with(|| header("integer", description));
            }
        }
        let success = status.starts_with('2');
        if success && method == "get" {
            // Lists answer a `ListResponse_…` (or another schema with `nextCursor`).
            let is_list = response.content.values().any(|c| {
                serde_json::to_string(c).is_ok_and(|json| json.contains("ListResponse") || json.contains("nextCursor"))
            });
            if is_list {
                headers
                    .entry("Link".to_owned())
                    .or_insert_with(|| header("string", "`<…>; rel=\"next\"`: the next page, when there is one"));
            } else if single && !response.content.is_empty() {
                headers
                    .entry("ETag".to_owned())
                    .or_insert_with(|| header("string", "A strong validator: send it in `If-None-Match` (304)"));
            }
        }
        if success && method == "post" && api {
            headers.entry("Idempotent-Replayed".to_owned()).or_insert_with(|| {
                header(
                    "string",
                    "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`",
                )
            });
        }
    }
}

fn idempotency_key(op: &mut Operation) {
    // A key reused for another request is a 422, whether or not there is a body.
    op.responses
        .responses
        .entry("422".to_owned())
        .or_insert_with(|| RefOr::Ref(utoipa::openapi::Ref::from_response_name("ValidationFailed")));
    let parameters = op.parameters.get_or_insert_with(Vec::new);
    if parameters.iter().any(|p| matches!(p, RefOr::T(p) if p.name == "Idempotency-Key")) {
        return;
    }
    parameters.push(RefOr::T(
        ParameterBuilder::new()
            .name("Idempotency-Key")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some("Retry safely: the same key and body within 24 h answers the first result again"))
            .schema(Some(<crate::schema::IdempotencyKey as utoipa::PartialSchema>::schema()))
            .build(),
    ));
}

/// A single resource's GET answers 304 to an `If-None-Match` that matches.
fn if_none_match(op: &mut Operation) {
    let parameters = op.parameters.get_or_insert_with(Vec::new);
    if !parameters.iter().any(|p| matches!(p, RefOr::T(p) if p.name == "If-None-Match")) {
        parameters.push(RefOr::T(
            ParameterBuilder::new()
                .name("If-None-Match")
                .parameter_in(ParameterIn::Header)
                .required(Required::False)
                .description(Some("The `ETag` you hold: 304 without a body when it is still the current one"))
                .schema(Some(<crate::schema::EntityTagsHeld as utoipa::PartialSchema>::schema()))
                .build(),
        ));
    }
    op.responses.responses.entry("304".to_owned()).or_insert_with(|| {
        RefOr::T(
            utoipa::openapi::ResponseBuilder::new()
                .description("Not modified since the ETag in `If-None-Match`")
                .build(),
        )
    });
}
