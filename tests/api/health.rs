use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn live_and_ready_answer_200_with_a_request_id() {
    let app = spawn_app().await;
    for path in ["/health/live", "/health/ready"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers().contains_key("x-request-id"));
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["status"], "ok");
    }
}

#[tokio::test]
async fn a_client_request_id_is_echoed_and_a_bad_one_replaced() {
    let app = spawn_app().await;
    let response =
        app.client.get(app.url("/health/live")).header("X-Request-Id", "trace-42").send().await.expect("send");
    assert_eq!(response.headers()["x-request-id"], "trace-42");
    let long = "x".repeat(300);
    let response =
        app.client.get(app.url("/health/live")).header("X-Request-Id", long.as_str()).send().await.expect("send");
    let id = response.headers()["x-request-id"].to_str().expect("ascii").to_owned();
    assert_ne!(id, long);
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "a fresh UUID: {id}");
}

#[tokio::test]
async fn when_the_database_is_gone_reads_answer_503_and_liveness_stays_200() {
    let app = spawn_app().await;
    app.db.close_by_ref().await.expect("close the pool");

    let (headers, body) = assert_problem(app.get("/health/ready").await, 503).await;
    assert_eq!(headers.get("retry-after").and_then(|v| v.to_str().ok()), Some("5"));
    assert_eq!(body["type"], "https://samverka.se/problems/service-unavailable");

    let (headers, body) = assert_problem(app.get("/api/v1/municipalities").await, 503).await;
    assert!(headers.contains_key("retry-after"));
    let text = body.to_string().to_lowercase();
    assert!(!text.contains("pool") && !text.contains("sqlx"), "no cause leaks: {body}");

    assert_eq!(app.get("/health/live").await.status(), 200);
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let app = spawn_app().await;
    app.get("/api/v1/municipalities/0686").await;
    app.get("/api/v1/municipalities/0686").await;
    app.get("/api/v1/municipalities/9999").await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/plain"));
    let text = response.text().await.expect("text");
    assert!(
        text.contains(
            r#"samverka_http_requests_total{method="GET",route="/api/v1/municipalities/{code}",status="200"} 2"#
        ),
        "{text}"
    );
    assert!(text.contains(
        r#"samverka_http_requests_total{method="GET",route="/api/v1/municipalities/{code}",status="404"} 1"#
    ));
    assert!(text.contains("samverka_http_request_duration_seconds_bucket{"));
    // The build, the pool and the process, read when scraped.
    assert!(text.contains(&format!("samverka_build_info{{version=\"{}\"}} 1", env!("CARGO_PKG_VERSION"))), "{text}");
    let value = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.trim().parse().ok()))
            .unwrap_or_else(|| panic!("{name} in {text}"))
    };
    assert!(value("samverka_db_pool_connections ") >= 1.0);
    assert!(value("samverka_db_pool_idle_connections ") <= value("samverka_db_pool_connections "));
    assert!(value("samverka_process_resident_memory_bytes ") > 1_000_000.0);
    assert!(value("samverka_process_open_fds ") > 3.0);
    assert!(value("samverka_process_cpu_seconds_total ") > 0.0);
}

#[tokio::test]
async fn the_tests_run_on_the_database_they_were_asked_for() {
    let app = spawn_app().await;
    let expected =
        if crate::helpers::is_postgres() { sea_orm::DbBackend::Postgres } else { sea_orm::DbBackend::Sqlite };
    assert_eq!(app.db.get_database_backend(), expected);
}
