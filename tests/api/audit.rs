//! The audit log over HTTP: every kind of write is there, filtered and
//! paged newest first, for admins only, and it cannot be changed.

use crate::helpers::{assert_problem, error_fields, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn every_kind_of_write_is_in_the_log() {
    let app = spawn_app().await;
    let (admin, token) = app.token_for("admin").await;
    let post = |path: &str, body: Value| app.client.post(app.url(path)).bearer_auth(&token).json(&body).send();
    let id_of = |v: &Value| v["id"].as_str().expect("id").to_owned();

    let company: Value = post("/api/v1/companies", json!({"orgNumber": "556036-0793", "name": "Logg AB", "municipality": "0686", "sniCode": "25620", "employees": 3}))
        .await.expect("post").json().await.expect("json");
    let company_id = id_of(&company);
    let response = app
        .client
        .patch(app.url(&format!("/api/v1/companies/{company_id}")))
        .bearer_auth(&token)
        .json(&json!({"employees": 4}))
        .send();
    assert_eq!(response.await.expect("patch").status(), 200);
    assert_eq!(
        post(&format!("/api/v1/companies/{company_id}/contacts"), json!({"name": "Eva"})).await.expect("post").status(),
        201
    );
    assert_eq!(
        post(
            "/api/v1/users",
            json!({"email": "x@example.com", "displayName": "X", "role": "admin", "password": "correct horse battery"})
        )
        .await
        .expect("post")
        .status(),
        201
    );
    assert_eq!(post("/api/v1/api-clients", json!({"name": "c"})).await.expect("post").status(), 201);
    assert_eq!(
        post("/api/v1/municipalities", json!({"code": "0688", "name": "Holaveden", "county": "Jönköpings län"}))
            .await
            .expect("post")
            .status(),
        201
    );
    assert_eq!(
        post("/api/v1/competence-areas", json!({"slug": "welding", "labels": {"sv": "Svetsning", "en": "Welding"}}))
            .await
            .expect("post")
            .status(),
        201
    );
    let analysis = post("/api/v1/needs-analyses", json!({"companyId": company_id, "conductedOn": "2026-03-01"}))
        .await
        .expect("post");
    assert_eq!(analysis.status(), 201);
    let start = chrono::Utc::now() + chrono::Duration::days(5);
    let offer: Value = post(
        "/api/v1/training-offers",
        json!({"title": "T", "areas": ["leadership"], "provider": "P", "format": "online",
        "sessions": [{"startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(1)).to_rfc3339()}],
        "seats": 3, "priceSek": 0, "language": "sv", "status": "published"}),
    )
    .await
    .expect("post")
    .json()
    .await
    .expect("json");
    let enrolment = post(
        &format!("/api/v1/training-offers/{}/enrolments", id_of(&offer)),
        json!({"companyId": company_id, "participants": [{"name": "A", "gender": "woman"}]}),
    );
    assert_eq!(enrolment.await.expect("post").status(), 201);
    let meeting: Value = post(
        "/api/v1/network-meetings",
        json!({"title": "M", "municipality": "0686", "format": "online", "onlineUrl": "https://meet.example.com/x",
        "startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(1)).to_rfc3339()}),
    )
    .await
    .expect("post")
    .json()
    .await
    .expect("json");
    let registration = post(
        &format!("/api/v1/network-meetings/{}/registrations", id_of(&meeting)),
        json!({"companyId": company_id, "attendees": [{"name": "B"}]}),
    );
    assert_eq!(registration.await.expect("post").status(), 201);
    let response = app.client.delete(app.url(&format!("/api/v1/companies/{company_id}"))).bearer_auth(&token).send();
    assert_eq!(response.await.expect("delete").status(), 204);

    let mut entities = std::collections::BTreeSet::new();
    let mut cursor: Option<String> = None;
    let mut previous: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/audit-events?limit=5&cursor={c}"),
            None => "/api/v1/audit-events?limit=5".to_owned(),
        };
        let response = app.client.get(app.url(&path)).bearer_auth(&token).send().await.expect("list");
        assert_eq!(response.headers()["cache-control"], "no-store");
        let page: Value = response.json().await.expect("json");
        for event in page["items"].as_array().expect("items") {
            let at = event["at"].as_str().expect("at").to_owned();
            assert!(previous.as_ref().is_none_or(|p| *p >= at), "newest first");
            previous = Some(at);
            entities.insert(event["entity"].as_str().expect("entity").to_owned());
            assert_eq!(event["actor"], format!("user:{}", admin.id));
        }
        match page["nextCursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    for entity in [
        "company",
        "contact",
        "user",
        "apiClient",
        "municipality",
        "competenceArea",
        "needsAnalysis",
        "trainingOffer",
        "enrolment",
        "networkMeeting",
        "registration",
    ] {
        assert!(entities.contains(entity), "{entity} is logged: {entities:?}");
    }

    let get = |query: &str| {
        let request = app.client.get(app.url(&format!("/api/v1/audit-events?{query}"))).bearer_auth(&token).send();
        async move { request.await.expect("list").json::<Value>().await.expect("json") }
    };
    let company_events = get(&format!("entity=company&entityId={company_id}")).await;
    let actions: Vec<&str> =
        company_events["items"].as_array().expect("items").iter().map(|e| e["action"].as_str().expect("a")).collect();
    assert_eq!(actions, ["delete", "update", "create"]);
    assert_eq!(company_events["items"][1]["changes"], json!({"employees": {"old": 3, "new": 4}}));
    let deletes = get("action=delete").await;
    assert!(deletes["items"].as_array().expect("items").iter().all(|e| e["action"] == "delete"));
    let contact_delete =
        deletes["items"].as_array().expect("items").iter().find(|e| e["entity"] == "contact").expect("erasure");
    assert_eq!(contact_delete["changes"], json!({"erased": true}));
    let none = get("from=2999-01-01T00:00:00Z").await;
    assert_eq!(none["items"].as_array().map(Vec::len), Some(0));
    let (_, problem) = assert_problem(
        app.client.get(app.url("/api/v1/audit-events?action=rename")).bearer_auth(&token).send().await.expect("list"),
        400,
    )
    .await;
    assert_eq!(error_fields(&problem), ["action"]);
}

#[tokio::test]
async fn only_admins_read_it_and_nobody_changes_it() {
    let app = spawn_app().await;
    assert_problem(app.get("/api/v1/audit-events").await, 401).await;
    for role in ["officer", "company", "provider"] {
        let (_, token) = app.token_for(role).await;
        let response = app.client.get(app.url("/api/v1/audit-events")).bearer_auth(&token).send().await.expect("list");
        assert_problem(response, 403).await;
    }
    let (_, admin) = app.token_for("admin").await;
    for method in [reqwest::Method::POST, reqwest::Method::PATCH, reqwest::Method::DELETE, reqwest::Method::PUT] {
        let response = app
            .client
            .request(method.clone(), app.url("/api/v1/audit-events"))
            .bearer_auth(&admin)
            .json(&json!({}))
            .send();
        let (headers, _) = assert_problem(response.await.expect("write"), 405).await;
        assert_eq!(headers["allow"], "GET, HEAD", "{method}");
    }
}
