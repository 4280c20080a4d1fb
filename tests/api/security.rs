//! Security, item by item of the OWASP API Security Top 10 (2023), and the
//! tenancy matrix: every principal against every operation on objects of
//! its own and of other tenants. A "leak" is a denied principal that got a
//! 2xx or saw the object in a list; the count must be 0.

use crate::helpers::{PASSWORD, TestApp, access_token, assert_problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

/// The principals of the matrix, by name; `None` is anonymous.
struct Principals(Vec<(&'static str, Option<String>)>);

impl Principals {
    fn token(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| *n == name).and_then(|(_, t)| t.as_deref())
    }
}

/// Objects in two partner-municipality companies (A, B in Eksjö), one company
/// outside the partnership (N in Växjö), offers of two providers.
struct World {
    principals: Principals,
    company_a: String,
    company_b: String,
    company_n: String,
    contact_a: String,
    contact_n: String,
    analysis_a: String,
    analysis_n: String,
    draft_offer: String,
    published_offer: String,
    enrolment_a: String,
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let response = app.client.post(app.url(path)).bearer_auth(token).json(&body).send().await.expect("post");
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, 201, "POST {path}: {body}");
    body
}

async fn login(app: &TestApp, role: &str, binding: &str) -> String {
    let user = app.create_user(role, Some(binding)).await;
    access_token(app.login(&user.email, PASSWORD).await).await
}

fn offer_body(title: &str, status: &str) -> Value {
    let start = chrono::Utc::now() + chrono::Duration::days(30);
    json!({
        "title": title, "areas": ["leadership"], "provider": "Campus Alfa", "format": "onSite",
        "municipality": "0686", "venue": "Campus Alfa, sal 1",
        "sessions": [{"startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(3)).to_rfc3339()}],
        "seats": 10, "priceSek": 0, "language": "sv", "status": status
    })
}

async fn world(app: &TestApp) -> World {
    let (_, admin) = app.token_for("admin").await;
    let company_a = app.create_company("0686", false).await.to_string();
    let company_b = app.create_company("0686", false).await.to_string();
    let company_n = app.create_company("0780", false).await.to_string();
    let contact = |company: String| {
        let admin = admin.clone();
        async move { post(app, &admin, &format!("/api/v1/companies/{company}/contacts"), json!({"name": "Kontakt"})).await }
    };
    let contact_a = contact(company_a.clone()).await["id"].as_str().expect("id").to_owned();
    let contact_n = contact(company_n.clone()).await["id"].as_str().expect("id").to_owned();
    let analysis = |company: String| {
        let admin = admin.clone();
        async move {
            post(app, &admin, "/api/v1/needs-analyses", json!({"companyId": company, "conductedOn": "2026-03-03"}))
                .await
        }
    };
    let analysis_a = analysis(company_a.clone()).await["id"].as_str().expect("id").to_owned();
    let analysis_n = analysis(company_n.clone()).await["id"].as_str().expect("id").to_owned();
    let draft_offer = post(app, &admin, "/api/v1/training-offers", offer_body("Utkast", "draft")).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let published_offer =
        post(app, &admin, "/api/v1/training-offers", offer_body("Publicerad", "published")).await["id"]
            .as_str()
            .expect("id")
            .to_owned();
    let enrolment_a = post(
        app,
        &admin,
        &format!("/api/v1/training-offers/{published_offer}/enrolments"),
        json!({"companyId": company_a, "participants": [{"name": "Deltagare", "gender": "woman"}]}),
    )
    .await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let principals = Principals(vec![
        ("admin", Some(admin.clone())),
        ("officer 0686", Some(login(app, "officer", "0686").await)),
        ("officer 0780", Some(login(app, "officer", "0780").await)),
        ("company A", Some(login(app, "company", &company_a).await)),
        ("company B", Some(login(app, "company", &company_b).await)),
        ("provider Alfa", Some(login(app, "provider", "Campus Alfa").await)),
        ("provider Beta", Some(login(app, "provider", "Campus Beta").await)),
        ("integration 0685", Some(app.integration_token(&admin, &["0685"]).await)),
        ("anonymous", None),
    ]);
    World {
        principals,
        company_a,
        company_b,
        company_n,
        contact_a,
        contact_n,
        analysis_a,
        analysis_n,
        draft_offer,
        published_offer,
        enrolment_a,
    }
}

async fn call(app: &TestApp, method: Method, path: &str, token: Option<&str>, body: Option<&Value>) -> (u16, String) {
    let mut request = app.client.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("send");
    (response.status().as_u16(), response.text().await.expect("body"))
}

/// API1 (broken object level authorization) and API5 (function level), as a
/// table: each operation on each object, the principals allowed; everyone
/// else must get 401, 403 or 404 and nothing of the object.
#[tokio::test]
async fn api1_every_principal_against_every_object_of_every_tenant() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let patch_company = json!({"description": "ändrad"});
    let patch_analysis = json!({"conductedOn": "2026-03-04"});
    let patch_offer = json!({"priceSek": 100});
    let patch_contact = json!({"title": "VD"});
    #[rustfmt::skip]
    let table: Vec<(Method, String, Option<&Value>, &[&str])> = vec![
        (Method::GET, format!("/api/v1/companies/{}", w.company_a), None,
            &["admin", "officer 0686", "officer 0780", "company A"]),
        (Method::GET, format!("/api/v1/companies/{}", w.company_n), None, &["admin", "officer 0780"]),
        (Method::GET, format!("/api/v1/companies/{}/contacts", w.company_a), None,
            &["admin", "officer 0686", "officer 0780", "company A"]),
        (Method::GET, format!("/api/v1/companies/{}/contacts/{}", w.company_a, w.contact_a), None,
            &["admin", "officer 0686", "officer 0780", "company A"]),
        (Method::GET, format!("/api/v1/companies/{}/contacts/{}", w.company_n, w.contact_n), None,
            &["admin", "officer 0780"]),
        (Method::GET, format!("/api/v1/needs-analyses/{}", w.analysis_a), None,
            &["admin", "officer 0686", "officer 0780", "company A"]),
        (Method::GET, format!("/api/v1/needs-analyses/{}", w.analysis_n), None, &["admin", "officer 0780"]),
        (Method::GET, format!("/api/v1/needs-analyses/{}/matching-offers", w.analysis_a), None,
            &["admin", "officer 0686", "officer 0780", "company A"]),
        (Method::GET, format!("/api/v1/training-offers/{}", w.draft_offer), None,
            &["admin", "officer 0686", "officer 0780", "provider Alfa"]),
        (Method::GET, format!("/api/v1/enrolments/{}", w.enrolment_a), None,
            &["admin", "officer 0686", "officer 0780", "company A", "provider Alfa"]),
        (Method::PATCH, format!("/api/v1/companies/{}", w.company_a), Some(&patch_company),
            &["admin", "officer 0686", "company A"]),
        (Method::PATCH, format!("/api/v1/companies/{}", w.company_n), Some(&patch_company), &["admin", "officer 0780"]),
        (Method::PATCH, format!("/api/v1/companies/{}/contacts/{}", w.company_a, w.contact_a), Some(&patch_contact),
            &["admin", "officer 0686", "company A"]),
        (Method::PATCH, format!("/api/v1/needs-analyses/{}", w.analysis_a), Some(&patch_analysis),
            &["admin", "officer 0686", "company A"]),
        (Method::PATCH, format!("/api/v1/needs-analyses/{}", w.analysis_n), Some(&patch_analysis),
            &["admin", "officer 0780"]),
        (Method::PATCH, format!("/api/v1/training-offers/{}", w.draft_offer), Some(&patch_offer),
            &["admin", "officer 0686", "provider Alfa"]),
        (Method::DELETE, format!("/api/v1/companies/{}", w.company_b), None, &["admin", "officer 0686"]),
        (Method::GET, "/api/v1/audit-events".to_owned(), None, &["admin"]),
        (Method::GET, "/api/v1/users".to_owned(), None, &["admin"]),
        (Method::GET, "/api/v1/reports/participation".to_owned(), None, &["admin", "officer 0686", "officer 0780"]),
    ];
    let mut leaks = Vec::new();
    let mut wrong_denials = Vec::new();
    let mut calls = 0;
    for (method, path, body, allowed) in &table {
        for (name, token) in &w.principals.0 {
            // Deletions are only tried by those who must be refused (the row has to stay for the others).
            if *method == Method::DELETE && allowed.contains(name) {
                continue;
            }
            let (status, text) = call(&app, method.clone(), path, token.as_deref(), *body).await;
            calls += 1;
            let ok = (200..300).contains(&status);
            if allowed.contains(name) && !ok {
                wrong_denials.push(format!("{name}: {method} {path} → {status}"));
            }
            if !allowed.contains(name) && (ok || ![401, 403, 404].contains(&status)) {
                leaks
                    .push(format!("{name}: {method} {path} → {status} {}", text.chars().take(120).collect::<String>()));
            }
        }
    }
    println!("tenancy matrix: {calls} calls, {} leaks, {} wrong denials", leaks.len(), wrong_denials.len());
    assert!(leaks.is_empty(), "leaks:\n{}", leaks.join("\n"));
    assert!(wrong_denials.is_empty(), "allowed but refused:\n{}", wrong_denials.join("\n"));
    // Company B is still there for the admin: no refused deletion went through.
    let admin = w.principals.token("admin");
    assert_eq!(call(&app, Method::GET, &format!("/api/v1/companies/{}", w.company_b), admin, None).await.0, 200);
}

/// API1 in lists: what a principal may not read by id never shows in a list.
#[tokio::test]
async fn api1_lists_show_nothing_of_other_tenants() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let enrolments = format!("/api/v1/training-offers/{}/enrolments?limit=500", w.published_offer);
    #[rustfmt::skip]
    let table: Vec<(&str, &str, &[&str])> = vec![
        ("/api/v1/companies?limit=500", &w.company_a, &["admin", "officer 0686", "officer 0780", "company A"]),
        ("/api/v1/companies?limit=500", &w.company_n, &["admin", "officer 0780"]),
        ("/api/v1/companies/export", &w.company_a, &["admin", "officer 0686", "officer 0780", "company A"]),
        ("/api/v1/companies/export", &w.company_n, &["admin", "officer 0780"]),
        // The feed tells officers (who may mirror every partner company) of any company leaving their view,
        // by id only; readers of the public directory never learn an unlisted company's id.
        ("/api/v1/companies/changes?limit=500", &w.company_n, &["admin", "officer 0686", "officer 0780"]),
        ("/api/v1/companies/changes?limit=500", &w.company_a, &["admin", "officer 0686", "officer 0780", "company A"]),
        ("/api/v1/needs-analyses?limit=500", &w.analysis_a, &["admin", "officer 0686", "officer 0780", "company A"]),
        ("/api/v1/needs-analyses?limit=500", &w.analysis_n, &["admin", "officer 0780"]),
        ("/api/v1/training-offers?limit=500", &w.draft_offer, &["admin", "officer 0686", "officer 0780", "provider Alfa"]),
        (&enrolments, &w.enrolment_a, &["admin", "officer 0686", "officer 0780", "company A", "provider Alfa"]),
    ];
    let mut leaks = Vec::new();
    for (path, marker, allowed) in &table {
        for (name, token) in &w.principals.0 {
            let (status, text) = call(&app, Method::GET, path, token.as_deref(), None).await;
            let seen = (200..300).contains(&status) && text.contains(*marker);
            if seen != allowed.contains(name) {
                leaks.push(format!("{name}: GET {path} → {status}, shows {marker}: {seen}"));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}

/// API2: forged, foreign and expired tokens are refused.
#[tokio::test]
async fn api2_forged_and_expired_tokens_are_refused() {
    use base64::Engine;
    let app = spawn_app().await;
    let (user, token) = app.token_for("admin").await;
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let now = chrono::Utc::now().timestamp();
    let claims = json!({"iss": "samverka", "aud": "samverka", "sub": format!("user:{}", user.id), "exp": now + 600,
        "iat": now, "nbf": now, "jti": "x", "typ": "access"});
    let unsigned = format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&claims));
    let parts: Vec<&str> = token.split('.').collect();
    let tampered = format!("{}.{}.{}", parts[0], b64(&claims), parts[2]);
    let foreign = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(b"not the server's secret"),
    )
    .expect("encode");
    for bad in [unsigned, tampered, foreign, format!("{token}x"), String::new()] {
        let response = app.client.get(app.url("/api/v1/me")).bearer_auth(&bad).send().await.expect("send");
        let (headers, _) = assert_problem(response, 401).await;
        assert!(headers.contains_key("www-authenticate"));
    }
    let response = app.client.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.expect("send");
    assert_eq!(response.status(), 200);
}

/// API3: no mass assignment (bookkeeping fields are unknown fields), no
/// property a role may not change, no secret in an answer.
#[tokio::test]
async fn api3_properties_are_guarded_both_ways() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let company = app.create_company("0686", false).await;
    let user = app.create_user("company", Some(&company.to_string())).await;
    let company_user = access_token(app.login(&user.email, PASSWORD).await).await;
    for field in ["id", "version", "createdAt", "deletedAt", "listed_by"] {
        let mut body = json!({"name": "Nytt namn AB"});
        body[field] = json!("x");
        let response = app
            .client
            .patch(app.url(&format!("/api/v1/companies/{company}")))
            .bearer_auth(&admin)
            .json(&body)
            .send()
            .await
            .expect("send");
        let (_, problem) = assert_problem(response, 400).await;
        assert_eq!(crate::helpers::error_fields(&problem), [field]);
    }
    let response = app
        .client
        .patch(app.url(&format!("/api/v1/companies/{company}")))
        .bearer_auth(&company_user)
        .json(&json!({"orgNumber": crate::helpers::org_number(777)}))
        .send()
        .await
        .expect("send");
    assert_problem(response, 403).await;
    let (_, users) = call(&app, Method::GET, "/api/v1/users?limit=500", Some(&admin), None).await;
    let (_, clients) = call(&app, Method::GET, "/api/v1/api-clients?limit=500", Some(&admin), None).await;
    app.integration_token(&admin, &[]).await;
    let (_, clients_after) = call(&app, Method::GET, "/api/v1/api-clients?limit=500", Some(&admin), None).await;
    for text in [&users, &clients, &clients_after] {
        for secret in ["password", "hash", "$argon2", "secret\""] {
            assert!(!text.to_lowercase().contains(secret), "{secret} in {text}");
        }
    }
}

