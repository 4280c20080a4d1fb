//! PostgreSQL goes away under load and comes back: every request is
//! answered quickly with 503 + Retry-After, `/health/live` stays 200,
//! `/health/ready` says 503, and the server recovers by itself, losing no
//! acknowledged write. Runs against the throwaway cluster of
//! `scripts/with-postgres.sh` (it stops and restarts it), in a test binary of
//! its own so that no other test shares the outage. On SQLite (no server to
//! stop) it has nothing to test and says so.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use helpers::{assert_problem, spawn_app};
use serde_json::{Value, json};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `pg_ctl` on the test cluster, as the `postgres` user when we are root.
fn pg_ctl(args: &[&str]) -> bool {
    let bindir = std::env::var("SAMVERKA_PG_BINDIR").expect("SAMVERKA_PG_BINDIR");
    let data = std::env::var("PGDATA").expect("PGDATA");
    let pg_ctl = format!("{bindir}/pg_ctl");
    let mut command = if unsafe_is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--", &pg_ctl]);
        c
    } else {
        Command::new(&pg_ctl)
    };
    // The server's log goes to a file beside the data: an inherited stdout
    // would keep the test's output pipe open as long as the server runs.
    let log = format!("{data}/../outage-restart.log");
    command.args(["-D", &data, "-w", "-t", "60"]).args(args);
    if args.first() == Some(&"restart") {
        command.args(["-l", &log]);
    }
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    command.status().map(|s| s.success()).unwrap_or(false)
}

fn unsafe_is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// Starts the cluster again (with the options it ran with) however the test ends.
struct Restart;

impl Drop for Restart {
    fn drop(&mut self) {
        if !pg_ctl(&["status"]) {
            pg_ctl(&["restart"]);
        }
    }
}

#[tokio::test]
async fn the_server_rides_out_a_database_outage() {
    if std::env::var("SAMVERKA_TEST_POSTGRES_URL").map(|u| u.is_empty()).unwrap_or(true) {
        eprintln!("the outage test needs PostgreSQL: run it under scripts/with-postgres.sh");
        return;
    }
    let app = spawn_app().await;
    let (_, token) = app.token_for("admin").await;
    let body = json!({"orgNumber": "556036-0793", "name": "Före avbrottet AB", "municipality": "0686", "sniCode": "25620", "employees": 5});
    let response =
        app.client.post(app.url("/api/v1/companies")).bearer_auth(&token).json(&body).send().await.expect("post");
    assert_eq!(response.status(), 201);
    let acknowledged: Value = response.json().await.expect("json");

    let _restart = Restart;
    assert!(pg_ctl(&["stop", "-m", "fast"]), "stop PostgreSQL");

    // Under load: every request answered, quickly, with 503 and Retry-After.
    let started = Instant::now();
    let requests: Vec<_> = (0..20)
        .map(|i| {
            let client = app.client.clone();
            let (url, token) =
                (app.url(if i % 2 == 0 { "/api/v1/companies" } else { "/api/v1/municipalities" }), token.clone());
            tokio::spawn(async move {
                let began = Instant::now();
                let response = client.get(url).bearer_auth(token).send().await.expect("an answer");
                (response, began.elapsed())
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    for request in requests {
        let (response, took) = request.await.expect("task");
        slowest = slowest.max(took);
        let (headers, _) = assert_problem(response, 503).await;
        assert!(headers.contains_key("retry-after"));
    }
    assert!(slowest < Duration::from_secs(10), "answered within the pool's acquire timeout, not hung: {slowest:?}");
    assert_eq!(app.get("/health/live").await.status(), 200);
    assert_eq!(app.get("/health/ready").await.status(), 503);
    eprintln!("outage: 20 requests answered 503 in at most {slowest:?} ({:?} in all)", started.elapsed());

    // Back: the server finds the database again by itself.
    assert!(pg_ctl(&["restart"]), "start PostgreSQL again");
    let back = Instant::now();
    loop {
        if app.get("/health/ready").await.status() == 200 {
            break;
        }
        assert!(back.elapsed() < Duration::from_secs(30), "recovered within 30 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let recovery = back.elapsed();
    eprintln!("recovery: ready {recovery:?} after PostgreSQL was back");
    assert!(recovery < Duration::from_secs(10), "recovered in {recovery:?}");

    // Nothing acknowledged was lost, and writes work again.
    let path = format!("/api/v1/companies/{}", acknowledged["id"].as_str().expect("id"));
    let mut kept = None;
    for _ in 0..50 {
        let response = app.client.get(app.url(&path)).bearer_auth(&token).send().await.expect("get");
        if response.status() == 200 {
            kept = Some(response.json::<Value>().await.expect("json"));
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(kept.expect("the company written before the outage")["name"], "Före avbrottet AB");
    let body = json!({"orgNumber": "556012-5790", "name": "Efter avbrottet AB", "municipality": "0686", "sniCode": "25620", "employees": 5});
    let response =
        app.client.post(app.url("/api/v1/companies")).bearer_auth(&token).json(&body).send().await.expect("post");
    assert_eq!(response.status(), 201);
}
