//! The company directory: validation, visibility, lists, conditional
//! writes, idempotent creation, the change feed and the export.

use crate::helpers::{TestApp, access_token, assert_problem, error_fields, org_number, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn company(n: u32, name: &str, municipality: &str) -> Value {
    json!({
        "orgNumber": org_number(n), "name": name, "municipality": municipality,
        "sniCode": "25620", "employees": 12, "listed": true
    })
}

async fn create(app: &TestApp, token: &str, body: &Value) -> Value {
    let response =
        app.client.post(app.url("/api/v1/companies")).bearer_auth(token).json(body).send().await.expect("post");
    assert_eq!(response.status(), 201, "create {body}");
    response.json().await.expect("json")
}

async fn get_json(app: &TestApp, token: Option<&str>, path: impl Into<String>) -> (u16, Value) {
    let path: String = path.into();
    let mut request = app.client.get(app.url(&path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("get");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_officer_adds_a_company_and_every_bad_field_is_named() {
    let app = spawn_app().await;
    let (officer, token) = app.token_for("officer").await; // of 0686
    for (n, form) in [(1, "556036-0793"), (2, "5560360793"), (3, "165560360793")] {
        let _ = n;
        let mut body = company(0, "Eksjö Mekaniska AB", "0686");
        body["orgNumber"] = json!(form);
        body["employees"] = json!(42);
        body["website"] = json!("https://www.example.se");
        let response = app.client.post(app.url("/api/v1/companies")).bearer_auth(&token).json(&body).send().await;
        let response = response.expect("post");
        if form == "556036-0793" {
            assert_eq!(response.status(), 201);
            let location = response.headers()["location"].to_str().expect("ascii").to_owned();
            let created: Value = response.json().await.expect("json");
            assert_eq!(created["orgNumber"], "556036-0793");
            assert_eq!(created["sizeClass"], "20-49");
            assert_eq!(created["website"], "https://www.example.se/");
            let (status, fetched) = get_json(&app, Some(&token), &location).await;
            assert_eq!((status, &fetched), (200, &created));
            let events = app.audit_events("company", created["id"].as_str().expect("id")).await;
            assert_eq!(
                (events[0].action.as_str(), events[0].actor.clone()),
                ("create", format!("user:{}", officer.id))
            );
        } else {
            // The same number in another form is the same company.
            let (_, problem) = assert_problem(response, 409).await;
            assert_eq!(error_fields(&problem), ["orgNumber"], "{form}");
        }
    }

    let bad = json!({"orgNumber": "556036-0794", "name": " ", "municipality": "0686", "sniCode": "2562",
        "employees": -1, "website": "ftp://example.se", "description": "ok"});
    let response = app.client.post(app.url("/api/v1/companies")).bearer_auth(&token).json(&bad).send().await;
    let (_, problem) = assert_problem(response.expect("post"), 422).await;
    assert_eq!(error_fields(&problem), ["orgNumber", "name", "sniCode", "employees", "website"]);

    // An officer creates only in its own municipality.
    let response = app
        .client
        .post(app.url("/api/v1/companies"))
        .bearer_auth(&token)
        .json(&company(5, "Vetlanda AB", "0685"))
        .send();
    assert_problem(response.await.expect("post"), 403).await;
    let (_, admin) = app.token_for("admin").await;
    let response = app
        .client
        .post(app.url("/api/v1/companies"))
        .bearer_auth(&admin)
        .json(&company(6, "Nowhere AB", "0999"))
        .send();
    let (_, problem) = assert_problem(response.await.expect("post"), 422).await;
    assert_eq!(error_fields(&problem), ["municipality"]);
}

/// One operation of the role table: method, company, path suffix, body, and
/// the statuses of anonymous, admin, officer, company, provider, integration.
type Row<'a> = (Method, uuid::Uuid, &'a str, Option<Value>, [u16; 6]);

/// Who sees and does what, over HTTP. Companies: Eksjö (0686, partner)
/// unlisted and listed, Vetlanda (0685, partner) unlisted, Växjö (0780, not a
/// partner) unlisted. The officer is of Eksjö; the company user of the
/// unlisted Eksjö company; the integration is scoped to Vetlanda.
#[tokio::test]
async fn the_company_role_table() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let eksjo_unlisted = app.create_company("0686", false).await;
    let eksjo_listed = app.create_company("0686", true).await;
    let vetlanda_unlisted = app.create_company("0685", false).await;
    let vaxjo_unlisted = app.create_company("0780", false).await;
    let (_, officer) = app.token_for("officer").await;
    let company_user = app.create_user("company", Some(&eksjo_unlisted.to_string())).await;
    let company = access_token(app.login(&company_user.email, crate::helpers::PASSWORD).await).await;
    let (_, provider) = app.token_for("provider").await;
    let integration = app.integration_token(&admin, &["0685"]).await;
    let roles: [(&str, Option<&str>); 6] = [
        ("anonymous", None),
        ("admin", Some(&admin)),
        ("officer", Some(&officer)),
        ("company", Some(&company)),
        ("provider", Some(&provider)),
        ("integration", Some(&integration)),
    ];

    let patch = Some(json!({"description": "changed"}));
    // (method, company, body): statuses for anonymous, admin, officer, company, provider, integration.
    let table: Vec<Row> = vec![
        (Method::GET, eksjo_unlisted, "", None, [404, 200, 200, 200, 404, 404]),
        (Method::GET, eksjo_listed, "", None, [200, 200, 200, 200, 200, 404]),
        (Method::GET, vetlanda_unlisted, "", None, [404, 200, 200, 404, 404, 404]),
        (Method::GET, vaxjo_unlisted, "", None, [404, 200, 404, 404, 404, 404]),
        (Method::GET, eksjo_unlisted, "/contacts", None, [401, 200, 200, 200, 404, 404]),
        (Method::GET, eksjo_listed, "/contacts", None, [401, 200, 200, 403, 403, 404]),
        (Method::GET, vetlanda_unlisted, "/contacts", None, [401, 200, 200, 404, 404, 404]),
        (Method::PATCH, eksjo_unlisted, "", patch.clone(), [401, 200, 200, 200, 404, 404]),
        (Method::PATCH, eksjo_listed, "", patch.clone(), [401, 200, 200, 403, 403, 404]),
        (Method::PATCH, vetlanda_unlisted, "", patch.clone(), [401, 200, 403, 404, 404, 404]),
        (Method::PATCH, vaxjo_unlisted, "", patch.clone(), [401, 200, 404, 404, 404, 404]),
        (Method::POST, eksjo_listed, "/contacts", Some(json!({"name": "Karin Lund"})), [401, 201, 201, 403, 403, 404]),
        (Method::POST, vetlanda_unlisted, "/contacts", Some(json!({"name": "Per"})), [401, 201, 403, 404, 404, 404]),
        (Method::DELETE, vetlanda_unlisted, "", None, [401, 204, 403, 404, 404, 404]),
        // 0: not tried (the company is gone after the officer's deletion).
        (Method::DELETE, eksjo_unlisted, "", None, [401, 0, 204, 403, 404, 404]),
    ];
    for (method, id, suffix, body, expected) in table {
        let path = format!("/api/v1/companies/{id}{suffix}");
        // Refusals first, so that a successful deletion comes last.
        let mut order: Vec<_> = roles.iter().zip(expected).filter(|(_, want)| *want != 0).collect();
        order.sort_by_key(|(_, want)| *want < 400);
        for ((role, token), want) in order {
            let mut request = app.client.request(method.clone(), app.url(&path));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if let Some(body) = &body {
                request = request.json(body);
            }
            let response = request.send().await.expect("request");
            assert_eq!(response.status().as_u16(), want, "{role} {method} {path}");
            if want >= 400 {
                let (_, problem) = assert_problem(response, want).await;
                assert!(!problem.to_string().contains("Testbolaget"), "no company data in a refusal: {problem}");
            }
        }
    }

    // A company user edits its own company, but not its orgNumber or municipality.
    let response = app
        .client
        .post(app.url("/api/v1/companies"))
        .bearer_auth(&company)
        .json(&company_json())
        .send()
        .await
        .expect("post");
    assert_problem(response, 403).await;
}

fn company_json() -> Value {
    company(900, "Ny AB", "0686")
}

#[tokio::test]
async fn a_company_user_cannot_move_its_company() {
    let app = spawn_app().await;
    let own = app.create_company("0686", false).await;
    let user = app.create_user("company", Some(&own.to_string())).await;
    let token = access_token(app.login(&user.email, crate::helpers::PASSWORD).await).await;
    let path = format!("/api/v1/companies/{own}");
    for body in [json!({"municipality": "0685"}), json!({"orgNumber": org_number(77)})] {
        let response = app.client.patch(app.url(&path)).bearer_auth(&token).json(&body).send().await.expect("patch");
        let (_, problem) = assert_problem(response, 403).await;
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("cannot change")), "{problem}");
    }
    let response = app
        .client
        .patch(app.url(&path))
        .bearer_auth(&token)
        .json(&json!({"employees": 250, "listed": true}))
        .send()
        .await
        .expect("patch");
    assert_eq!(response.status(), 200);
    let changed: Value = response.json().await.expect("json");
    assert_eq!((changed["sizeClass"].as_str(), changed["listed"].as_bool()), (Some("200-499"), Some(true)));
}

