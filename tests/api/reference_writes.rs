//! Admins add and change municipalities and competence areas.

use crate::helpers::{assert_problem, error_fields, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn an_admin_adds_a_municipality_and_edits_it() {
    let app = spawn_app().await;
    let (_, token) = app.token_for("admin").await;
    let post = |body: Value| app.client.post(app.url("/api/v1/municipalities")).bearer_auth(&token).json(&body).send();

    let response = post(json!({"code": "0688", "name": " Holaveden ", "county": "Jönköpings län", "partner": true}))
        .await
        .expect("create");
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["location"], "/api/v1/municipalities/0688");
    let created: Value = response.json().await.expect("json");
    assert_eq!((created["name"].as_str(), created["partner"].as_bool()), (Some("Holaveden"), Some(true)));
    let fetched: Value = app.get("/api/v1/municipalities/0688").await.json().await.expect("json");
    assert_eq!(fetched, created);

    let (_, problem) =
        assert_problem(post(json!({"code": "0688", "name": "X", "county": "Y"})).await.expect("dup"), 409).await;
    assert_eq!(error_fields(&problem), ["code"]);
    let (_, problem) =
        assert_problem(post(json!({"code": "687", "name": "", "county": "Y"})).await.expect("bad"), 422).await;
    assert_eq!(error_fields(&problem), ["code", "name"]);

    let partners: Value = app.get("/api/v1/municipalities?partner=true").await.json().await.expect("json");
    let codes: Vec<_> = partners["items"].as_array().expect("items").iter().map(|m| m["code"].clone()).collect();
    assert_eq!(codes, [json!("0604"), json!("0684"), json!("0685"), json!("0686"), json!("0688")]);
    let others: Value = app.get("/api/v1/municipalities?partner=false").await.json().await.expect("json");
    assert_eq!(others["items"][0]["code"], "0114");
    assert!(others["items"].as_array().expect("items").iter().all(|m| m["partner"] == false));

    let etag = app.get("/api/v1/municipalities/0688").await.headers()["etag"].clone();
    let response = app
        .client
        .patch(app.url("/api/v1/municipalities/0688"))
        .bearer_auth(&token)
        .header("if-match", etag.clone())
        .header("content-type", "application/merge-patch+json")
        .body(r#"{"partner": false}"#)
        .send()
        .await
        .expect("patch");
    assert_eq!(response.status(), 200);
    let changed: Value = response.json().await.expect("json");
    assert_eq!((changed["partner"].as_bool(), changed["name"].as_str()), (Some(false), Some("Holaveden")));
    assert_eq!(changed["version"], 2);
    let response = app
        .client
        .patch(app.url("/api/v1/municipalities/0688"))
        .bearer_auth(&token)
        .header("if-match", etag)
        .json(&json!({"name": "Stale"}))
        .send()
        .await
        .expect("patch");
    assert_problem(response, 412).await;
    let response = app
        .client
        .patch(app.url("/api/v1/municipalities/9999"))
        .bearer_auth(&token)
        .json(&json!({"name": "Nowhere"}))
        .send()
        .await
        .expect("patch");
    assert_problem(response, 404).await;

    let events = app.audit_events("municipality", "0688").await;
    assert_eq!(events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["create", "update"]);
    assert_eq!(events[1].changes, json!({"partner": {"old": true, "new": false}}));
}

#[tokio::test]
async fn an_admin_adds_changes_and_removes_a_competence_area() {
    let app = spawn_app().await;
    let (_, token) = app.token_for("admin").await;
    let esco = "http://data.europa.eu/esco/skill/3e4f2d41-e9a5-4c5a-a2a6-1e0bd8a2a0c5";
    let response = app
        .client
        .post(app.url("/api/v1/competence-areas"))
        .bearer_auth(&token)
        .header("accept-language", "en")
        .json(&json!({"slug": "welding", "labels": {"sv": "Svetsning", "en": "Welding"}, "escoUri": esco}))
        .send()
        .await
        .expect("create");
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.expect("json");
    assert_eq!((created["label"].as_str(), created["escoUri"].as_str()), (Some("Welding"), Some(esco)));

    let response = app
        .client
        .post(app.url("/api/v1/competence-areas"))
        .bearer_auth(&token)
        .json(&json!({"slug": "Welding!", "labels": {"sv": " ", "en": "W"}, "escoUri": "http://example.com/skill/1"}))
        .send()
        .await
        .expect("create");
    let (_, problem) = assert_problem(response, 422).await;
    assert_eq!(error_fields(&problem), ["slug", "labels.sv", "escoUri"]);
    let response = app
        .client
        .post(app.url("/api/v1/competence-areas"))
        .bearer_auth(&token)
        .json(&json!({"slug": "welding", "labels": {"sv": "S", "en": "W"}}))
        .send()
        .await
        .expect("create");
    assert_eq!(error_fields(&assert_problem(response, 409).await.1), ["slug"]);

    let path = "/api/v1/competence-areas/welding";
    let response = app
        .client
        .patch(app.url(path))
        .bearer_auth(&token)
        .json(&json!({"labels": {"sv": "Svetsning och lödning"}, "escoUri": null}))
        .send()
        .await
        .expect("patch");
    assert_eq!(response.status(), 200);
    let changed: Value = response.json().await.expect("json");
    assert_eq!(changed["labels"], json!({"sv": "Svetsning och lödning", "en": "Welding"}));
    assert!(changed.get("escoUri").is_none(), "{changed}");

    let response = app.client.delete(app.url(path)).bearer_auth(&token).header("if-match", "\"stale\"").send().await;
    assert_problem(response.expect("delete"), 412).await;
    let response = app.client.delete(app.url(path)).bearer_auth(&token).send().await.expect("delete");
    assert_eq!(response.status(), 204);
    assert_problem(app.get(path).await, 404).await;
    let response = app.client.delete(app.url(path)).bearer_auth(&token).send().await.expect("delete");
    assert_problem(response, 404).await;

    let events = app.audit_events("competenceArea", "welding").await;
    assert_eq!(events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["create", "update", "delete"]);
    assert_eq!(events[1].changes["escoUri"], json!({"old": esco, "new": null}));
}
