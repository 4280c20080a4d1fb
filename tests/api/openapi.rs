use crate::helpers::spawn_app;
use serde_json::Value;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json");

/// The served document must equal the committed one. Regenerate with
/// `cargo run -- openapi > openapi/openapi.json` (or run this test with
/// SAMVERKA_UPDATE_OPENAPI=1).
#[tokio::test]
async fn the_served_document_matches_the_committed_one() {
    let app = spawn_app().await;
    let response = app.get("/api-docs/openapi.json").await;
    assert_eq!(response.status(), 200);
    let served: Value = response.json().await.expect("json");
    if std::env::var("SAMVERKA_UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        let text = serde_json::to_string_pretty(&served).expect("serialize") + "\n";
        std::fs::write(COMMITTED, text).expect("write openapi/openapi.json");
    }
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(COMMITTED).expect("openapi/openapi.json exists"))
            .expect("committed document is JSON");
    assert!(
        served == committed,
        "openapi/openapi.json is out of date: run `cargo run -- openapi > openapi/openapi.json` and commit it"
    );
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_documents_errors() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api-docs/openapi.json").await.json().await.expect("json");
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    for path in
        ["/api/v1/api-info", "/api/v1/municipalities", "/api/v1/competence-areas/{slug}", "/health/ready", "/metrics"]
    {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    let get_one = &doc["paths"]["/api/v1/municipalities/{code}"]["get"]["responses"];
    for status in ["200", "400", "404", "503"] {
        assert!(get_one.get(status).is_some(), "GET /municipalities/{{code}} documents {status}");
    }
    assert_eq!(
        doc["components"]["responses"]["NotFound"]["content"]["application/problem+json"]["schema"]["$ref"],
        "#/components/schemas/Problem"
    );
}