#[tokio::test]
async fn lists_filter_search_sort_and_page() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let rows = [
        (1, "Åkers Svets & Smide AB", "0686", "25110", 8),
        (2, "ÖSTERLÉNS PLÅT AB", "0604", "25110", 30),
        (3, "Eksjö Mekaniska AB", "0686", "25620", 42),
        (4, "Sävsjö Trä AB", "0684", "16100", 120),
        (5, "Vetlanda Plast 50%_rabatt AB", "0685", "22290", 3),
    ];
    for (n, name, municipality, sni, employees) in rows {
        let mut body = company(n, name, municipality);
        body["sniCode"] = json!(sni);
        body["employees"] = json!(employees);
        create(&app, &admin, &body).await;
    }
    let names = |page: &Value| -> Vec<String> {
        page["items"].as_array().expect("items").iter().map(|c| c["name"].as_str().expect("name").to_owned()).collect()
    };
    let list = |query: &str| get_json(&app, Some(&admin), format!("/api/v1/companies?{query}"));

    let (_, page) = list("").await;
    assert_eq!(
        names(&page),
        [
            "Eksjö Mekaniska AB",
            "Sävsjö Trä AB",
            "Vetlanda Plast 50%_rabatt AB",
            "Åkers Svets & Smide AB",
            "ÖSTERLÉNS PLÅT AB"
        ],
        "name order, case-insensitive"
    );
    assert_eq!(names(&list("municipality=0686,0604").await.1).len(), 3);
    assert_eq!(names(&list("sni=251").await.1), ["Åkers Svets & Smide AB", "ÖSTERLÉNS PLÅT AB"]);
    assert_eq!(names(&list("sizeClass=20-49").await.1), ["Eksjö Mekaniska AB", "ÖSTERLÉNS PLÅT AB"]);
    assert_eq!(names(&list("q=%C3%85KERS").await.1), ["Åkers Svets & Smide AB"], "Å finds å");
    assert_eq!(names(&list("q=plåt").await.1), ["ÖSTERLÉNS PLÅT AB"], "å finds Å");
    assert_eq!(names(&list("q=50%25_").await.1), ["Vetlanda Plast 50%_rabatt AB"], "% and _ are literal");
    assert_eq!(names(&list("q=%25").await.1), ["Vetlanda Plast 50%_rabatt AB"]);
    let third = org_number(3);
    assert_eq!(names(&list(&format!("q={}", third.replace('-', ""))).await.1), ["Eksjö Mekaniska AB"], "orgNumber");
    assert_eq!(names(&list("sort=-name&limit=2").await.1), ["ÖSTERLÉNS PLÅT AB", "Åkers Svets & Smide AB"]);

    // Paging: the pages together are the list, each company once.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let query = match &cursor {
            Some(c) => format!("limit=2&sort=-updatedAt&cursor={c}"),
            None => "limit=2&sort=-updatedAt".to_owned(),
        };
        let (status, page) = list(&query).await;
        assert_eq!(status, 200);
        seen.extend(names(&page));
        match page["nextCursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.first().map(String::as_str), Some("Vetlanda Plast 50%_rabatt AB"), "newest first");
    assert_eq!(seen.len(), 5);
    let (_, name_page) = list("limit=1").await;
    let name_cursor = name_page["nextCursor"].as_str().expect("cursor");
    let (status, problem) = list(&format!("sort=updatedAt&cursor={name_cursor}")).await;
    assert_eq!((status, error_fields(&problem)), (400, vec!["cursor".to_owned()]), "a cursor belongs to its order");

    let (_, recent) = list("updatedSince=2000-01-01T00:00:00Z").await;
    assert_eq!(names(&recent).len(), 5);
    let (_, future) = list("updatedSince=2999-01-01T00:00:00Z").await;
    assert!(names(&future).is_empty());
    for (query, field) in [
        ("municipality=686", "municipality"),
        ("sni=2x", "sni"),
        ("sizeClass=big", "sizeClass"),
        ("sort=size", "sort"),
        ("updatedSince=yesterday", "updatedSince"),
        ("q=", "q"),
        ("colour=red", "colour"),
    ] {
        let (status, problem) = list(query).await;
        assert_eq!((status, error_fields(&problem)), (400, vec![field.to_owned()]), "{query}");
    }
}

