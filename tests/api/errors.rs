use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn an_unknown_route_is_a_problem_404() {
    let app = spawn_app().await;
    for path in ["/api/v1/nothing-here", "/", "/api/v2/municipalities"] {
        let (_, body) = assert_problem(app.get(path).await, 404).await;
        assert_eq!(body["type"], "https://samverka.se/problems/not-found");
        assert_eq!(body["instance"], path);
    }
}

#[tokio::test]
async fn an_unrouted_method_is_405_with_allow() {
    let app = spawn_app().await;
    for (method, path) in [
        (reqwest::Method::DELETE, "/api/v1/municipalities"),
        (reqwest::Method::PUT, "/api/v1/competence-areas/leadership"),
        (reqwest::Method::POST, "/health/live"),
        (reqwest::Method::TRACE, "/api/v1/api-info"),
    ] {
        let response = app.client.request(method.clone(), app.url(path)).send().await.expect("send");
        let (headers, _) = assert_problem(response, 405).await;
        let allow = headers.get("allow").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(allow.contains("GET"), "{method} {path}: Allow = {allow}");
    }
}

#[tokio::test]
async fn a_fixed_path_under_a_parameter_route_is_405_not_a_bad_id() {
    // `/companies/changes` is also matched by `/companies/{id}`, which has PATCH and DELETE.
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    for (method, path) in
        [(reqwest::Method::PATCH, "/api/v1/companies/changes"), (reqwest::Method::DELETE, "/api/v1/companies/export")]
    {
        let response =
            app.client.request(method.clone(), app.url(path)).bearer_auth(&admin).send().await.expect("send");
        let (headers, _) = assert_problem(response, 405).await;
        assert_eq!(headers["allow"], "GET, HEAD", "{method} {path}");
    }
    // A malformed id on the parameter route itself stays a 400 naming the parameter.
    let response =
        app.client.patch(app.url("/api/v1/companies/not-a-uuid")).bearer_auth(&admin).send().await.expect("send");
    assert_problem(response, 400).await;
}

#[tokio::test]
async fn problem_titles_follow_accept_language() {
    let app = spawn_app().await;
    let sv = app.get("/api/v1/nothing").await;
    assert_eq!(sv.headers()["content-language"], "sv");
    let (_, sv) = assert_problem(sv, 404).await;
    assert_eq!(sv["title"], "Hittades inte");
    let en = app.client.get(app.url("/api/v1/nothing")).header("Accept-Language", "en").send().await.expect("send");
    let (_, en) = assert_problem(en, 404).await;
    assert_eq!(en["title"], "Not found");
}

#[tokio::test]
async fn every_answer_carries_nosniff() {
    let app = spawn_app().await;
    for path in ["/health/live", "/api/v1/municipalities", "/nope"] {
        assert_eq!(app.get(path).await.headers()["x-content-type-options"], "nosniff", "{path}");
    }
}

#[tokio::test]
async fn a_number_with_a_zero_fraction_is_the_integer_it_equals() {
    // JSON Schema counts 42.0 as an integer; clients in some languages send it so.
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let body = serde_json::json!({
        "orgNumber": crate::helpers::org_number(4242), "name": "Flyttal AB", "municipality": "0686",
        "sniCode": "25620", "employees": 42.0,
    });
    let response =
        app.client.post(app.url("/api/v1/companies")).bearer_auth(&admin).json(&body).send().await.expect("send");
    assert_eq!(response.status(), 201);
    let company: serde_json::Value = response.json().await.expect("json");
    assert_eq!(company["employees"], 42);
    // A fraction stays a wrong type, named.
    let body = serde_json::json!({
        "orgNumber": crate::helpers::org_number(4243), "name": "Bråktal AB", "municipality": "0686",
        "sniCode": "25620", "employees": 42.5,
    });
    let response =
        app.client.post(app.url("/api/v1/companies")).bearer_auth(&admin).json(&body).send().await.expect("send");
    let (_, problem) = assert_problem(response, 400).await;
    assert_eq!(crate::helpers::error_fields(&problem), ["employees"]);
}

#[tokio::test]
async fn a_bad_body_is_422_before_a_stale_if_match_is_412() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let id = app.create_company("0686", true).await;
    let url = app.url(&format!("/api/v1/companies/{id}"));
    let patch = |body: serde_json::Value| {
        app.client.patch(&url).bearer_auth(&admin).header("If-Match", "\"stale\"").json(&body).send()
    };
    let (_, problem) =
        assert_problem(patch(serde_json::json!({"website": "not a url"})).await.expect("send"), 422).await;
    assert_eq!(crate::helpers::error_fields(&problem), ["website"]);
    assert_problem(patch(serde_json::json!({"name": "Nytt namn AB"})).await.expect("send"), 412).await;
}

