//! Needs analyses: the workflow, visibility per role, filters, and the
//! demand they add up to.

use crate::helpers::{PASSWORD, TestApp, access_token, assert_problem, error_fields, spawn_app};
use serde_json::{Value, json};

async fn post(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.client.post(app.url("/api/v1/needs-analyses")).bearer_auth(token).json(body).send().await.expect("post")
}

async fn patch(app: &TestApp, token: &str, id: &str, body: &Value) -> reqwest::Response {
    let url = app.url(&format!("/api/v1/needs-analyses/{id}"));
    app.client.patch(url).bearer_auth(token).json(body).send().await.expect("patch")
}

fn need(area: &str, priority: &str, employees: i64) -> Value {
    json!({"area": area, "priority": priority, "employeesConcerned": employees})
}

/// Records an analysis and moves it to `status`; its id.
async fn analysis(
    app: &TestApp,
    token: &str,
    company: uuid::Uuid,
    on: &str,
    status: &str,
    needs: Vec<Value>,
) -> String {
    let response = post(app, token, &json!({"companyId": company, "conductedOn": on, "needs": needs})).await;
    assert_eq!(response.status(), 201);
    let id = response.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_owned();
    for step in match status {
        "completed" => vec!["completed"],
        "archived" => vec!["completed", "archived"],
        _ => vec![],
    } {
        assert_eq!(patch(app, token, &id, &json!({"status": step})).await.status(), 200);
    }
    id
}

#[tokio::test]
async fn the_workflow_of_an_analysis() {
    let app = spawn_app().await;
    let (officer, token) = app.token_for("officer").await; // of 0686
    let company = app.create_company("0686", false).await;
    let response =
        post(&app, &token, &json!({"companyId": company, "conductedOn": "2026-03-03", "summary": "Besök"})).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.expect("json");
    assert_eq!(
        (created["status"].as_str(), created["conductedBy"].as_str()),
        (Some("draft"), Some(officer.id.to_string().as_str()))
    );
    let id = created["id"].as_str().expect("id").to_owned();

    let (_, problem) = assert_problem(patch(&app, &token, &id, &json!({"status": "completed"})).await, 422).await;
    assert_eq!(error_fields(&problem), ["needs"], "a completed analysis has a need");
    let body = json!({"status": "completed", "needs": [need("leadership", "high", 12), need("recruitment", "low", 3)]});
    let response = patch(&app, &token, &id, &body).await;
    assert_eq!(response.status(), 200);
    let completed: Value = response.json().await.expect("json");
    assert_eq!(completed["needs"][1]["area"], "recruitment");
    assert_eq!(completed["version"], 2);

    let (_, problem) = assert_problem(patch(&app, &token, &id, &json!({"status": "draft"})).await, 409).await;
    assert_eq!(problem["errors"][0]["code"], "transition");
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("can go to archived")), "{problem}");
    assert_eq!(patch(&app, &token, &id, &json!({"status": "archived"})).await.status(), 200);
    let (_, problem) = assert_problem(patch(&app, &token, &id, &json!({"summary": "late"})).await, 409).await;
    assert_eq!(problem["errors"][0]["code"], "archived");
    assert_eq!(patch(&app, &token, &id, &json!({"status": "completed"})).await.status(), 200, "reopened");
    let response =
        patch(&app, &token, &id, &json!({"needs": [need("sustainability", "medium", 5)], "summary": null})).await;
    let now: Value = response.json().await.expect("json");
    assert_eq!(now["needs"].as_array().map(Vec::len), Some(1));
    assert!(now.get("summary").is_none());
    let (_, problem) = assert_problem(patch(&app, &token, &id, &json!({"needs": []})).await, 422).await;
    assert_eq!(error_fields(&problem), ["needs"]);

    let events = app.audit_events("needsAnalysis", &id).await;
    assert_eq!(events.len(), 5, "create and four changes; the refused ones left no trace");
    assert_eq!(events[1].changes["status"], json!({"old": "draft", "new": "completed"}));
    assert!(events[1].changes["needs"]["new"].as_array().is_some_and(|n| n.len() == 2));

    // A competence area that needs use cannot be deleted.
    let (_, admin) = app.token_for("admin").await;
    let response = app.client.delete(app.url("/api/v1/competence-areas/sustainability")).bearer_auth(&admin).send();
    let (_, problem) = assert_problem(response.await.expect("delete"), 409).await;
    assert_eq!(problem["errors"][0]["code"], "inUse");
    let response = app.client.delete(app.url(&format!("/api/v1/needs-analyses/{id}"))).bearer_auth(&token).send();
    assert_eq!(response.await.expect("delete").status(), 204);
    let response = app.client.delete(app.url("/api/v1/competence-areas/sustainability")).bearer_auth(&admin).send();
    assert_eq!(response.await.expect("delete").status(), 204, "unused now");
}