/// API4: bounded consumption: page size, body size, search length.
#[tokio::test]
async fn api4_requests_are_bounded() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let (status, _) = call(&app, Method::GET, "/api/v1/companies?limit=501", Some(&admin), None).await;
    assert_eq!(status, 400);
    let (status, _) =
        call(&app, Method::GET, &format!("/api/v1/companies?q={}", "a".repeat(101)), Some(&admin), None).await;
    assert_eq!(status, 400);
    let huge = json!({"name": "x".repeat(2 * 1024 * 1024)});
    let (status, _) = call(&app, Method::POST, "/api/v1/companies", Some(&admin), Some(&huge)).await;
    assert_eq!(status, 413);
}

/// API5: read-only and low roles cannot reach functions above them.
#[tokio::test]
async fn api5_functions_are_guarded_by_role() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let integration = app.integration_token(&admin, &[]).await;
    let (_, company_user) = app.token_for("company").await;
    let (_, provider) = app.token_for("provider").await;
    let company = json!({"orgNumber": crate::helpers::org_number(778), "name": "Ny AB", "municipality": "0686",
        "sniCode": "25620", "employees": 3});
    for (token, method, path, body) in [
        (&integration, Method::POST, "/api/v1/companies", Some(&company)),
        (&integration, Method::GET, "/api/v1/needs-analyses", None),
        (&company_user, Method::GET, "/api/v1/audit-events", None),
        (&company_user, Method::POST, "/api/v1/api-clients", Some(&json!({"name": "x"}))),
        (&provider, Method::GET, "/api/v1/users", None),
        (&provider, Method::POST, "/api/v1/companies", Some(&company)),
    ] {
        let (status, _) = call(&app, method.clone(), path, Some(token), body).await;
        assert_eq!(status, 403, "{method} {path}");
    }
}

