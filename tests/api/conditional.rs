//! One mechanism for safe retries and safe concurrent writes, checked on
//! every resource: each creating POST honours `Idempotency-Key` (the same
//! key and body answers the first result again, creating nothing new), and
//! each PATCH and DELETE honours `If-Match` (a stale tag is 412 and changes
//! nothing; the current ETag goes through).

use crate::helpers::{TestApp, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    admin: &str,
    key: Option<&str>,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut request = app.client.request(method, app.url(path)).bearer_auth(admin);
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.expect("send")
}

async fn created(app: &TestApp, admin: &str, path: &str, body: Value) -> String {
    let response = send(app, Method::POST, path, admin, None, Some(&body)).await;
    let status = response.status();
    let json: Value = response.json().await.expect("json");
    assert_eq!(status, 201, "POST {path}: {json}");
    json["id"].as_str().or(json["code"].as_str()).or(json["slug"].as_str()).expect("an id").to_owned()
}

fn offer() -> Value {
    let start = chrono::Utc::now() + chrono::Duration::days(20);
    json!({"title": "Ledarskap", "areas": ["leadership"], "provider": "Campus Eksjö", "format": "online",
        "sessions": [{"startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339()}],
        "seats": 20, "priceSek": 0, "language": "sv", "status": "published"})
}

fn meeting() -> Value {
    let start = chrono::Utc::now() + chrono::Duration::days(10);
    json!({"title": "Nätverksträff", "municipality": "0686", "format": "online", "onlineUrl": "https://meet.example.se/n",
        "startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339(), "capacity": 40})
}

#[tokio::test]
async fn every_creating_post_honours_idempotency_keys() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let company = app.create_company("0686", true).await.to_string();
    let offer_id = created(&app, &admin, "/api/v1/training-offers", offer()).await;
    let meeting_id = created(&app, &admin, "/api/v1/network-meetings", meeting()).await;
    let table: Vec<(String, Value)> = vec![
        (
            "/api/v1/companies".into(),
            json!({"orgNumber": crate::helpers::org_number(9001), "name": "Idem AB",
            "municipality": "0686", "sniCode": "25620", "employees": 5}),
        ),
        (format!("/api/v1/companies/{company}/contacts"), json!({"name": "Karin Lund"})),
        ("/api/v1/needs-analyses".into(), json!({"companyId": company, "conductedOn": "2026-03-03"})),
        ("/api/v1/training-offers".into(), offer()),
        (
            format!("/api/v1/training-offers/{offer_id}/enrolments"),
            json!({"companyId": company, "participants": [{"name": "Anna", "gender": "woman"}]}),
        ),
        ("/api/v1/network-meetings".into(), meeting()),
        (
            format!("/api/v1/network-meetings/{meeting_id}/registrations"),
            json!({"companyId": company, "attendees": [{"name": "Bo"}]}),
        ),
        (
            "/api/v1/users".into(),
            json!({"email": "idem@example.se", "displayName": "Idem", "role": "provider",
            "provider": "Campus Idem", "password": "a long enough password"}),
        ),
        ("/api/v1/api-clients".into(), json!({"name": "Idem-klient"})),
        ("/api/v1/municipalities".into(), json!({"code": "0688", "name": "Holaveden", "county": "Jönköpings län"})),
        ("/api/v1/competence-areas".into(), json!({"slug": "welding", "labels": {"sv": "Svetsning", "en": "Welding"}})),
        (
            "/api/v1/collaborations".into(),
            json!({"name": "Idem", "startsOn": "2026-01-01", "municipalities": ["0780"]}),
        ),
    ];
    for (path, body) in &table {
        let key = uuid::Uuid::now_v7().to_string();
        let first = send(&app, Method::POST, path, &admin, Some(&key), Some(body)).await;
        assert_eq!(first.status(), 201, "POST {path}");
        let first: Value = first.json().await.expect("json");
        let again = send(&app, Method::POST, path, &admin, Some(&key), Some(body)).await;
        assert_eq!(again.status(), 201, "replayed POST {path}");
        assert_eq!(again.headers()["idempotent-replayed"], "true", "POST {path}");
        let again: Value = again.json().await.expect("json");
        assert_eq!(first, again, "POST {path}: the first answer again");
        let mut other = body.clone();
        other["unknownButDifferent"] = json!(1);
        let reused = send(&app, Method::POST, path, &admin, Some(&key), Some(&other)).await;
        assert_eq!(reused.status(), 422, "POST {path} with the key of another body");
    }
}

#[tokio::test]
async fn every_write_honours_if_match() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let company = app.create_company("0686", true).await.to_string();
    let contact = created(&app, &admin, &format!("/api/v1/companies/{company}/contacts"), json!({"name": "K"})).await;
    let analysis =
        created(&app, &admin, "/api/v1/needs-analyses", json!({"companyId": company, "conductedOn": "2026-03-03"}))
            .await;
    let offer_id = created(&app, &admin, "/api/v1/training-offers", offer()).await;
    let enrolment = created(
        &app,
        &admin,
        &format!("/api/v1/training-offers/{offer_id}/enrolments"),
        json!({"companyId": company, "participants": [{"name": "Anna", "gender": "woman"}]}),
    )
    .await;
    let meeting_id = created(&app, &admin, "/api/v1/network-meetings", meeting()).await;
    let user = created(
        &app,
        &admin,
        "/api/v1/users",
        json!({"email": "im@example.se", "displayName": "IM",
        "role": "officer", "municipality": "0686", "password": "a long enough password"}),
    )
    .await;
    let client = created(&app, &admin, "/api/v1/api-clients", json!({"name": "IM-klient"})).await;
    let area = created(
        &app,
        &admin,
        "/api/v1/competence-areas",
        json!({"slug": "welding",
        "labels": {"sv": "Svetsning", "en": "Welding"}}),
    )
    .await;
    // (method, path, body, where its ETag is read)
    let company_path = format!("/api/v1/companies/{company}");
    let table: Vec<(Method, String, Option<Value>, String)> = vec![
        (Method::PATCH, company_path.clone(), Some(json!({"employees": 7})), company_path.clone()),
        (
            Method::PATCH,
            format!("{company_path}/contacts/{contact}"),
            Some(json!({"title": "VD"})),
            format!("{company_path}/contacts/{contact}"),
        ),
        (
            Method::PATCH,
            format!("/api/v1/needs-analyses/{analysis}"),
            Some(json!({"summary": "Ny"})),
            format!("/api/v1/needs-analyses/{analysis}"),
        ),
        (
            Method::PATCH,
            format!("/api/v1/training-offers/{offer_id}"),
            Some(json!({"priceSek": 10})),
            format!("/api/v1/training-offers/{offer_id}"),
        ),
        (
            Method::PATCH,
            format!("/api/v1/network-meetings/{meeting_id}"),
            Some(json!({"capacity": 30})),
            format!("/api/v1/network-meetings/{meeting_id}"),
        ),
        (
            Method::PATCH,
            format!("/api/v1/users/{user}"),
            Some(json!({"displayName": "IM 2"})),
            format!("/api/v1/users/{user}"),
        ),
        (
            Method::PATCH,
            format!("/api/v1/api-clients/{client}"),
            Some(json!({"name": "IM 2"})),
            format!("/api/v1/api-clients/{client}"),
        ),
        (Method::POST, format!("/api/v1/api-clients/{client}/secret"), None, format!("/api/v1/api-clients/{client}")),
        (
            Method::PATCH,
            "/api/v1/municipalities/0686".into(),
            Some(json!({"county": "Jönköpings län"})),
            "/api/v1/municipalities/0686".into(),
        ),
        (
            Method::PATCH,
            format!("/api/v1/competence-areas/{area}"),
            Some(json!({"labels": {"en": "Welding 2"}})),
            format!("/api/v1/competence-areas/{area}"),
        ),
        (Method::DELETE, format!("/api/v1/enrolments/{enrolment}"), None, format!("/api/v1/enrolments/{enrolment}")),
        (
            Method::DELETE,
            format!("{company_path}/contacts/{contact}"),
            None,
            format!("{company_path}/contacts/{contact}"),
        ),
        (
            Method::DELETE,
            format!("/api/v1/needs-analyses/{analysis}"),
            None,
            format!("/api/v1/needs-analyses/{analysis}"),
        ),
        (
            Method::DELETE,
            format!("/api/v1/network-meetings/{meeting_id}"),
            None,
            format!("/api/v1/network-meetings/{meeting_id}"),
        ),
        (Method::DELETE, format!("/api/v1/users/{user}"), None, format!("/api/v1/users/{user}")),
        (Method::DELETE, format!("/api/v1/api-clients/{client}"), None, format!("/api/v1/api-clients/{client}")),
        (Method::DELETE, format!("/api/v1/competence-areas/{area}"), None, format!("/api/v1/competence-areas/{area}")),
        (Method::DELETE, company_path.clone(), None, company_path.clone()),
    ];
    for (method, path, body, resource) in &table {
        let before = send(&app, Method::GET, resource, &admin, None, None).await;
        assert_eq!(before.status(), 200, "GET {resource}");
        let etag = before.headers()["etag"].to_str().expect("etag").to_owned();
        let before: Value = before.json().await.expect("json");
        let mut request =
            app.client.request(method.clone(), app.url(path)).bearer_auth(&admin).header("If-Match", "\"stale\"");
        if let Some(body) = body {
            request = request.json(body);
        }
        assert_eq!(request.send().await.expect("send").status(), 412, "{method} {path} with a stale If-Match");
        let unchanged: Value = send(&app, Method::GET, resource, &admin, None, None).await.json().await.expect("json");
        assert_eq!(before, unchanged, "{method} {path}: a refused write changes nothing");
        let mut request =
            app.client.request(method.clone(), app.url(path)).bearer_auth(&admin).header("If-Match", &etag);
        if let Some(body) = body {
            request = request.json(body);
        }
        let status = request.send().await.expect("send").status();
        assert!(status.is_success(), "{method} {path} with the current ETag: {status}");
    }
}
