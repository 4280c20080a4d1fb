//! Limits that protect the service: rate limiting and CORS.

use crate::helpers::{assert_problem, spawn_app, spawn_app_with};

#[tokio::test]
async fn callers_are_rate_limited_each_on_their_own() {
    let app = spawn_app_with(|config| config.rate_limit_per_minute = 5).await;
    let (_, first) = app.token_for("officer").await; // the login itself counts for the address, not the token
    let mut remaining = Vec::new();
    for _ in 0..5 {
        let response = app.client.get(app.url("/api/v1/companies")).bearer_auth(&first).send().await.expect("get");
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["ratelimit-limit"], "5");
        remaining
            .push(response.headers()["ratelimit-remaining"].to_str().expect("ascii").parse::<u32>().expect("number"));
        assert!(response.headers().contains_key("ratelimit-reset"));
    }
    assert_eq!(remaining, [4, 3, 2, 1, 0]);
    let response = app.client.get(app.url("/api/v1/companies")).bearer_auth(&first).send().await.expect("get");
    let (headers, problem) = assert_problem(response, 429).await;
    let retry: u64 = headers["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=12).contains(&retry), "{retry}");
    assert_eq!(headers["ratelimit-remaining"], "0");
    assert_eq!(problem["type"], "https://samverka.se/problems/rate-limited");

    // Another caller has its own budget; operations endpoints are not limited.
    let second = app.create_user("officer", None).await;
    let body: serde_json::Value = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .form(&[
            ("grant_type", "password"),
            ("username", second.email.as_str()),
            ("password", crate::helpers::PASSWORD),
        ])
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    let token = body["access_token"].as_str().expect("the address still has budget for a login");
    let response = app.client.get(app.url("/api/v1/companies")).bearer_auth(token).send().await.expect("get");
    assert_eq!(response.status(), 200);
    for _ in 0..10 {
        assert_eq!(app.get("/health/live").await.status(), 200);
    }
}

#[tokio::test]
async fn cors_allows_the_configured_origins_only() {
    let app = spawn_app_with(|config| config.cors_origins = vec!["https://app.example.se".to_owned()]).await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/companies"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "authorization, content-type, idempotency-key")
            .send()
    };
    let response = preflight("https://app.example.se").await.expect("preflight");
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(response.headers()["access-control-allow-origin"], "https://app.example.se");
    let methods = response.headers()["access-control-allow-methods"].to_str().expect("ascii").to_owned();
    assert!(methods.contains("POST") && methods.contains("PATCH"), "{methods}");
    let response = preflight("https://evil.example.com").await.expect("preflight");
    assert!(!response.headers().contains_key("access-control-allow-origin"));

    let response = app.client.get(app.url("/api/v1/companies")).header("origin", "https://app.example.se").send().await;
    let response = response.expect("get");
    assert_eq!(response.headers()["access-control-allow-origin"], "https://app.example.se");
    let exposed = response.headers()["access-control-expose-headers"].to_str().expect("ascii").to_lowercase();
    assert!(exposed.contains("etag") && exposed.contains("link") && exposed.contains("x-request-id"), "{exposed}");

    // By default no origin is allowed.
    let closed = spawn_app().await;
    let response =
        closed.client.get(closed.url("/api/v1/companies")).header("origin", "https://app.example.se").send().await;
    assert!(!response.expect("get").headers().contains_key("access-control-allow-origin"));
}

/// A graceful stop (SIGTERM) lets a request in flight finish, and takes no new ones.
#[tokio::test]
async fn a_graceful_stop_finishes_requests_in_flight() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let body = br#"{"orgNumber": "556036-0793", "name": "Sent slowly AB", "municipality": "0686", "sniCode": "25620", "employees": 1}"#;
    let mut stream = tokio::net::TcpStream::connect(&address).await.expect("connect");
    let head = format!(
        "POST /api/v1/companies HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    stream.write_all(&body[..20]).await.expect("half the body");
    stream.flush().await.expect("flush");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    // Stop while the request is half sent.
    let stopping = tokio::spawn(app.handle.stop(true));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(tokio::net::TcpStream::connect(&address).await.is_err(), "no new connections while stopping");

    stream.write_all(&body[20..]).await.expect("the rest of the body");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("the answer");
    // Anonymous: the request ran to its end and was answered (401), not cut off.
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(answer.contains("application/problem+json"));
    stopping.await.expect("stopped");
}

/// A client that stops sending its body in the middle does not hold a worker:
/// the request ends with 408 at the deadline.
#[tokio::test]
async fn a_stalled_request_ends_at_the_deadline() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app_with(|config| config.request_timeout_secs = 1).await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.expect("connect");
    let head = format!(
        "POST /api/v1/companies HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{{\"name\":"
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    let started = std::time::Instant::now();
    let mut answer = String::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read_to_string(&mut answer)).await;
    assert!(read.is_ok(), "answered, not left hanging");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json") && answer.contains("request-timeout"), "{answer}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    // The server is fine afterwards.
    assert_eq!(app.get("/api/v1/api-info").await.status(), 200);
}

#[tokio::test]
async fn oversized_request_heads_are_431() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let address = app.address.trim_start_matches("http://").to_owned();
    // More than 96 header fields, and a head over 128 KiB: each is refused before any handler runs.
    let many: String = (0..100).map(|i| format!("x-h{i}: v\r\n")).collect();
    let big = format!("x-big: {}\r\n", "a".repeat(130 * 1024));
    for extra in [many, big] {
        let mut stream = tokio::net::TcpStream::connect(&address).await.expect("connect");
        let head = format!("GET /api/v1/api-info HTTP/1.1\r\nHost: {address}\r\n{extra}\r\n");
        let _ = stream.write_all(head.as_bytes()).await; // the server may close before it has read everything
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 431"), "{}", answer.lines().next().unwrap_or_default());
    }
    // A normal head still works.
    assert_eq!(app.get("/api/v1/api-info").await.status(), 200);
}