/// API6: a business flow cannot be gamed: the same person cannot take two
/// seats of one offer for one company, and a company user enrols only its own company.
#[tokio::test]
async fn api6_enrolment_cannot_be_gamed() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let path = format!("/api/v1/training-offers/{}/enrolments", w.published_offer);
    let company_a = w.principals.token("company A");
    let anna = json!({"participants": [{"name": "Anna", "email": "anna@example.se", "gender": "woman"}]});
    assert_eq!(call(&app, Method::POST, &path, company_a, Some(&anna)).await.0, 201);
    assert_eq!(call(&app, Method::POST, &path, company_a, Some(&anna)).await.0, 409);
    let on_behalf = json!({"companyId": w.company_b, "participants": [{"name": "Bo", "gender": "man"}]});
    let (status, _) = call(&app, Method::POST, &path, company_a, Some(&on_behalf)).await;
    assert!([403, 404, 422].contains(&status), "company A enrolling company B: {status}");
}

/// API7: the server never fetches a URL a client gives it (web sites and
/// meeting links are stored, not visited).
#[tokio::test]
async fn api7_urls_from_clients_are_never_fetched() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://127.0.0.1:{}/internal", listener.local_addr().expect("addr").port());
    let company = json!({"orgNumber": crate::helpers::org_number(779), "name": "Länk AB", "municipality": "0686",
        "sniCode": "25620", "employees": 3, "website": url});
    let (status, _) = call(&app, Method::POST, "/api/v1/companies", Some(&admin), Some(&company)).await;
    assert_eq!(status, 201);
    let fetched = tokio::time::timeout(std::time::Duration::from_millis(500), listener.accept()).await;
    assert!(fetched.is_err(), "the server connected to the URL it was given");
}

