//! Sign-in that cannot be sprayed or flooded: attempts are counted before
//! the password is checked, per account and per address, in the database
//! (so two servers give no more tries than one); forwarding headers count
//! only from trusted proxies; the process keeps nothing per name.

use crate::helpers::ServerProcess;
use crate::helpers::{PASSWORD, TestApp, spawn_app, spawn_app_with};
use std::sync::Arc;

async fn login_at(app: &TestApp, base: &str, username: &str, password: &str, forwarded: Option<&str>) -> u16 {
    let mut request = app.client.post(format!("{base}/api/v1/auth/token")).form(&[
        ("grant_type", "password"),
        ("username", username),
        ("password", password),
    ]);
    if let Some(address) = forwarded {
        request = request.header("X-Forwarded-For", address);
    }
    request.send().await.expect("token").status().as_u16()
}

/// 50 wrong guesses for one account at once: at most 5 reach a password check.
#[tokio::test]
async fn concurrent_guesses_get_no_more_than_the_limit() {
    let app = Arc::new(spawn_app().await);
    let user = app.create_user("officer", None).await;
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let (app, email) = (app.clone(), user.email.clone());
            tokio::spawn(async move { login_at(&app, &app.address, &email, &format!("guess {i}"), None).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    let checked = statuses.iter().filter(|s| **s == 400).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    println!("50 concurrent guesses: {checked} checked, {refused} refused");
    assert!(checked <= 5, "{checked} guesses were checked: {statuses:?}");
    assert_eq!(checked + refused, 50, "{statuses:?}");
    // The right password is refused too while the account is locked.
    assert_eq!(login_at(&app, &app.address, &user.email, PASSWORD, None).await, 429);
}

/// Two servers on one database: the fifth failure on one locks the account on the other.
#[tokio::test]
async fn the_throttle_holds_across_servers() {
    let app = spawn_app().await;
    let second = app.second_server(|_| {}).await;
    let user = app.create_user("officer", None).await;
    for i in 0..5 {
        let base = if i % 2 == 0 { app.address.clone() } else { second.clone() };
        assert_eq!(login_at(&app, &base, &user.email, "wrong password", None).await, 400);
    }
    assert_eq!(login_at(&app, &second, &user.email, "wrong password", None).await, 429);
    assert_eq!(login_at(&app, &app.address, &user.email, "wrong password", None).await, 429);
}

/// `X-Forwarded-For` from a client that is not a trusted proxy changes
/// nothing: rotating it does not get past the per-address limit. From a
/// trusted proxy it does name the caller, so callers behind it do not share one count.
#[tokio::test]
async fn forwarding_headers_count_only_from_trusted_proxies() {
    let app = spawn_app().await;
    for i in 0..50 {
        let forwarded = format!("203.0.113.{i}");
        assert_eq!(login_at(&app, &app.address, &format!("nobody{i}@example.se"), "x", Some(&forwarded)).await, 400);
    }
    assert_eq!(login_at(&app, &app.address, "nobody-else@example.se", "x", Some("198.51.100.1")).await, 429);

    let behind_proxy = spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1/32".to_owned()]).await;
    for i in 0..50 {
        let status =
            login_at(&behind_proxy, &behind_proxy.address, &format!("n{i}@example.se"), "x", Some("203.0.113.7")).await;
        assert_eq!(status, 400);
    }
    let base = &behind_proxy.address;
    assert_eq!(login_at(&behind_proxy, base, "n-last@example.se", "x", Some("203.0.113.7")).await, 429);
    assert_eq!(
        login_at(&behind_proxy, base, "n-last@example.se", "x", Some("203.0.113.8")).await,
        400,
        "another caller"
    );
}

/// Names and client ids longer than any real one are refused before anything is counted.
#[tokio::test]
async fn overlong_names_are_400() {
    let app = spawn_app().await;
    let long = format!("{}@example.se", "a".repeat(250));
    assert_eq!(login_at(&app, &app.address, &long, "x", None).await, 400);
    let response = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .form(&[("grant_type", "client_credentials"), ("client_id", &"c".repeat(129)), ("client_secret", "x")])
        .send()
        .await
        .expect("token");
    assert_eq!(response.status(), 400);
}

fn resident_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

async fn server_process(app: &TestApp) -> ServerProcess {
    let env = [
        ("DATABASE_URL", app.database_url.as_str()),
        ("SAMVERKA_JWT_SECRET", crate::helpers::TEST_JWT_SECRET),
        ("SAMVERKA_RATE_LIMIT_PER_MINUTE", "0"),
        ("SAMVERKA_WORKERS", "1"),
    ];
    ServerProcess::start(&env, None).await
}

/// A flood of failed sign-ins with distinct names (SAMVERKA_FLOOD_LOGINS,
/// default 10,000) against the server binary leaves its memory where it
/// was: the server keeps nothing per name, and the database one row per address.
#[tokio::test]
async fn a_flood_of_distinct_names_keeps_memory_flat() {
    let app = Arc::new(spawn_app().await);
    let server = server_process(&app).await;
    let base = Arc::new(server.1.clone());
    let total: usize = std::env::var("SAMVERKA_FLOOD_LOGINS").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let warm = 2_000.min(total);
    let flood = |from: usize, to: usize| {
        let (app, base) = (app.clone(), base.clone());
        async move {
            let workers: Vec<_> = (0..16)
                .map(|w| {
                    let (app, base) = (app.clone(), base.clone());
                    tokio::spawn(async move {
                        for i in (from + w..to).step_by(16) {
                            let name = format!("flood{i}@example.se");
                            let status = login_at(&app, &base, &name, "wrong", None).await;
                            // 503: the hashing queue was full (bounded, by design).
                            assert!([400, 429, 503].contains(&status), "{status}");
                        }
                    })
                })
                .collect();
            for worker in workers {
                worker.await.expect("worker");
            }
        }
    };
    flood(0, warm).await;
    let pid = server.0.id();
    let before = resident_kib(pid);
    flood(warm, total).await;
    let after = resident_kib(pid);
    let rows = {
        use samverka_persistence::ConnectionLike;
        let backend = app.db.get_database_backend();
        let sql = sea_orm::Statement::from_string(backend, "SELECT COUNT(*) AS n FROM login_throttle");
        let row = app.db.query_one_raw(sql).await.expect("count").expect("row");
        row.try_get::<i64>("", "n").expect("n")
    };
    println!(
        "{total} failed sign-ins with distinct names: server resident {before} KiB -> {after} KiB; {rows} throttle rows"
    );
    assert!(before > 0, "the server's memory is read");
    assert!(after <= before + 8 * 1024, "memory grew from {before} KiB to {after} KiB");
    assert!(rows <= 60, "{rows} rows: the flood from one address stopped adding rows once over its limit");
}

/// Password checks run through a bounded queue: 200 sign-ins at once (each
/// from its own address behind a trusted proxy, so no throttle stops them)
/// are answered 400 or 503 with `Retry-After` — never queued without bound.
#[tokio::test]
async fn password_checks_beyond_the_queue_are_503() {
    let app = Arc::new(spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1/32".to_owned()]).await);
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                let response = app
                    .client
                    .post(app.url("/api/v1/auth/token"))
                    .header("X-Forwarded-For", format!("10.{}.{}.1", i / 250, i % 250))
                    .form(&[("grant_type", "password"), ("username", &format!("q{i}@example.se")), ("password", "x")])
                    .send()
                    .await
                    .expect("token");
                (response.status().as_u16(), response.headers().contains_key("retry-after"))
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("task"));
    }
    let busy = answers.iter().filter(|(s, _)| *s == 503).count();
    println!("200 sign-ins at once: {busy} answered 503");
    assert!(answers.iter().all(|(s, _)| [400, 503].contains(s)), "{answers:?}");
    assert!(answers.iter().filter(|(s, _)| *s == 503).all(|(_, retry)| *retry), "503 carries Retry-After");
    assert!(busy > 0, "200 checks at once overflow a queue of 32 per core");
}

/// A refresh token presented twice at once: whichever call wins, the
/// token it got dies with the family, because the old token is spent and
/// the new one written in one transaction (the loser sees both).
#[tokio::test]
async fn a_concurrent_reuse_of_a_refresh_token_revokes_the_new_one_too() {
    let app = Arc::new(spawn_app().await);
    let user = app.create_user("officer", None).await;
    let first: serde_json::Value = app.login(&user.email, PASSWORD).await.json().await.expect("json");
    let old = first["refresh_token"].as_str().expect("refresh").to_owned();
    let refresh = |token: String| {
        let app = app.clone();
        tokio::spawn(async move {
            let response = app
                .client
                .post(app.url("/api/v1/auth/token"))
                .form(&[("grant_type", "refresh_token"), ("refresh_token", token.as_str())])
                .send()
                .await
                .expect("refresh");
            (response.status().as_u16(), response.json::<serde_json::Value>().await.unwrap_or_default())
        })
    };
    let (a, b) = (refresh(old.clone()), refresh(old));
    let answers = [a.await.expect("a"), b.await.expect("b")];
    let winners: Vec<&serde_json::Value> = answers.iter().filter(|(s, _)| *s == 200).map(|(_, body)| body).collect();
    assert_eq!(winners.len(), 1, "{answers:?}");
    let new = winners[0]["refresh_token"].as_str().expect("rotated").to_owned();
    let (status, _) = refresh(new).await.expect("again");
    assert_eq!(status, 400, "the token issued to the winner died with its family");
}