#[tokio::test]
async fn a_stale_if_match_changes_nothing() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let created = create(&app, &admin, &company(1, "Eksjö Gjuteri AB", "0686")).await;
    let path = format!("/api/v1/companies/{}", created["id"].as_str().expect("id"));
    let etag = app.client.get(app.url(&path)).send().await.expect("get").headers()["etag"].clone();
    let cached = app.client.get(app.url(&path)).header("if-none-match", etag.clone()).send().await.expect("get");
    assert_eq!(cached.status(), 304);
    let patch = |body: Value, etag: reqwest::header::HeaderValue| {
        app.client.patch(app.url(&path)).bearer_auth(&admin).header("if-match", etag).json(&body).send()
    };
    assert_eq!(patch(json!({"employees": 60}), etag.clone()).await.expect("patch").status(), 200);
    assert_problem(patch(json!({"name": "Lost Update AB"}), etag.clone()).await.expect("patch"), 412).await;
    let (_, now) = get_json(&app, None, &path).await;
    assert_eq!(
        (now["name"].as_str(), now["employees"].as_i64(), now["version"].as_i64()),
        (Some("Eksjö Gjuteri AB"), Some(60), Some(2))
    );
    let response = app.client.delete(app.url(&path)).bearer_auth(&admin).header("if-match", etag).send().await;
    assert_problem(response.expect("delete"), 412).await;
    assert_eq!(get_json(&app, None, &path).await.0, 200, "still there");
}