#[tokio::test]
async fn every_bad_need_is_named() {
    let app = spawn_app().await;
    let (_, token) = app.token_for("admin").await;
    let company = app.create_company("0604", true).await;
    let body = json!({"companyId": company, "conductedOn": "2026-02-30", "status": "completed", "needs": [
        {"area": "leadership", "priority": "urgent", "employeesConcerned": 0},
        {"area": "knitting", "priority": "low", "employeesConcerned": 2, "wantedBy": "soon"},
    ]});
    let (_, problem) = assert_problem(post(&app, &token, &body).await, 422).await;
    assert_eq!(
        error_fields(&problem),
        ["conductedOn", "needs[0].priority", "needs[0].employeesConcerned", "needs[1].area", "needs[1].wantedBy"]
    );
    let missing = json!({"companyId": uuid::Uuid::now_v7(), "conductedOn": "2026-03-01"});
    let (_, problem) = assert_problem(post(&app, &token, &missing).await, 422).await;
    assert_eq!(error_fields(&problem), ["companyId"]);
}

/// Analyses of four companies: Eksjö (the officer's), Vetlanda (a partner),
/// Växjö (not a partner) and the company user's own (Eksjö).
#[tokio::test]
async fn who_reads_and_writes_analyses() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let eksjo = app.create_company("0686", true).await;
    let vetlanda = app.create_company("0685", true).await;
    let vaxjo = app.create_company("0780", true).await;
    let own = app.create_company("0686", false).await;
    let ids: Vec<String> = {
        let mut ids = Vec::new();
        for company in [eksjo, vetlanda, vaxjo, own] {
            ids.push(
                analysis(&app, &admin, company, "2026-03-01", "completed", vec![need("leadership", "high", 4)]).await,
            );
        }
        ids
    };
    let (_, officer) = app.token_for("officer").await;
    let company_user = app.create_user("company", Some(&own.to_string())).await;
    let company = access_token(app.login(&company_user.email, PASSWORD).await).await;
    let (_, provider) = app.token_for("provider").await;
    let integration = app.integration_token(&admin, &[]).await;
    let roles: [(&str, Option<&str>); 6] = [
        ("anonymous", None),
        ("admin", Some(&admin)),
        ("officer", Some(&officer)),
        ("company", Some(&company)),
        ("provider", Some(&provider)),
        ("integration", Some(&integration)),
    ];
    // GET each analysis: eksjo, vetlanda, vaxjo, own.
    let expected_get: [[u16; 4]; 6] = [
        [401, 401, 401, 401],
        [200, 200, 200, 200],
        [200, 200, 404, 200],
        [404, 404, 404, 200],
        [403, 403, 403, 403],
        [403, 403, 403, 403],
    ];
    // How many each lists.
    let expected_list: [Result<usize, u16>; 6] = [Err(401), Ok(4), Ok(3), Ok(1), Err(403), Err(403)];
    for (((role, token), gets), list) in roles.iter().zip(expected_get).zip(expected_list) {
        for (id, want) in ids.iter().zip(gets) {
            let mut request = app.client.get(app.url(&format!("/api/v1/needs-analyses/{id}")));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.expect("get");
            assert_eq!(response.status().as_u16(), want, "{role} reads {id}");
            if want >= 400 {
                assert_problem(response, want).await;
            }
        }
        let mut request = app.client.get(app.url("/api/v1/needs-analyses"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("list");
        match list {
            Ok(count) => {
                let page: Value = response.json().await.expect("json");
                assert_eq!(page["items"].as_array().map(Vec::len), Some(count), "{role} lists");
            }
            Err(status) => {
                assert_problem(response, status).await;
            }
        }
    }

    // Writing: the officer its own municipality's, not a partner's; the company drafts of its own.
    let change = json!({"summary": "ändrad"});
    assert_eq!(patch(&app, &officer, &ids[0], &change).await.status(), 200);
    assert_problem(patch(&app, &officer, &ids[1], &change).await, 403).await;
    assert_problem(patch(&app, &officer, &ids[2], &change).await, 404).await;
    assert_problem(patch(&app, &company, &ids[3], &change).await, 403).await;
    let draft = json!({"companyId": own, "conductedOn": "2026-04-01", "needs": [need("recruitment", "low", 2)]});
    let response = post(&app, &company, &draft).await;
    assert_eq!(response.status(), 201);
    let draft_id = response.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_owned();
    assert_eq!(patch(&app, &company, &draft_id, &json!({"summary": "utkast"})).await.status(), 200);
    assert_problem(patch(&app, &company, &draft_id, &json!({"status": "completed"})).await, 403).await;
    let mut completed = draft.clone();
    completed["status"] = json!("completed");
    assert_problem(post(&app, &company, &completed).await, 403).await;
    let mut elsewhere = draft.clone();
    elsewhere["companyId"] = json!(eksjo);
    let (_, problem) = assert_problem(post(&app, &company, &elsewhere).await, 422).await;
    assert_eq!(error_fields(&problem), ["companyId"], "another company is no company to it");
    assert_problem(post(&app, &provider, &draft).await, 403).await;
    let response =
        app.client.delete(app.url(&format!("/api/v1/needs-analyses/{draft_id}"))).bearer_auth(&company).send();
    assert_eq!(response.await.expect("delete").status(), 204);
}

#[tokio::test]
async fn analyses_are_filtered_and_paged() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let eksjo = app.create_company("0686", true).await;
    let aneby = app.create_company("0604", true).await;
    analysis(&app, &admin, eksjo, "2026-01-10", "completed", vec![need("leadership", "high", 3)]).await;
    analysis(&app, &admin, eksjo, "2026-02-10", "draft", vec![need("recruitment", "low", 1)]).await;
    analysis(&app, &admin, aneby, "2026-03-10", "archived", vec![need("leadership", "low", 2)]).await;
    analysis(&app, &admin, aneby, "2026-04-10", "completed", vec![need("sustainability", "medium", 9)]).await;
    let dates = |query: &str| {
        let url = app.url(&format!("/api/v1/needs-analyses?{query}"));
        let request = app.client.get(url).bearer_auth(&admin).send();
        async move {
            let page: Value = request.await.expect("list").json().await.expect("json");
            page["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|a| a["conductedOn"].as_str().expect("date").to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(dates("").await, ["2026-04-10", "2026-03-10", "2026-02-10", "2026-01-10"], "newest first");
    assert_eq!(dates("status=completed").await, ["2026-04-10", "2026-01-10"]);
    assert_eq!(dates("area=leadership").await, ["2026-03-10", "2026-01-10"]);
    assert_eq!(dates(&format!("company={eksjo}")).await, ["2026-02-10", "2026-01-10"]);
    assert_eq!(dates("municipality=0604").await, ["2026-04-10", "2026-03-10"]);
    assert_eq!(dates("conductedFrom=2026-02-01&conductedTo=2026-03-31").await, ["2026-03-10", "2026-02-10"]);
    let first: Value = app
        .client
        .get(app.url("/api/v1/needs-analyses?limit=3"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let cursor = first["nextCursor"].as_str().expect("more");
    assert_eq!(dates(&format!("limit=3&cursor={cursor}")).await, ["2026-01-10"]);
    let response = app.client.get(app.url("/api/v1/needs-analyses?status=done")).bearer_auth(&admin).send();
    assert_eq!(error_fields(&assert_problem(response.await.expect("list"), 400).await.1), ["status"]);
}

/// The fixture, by hand: open needs are those of completed analyses.
///   A (0686, 2026-02-01, completed): leadership high 10, leadership low 4, recruitment medium 3
///   B (0686, 2026-03-01, completed): leadership medium 6
///   C (0685, 2025-12-01, completed): leadership high 2
///   D (0685, 2026-02-01, draft):     leadership high 50   — not open
///   E (0686, 2026-02-01, archived):  recruitment high 7   — not open
#[tokio::test]
async fn demand_adds_up_open_needs() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let [a, b, c, d, e] = [
        app.create_company("0686", true).await,
        app.create_company("0686", true).await,
        app.create_company("0685", true).await,
        app.create_company("0685", true).await,
        app.create_company("0686", true).await,
    ];
    let needs_a = vec![need("leadership", "high", 10), need("leadership", "low", 4), need("recruitment", "medium", 3)];
    analysis(&app, &admin, a, "2026-02-01", "completed", needs_a).await;
    analysis(&app, &admin, b, "2026-03-01", "completed", vec![need("leadership", "medium", 6)]).await;
    analysis(&app, &admin, c, "2025-12-01", "completed", vec![need("leadership", "high", 2)]).await;
    analysis(&app, &admin, d, "2026-02-01", "draft", vec![need("leadership", "high", 50)]).await;
    analysis(&app, &admin, e, "2026-02-01", "archived", vec![need("recruitment", "high", 7)]).await;
    let (_, provider) = app.token_for("provider").await;
    let demand_for = |token: &str, query: &str| {
        let request = app
            .client
            .get(app.url(&format!("/api/v1/statistics/demand?{query}")))
            .bearer_auth(token)
            .header("accept-language", "en")
            .send();
        async move {
            let body: Value = request.await.expect("demand").json().await.expect("json");
            let cells: Vec<(String, String, i64, i64, i64)> = body["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|c| {
                    let n = |f: &str| c[f].as_i64().expect("number");
                    (
                        c["area"].as_str().expect("area").to_owned(),
                        c["municipality"].as_str().expect("m").to_owned(),
                        n("companies"),
                        n("employees"),
                        n("needs"),
                    )
                })
                .collect();
            (cells, body["totals"].clone(), body)
        }
    };
    let cell =
        |area: &str, m: &str, companies, employees, needs| (area.to_owned(), m.to_owned(), companies, employees, needs);
    let demand = |query: &str| demand_for(&admin, query);

    let (cells, totals, body) = demand("").await;
    assert_eq!(
        cells,
        [
            cell("leadership", "0685", 1, 2, 1),
            cell("leadership", "0686", 2, 16, 3),
            cell("recruitment", "0686", 1, 3, 1)
        ]
    );
    assert_eq!(totals, json!({"companies": 3, "needs": 5}));
    assert_eq!(body["items"][0]["label"], "Leadership");
    for company in [a, b, c, d, e] {
        assert!(!body.to_string().contains(&company.to_string()), "anonymous in shape");
    }
    let (cells, totals, _) = demand("priority=high").await;
    assert_eq!(cells, [cell("leadership", "0685", 1, 2, 1), cell("leadership", "0686", 1, 10, 1)]);
    assert_eq!(totals, json!({"companies": 2, "needs": 2}));
    let (cells, _, _) = demand("conductedFrom=2026-01-01").await;
    assert_eq!(cells, [cell("leadership", "0686", 2, 16, 3), cell("recruitment", "0686", 1, 3, 1)]);
    let (cells, _, _) = demand("municipality=0685&area=leadership").await;
    assert_eq!(cells, [cell("leadership", "0685", 1, 2, 1)]);

    // Providers see no cell that one or two companies make up; the totals stay.
    let (cells, totals, _) = demand_for(&provider, "").await;
    assert_eq!(cells, []);
    assert_eq!(totals, json!({"companies": 3, "needs": 5}));
    let f = app.create_company("0686", true).await;
    analysis(&app, &admin, f, "2026-02-01", "completed", vec![need("leadership", "low", 1)]).await;
    let (cells, _, _) = demand_for(&provider, "").await;
    assert_eq!(cells, [cell("leadership", "0686", 3, 17, 4)]);

    // Who reads it: every signed-in person.
    let (_, company) = app.token_for("company").await;
    let (_, officer) = app.token_for("officer").await;
    let get = |token: Option<&str>| {
        let mut request = app.client.get(app.url("/api/v1/statistics/demand"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(get(Some(&officer)).await.expect("demand").status(), 200);
    assert_eq!(get(Some(&admin)).await.expect("demand").status(), 200);
    assert_eq!(get(Some(&company)).await.expect("demand").status(), 200);
    let integration = app.integration_token(&admin, &[]).await;
    assert_problem(get(Some(&integration)).await.expect("demand"), 403).await;
    assert_problem(get(None).await.expect("demand"), 401).await;
}

#[tokio::test]
async fn demo_data_has_analyses_for_half_the_companies() {
    let app = crate::helpers::spawn_app_with(|config| config.demo_data = true).await;
    let (_, admin) = app.token_for("admin").await;
    let page: Value = app
        .client
        .get(app.url("/api/v1/needs-analyses?limit=100"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let items = page["items"].as_array().expect("items");
    assert_eq!(items.len(), 20);
    let areas: std::collections::BTreeSet<&str> = items
        .iter()
        .flat_map(|a| a["needs"].as_array().expect("needs"))
        .map(|n| n["area"].as_str().expect("area"))
        .collect();
    assert_eq!(areas.len(), 12, "every area");
    let statuses: std::collections::BTreeSet<&str> = items.iter().map(|a| a["status"].as_str().expect("s")).collect();
    assert_eq!(statuses.len(), 3);
}