/// API8: safe defaults: nosniff everywhere, no CORS for unknown origins,
/// TRACE refused, errors without internals, tokens never cached.
#[tokio::test]
async fn api8_configuration_is_safe_by_default() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/municipalities"))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .expect("send");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(!response.headers().contains_key("access-control-allow-origin"));
    let response = app.client.request(Method::TRACE, app.url("/api/v1/municipalities")).send().await.expect("send");
    assert_eq!(response.status(), 405);
    let response = app.client.post(app.url("/api/v1/companies")).body("{").send().await.expect("send");
    let text = response.text().await.expect("text").to_lowercase();
    for internal in ["sea_orm", "sqlx", "panicked", "src/", "backtrace"] {
        assert!(!text.contains(internal), "{internal} in {text}");
    }
    let user = app.create_user("officer", None).await;
    let response = app.login(&user.email, PASSWORD).await;
    assert_eq!(response.headers()["cache-control"], "no-store");
}

/// API9: only what is documented is served: other versions and unknown
/// paths are 404, and every documented path answers something other than 404
/// for its documented method.
#[tokio::test]
async fn api9_the_inventory_is_the_document() {
    let app = spawn_app().await;
    for path in ["/api/v2/companies", "/api/v1/internal", "/api/v1/admin", "/api/companies", "/debug"] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
    let doc: Value = app.get("/api-docs/openapi.json").await.json().await.expect("json");
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if !item.as_object().expect("item").contains_key("get") || path.contains('{') {
            continue;
        }
        let status = app.get(path).await.status().as_u16();
        assert!(![404, 405].contains(&status), "{path} is documented but answers {status}");
    }
}