#[tokio::test]
async fn search_follows_renames_and_deletions_and_pages_like_the_list() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let names = |page: &Value| -> Vec<String> {
        page["items"].as_array().expect("items").iter().map(|c| c["name"].as_str().expect("name").to_owned()).collect()
    };
    let search = |q: &str| get_json(&app, Some(&admin), format!("/api/v1/companies?q={q}"));
    let mut made = Vec::new();
    for (n, name) in
        ["Lindviks Gjuteri AB", "Lindviks Plåt AB", "Norrviks Plåt AB", "Lindviks Möbel AB"].iter().enumerate()
    {
        made.push(create(&app, &admin, &company(n as u32 + 1, name, "0686")).await);
    }
    assert_eq!(names(&search("LINDVIK").await.1), ["Lindviks Gjuteri AB", "Lindviks Möbel AB", "Lindviks Plåt AB"]);

    // Pages of a search are the search's hits in order, each once.
    let (_, first) = search("viks&limit=3").await;
    assert_eq!(names(&first), ["Lindviks Gjuteri AB", "Lindviks Möbel AB", "Lindviks Plåt AB"]);
    let cursor = first["nextCursor"].as_str().expect("a second page");
    assert_eq!(names(&search(&format!("viks&limit=3&cursor={cursor}")).await.1), ["Norrviks Plåt AB"]);

    // A rename moves the company in the index; a deletion takes it out.
    let path = |c: &Value| format!("/api/v1/companies/{}", c["id"].as_str().expect("id"));
    let etag = async |c: &Value| app.client.get(app.url(&path(c))).send().await.expect("get").headers()["etag"].clone();
    let renamed = app
        .client
        .patch(app.url(&path(&made[1])))
        .bearer_auth(&admin)
        .header("if-match", etag(&made[1]).await)
        .json(&json!({"name": "Åsa Plåtslageri AB"}))
        .send()
        .await
        .expect("patch");
    assert_eq!(renamed.status(), 200);
    let deleted = app
        .client
        .delete(app.url(&path(&made[0])))
        .bearer_auth(&admin)
        .header("if-match", etag(&made[0]).await)
        .send()
        .await
        .expect("delete");
    assert_eq!(deleted.status(), 204);
    assert_eq!(names(&search("lindvik").await.1), ["Lindviks Möbel AB"]);
    assert_eq!(names(&search("plåtslag").await.1), ["Åsa Plåtslageri AB"]);
    assert_eq!(names(&search("%C3%A5sa%20pl").await.1), ["Åsa Plåtslageri AB"]);
    let number = made[3]["orgNumber"].as_str().expect("orgNumber").to_owned();
    assert_eq!(names(&search(&number.replace('-', "")).await.1), ["Lindviks Möbel AB"], "orgNumber digits");
}

#[tokio::test]
async fn an_idempotency_key_creates_once() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let body = company(1, "Aneby Verktyg AB", "0604");
    let post = |key: &str, body: &Value, token: &str| {
        app.client
            .post(app.url("/api/v1/companies"))
            .bearer_auth(token)
            .header("idempotency-key", key)
            .json(body)
            .send()
    };
    let first = post("key-1", &body, &admin).await.expect("post");
    assert_eq!(first.status(), 201);
    let location = first.headers()["location"].clone();
    let first: Value = first.json().await.expect("json");
    let again = post("key-1", &body, &admin).await.expect("post");
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.headers()["location"], location);
    assert_eq!(again.json::<Value>().await.expect("json"), first);
    let (_, list) = get_json(&app, Some(&admin), "/api/v1/companies").await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1), "created once");

    let mut other = body.clone();
    other["name"] = json!("Annat AB");
    let (_, problem) = assert_problem(post("key-1", &other, &admin).await.expect("post"), 422).await;
    assert_eq!(error_fields(&problem), ["Idempotency-Key"]);
    // A refusal is kept too: the retry of a duplicate is the same 409.
    let mut duplicate = body.clone();
    duplicate["name"] = json!("Dubblett AB");
    assert_problem(post("key-2", &duplicate, &admin).await.expect("post"), 409).await;
    let replay = post("key-2", &duplicate, &admin).await.expect("post");
    assert_eq!((replay.status().as_u16(), replay.headers()["idempotent-replayed"].to_str().ok()), (409, Some("true")));
    assert_eq!(replay.json::<Value>().await.expect("json")["errors"][0]["field"], "orgNumber");
    // Keys are per caller: another admin's key-1 is its own.
    let (_, second_admin) = app.token_for("admin").await;
    let mut third = company(3, "Tredje AB", "0604");
    third["listed"] = json!(false);
    assert_eq!(post("key-1", &third, &second_admin).await.expect("post").status(), 201);
    let (_, problem) = assert_problem(post(&"x".repeat(256), &third, &admin).await.expect("post"), 400).await;
    assert_eq!(error_fields(&problem), ["Idempotency-Key"]);
}

