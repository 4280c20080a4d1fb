//! `/api/v1/users`: the admin's management of people's accounts.

use crate::helpers::{PASSWORD, access_token, assert_problem, error_fields, spawn_app};
use serde_json::{Value, json};

const NEW_PASSWORD: &str = "another long passphrase";

#[tokio::test]
async fn an_admin_creates_an_officer_who_can_sign_in() {
    let app = spawn_app().await;
    let (admin, token) = app.token_for("admin").await;
    let response = app
        .client
        .post(app.url("/api/v1/users"))
        .bearer_auth(&token)
        .json(&json!({
            "email": " Anna.Berg@Eksjo.se ", "displayName": "Anna Berg", "role": "officer",
            "municipality": "0686", "password": PASSWORD
        }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(response.headers().contains_key("etag"));
    let location = response.headers()["location"].to_str().expect("ascii").to_owned();
    let user: Value = response.json().await.expect("json");
    assert_eq!(location, format!("/api/v1/users/{}", user["id"].as_str().expect("id")));
    assert_eq!(user["email"], "anna.berg@eksjo.se");
    assert_eq!(user["role"], "officer");
    assert_eq!(user["municipality"], "0686");
    assert_eq!(user["disabled"], false);
    assert_eq!(user["version"], 1);
    assert!(user.get("password").is_none() && user.get("passwordHash").is_none(), "{user}");

    let fetched: Value =
        app.client.get(app.url(&location)).bearer_auth(&token).send().await.expect("get").json().await.expect("json");
    assert_eq!(fetched, user);

    let officer_token = access_token(app.login("anna.berg@eksjo.se", PASSWORD).await).await;
    let me: Value = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&officer_token)
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!((me["role"].as_str(), me["municipality"].as_str()), (Some("officer"), Some("0686")));

    let events = app.audit_events("user", user["id"].as_str().expect("id")).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].action, "create");
    assert_eq!(events[0].actor, format!("user:{}", admin.id));
    assert_eq!(events[0].changes["email"]["new"], "anna.berg@eksjo.se");
    assert!(!events[0].changes.to_string().contains("argon2"), "no hash in the audit log");
}

#[tokio::test]
async fn a_bad_user_lists_every_bad_field() {
    let app = spawn_app().await;
    let (_, token) = app.token_for("admin").await;
    let post = |body: Value| app.client.post(app.url("/api/v1/users")).bearer_auth(&token).json(&body).send();

    let response = post(json!({
        "email": "not-an-email", "displayName": "  ", "role": "company",
        "municipality": "0686", "password": "short"
    }))
    .await
    .expect("request");
    let (_, problem) = assert_problem(response, 422).await;
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(fields, ["companyId", "displayName", "email", "municipality", "password"]);

    let response = post(json!({
        "email": "a@eksjo.se", "displayName": "A", "role": "officer", "municipality": "0999", "password": PASSWORD
    }))
    .await
    .expect("request");
    let (_, problem) = assert_problem(response, 422).await;
    assert_eq!(error_fields(&problem), ["municipality"]);
    assert_eq!(problem["errors"][0]["code"], "unknown");

    let response = post(json!({"email": "a@eksjo.se", "displayName": "A", "role": "superuser", "password": PASSWORD}))
        .await
        .expect("request");
    assert_eq!(error_fields(&assert_problem(response, 422).await.1), ["role"]);

    // Missing fields are a 422 too, naming every one, with every value the document's rules refuse.
    let response = post(json!({"email": "a@eksjo.se", "role": "admin", "password": PASSWORD})).await.expect("request");
    assert_eq!(error_fields(&assert_problem(response, 422).await.1), ["displayName"]);
    let response = post(json!({"role": "superuser", "municipality": "x".repeat(300)})).await.expect("request");
    let (_, problem) = assert_problem(response, 422).await;
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(fields, ["displayName", "email", "municipality", "password", "role"], "{problem}");

    let ok = json!({"email": "dup@eksjo.se", "displayName": "Dup", "role": "admin", "password": PASSWORD});
    assert_eq!(post(ok.clone()).await.expect("request").status(), 201);
    let mut again = ok;
    again["email"] = json!("DUP@eksjo.se");
    let (_, problem) = assert_problem(post(again).await.expect("request"), 409).await;
    assert_eq!(error_fields(&problem), ["email"]);
}

