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