/// Applies the change feed from `since` to `mirror`; the position to resume from.
async fn follow(app: &TestApp, token: Option<&str>, since: &str, mirror: &mut BTreeMap<String, Value>) -> String {
    let mut position = since.to_owned();
    loop {
        let path = format!("/api/v1/companies/changes?limit=3&since={position}");
        let (status, page) = get_json(app, token, &path).await;
        assert_eq!(status, 200, "{page}");
        for item in page["items"].as_array().expect("items") {
            let id = item["id"].as_str().expect("id").to_owned();
            match item["change"].as_str() {
                Some("upsert") => {
                    mirror.insert(id, item["company"].clone());
                }
                Some("delete") => {
                    mirror.remove(&id);
                }
                other => panic!("unknown change {other:?}"),
            }
        }
        position = page["since"].as_str().expect("since").to_owned();
        if page["nextCursor"].is_null() {
            return position;
        }
    }
}

async fn directory(app: &TestApp, token: Option<&str>) -> BTreeMap<String, Value> {
    let (_, page) = get_json(app, token, "/api/v1/companies?limit=500").await;
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| (c["id"].as_str().expect("id").to_owned(), c.clone()))
        .collect()
}

#[tokio::test]
async fn mirroring_through_the_change_feed_gives_the_exact_directory() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let integration = app.integration_token(&admin, &["0686"]).await;
    let mut ids = Vec::new();
    for n in 0..10 {
        let municipality = if n % 3 == 0 { "0685" } else { "0686" };
        let mut body = company(n, &format!("Företag {n} AB"), municipality);
        body["listed"] = json!(n % 4 != 0);
        ids.push(create(&app, &admin, &body).await["id"].as_str().expect("id").to_owned());
    }
    let mut admin_mirror = BTreeMap::new();
    let mut integration_mirror = BTreeMap::new();
    let mut anonymous_mirror = BTreeMap::new();
    let mut positions = ["".to_owned(), "".to_owned(), "".to_owned()];
    // Another integration of the same municipality syncs now and only at the end.
    let late = app.integration_token(&admin, &["0686"]).await;
    let mut late_mirror = BTreeMap::new();
    let late_position = follow(&app, Some(&late), "", &mut late_mirror).await;

    // Rounds of edits, each followed by a partial sync: the mirrors chase a moving directory.
    let edits: Vec<(Method, usize, Option<Value>)> = vec![
        (Method::PATCH, 1, Some(json!({"name": "Omdöpt AB"}))),
        (Method::DELETE, 2, None),
        (Method::PATCH, 5, Some(json!({"listed": false}))),
        (Method::PATCH, 4, Some(json!({"listed": true}))),
        (Method::PATCH, 6, Some(json!({"municipality": "0685"}))),
        (Method::PATCH, 3, Some(json!({"municipality": "0686", "employees": 99}))),
        (Method::DELETE, 7, None),
        (Method::PATCH, 1, Some(json!({"municipality": "0685"}))),
        (Method::PATCH, 1, Some(json!({"employees": 5}))),
    ];
    for (round, (method, index, body)) in edits.into_iter().enumerate() {
        let mut request =
            app.client.request(method, app.url(&format!("/api/v1/companies/{}", ids[index]))).bearer_auth(&admin);
        if let Some(body) = body {
            request = request.json(&body);
        }
        assert!(request.send().await.expect("edit").status().is_success());
        if round % 2 == 0 {
            let mut body = company(100 + round as u32, &format!("Nytt {round} AB"), "0686");
            body["listed"] = json!(round % 4 == 0);
            create(&app, &admin, &body).await;
        }
        positions[0] = follow(&app, Some(&admin), &positions[0], &mut admin_mirror).await;
        positions[1] = follow(&app, Some(&integration), &positions[1], &mut integration_mirror).await;
        positions[2] = follow(&app, None, &positions[2], &mut anonymous_mirror).await;
    }
    assert_eq!(admin_mirror, directory(&app, Some(&admin)).await);
    assert_eq!(integration_mirror, directory(&app, Some(&integration)).await);
    assert_eq!(anonymous_mirror, directory(&app, None).await);
    assert!(integration_mirror.values().all(|c| c["municipality"] == "0686" && c["listed"] == true));
    assert!(!integration_mirror.is_empty() && integration_mirror.len() < admin_mirror.len());
    // The late one hears that the company that moved away is gone (it was in 0686 before).
    follow(&app, Some(&late), &late_position, &mut late_mirror).await;
    assert_eq!(late_mirror, integration_mirror);
    // A reader bound to a municipality hears only of companies that are, or
    // were, there: one bound to Aneby (no companies) reads the whole feed
    // and gets nothing, and its position is the head of the feed.
    let aneby = app.integration_token(&admin, &["0604"]).await;
    let (_, page) = get_json(&app, Some(&aneby), "/api/v1/companies/changes?limit=500").await;
    assert_eq!((page["items"].as_array().map(Vec::len), page["nextCursor"].is_null()), (Some(0), true), "{page}");
    assert_eq!(page["since"].as_str(), Some(positions[0].as_str()));

    // Caught up: polling from the position brings nothing new, then the next change.
    let (_, page) = get_json(&app, Some(&admin), &format!("/api/v1/companies/changes?since={}", positions[0])).await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(0));
    assert_eq!(page["since"].as_str(), Some(positions[0].as_str()));
    let (status, problem) = get_json(&app, None, "/api/v1/companies/changes?since=garbage").await;
    assert_eq!((status, error_fields(&problem)), (400, vec!["since".to_owned()]));
}