#[tokio::test]
async fn a_body_that_is_not_an_object_is_400() {
    // serde would read a struct from an array by position: `[null, null]` must not patch anything.
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let response = app
        .client
        .patch(app.url("/api/v1/competence-areas/leadership"))
        .bearer_auth(&admin)
        .header("Content-Type", "application/json")
        .body("[null, null]")
        .send()
        .await
        .expect("send");
    assert_problem(response, 400).await;
    // Nor anywhere inside: an object written as an array is a wrong type, named.
    for (path, body, field) in [
        ("/api/v1/competence-areas/leadership", serde_json::json!({"labels": [null, "x"]}), "labels"),
        (
            "/api/v1/training-offers",
            serde_json::json!({"title": "T", "areas": ["leadership"], "format": "online", "seats": 5, "priceSek": 0,
                "language": "sv", "sessions": [["2027-01-01T09:00:00Z", "2027-01-01T10:00:00Z"]]}),
            "sessions[0]",
        ),
    ] {
        let method = if path.contains("leadership") { reqwest::Method::PATCH } else { reqwest::Method::POST };
        let response =
            app.client.request(method, app.url(path)).bearer_auth(&admin).json(&body).send().await.expect("send");
        let (_, problem) = assert_problem(response, 400).await;
        assert_eq!(crate::helpers::error_fields(&problem), [field], "{path}");
    }
}

/// A body that lacks required fields — at any depth — and has bad values is
/// one 422 naming every missing and every invalid field.
#[tokio::test]
async fn missing_fields_are_one_422_naming_every_one() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let body = serde_json::json!({"name": "x".repeat(300), "municipality": "0686"});
    let response = app.client.post(app.url("/api/v1/companies")).bearer_auth(&admin).json(&body).send().await;
    let (_, problem) = assert_problem(response.expect("post"), 422).await;
    let mut fields = crate::helpers::error_fields(&problem);
    fields.sort();
    for expected in ["employees", "name", "orgNumber", "sniCode"] {
        assert!(fields.contains(&expected.to_owned()), "{expected} in {fields:?}");
    }
    let offer = serde_json::json!({"title": "Kurs", "participants": []});
    let response = app.client.post(app.url("/api/v1/training-offers")).bearer_auth(&admin).json(&offer).send().await;
    let (_, problem) = assert_problem(response.expect("post"), 400).await;
    assert_eq!(crate::helpers::error_fields(&problem), ["participants"], "an unknown field stays a 400");
    let start = chrono::Utc::now() + chrono::Duration::days(3);
    let offer = serde_json::json!({"title": "Kurs", "areas": ["leadership"], "provider": "P", "format": "online",
        "sessions": [{"startsAt": start.to_rfc3339()}], "seats": 0, "priceSek": 0, "language": "sv"});
    let response = app.client.post(app.url("/api/v1/training-offers")).bearer_auth(&admin).json(&offer).send().await;
    let (_, problem) = assert_problem(response.expect("post"), 422).await;
    let mut fields = crate::helpers::error_fields(&problem);
    fields.sort();
    assert_eq!(fields, ["seats", "sessions[0].endsAt"], "{problem}");
}

/// Every answer with `items` has `nextCursor` (null on the last page):
/// every documented list, the matching offers included.
#[tokio::test]
async fn every_list_answer_has_next_cursor() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let company = app.create_company("0686", true).await;
    let analysis: serde_json::Value = app
        .client
        .post(app.url("/api/v1/needs-analyses"))
        .bearer_auth(&admin)
        .json(&serde_json::json!({"companyId": company, "conductedOn": "2026-03-03"}))
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    let doc: serde_json::Value = app.get("/api-docs/openapi.json").await.json().await.expect("json");
    let mut paths: Vec<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .filter(|(path, item)| item.get("get").is_some() && !path.contains('{'))
        .map(|(path, _)| path.clone())
        .collect();
    paths.push(format!("/api/v1/needs-analyses/{}/matching-offers", analysis["id"].as_str().expect("id")));
    let mut lists = 0;
    for path in paths {
        let response = app.client.get(app.url(&path)).bearer_auth(&admin).send().await.expect("get");
        let Ok(body) = response.json::<serde_json::Value>().await else { continue };
        if body.get("items").is_some_and(serde_json::Value::is_array) {
            lists += 1;
            assert!(body.as_object().expect("object").contains_key("nextCursor"), "{path}: {body}");
        }
    }
    assert!(lists >= 12, "{lists} lists checked");
}

/// A search term with control characters or a NUL is a 400, never a 500
/// (found by Schemathesis on the export).
#[tokio::test]
async fn a_search_term_with_a_nul_is_not_a_server_error() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let integration = app.integration_token(&admin, &[]).await;
    for path in [
        "/api/v1/companies/export?q=%C2%84%C3%95%C3%A8%00",
        "/api/v1/companies?q=ab%00c",
        "/api/v1/training-offers?q=ab%00c",
    ] {
        for token in [&admin, &integration] {
            let response = app.client.get(app.url(path)).bearer_auth(token).send().await.expect("get");
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            assert!(status < 500, "{path}: {status} {body}");
        }
    }
}

/// Without a token a POST is a 401, whatever its Idempotency-Key (found by
/// Schemathesis: a reused key answered 422 before the missing token).
#[tokio::test]
async fn an_anonymous_post_with_a_reused_key_is_401() {
    let app = spawn_app().await;
    let company = app.create_company("0686", true).await;
    let path = format!("/api/v1/companies/{company}/contacts");
    for name in ["Ett", "Två"] {
        let response = app
            .client
            .post(app.url(&path))
            .header("Idempotency-Key", "same-key")
            .json(&serde_json::json!({"name": name}))
            .send()
            .await
            .expect("post");
        assert_problem(response, 401).await;
    }
}