#[tokio::test]
async fn swagger_ui_is_served_from_the_binary() {
    let app = spawn_app().await;
    let index = app.get("/swagger-ui/").await;
    assert_eq!(index.status(), 200);
    assert!(index.text().await.expect("text").contains("swagger-ui"));
    let initializer = app.get("/swagger-ui/swagger-initializer.js").await.text().await.expect("text");
    assert!(initializer.contains("/api-docs/openapi.json"), "{initializer}");
    let bundle = app.get("/swagger-ui/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status(), 200);
    let redirect = app.get("/swagger-ui").await;
    assert_eq!(redirect.status(), 308);
    assert_eq!(redirect.headers()["location"], "/swagger-ui/");
}

/// Every problem answer the document declares is `application/problem+json`,
/// as the server sends it (Schemathesis flagged the difference).
#[tokio::test]
async fn problems_are_documented_as_problem_json() {
    let document: serde_json::Value =
        serde_json::from_str(&samverka_http::openapi::document().to_json().expect("json")).expect("document");
    let mut wrong = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("item") {
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                let json_problem = response["content"]["application/json"]["schema"]["$ref"]
                    .as_str()
                    .is_some_and(|r| r.ends_with("/Problem"));
                if json_problem {
                    wrong.push(format!("{method} {path} {status}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "problems documented as application/json: {wrong:?}");
}

/// Every value a client sends is bounded in the document: each string of a
/// request body or query has a length, pattern, enum or format, each array a
/// maximum of items, each integer a range — so that generated clients and
/// fuzzers know the limits the server applies.
#[tokio::test]
async fn every_input_is_bounded_in_the_document() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api-docs/openapi.json").await.json().await.expect("json");
    let mut unbounded = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            let at = format!("{} {path}", method.to_uppercase());
            for parameter in op["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap_or_default();
                // Headers a browser sets, and the free-text audit filters, are not limited here.
                if ["Accept-Language", "If-Match", "entity", "entityId", "actor", "provider"].contains(&name) {
                    continue;
                }
                check_bounded(&doc, &parameter["schema"], &format!("{at} {name}"), &mut unbounded);
            }
            for content in op["requestBody"]["content"].as_object().into_iter().flat_map(|c| c.values()) {
                check_bounded(&doc, &content["schema"], &format!("{at} body"), &mut unbounded);
            }
        }
    }
    // The OAuth 2.0 token form follows RFC 6749 (its fields are limited by the 64 KiB form limit).
    unbounded.retain(|place| !place.starts_with("POST /api/v1/auth/token"));
    assert!(unbounded.is_empty(), "unbounded inputs:\n{}", unbounded.join("\n"));
}

fn check_bounded(doc: &Value, schema: &Value, place: &str, unbounded: &mut Vec<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap_or_default();
        return check_bounded(doc, &doc["components"]["schemas"][name], place, unbounded);
    }
    for alternative in schema["oneOf"].as_array().into_iter().flatten() {
        check_bounded(doc, alternative, place, unbounded);
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let has = |key: &str| schema.get(key).is_some();
    if types.contains(&"string") && !(has("maxLength") || has("enum") || has("pattern") || has("format")) {
        unbounded.push(format!("{place}: string"));
    }
    if types.contains(&"array") {
        if !has("maxItems") {
            unbounded.push(format!("{place}: array"));
        }
        check_bounded(doc, &schema["items"], &format!("{place}[]"), unbounded);
    }
    if (types.contains(&"integer") || types.contains(&"number")) && !(has("maximum") && has("minimum")) {
        unbounded.push(format!("{place}: number"));
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        check_bounded(doc, property, &format!("{place}.{name}"), unbounded);
    }
}

/// The document's request examples are accepted by the server as they stand
/// (ids of things made earlier filled in), so they cannot drift from the rules.
#[tokio::test]
async fn every_request_example_is_accepted() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let examples: std::collections::HashMap<&str, Value> =
        samverka_http::openapi_examples::request_examples().into_iter().collect();
    let example = |name: &str| examples.get(name).cloned().unwrap_or_else(|| panic!("an example of {name}"));
    let with = |mut body: Value, field: &str, value: &str| {
        body[field] = Value::String(value.to_owned());
        body
    };
    let send = |method: reqwest::Method, path: String, body: Value| {
        let request = app.client.request(method, app.url(&path)).bearer_auth(&admin).json(&body);
        async move {
            let response = request.send().await.expect("send");
            let status = response.status();
            let answer: Value = response.json().await.unwrap_or(Value::Null);
            assert!(status.is_success(), "{path}: {status} {answer}");
            answer
        }
    };
    use reqwest::Method;
    send(Method::POST, "/api/v1/municipalities".into(), example("CreateMunicipalityRequest")).await;
    send(Method::POST, "/api/v1/competence-areas".into(), example("CreateCompetenceAreaRequest")).await;
    let company = send(Method::POST, "/api/v1/companies".into(), example("CreateCompanyRequest")).await;
    let company = company["id"].as_str().expect("id").to_owned();
    send(Method::PATCH, format!("/api/v1/companies/{company}"), example("UpdateCompanyRequest")).await;
    let contact =
        send(Method::POST, format!("/api/v1/companies/{company}/contacts"), example("CreateContactRequest")).await;
    let contact = contact["id"].as_str().expect("id").to_owned();
    send(Method::PATCH, format!("/api/v1/companies/{company}/contacts/{contact}"), example("UpdateContactRequest"))
        .await;
    let analysis = send(
        Method::POST,
        "/api/v1/needs-analyses".into(),
        with(example("CreateAnalysisRequest"), "companyId", &company),
    )
    .await;
    let analysis = analysis["id"].as_str().expect("id").to_owned();
    send(Method::PATCH, format!("/api/v1/needs-analyses/{analysis}"), example("UpdateAnalysisRequest")).await;
    let offer = send(Method::POST, "/api/v1/training-offers".into(), example("CreateOfferRequest")).await;
    let offer = offer["id"].as_str().expect("id").to_owned();
    send(Method::PATCH, format!("/api/v1/training-offers/{offer}"), example("UpdateOfferRequest")).await;
    let enrolment = with(example("CreateEnrolmentRequest"), "companyId", &company);
    send(Method::POST, format!("/api/v1/training-offers/{offer}/enrolments"), enrolment).await;
    let meeting = send(Method::POST, "/api/v1/network-meetings".into(), example("CreateMeetingRequest")).await;
    let meeting = meeting["id"].as_str().expect("id").to_owned();
    let registration = with(example("CreateRegistrationRequest"), "companyId", &company);
    send(Method::POST, format!("/api/v1/network-meetings/{meeting}/registrations"), registration).await;
    send(Method::POST, "/api/v1/users".into(), example("CreateUserRequest")).await;
    send(Method::POST, "/api/v1/api-clients".into(), example("CreateApiClientRequest")).await;
}
