use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn an_unknown_route_is_a_problem_404() {
    let app = spawn_app().await;
    for path in ["/api/v1/nothing-here", "/", "/api/v2/municipalities"] {
        let (_, body) = assert_problem(app.get(path).await, 404).await;
        assert_eq!(body["type"], "https://samverka.se/problems/not-found");
        assert_eq!(body["instance"], path);
    }
}

#[tokio::test]
async fn an_unrouted_method_is_405_with_allow() {
    let app = spawn_app().await;
    for (method, path) in [
        (reqwest::Method::DELETE, "/api/v1/municipalities"),
        (reqwest::Method::PUT, "/api/v1/competence-areas/leadership"),
        (reqwest::Method::POST, "/health/live"),
        (reqwest::Method::TRACE, "/api/v1/api-info"),
    ] {
        let response = app.client.request(method.clone(), app.url(path)).send().await.expect("send");
        let (headers, _) = assert_problem(response, 405).await;
        let allow = headers.get("allow").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(allow.contains("GET"), "{method} {path}: Allow = {allow}");
    }
}

#[tokio::test]
async fn problem_titles_follow_accept_language() {
    let app = spawn_app().await;
    let sv = app.get("/api/v1/nothing").await;
    assert_eq!(sv.headers()["content-language"], "sv");
    let (_, sv) = assert_problem(sv, 404).await;
    assert_eq!(sv["title"], "Hittades inte");
    let en = app.client.get(app.url("/api/v1/nothing")).header("Accept-Language", "en").send().await.expect("send");
    let (_, en) = assert_problem(en, 404).await;
    assert_eq!(en["title"], "Not found");
}

#[tokio::test]
async fn every_answer_carries_nosniff() {
    let app = spawn_app().await;
    for path in ["/health/live", "/api/v1/municipalities", "/nope"] {
        assert_eq!(app.get(path).await.headers()["x-content-type-options"], "nosniff", "{path}");
    }
}
