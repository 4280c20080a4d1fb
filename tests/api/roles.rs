//! Who may do what, over HTTP: every role against every admin operation.
//! Anonymous callers get 401, other roles 403 (and nothing changes), admins
//! get what they asked for.

use crate::helpers::{TestApp, assert_problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

const ROLES: [&str; 6] = ["anonymous", "officer", "company", "provider", "integration", "admin"];

struct Operation {
    method: Method,
    path: String,
    body: Option<Value>,
    /// The status an admin gets.
    admin: u16,
}

fn op(method: Method, path: impl Into<String>, body: Option<Value>, admin: u16) -> Operation {
    Operation { method, path: path.into(), body, admin }
}

async fn tokens(app: &TestApp) -> Vec<(&'static str, Option<String>)> {
    let (_, admin) = app.token_for("admin").await;
    let integration = app.integration_token(&admin, &[]).await;
    let mut tokens = Vec::new();
    for role in ROLES {
        let token = match role {
            "anonymous" => None,
            "admin" => Some(admin.clone()),
            "integration" => Some(integration.clone()),
            other => Some(app.token_for(other).await.1),
        };
        tokens.push((role, token));
    }
    tokens
}

#[tokio::test]
async fn every_role_against_every_admin_operation() {
    let app = spawn_app().await;
    let tokens = tokens(&app).await;
    let (_, admin) = tokens.iter().find(|(r, _)| *r == "admin").cloned().expect("admin");
    let admin = admin.expect("admin token");
    let victim = app.create_user("officer", None).await;
    let victim_client: Value = app
        .client
        .post(app.url("/api/v1/api-clients"))
        .bearer_auth(&admin)
        .json(&json!({"name": "victim"}))
        .send()
        .await
        .expect("client")
        .json()
        .await
        .expect("json");
    let client_path = format!("/api/v1/api-clients/{}", victim_client["id"].as_str().expect("id"));
    let user_path = format!("/api/v1/users/{}", victim.id);
    let new_user = json!({"email": "new@eksjo.se", "displayName": "New", "role": "admin",
        "password": "correct horse battery staple"});

    // In this order, so that the admin's deletions come after its other uses of the same objects.
    let operations = [
        op(Method::GET, "/api/v1/users", None, 200),
        op(Method::POST, "/api/v1/users", Some(new_user), 201),
        op(Method::GET, user_path.clone(), None, 200),
        op(Method::PATCH, user_path.clone(), Some(json!({"displayName": "Renamed"})), 200),
        op(Method::DELETE, user_path.clone(), None, 204),
        op(Method::GET, "/api/v1/api-clients", None, 200),
        op(Method::POST, "/api/v1/api-clients", Some(json!({"name": "new"})), 201),
        op(Method::GET, client_path.clone(), None, 200),
        op(Method::PATCH, client_path.clone(), Some(json!({"name": "renamed"})), 200),
        op(Method::POST, format!("{client_path}/secret"), None, 200),
        op(Method::DELETE, client_path.clone(), None, 204),
        op(
            Method::POST,
            "/api/v1/municipalities",
            Some(json!({"code": "0688", "name": "Holaveden", "county": "Jönköpings län"})),
            201,
        ),
        op(Method::PATCH, "/api/v1/municipalities/0780", Some(json!({"partner": true})), 200),
        op(
            Method::POST,
            "/api/v1/competence-areas",
            Some(json!({"slug": "welding", "labels": {"sv": "Svetsning", "en": "Welding"}})),
            201,
        ),
        op(Method::PATCH, "/api/v1/competence-areas/leadership", Some(json!({"labels": {"en": "Leading"}})), 200),
        op(Method::DELETE, "/api/v1/competence-areas/welding", None, 204),
    ];

    let mut table = Vec::new();
    for (role, token) in &tokens {
        let mut row = Vec::new();
        for operation in &operations {
            let mut request = app.client.request(operation.method.clone(), app.url(&operation.path));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if let Some(body) = &operation.body {
                request = request.json(body);
            }
            let response = request.send().await.expect("request");
            let status = response.status().as_u16();
            let expected = match *role {
                "anonymous" => 401,
                "admin" => operation.admin,
                _ => 403,
            };
            if expected >= 400 {
                assert_problem(response, expected).await;
            }
            row.push(status);
            assert_eq!(status, expected, "{role} {} {}", operation.method, operation.path);
        }
        table.push((role, row));
    }

    // Nothing the refused roles tried left a trace: only the admin's writes are in the log.
    let logged: Vec<_> = app.audit_events("user", &victim.id.to_string()).await.into_iter().map(|e| e.action).collect();
    assert_eq!(logged, ["update", "delete"], "the admin's patch and delete of the victim only");
    assert_eq!(table.len(), ROLES.len());
}

#[tokio::test]
async fn every_role_reads_reference_data_and_itself() {
    let app = spawn_app().await;
    for (role, token) in tokens(&app).await {
        for path in ["/api/v1/municipalities", "/api/v1/municipalities/0686", "/api/v1/competence-areas"] {
            let mut request = app.client.get(app.url(path));
            if let Some(token) = &token {
                request = request.bearer_auth(token);
            }
            assert_eq!(request.send().await.expect("get").status(), 200, "{role} reads {path}");
        }
        let mut request = app.client.get(app.url("/api/v1/me"));
        if let Some(token) = &token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("me");
        match role {
            "anonymous" => {
                let (headers, _) = assert_problem(response, 401).await;
                assert!(headers["www-authenticate"].to_str().is_ok_and(|v| v.starts_with("Bearer")));
            }
            _ => {
                let me: Value = response.json().await.expect("json");
                assert_eq!(me["role"], role);
            }
        }
        let mut request = app
            .client
            .post(app.url("/api/v1/me/password"))
            .json(&json!({"currentPassword": "wrong", "newPassword": "a new long passphrase"}));
        if let Some(token) = &token {
            request = request.bearer_auth(token);
        }
        let expected = match role {
            "anonymous" => 401,
            "integration" => 403,
            _ => 422,
        };
        assert_problem(request.send().await.expect("password"), expected).await;
    }
}
