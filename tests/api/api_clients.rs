//! `/api/v1/api-clients`: integrations' credentials, managed by admins.

use crate::helpers::{access_token, assert_problem, error_fields, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn a_client_secret_is_shown_once_and_works() {
    let app = spawn_app().await;
    let (admin, token) = app.token_for("admin").await;
    let response = app
        .client
        .post(app.url("/api/v1/api-clients"))
        .bearer_auth(&token)
        .json(&json!({"name": "Eksjö kommun – företagsregister", "municipalities": ["0686", "0604"]}))
        .send()
        .await
        .expect("create");
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let location = response.headers()["location"].to_str().expect("ascii").to_owned();
    let created: Value = response.json().await.expect("json");
    let client_id = created["clientId"].as_str().expect("clientId").to_owned();
    let secret = created["clientSecret"].as_str().expect("clientSecret").to_owned();
    assert!(secret.len() >= 43, "256-bit secret");
    assert_eq!(created["municipalities"], json!(["0604", "0686"]));
    assert_eq!(created["revoked"], false);

    let fetched: Value =
        app.client.get(app.url(&location)).bearer_auth(&token).send().await.expect("get").json().await.expect("json");
    assert!(fetched.get("clientSecret").is_none(), "the secret is never shown again: {fetched}");
    let listed: Value = app
        .client
        .get(app.url("/api/v1/api-clients"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(listed["items"][0]["clientId"], client_id.as_str());
    assert!(!listed.to_string().contains(&secret));

    let client_token = access_token(app.client_token(&client_id, &secret).await).await;
    let me: Value = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&client_token)
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!(me["role"], "integration");
    assert_eq!(me["municipalities"], json!(["0604", "0686"]));

    let id = created["id"].as_str().expect("id");
    let events = app.audit_events("apiClient", id).await;
    assert_eq!((events.len(), events[0].actor.clone()), (1, format!("user:{}", admin.id)));
    assert!(!events[0].changes.to_string().contains(&secret), "no secret in the audit log");
    // The secret is stored hashed, never as itself.
    let row = samverka_persistence::api_clients::get(&app.db, id.parse().expect("uuid")).await.expect("row");
    assert!(row.is_some_and(|r| r.secret_hash.starts_with("$argon2") && !r.secret_hash.contains(&secret)));
}

#[tokio::test]
async fn revoking_a_client_ends_its_tokens_at_once() {
    let app = spawn_app().await;
    let (_, token) = app.token_for("admin").await;
    let created: Value = app
        .client
        .post(app.url("/api/v1/api-clients"))
        .bearer_auth(&token)
        .json(&json!({"name": "Sävsjö"}))
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("json");
    assert_eq!(created["municipalities"], json!([]), "no scope: all municipalities");
    let (client_id, secret) = (created["clientId"].as_str().expect("id"), created["clientSecret"].as_str().expect("s"));
    let client_token = access_token(app.client_token(client_id, secret).await).await;
    let path = format!("/api/v1/api-clients/{}", created["id"].as_str().expect("id"));

    let response =
        app.client.patch(app.url(&path)).bearer_auth(&token).json(&json!({"revoked": true})).send().await.expect("p");
    assert_eq!(response.status(), 200);
    let response = app.client.get(app.url("/api/v1/me")).bearer_auth(&client_token).send().await.expect("me");
    assert_problem(response, 401).await;
    let response = app.client_token(client_id, secret).await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.json::<Value>().await.expect("json")["error"], "invalid_client");

    let response =
        app.client.patch(app.url(&path)).bearer_auth(&token).json(&json!({"revoked": false})).send().await.expect("p");
    assert_eq!(response.status(), 200);
    access_token(app.client_token(client_id, secret).await).await;

    let response = app.client.delete(app.url(&path)).bearer_auth(&token).send().await.expect("delete");
    assert_eq!(response.status(), 204);
    assert_eq!(app.client_token(client_id, secret).await.status(), 401);
    assert_problem(app.client.get(app.url(&path)).bearer_auth(&token).send().await.expect("get"), 404).await;
}

#[tokio::test]
async fn a_rotated_secret_replaces_the_old_one() {
    let app = spawn_app().await;
    let (_, token) = app.token_for("admin").await;
    let created: Value = app
        .client
        .post(app.url("/api/v1/api-clients"))
        .bearer_auth(&token)
        .json(&json!({"name": "Vetlanda"}))
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("json");
    let (client_id, old) = (created["clientId"].as_str().expect("id"), created["clientSecret"].as_str().expect("s"));
    let path = format!("/api/v1/api-clients/{}/secret", created["id"].as_str().expect("id"));
    let response = app.client.post(app.url(&path)).bearer_auth(&token).send().await.expect("rotate");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let rotated: Value = response.json().await.expect("json");
    let new = rotated["clientSecret"].as_str().expect("new secret");
    assert_ne!(new, old);
    assert_eq!(rotated["clientId"], client_id);
    assert_eq!(app.client_token(client_id, old).await.status(), 401);
    access_token(app.client_token(client_id, new).await).await;
    let events = app.audit_events("apiClient", created["id"].as_str().expect("id")).await;
    assert_eq!(events.last().map(|e| e.changes.clone()), Some(json!({"clientSecret": "rotated"})));
}

#[tokio::test]
async fn a_client_scope_names_known_municipalities_once() {
    let app = spawn_app().await;
    let (_, token) = app.token_for("admin").await;
    let response = app
        .client
        .post(app.url("/api/v1/api-clients"))
        .bearer_auth(&token)
        .json(&json!({"name": "", "municipalities": ["0686", "686", "0999", "0686"]}))
        .send()
        .await
        .expect("create");
    let (_, problem) = assert_problem(response, 422).await;
    assert_eq!(error_fields(&problem), ["name", "municipalities[1]", "municipalities[2]", "municipalities[3]"]);
    let codes: Vec<_> = problem["errors"].as_array().expect("errors").iter().map(|e| e["code"].clone()).collect();
    assert_eq!(codes, [json!("required"), json!("format"), json!("unknown"), json!("duplicate")]);
}
