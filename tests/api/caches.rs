//! The principal and representation caches: what a write changes shows on
//! the very next request, on this instance and (PostgreSQL) on another
//! instance in a process of its own.

use crate::helpers::{ServerProcess, TEST_JWT_SECRET, TestApp, is_postgres, spawn_app};
use reqwest::header::{ETAG, IF_NONE_MATCH};
use serde_json::{Value, json};

/// GET `path` at `base` as `token`: status, ETag, body.
async fn read(app: &TestApp, base: &str, path: &str, token: &str) -> (u16, Option<String>, Value) {
    let response = app.client.get(format!("{base}{path}")).bearer_auth(token).send().await.expect("get");
    let status = response.status().as_u16();
    let etag = response.headers().get(ETAG).map(|v| v.to_str().expect("ascii").to_owned());
    (status, etag, response.json().await.unwrap_or(Value::Null))
}

/// PATCH `path` with `body` as `token`, which must succeed.
async fn patch(app: &TestApp, token: &str, path: &str, body: Value) {
    let response = app.client.patch(app.url(path)).bearer_auth(token).json(&body).send().await.expect("patch");
    assert_eq!(response.status(), 200);
}

async fn rename(app: &TestApp, token: &str, company: &str, name: &str) {
    patch(app, token, &format!("/api/v1/companies/{company}"), json!({"name": name})).await;
}

async fn disable(app: &TestApp, token: &str, user: uuid::Uuid) {
    patch(app, token, &format!("/api/v1/users/{user}"), json!({"disabled": true})).await;
}

#[tokio::test]
async fn cached_reads_follow_every_write() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let (officer, officer_token) = app.token_of("officer", "0686").await;
    let company = app.create_company("0686", false).await.to_string();
    let one = format!("/api/v1/companies/{company}");
    let list = "/api/v1/companies?municipality=0686&sort=name&limit=50";

    // Read twice (the second from the cache): the same bytes and ETag.
    let first = read(&app, &app.address, &one, &officer_token).await;
    assert_eq!(first.0, 200);
    assert_eq!(read(&app, &app.address, &one, &officer_token).await, first);
    let etag = first.1.clone().expect("an ETag");
    let held = app.client.get(app.url(&one)).bearer_auth(&officer_token).header(IF_NONE_MATCH, &etag).send().await;
    assert_eq!(held.expect("get").status(), 304);
    let listed = read(&app, &app.address, list, &officer_token).await;
    assert_eq!(listed.2["items"][0]["id"], company.as_str());

    // A write: the next read has it, with a new ETag; the old one is no 304.
    rename(&app, &admin, &company, "Omdöpta Verkstaden AB").await;
    let after = read(&app, &app.address, &one, &officer_token).await;
    assert_eq!(after.2["name"], "Omdöpta Verkstaden AB");
    assert_ne!(after.1.as_deref(), Some(etag.as_str()));
    let held = app.client.get(app.url(&one)).bearer_auth(&officer_token).header(IF_NONE_MATCH, &etag).send().await;
    assert_eq!(held.expect("get").status(), 200);
    assert_eq!(read(&app, &app.address, list, &officer_token).await.2["items"][0]["name"], "Omdöpta Verkstaden AB");

    // Anonymous callers never saw the unlisted company, cached or not.
    assert_eq!(app.get(&one).await.status(), 404);

    // Disabling the officer: its next request is a 401, though its
    // principal and this very answer were cached a moment ago.
    disable(&app, &admin, officer.id).await;
    assert_eq!(read(&app, &app.address, &one, &officer_token).await.0, 401);
    assert_eq!(read(&app, &app.address, list, &officer_token).await.0, 401);
}

/// Two instances in two processes on one PostgreSQL database: a write
/// through one is seen through the other as soon as the notification that
/// goes with the commit arrives.
#[tokio::test]
async fn another_instance_hears_every_write() {
    if !is_postgres() {
        // One process writes a SQLite database: there is no other instance.
        return;
    }
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let (officer, officer_token) = app.token_of("officer", "0686").await;
    let company = app.create_company("0686", false).await.to_string();
    let other = ServerProcess::start(
        &[("DATABASE_URL", app.database_url.as_str()), ("SAMVERKA_JWT_SECRET", TEST_JWT_SECRET)],
        None,
    )
    .await;
    let one = format!("/api/v1/companies/{company}");
    // The other instance listens once it is ready; read twice there.
    let before = read(&app, &other.1, &one, &officer_token).await;
    assert_eq!(before.0, 200);
    assert_eq!(read(&app, &other.1, &one, &officer_token).await, before);

    rename(&app, &admin, &company, "Annan Instans AB").await;
    let seen =
        eventually(|| async { read(&app, &other.1, &one, &officer_token).await.2["name"] == "Annan Instans AB" });
    assert!(seen.await, "the other instance still serves the old name");

    disable(&app, &admin, officer.id).await;
    let refused = eventually(|| async { read(&app, &other.1, &one, &officer_token).await.0 == 401 });
    assert!(refused.await, "the other instance still lets the disabled officer in");
}

/// Whether `check` holds within half a second (the notification's way
/// from one process to another), asked every 10 ms.
async fn eventually<F, Fut>(check: F) -> bool
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..50 {
        if check().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    false
}