#[tokio::test]
async fn users_are_listed_by_role_page_by_page() {
    let app = spawn_app().await;
    let (_, token) = app.token_for("admin").await;
    for _ in 0..3 {
        app.create_user("officer", Some("0604")).await;
    }
    app.create_user("provider", None).await;
    let list = |query: &str| app.client.get(app.url(&format!("/api/v1/users?{query}"))).bearer_auth(&token).send();

    let response = list("role=officer&limit=2").await.expect("list");
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(response.headers()["link"].to_str().expect("ascii").contains("rel=\"next\""));
    let first: Value = response.json().await.expect("json");
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
    let cursor = first["nextCursor"].as_str().expect("a next page");
    let second: Value =
        list(&format!("role=officer&limit=2&cursor={cursor}")).await.expect("list").json().await.expect("json");
    assert_eq!(second["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(second["nextCursor"], Value::Null);
    let all: Vec<Value> =
        [first, second].iter().flat_map(|p| p["items"].as_array().cloned().unwrap_or_default()).collect();
    assert!(all.iter().all(|u| u["role"] == "officer" && u["municipality"] == "0604"));

    let providers: Value = list("role=provider").await.expect("list").json().await.expect("json");
    assert_eq!(providers["items"].as_array().map(Vec::len), Some(1));
    let by_municipality: Value = list("municipality=0604").await.expect("list").json().await.expect("json");
    assert_eq!(by_municipality["items"].as_array().map(Vec::len), Some(3));

    let (_, problem) = assert_problem(list("role=root").await.expect("list"), 400).await;
    assert_eq!(error_fields(&problem), ["role"]);
    let (_, problem) = assert_problem(list("sort=name").await.expect("list"), 400).await;
    assert_eq!(error_fields(&problem), ["sort"]);
}

#[tokio::test]
async fn changing_the_role_replaces_the_binding() {
    let app = spawn_app().await;
    let (_, token) = app.token_for("admin").await;
    let officer = app.create_user("officer", Some("0686")).await;
    let path = format!("/api/v1/users/{}", officer.id);
    let patch = |body: Value| app.client.patch(app.url(&path)).bearer_auth(&token).json(&body).send();

    let response = patch(json!({"role": "provider", "provider": "Campus Eksjö"})).await.expect("patch");
    assert_eq!(response.status(), 200);
    let user: Value = response.json().await.expect("json");
    assert_eq!(user["role"], "provider");
    assert_eq!(user["provider"], "Campus Eksjö");
    assert!(user.get("municipality").is_none(), "{user}");
    assert_eq!(user["version"], 2);

    let (_, problem) = assert_problem(patch(json!({"role": "company"})).await.expect("patch"), 422).await;
    assert_eq!(error_fields(&problem), ["companyId"]);
    let (_, problem) = assert_problem(patch(json!({"municipality": "0686"})).await.expect("patch"), 422).await;
    assert_eq!(error_fields(&problem), ["municipality"]);

    // A signed-in user's role follows the account at once, not the token.
    let provider_token = access_token(app.login(&officer.email, PASSWORD).await).await;
    let response = patch(json!({"role": "officer", "municipality": "0604"})).await.expect("patch");
    assert_eq!(response.status(), 200);
    let me: Value = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&provider_token)
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!((me["role"].as_str(), me["municipality"].as_str()), (Some("officer"), Some("0604")));

    let events = app.audit_events("user", &officer.id.to_string()).await;
    assert_eq!(events.len(), 2, "two changes, the refused ones not recorded");
    assert_eq!(events[0].changes["role"], json!({"old": "officer", "new": "provider"}));
    assert_eq!(events[0].changes["municipality"], json!({"old": "0686", "new": null}));
}

#[tokio::test]
async fn a_disabled_user_is_locked_out_at_once() {
    let app = spawn_app().await;
    let (_, admin_token) = app.token_for("admin").await;
    let officer = app.create_user("officer", None).await;
    let login: Value = app.login(&officer.email, PASSWORD).await.json().await.expect("json");
    let access = login["access_token"].as_str().expect("access");
    let refresh = login["refresh_token"].as_str().expect("refresh");

    let response = app
        .client
        .patch(app.url(&format!("/api/v1/users/{}", officer.id)))
        .bearer_auth(&admin_token)
        .json(&json!({"disabled": true}))
        .send()
        .await
        .expect("patch");
    assert_eq!(response.status(), 200);

    let response = app.client.get(app.url("/api/v1/me")).bearer_auth(access).send().await.expect("me");
    let (headers, _) = assert_problem(response, 401).await;
    assert!(headers.contains_key("www-authenticate"));
    let response = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .form(&[("grant_type", "refresh_token"), ("refresh_token", refresh)])
        .send()
        .await
        .expect("refresh");
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"], "invalid_grant");
    let body: Value = app.login(&officer.email, PASSWORD).await.json().await.expect("json");
    assert_eq!(body["error"], "invalid_grant");

    let disabled: Value = app
        .client
        .get(app.url("/api/v1/users?disabled=true"))
        .bearer_auth(&admin_token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(disabled["items"][0]["id"], officer.id.to_string());
}

#[tokio::test]
async fn an_admin_resets_a_password() {
    let app = spawn_app().await;
    let (_, token) = app.token_for("admin").await;
    let user = app.create_user("company", None).await;
    let path = format!("/api/v1/users/{}", user.id);
    let response =
        app.client.patch(app.url(&path)).bearer_auth(&token).json(&json!({"password": "short"})).send().await;
    assert_eq!(error_fields(&assert_problem(response.expect("patch"), 422).await.1), ["password"]);
    let response =
        app.client.patch(app.url(&path)).bearer_auth(&token).json(&json!({"password": NEW_PASSWORD})).send().await;
    assert_eq!(response.expect("patch").status(), 200);
    assert_eq!(app.login(&user.email, PASSWORD).await.status(), 400);
    assert_eq!(app.login(&user.email, NEW_PASSWORD).await.status(), 200);
    let events = app.audit_events("user", &user.id.to_string()).await;
    assert_eq!(events.last().map(|e| e.changes.clone()), Some(json!({"password": "reset"})));
    assert!(events.iter().all(|e| !e.changes.to_string().contains(NEW_PASSWORD)));
}

#[tokio::test]
async fn the_last_admin_stays() {
    let app = spawn_app().await;
    let (admin, token) = app.token_for("admin").await;
    let me = format!("/api/v1/users/{}", admin.id);
    for body in [json!({"disabled": true}), json!({"role": "officer", "municipality": "0686"})] {
        let response = app.client.patch(app.url(&me)).bearer_auth(&token).json(&body).send().await.expect("patch");
        let (_, problem) = assert_problem(response, 409).await;
        assert_eq!(problem["errors"][0]["code"], "lastAdmin");
    }
    let response = app.client.delete(app.url(&me)).bearer_auth(&token).send().await.expect("delete");
    assert_problem(response, 409).await;

    // With a second admin, the first may go.
    let second = app.create_user("admin", None).await;
    let response = app.client.delete(app.url(&me)).bearer_auth(&token).send().await.expect("delete");
    assert_eq!(response.status(), 204);
    let response = app.client.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.expect("me");
    assert_problem(response, 401).await;
    let second_token = access_token(app.login(&second.email, PASSWORD).await).await;
    let response = app.client.get(app.url(&me)).bearer_auth(&second_token).send().await.expect("get");
    assert_problem(response, 404).await;
    let events = app.audit_events("user", &admin.id.to_string()).await;
    assert_eq!(events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["delete"]);
}

#[tokio::test]
async fn if_match_guards_changes() {
    let app = spawn_app().await;
    let (_, token) = app.token_for("admin").await;
    let user = app.create_user("officer", None).await;
    let path = format!("/api/v1/users/{}", user.id);
    let etag = app.client.get(app.url(&path)).bearer_auth(&token).send().await.expect("get").headers()["etag"].clone();

    let response = app
        .client
        .patch(app.url(&path))
        .bearer_auth(&token)
        .header("if-match", etag.clone())
        .json(&json!({"displayName": "First"}))
        .send()
        .await
        .expect("patch");
    assert_eq!(response.status(), 200);
    let new_etag = response.headers()["etag"].clone();
    assert_ne!(new_etag, etag);

    // A second writer with the old ETag loses, and nothing is written.
    let response = app
        .client
        .patch(app.url(&path))
        .bearer_auth(&token)
        .header("if-match", etag.clone())
        .json(&json!({"displayName": "Second"}))
        .send()
        .await
        .expect("patch");
    assert_problem(response, 412).await;
    let response = app.client.delete(app.url(&path)).bearer_auth(&token).header("if-match", etag).send().await;
    assert_problem(response.expect("delete"), 412).await;
    let current = app.client.get(app.url(&path)).bearer_auth(&token).send().await.expect("get");
    assert_eq!(current.headers()["etag"], new_etag);
    let current: Value = current.json().await.expect("json");
    assert_eq!((current["displayName"].as_str(), current["version"].as_i64()), (Some("First"), Some(2)));

    let response = app.client.delete(app.url(&path)).bearer_auth(&token).header("if-match", new_etag).send().await;
    assert_eq!(response.expect("delete").status(), 204);
    assert_problem(app.client.get(app.url(&path)).bearer_auth(&token).send().await.expect("get"), 404).await;
}