/// API10: what Samverka hands on to other systems is safe to consume: the
/// CSV export neutralises spreadsheet formulas in free text.
#[tokio::test]
async fn api10_the_csv_export_carries_no_formulas() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let company = json!({"orgNumber": crate::helpers::org_number(780), "name": "=HYPERLINK(\"http://x.example\";\"klicka\")",
        "municipality": "0686", "sniCode": "25620", "employees": 3, "listed": true, "description": "+46 är vårt prefix"});
    let (status, _) = call(&app, Method::POST, "/api/v1/companies", Some(&admin), Some(&company)).await;
    assert_eq!(status, 201);
    let response = app.client.get(app.url("/api/v1/companies/export")).bearer_auth(&admin).send().await.expect("send");
    let csv = response.text().await.expect("csv");
    let row = csv.lines().find(|l| l.contains("HYPERLINK")).expect("the company is exported");
    assert!(row.contains(";\"'=HYPERLINK("), "{row}");
    assert!(row.contains(";'+46 är vårt prefix;"), "{row}");
    // The JSON forms are unchanged.
    let (_, list) = call(&app, Method::GET, "/api/v1/companies?q=hyperlink", Some(&admin), None).await;
    assert!(list.contains("\"name\":\"=HYPERLINK("), "{list}");
}