#[tokio::test]
async fn the_export_streams_the_directory_as_csv_and_ndjson() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    for n in 0..25 {
        let mut body = company(n, &format!("Bolag {n:02}; \"citat\" AB"), if n % 2 == 0 { "0686" } else { "0604" });
        body["description"] = json!("rad ett\nrad två");
        create(&app, &admin, &body).await;
    }
    let response =
        app.client.get(app.url("/api/v1/companies/export?municipality=0686")).header("accept", "text/csv").send().await;
    let response = response.expect("export");
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/csv"));
    let bytes = response.bytes().await.expect("body");
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a UTF-8 byte-order mark for Excel");
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
    let headers = reader.headers().expect("header row").clone();
    assert_eq!(&headers[1], "orgNumber");
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), 13);
    assert_eq!(&records[0][2], "Bolag 00; \"citat\" AB", "quoting survives");
    assert_eq!(&records[0][9], "rad ett\nrad två");

    let response =
        app.client.get(app.url("/api/v1/companies/export")).header("accept", "application/x-ndjson").send().await;
    let text = response.expect("export").text().await.expect("body");
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    let (_, list) = get_json(&app, None, "/api/v1/companies?limit=500").await;
    assert_eq!(lines, *list["items"].as_array().expect("items"), "the same companies as the list, in its order");

    // Every field of every CSV row is the company as the list gives it
    // (the CSV reads the exported columns alone, NDJSON whole rows).
    let response = app.client.get(app.url("/api/v1/companies/export")).header("accept", "text/csv").send().await;
    let bytes = response.expect("export").bytes().await.expect("body");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(&bytes[3..]);
    let columns: Vec<String> = reader.headers().expect("header row").iter().map(str::to_owned).collect();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), lines.len());
    let seconds = |t: &Value| {
        let t = chrono::DateTime::parse_from_rfc3339(t.as_str().expect("a time")).expect("RFC 3339");
        t.with_timezone(&chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    for (record, company) in records.iter().zip(&lines) {
        for (column, field) in columns.iter().zip(record.iter()) {
            let expected = match (column.as_str(), &company[column.as_str()]) {
                ("createdAt" | "updatedAt", time) => seconds(time),
                (_, Value::String(text)) => text.clone(),
                (_, Value::Null) => String::new(),
                (_, other) => other.to_string(),
            };
            assert_eq!(field, expected, "{column} of {}", company["id"]);
        }
    }

    let response = app.client.get(app.url("/api/v1/companies/export")).header("accept", "application/xml").send().await;
    assert_problem(response.expect("export"), 406).await;
    let response = app.client.get(app.url("/api/v1/companies/export?limit=5")).send().await;
    assert_problem(response.expect("export"), 400).await;
}

#[tokio::test]
async fn contacts_are_personal_data_and_erasure_leaves_no_trace() {
    let app = spawn_app().await;
    let (_, officer) = app.token_for("officer").await; // of 0686
    let id = app.create_company("0686", true).await;
    let base = format!("/api/v1/companies/{id}/contacts");
    let response = app
        .client
        .post(app.url(&base))
        .bearer_auth(&officer)
        .json(&json!({"name": "Karin Lund", "title": "HR-chef", "email": "Karin.Lund@Example.se", "phone": "+46 381 123 45"}))
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let contact: Value = response.json().await.expect("json");
    assert_eq!(contact["email"], "karin.lund@example.se");
    let path = format!("{base}/{}", contact["id"].as_str().expect("id"));
    let response = app.client.get(app.url(&path)).bearer_auth(&officer).send().await.expect("get");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let response =
        app.client.patch(app.url(&path)).bearer_auth(&officer).json(&json!({"phone": "abc", "email": "x"})).send();
    let (_, problem) = assert_problem(response.await.expect("patch"), 422).await;
    assert_eq!(error_fields(&problem), ["email", "phone"]);
    let response = app.client.patch(app.url(&path)).bearer_auth(&officer).json(&json!({"title": null})).send().await;
    assert_eq!(response.expect("patch").status(), 200);
    // Anonymous callers see the company, never its contacts.
    assert_eq!(get_json(&app, None, &format!("/api/v1/companies/{id}")).await.0, 200);
    assert_problem(app.client.get(app.url(&base)).send().await.expect("list"), 401).await;

    let contact_id = contact["id"].as_str().expect("id");
    assert_eq!(app.audit_events("contact", contact_id).await.len(), 2);
    let response = app.client.delete(app.url(&path)).bearer_auth(&officer).send().await.expect("delete");
    assert_eq!(response.status(), 204);
    assert_problem(app.client.get(app.url(&path)).bearer_auth(&officer).send().await.expect("get"), 404).await;
    let events = app.audit_events("contact", contact_id).await;
    assert_eq!(events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["create", "update", "delete"]);
    for event in &events {
        let text = event.changes.to_string();
        assert!(!text.contains("Karin") && !text.contains("karin") && !text.contains("381"), "erased: {text}");
        assert_eq!(event.changes, json!({"erased": true}));
    }

    // Deleting the company erases its contacts the same way.
    let second: Value = app
        .client
        .post(app.url(&base))
        .bearer_auth(&officer)
        .json(&json!({"name": "Per Holm"}))
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    let response = app.client.delete(app.url(&format!("/api/v1/companies/{id}"))).bearer_auth(&officer).send().await;
    assert_eq!(response.expect("delete").status(), 204);
    let events = app.audit_events("contact", second["id"].as_str().expect("id")).await;
    assert!(events.iter().all(|e| !e.changes.to_string().contains("Per Holm")));
    assert_eq!(events.last().map(|e| e.action.as_str()), Some("delete"));
}

#[tokio::test]
async fn demo_data_has_forty_companies_in_five_municipalities() {
    let app = crate::helpers::spawn_app_with(|config| config.demo_data = true).await;
    let (_, admin) = app.token_for("admin").await;
    let (_, all) = get_json(&app, Some(&admin), "/api/v1/companies?limit=100").await;
    let all = all["items"].as_array().expect("items").clone();
    assert_eq!(all.len(), 40);
    let municipalities: std::collections::BTreeSet<_> = all.iter().map(|c| c["municipality"].to_string()).collect();
    assert_eq!(municipalities.len(), 5);
    let (_, public) = get_json(&app, None, "/api/v1/companies?limit=100").await;
    let listed = all.iter().filter(|c| c["listed"] == true).count();
    assert_eq!(public["items"].as_array().map(Vec::len), Some(listed));
    assert!(listed < 40);
    let first = all[0]["id"].as_str().expect("id");
    let (status, contacts) = get_json(&app, Some(&admin), format!("/api/v1/companies/{first}/contacts")).await;
    assert_eq!(status, 200);
    assert!(!contacts["items"].as_array().expect("items").is_empty());
    // Loading again adds nothing.
    let report = samverka_seed::demo::load(&app.db).await.expect("demo again");
    assert!(report.0.iter().all(|(_, added)| *added == 0), "{report:?}");
}

/// Writers race while a reader follows the feed: no change is skipped,
/// even one whose transaction commits after a later one started.
#[tokio::test]
async fn the_feed_misses_nothing_under_concurrent_writes() {
    let app = std::sync::Arc::new(spawn_app().await);
    let (_, admin) = app.token_for("admin").await;
    let writers: Vec<_> = (0..24u32)
        .map(|n| {
            let (app, admin) = (app.clone(), admin.clone());
            tokio::spawn(async move {
                let body = company(200 + n, &format!("Samtidigt {n} AB"), if n % 2 == 0 { "0686" } else { "0604" });
                let response = app.client.post(app.url("/api/v1/companies")).bearer_auth(&admin).json(&body).send();
                let created: Value = response.await.expect("post").json().await.expect("json");
                let path = format!("/api/v1/companies/{}", created["id"].as_str().expect("id"));
                let patch = app.client.patch(app.url(&path)).bearer_auth(&admin).json(&json!({"employees": n}));
                assert_eq!(patch.send().await.expect("patch").status(), 200);
            })
        })
        .collect();
    let mut mirror = BTreeMap::new();
    let mut since = String::new();
    while writers.iter().any(|w| !w.is_finished()) {
        since = follow(&app, Some(&admin), &since, &mut mirror).await;
    }
    for writer in writers {
        writer.await.expect("writer");
    }
    follow(&app, Some(&admin), &since, &mut mirror).await;
    let expected = directory(&app, Some(&admin)).await;
    assert_eq!(expected.len(), 24);
    assert_eq!(mirror, expected);
}

/// Every page of a list, following `nextCursor`; the ids in order.
async fn all_pages(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let (mut ids, mut cursor) = (Vec::new(), String::new());
    loop {
        let path = format!("/api/v1/companies?{query}&limit=7{cursor}");
        let (status, page) = get_json(app, Some(token), path).await;
        assert_eq!(status, 200, "{page}");
        ids.extend(page["items"].as_array().expect("items").iter().map(|c| c["id"].as_str().unwrap_or("").to_owned()));
        match page["nextCursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return ids,
        }
    }
}

#[tokio::test]
async fn a_list_of_several_municipalities_pages_in_one_order() {
    let app = spawn_app().await;
    let (_, officer) = app.token_of("officer", "0686").await;
    // Unlisted and listed companies in three municipalities; Växjö's unlisted one is not the officer's to see.
    let mut visible = Vec::new();
    for (municipality, listed) in [("0686", false), ("0685", false), ("0604", true), ("0780", true), ("0780", false)] {
        for _ in 0..6 {
            let id = app.create_company(municipality, listed).await.to_string();
            if municipality != "0780" || listed {
                visible.push(id);
            }
        }
    }
    let (_, admin) = app.token_for("admin").await;
    for sort in ["name", "-name", "updatedAt", "-updatedAt"] {
        let merged = all_pages(&app, &officer, &format!("municipality=0686,0685,0604,0780&sort={sort}")).await;
        // The same rows and order as the admin's list of everything, without the rows the officer may not see.
        let everything = all_pages(&app, &admin, &format!("sort={sort}")).await;
        let expected: Vec<String> = everything.into_iter().filter(|id| visible.contains(id)).collect();
        assert_eq!(merged, expected, "sort={sort}");
        assert_eq!(merged.len(), 24, "sort={sort}: {merged:?}");
    }
}

/// A search is answered by one of two plans, chosen by how many rows the
/// trigram index finds: a common term walks the name order and tests each
/// row, a rarer one reads and sorts its hits. Either way the pages hold
/// exactly the list's companies that contain the term, in the list's order.
#[tokio::test]
async fn common_and_rare_terms_page_like_the_list() {
    let app = spawn_app().await;
    samverka_seed::bench::seed(&app.db, 7_000, |_, _| {}).await.expect("seed");
    samverka_persistence::generation::advance();
    let pages = |query: String| {
        let app = &app;
        async move {
            let (mut items, mut cursor) = (Vec::new(), None::<String>);
            loop {
                let path = match &cursor {
                    Some(c) => format!("/api/v1/companies?{query}&limit=500&cursor={c}"),
                    None => format!("/api/v1/companies?{query}&limit=500"),
                };
                let (status, page) = get_json(app, None, path).await;
                assert_eq!(status, 200);
                items.extend(page["items"].as_array().expect("items").iter().cloned());
                match page["nextCursor"].as_str() {
                    Some(next) => cursor = Some(next.to_owned()),
                    None => return items,
                }
            }
        }
    };
    let all = pages("sort=name".to_owned()).await;
    assert!(all.len() > 6_000, "the anonymous directory: {}", all.len());
    // "ab" is in most names (and too short for a trigram), "industri" in
    // about one in five, "lindvik" in a handful, "qvintus" in none.
    for term in ["ab", "industri", "lindvik", "qvintus"] {
        let expected: Vec<&Value> =
            all.iter().filter(|c| c["name"].as_str().expect("name").to_lowercase().contains(term)).collect();
        let found = pages(format!("q={term}")).await;
        let ids = |items: &[&Value]| items.iter().map(|c| c["id"].clone()).collect::<Vec<_>>();
        assert_eq!(ids(&found.iter().collect::<Vec<_>>()), ids(&expected), "q={term}");
        assert!(term == "qvintus" || !expected.is_empty(), "q={term} finds something");
    }
}
