//! A newcomer's first hour: the binary starts under what `docker compose`
//! passes when nothing is configured, and every subcommand takes every option.

use crate::helpers::ServerProcess;

/// A directory of its own for one test (the default SQLite file lands there).
fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("samverka-{name}-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// `docker compose up` without an `.env` file passes every `${VAR:-}` as the
/// empty string: the server treats them as unset and serves (a generated
/// secret, no first admin, the default database).
#[tokio::test]
async fn the_binary_serves_under_composes_empty_values() {
    let dir = scratch_dir("compose");
    let empty = [
        ("DATABASE_URL", ""),
        ("SAMVERKA_JWT_SECRET", ""),
        ("SAMVERKA_ADMIN_EMAIL", ""),
        ("SAMVERKA_ADMIN_PASSWORD", ""),
        ("SAMVERKA_DEMO_DATA", ""),
        ("SAMVERKA_LOG_FORMAT", ""),
        ("SAMVERKA_WORKERS", ""),
        ("SAMVERKA_CORS_ORIGINS", ""),
        ("SAMVERKA_TRUSTED_PROXIES", ""),
    ];
    let server = ServerProcess::start(&empty, Some(&dir)).await;
    let client = reqwest::Client::new();
    let companies = client.get(format!("{}/api/v1/companies", server.1)).send().await.expect("list");
    assert_eq!(companies.status(), 200);
    assert!(dir.join("samverka.db").exists(), "the default embedded database is used");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Options are global: they may follow the subcommand, as `--help` shows them.
#[tokio::test]
async fn options_follow_any_subcommand() {
    let dir = scratch_dir("cli");
    let database = format!("sqlite://{}/cli.db?mode=rwc", dir.display());
    let binary = env!("CARGO_BIN_EXE_samverka");
    let created = std::process::Command::new(binary)
        .args(["create-admin", "--admin-email", "first@example.se", "--admin-password", "correct horse battery"])
        .args(["--database-url", &database])
        .env("RUST_LOG", "warn")
        .output()
        .expect("run create-admin");
    assert!(created.status.success(), "create-admin: {}", String::from_utf8_lossy(&created.stderr));
    // The admin exists: a server on that database signs it in.
    let secret = crate::helpers::TEST_JWT_SECRET;
    let server = ServerProcess::start(&[("DATABASE_URL", &database), ("SAMVERKA_JWT_SECRET", secret)], None).await;
    let token = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/token", server.1))
        .form(&[("grant_type", "password"), ("username", "first@example.se"), ("password", "correct horse battery")])
        .send()
        .await
        .expect("sign in");
    assert_eq!(token.status(), 200);
    drop(server);
    for subcommand in ["serve", "migrate", "create-admin", "seed-bench", "openapi"] {
        let help = std::process::Command::new(binary).args([subcommand, "--help"]).output().expect("help");
        let text = String::from_utf8_lossy(&help.stdout);
        for option in ["--database-url", "--bind", "--admin-email", "--log-format"] {
            assert!(text.contains(option), "`samverka {subcommand} --help` lists {option}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// HEAD answers wherever GET does: the same status and headers, no body.
#[tokio::test]
async fn head_is_answered_wherever_get_is() {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let id = app.create_company("0686", true).await;
    for path in [format!("/api/v1/companies/{id}"), "/api/v1/companies?limit=1".to_owned(), "/health/live".to_owned()] {
        let get = app.client.get(app.url(&path)).bearer_auth(&admin).send().await.expect("get");
        let head = app.client.head(app.url(&path)).bearer_auth(&admin).send().await.expect("head");
        assert_eq!(head.status(), get.status(), "{path}");
        for name in ["etag", "content-type", "cache-control", "link"] {
            assert_eq!(head.headers().get(name), get.headers().get(name), "{name} of HEAD {path}");
        }
        assert!(head.bytes().await.expect("body").is_empty(), "HEAD {path} has no body");
    }
    // Conditional: an ETag that matches is 304, as for GET.
    let path = format!("/api/v1/companies/{id}");
    let etag = app.client.get(app.url(&path)).bearer_auth(&admin).send().await.expect("get").headers()["etag"].clone();
    let head =
        app.client.head(app.url(&path)).bearer_auth(&admin).header("If-None-Match", etag).send().await.expect("head");
    assert_eq!(head.status(), 304);
    // If-None-Match is bounded as the document says (1,024 characters).
    let held = "\"1\", ".repeat(300);
    let too_long = app.client.get(app.url(&path)).bearer_auth(&admin).header("If-None-Match", held).send().await;
    assert_eq!(too_long.expect("get").status(), 400);
    // A path without GET stays 405, and says which methods it has.
    let head = app.client.head(app.url("/api/v1/auth/token")).send().await.expect("head");
    assert_eq!(head.status(), 405);
    assert_eq!(head.headers()["allow"], "POST");
}

/// A warning logged while a request is handled names the request: its id
/// (the caller's `X-Request-Id`) and the trace of its `traceparent`.
#[tokio::test]
async fn a_warning_inside_a_request_carries_its_request_id() {
    let dir = scratch_dir("logs");
    let log = dir.join("server.log");
    let database = format!("sqlite://{}/logs.db?mode=rwc", dir.display());
    let env = [
        ("DATABASE_URL", database.as_str()),
        ("SAMVERKA_JWT_SECRET", crate::helpers::TEST_JWT_SECRET),
        ("SAMVERKA_ADMIN_EMAIL", "first@example.se"),
        ("SAMVERKA_ADMIN_PASSWORD", "correct horse battery"),
        ("SAMVERKA_LOG_FORMAT", "json"),
    ];
    let server = ServerProcess::start_logging(&env, None, Some(&log)).await;
    let client = reqwest::Client::new();
    let url = |path: &str| format!("{}{path}", server.1);
    let signed_in: serde_json::Value = client
        .post(url("/api/v1/auth/token"))
        .form(&[("grant_type", "password"), ("username", "first@example.se"), ("password", "correct horse battery")])
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("json");
    let refresh = signed_in["refresh_token"].as_str().expect("a refresh token").to_owned();
    let use_refresh = |request_id: &'static str| {
        client
            .post(url("/api/v1/auth/token"))
            .header("X-Request-Id", request_id)
            .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .form(&[("grant_type", "refresh_token"), ("refresh_token", refresh.as_str())])
            .send()
    };
    assert_eq!(use_refresh("first-use").await.expect("refresh").status(), 200);
    // The spent token again: the server warns that its family is revoked.
    assert_eq!(use_refresh("reuse-of-a-spent-token").await.expect("refresh").status(), 400);
    drop(server);
    let text = std::fs::read_to_string(&log).expect("the log");
    let warning: serde_json::Value = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|line| {
            line["level"] == "WARN" && line["message"].as_str().is_some_and(|m| m.contains("spent refresh token"))
        })
        .unwrap_or_else(|| panic!("no warning about the spent token in:\n{text}"));
    assert_eq!(warning["span"]["request_id"], "reuse-of-a-spent-token", "{warning}");
    assert_eq!(warning["span"]["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736", "{warning}");
    assert!(!text.contains('\u{1b}'), "no terminal colour codes in a log written to a file");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The demo data comes with one account per role, for a trial: on SQLite at
/// once, on PostgreSQL only when SAMVERKA_DEMO_ACCOUNTS=true asks for them.
#[tokio::test]
async fn demo_accounts_sign_in_for_a_trial_and_not_by_accident_on_postgresql() {
    let app = crate::helpers::spawn_app().await;
    let postgres = app.database_url.starts_with("postgres");
    let secret = crate::helpers::TEST_JWT_SECRET;
    let base =
        [("DATABASE_URL", app.database_url.as_str()), ("SAMVERKA_JWT_SECRET", secret), ("SAMVERKA_DEMO_DATA", "true")];
    let client = reqwest::Client::new();
    let sign_in = |url: String, form: Vec<(&'static str, &'static str)>| client.post(url).form(&form).send();
    let officer =
        vec![("grant_type", "password"), ("username", "officer@demo.samverka.se"), ("password", "samverka-demo-2026")];
    if postgres {
        let server = ServerProcess::start(&base, None).await;
        let refused = sign_in(format!("{}/api/v1/auth/token", server.1), officer.clone()).await.expect("sign in");
        assert_eq!(refused.status(), 400, "no demo accounts on PostgreSQL unless asked for");
    }
    // SQLite: by default; PostgreSQL: when asked.
    let mut env = base.to_vec();
    if postgres {
        env.push(("SAMVERKA_DEMO_ACCOUNTS", "true"));
    }
    let server = ServerProcess::start(&env, None).await;
    for (login, role) in [
        ("admin@demo.samverka.se", "admin"),
        ("officer@demo.samverka.se", "officer"),
        ("company@demo.samverka.se", "company"),
        ("provider@demo.samverka.se", "provider"),
    ] {
        let form = vec![("grant_type", "password"), ("username", login), ("password", "samverka-demo-2026")];
        let token: serde_json::Value = sign_in(format!("{}/api/v1/auth/token", server.1), form)
            .await
            .expect("sign in")
            .json()
            .await
            .expect("json");
        let token = token["access_token"].as_str().unwrap_or_else(|| panic!("{login} signs in: {token}"));
        let me: serde_json::Value = client
            .get(format!("{}/api/v1/me", server.1))
            .bearer_auth(token)
            .send()
            .await
            .expect("me")
            .json()
            .await
            .expect("json");
        assert_eq!(me["role"], role, "{login}");
    }
    let integration = vec![
        ("grant_type", "client_credentials"),
        ("client_id", "demo-integration"),
        ("client_secret", "samverka-demo-integration-secret-2026"),
    ];
    let answer = sign_in(format!("{}/api/v1/auth/token", server.1), integration).await.expect("client credentials");
    assert_eq!(answer.status(), 200);
}

/// `seed-bench` adds bench data only to a database of its own (or when
/// forced), and says how far it has come.
#[tokio::test]
async fn seed_bench_refuses_a_database_in_use_unless_forced() {
    let app = crate::helpers::spawn_app().await;
    app.create_user("officer", None).await;
    let seed = |force: bool| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_samverka"));
        command.args(["seed-bench", "--companies", "200", "--database-url", &app.database_url]);
        if force {
            command.arg("--force");
        }
        command.env("RUST_LOG", "warn").env_remove("RUST_BACKTRACE").output().expect("run seed-bench")
    };
    let refused = seed(false);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not made by seed-bench"));
    let (_, admin) = app.token_for("admin").await;
    let companies: serde_json::Value = app
        .client
        .get(app.url("/api/v1/companies?limit=1"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let before = companies["items"].as_array().map_or(0, Vec::len);
    let forced = seed(true);
    assert!(forced.status.success(), "{}", String::from_utf8_lossy(&forced.stderr));
    assert!(String::from_utf8_lossy(&forced.stderr).contains("seed-bench: 200 of 200 companies"));
    assert!(String::from_utf8_lossy(&forced.stdout).starts_with("seeded 200 companies"));
    assert_eq!(before, 0, "nothing was added while refused");
}

/// A problem's `type` names a page the server serves, which explains it.
#[tokio::test]
async fn a_problem_type_leads_to_a_page_that_explains_it() {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let problem: serde_json::Value = app
        .client
        .post(app.url("/api/v1/companies"))
        .bearer_auth(&admin)
        .json(&serde_json::json!({"orgNumber": "1", "name": "x", "municipality": "0686", "sniCode": "25620", "employees": 1}))
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    let kind = problem["type"].as_str().expect("a type").rsplit('/').next().expect("a last segment").to_owned();
    let page = app.client.get(app.url(&format!("/problems/{kind}"))).send().await.expect("page");
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().expect("ascii").starts_with("text/html"));
    let text = page.text().await.expect("text");
    assert!(text.contains("Invalid values") && text.contains("422"), "{text}");
    let unknown = app.client.get(app.url("/problems/no-such-problem")).send().await.expect("page");
    assert_eq!(unknown.status(), 404);
}

/// An OTLP/HTTP receiver: every body posted to `/v1/traces`, kept.
async fn otlp_receiver() -> (String, std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("addr"));
    let bodies = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = bodies.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                loop {
                    // One request: the head, then Content-Length bytes of body.
                    let head_end = loop {
                        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                            break at + 4;
                        }
                        let mut chunk = [0u8; 8192];
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buffer[..head_end]).to_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                        .unwrap_or(0);
                    while buffer.len() < head_end + length {
                        let mut chunk = [0u8; 8192];
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    }
                    if head.starts_with("post /v1/traces") {
                        kept.lock().expect("lock").push(buffer[head_end..head_end + length].to_vec());
                    }
                    buffer.drain(..head_end + length);
                    let answer = "HTTP/1.1 200 OK\r\ncontent-type: application/x-protobuf\r\ncontent-length: 0\r\n\r\n";
                    if socket.write_all(answer.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (address, bodies)
}

/// With OTEL_EXPORTER_OTLP_ENDPOINT set, a request's span is exported over
/// OTLP/HTTP in the caller's trace (its `traceparent`), and the log names it.
#[tokio::test]
async fn traces_are_exported_over_otlp_in_the_callers_trace() {
    let (endpoint, bodies) = otlp_receiver().await;
    let dir = scratch_dir("otlp");
    let log = dir.join("server.log");
    let database = format!("sqlite://{}/otlp.db?mode=rwc", dir.display());
    let env = [
        ("DATABASE_URL", database.as_str()),
        ("SAMVERKA_JWT_SECRET", crate::helpers::TEST_JWT_SECRET),
        ("SAMVERKA_LOG_FORMAT", "json"),
        ("RUST_LOG", "info"),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.as_str()),
        ("OTEL_BSP_SCHEDULE_DELAY", "100"),
    ];
    let server = ServerProcess::start_logging(&env, None, Some(&log)).await;
    let trace = "0af7651916cd43dd8448eb211c80319c";
    let answer = reqwest::Client::new()
        .get(format!("{}/api/v1/municipalities/0686", server.1))
        .header("traceparent", format!("00-{trace}-b7ad6b7169203331-01"))
        .send()
        .await
        .expect("get");
    assert_eq!(answer.status(), 200);
    let wanted: Vec<u8> = (0..16).map(|i| u8::from_str_radix(&trace[2 * i..2 * i + 2], 16).expect("hex")).collect();
    let mut exported = false;
    for _ in 0..100 {
        exported = bodies.lock().expect("lock").iter().any(|body| body.windows(16).any(|w| w == wanted.as_slice()));
        if exported {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    drop(server);
    assert!(exported, "a span of trace {trace} reached the OTLP receiver");
    let text = std::fs::read_to_string(&log).expect("the log");
    assert!(
        text.lines().any(|l| l.contains("\"request\"") && l.contains(trace) && l.contains("/api/v1/municipalities")),
        "the request's log line names the trace:\n{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
