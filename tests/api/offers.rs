//! Training offers, enrolments and waiting lists: no overbooking, ever.

use crate::helpers::{PASSWORD, TestApp, access_token, assert_problem, error_fields, spawn_app};
use serde_json::{Value, json};
use std::sync::Arc;

/// An offer body: published, one three-hour session `days` from now.
fn offer(title: &str, areas: &[&str], municipality: Option<&str>, seats: i64, days: i64) -> Value {
    let start = chrono::Utc::now() + chrono::Duration::days(days);
    json!({
        "title": title, "areas": areas, "provider": "Campus Eksjö", "format": "onSite",
        "municipality": municipality, "venue": "Campus Eksjö, sal 1",
        "sessions": [{"startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(3)).to_rfc3339()}],
        "seats": seats, "priceSek": 1500, "language": "sv", "status": "published"
    })
}

async fn create_offer(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = app.client.post(app.url("/api/v1/training-offers")).bearer_auth(token).json(body).send().await;
    let response = response.expect("post");
    let status = response.status();
    let created: Value = response.json().await.expect("json");
    assert_eq!(status, 201, "{created}");
    created
}

fn people(n: usize, prefix: &str) -> Value {
    Value::Array(
        (0..n)
            .map(|i| json!({"name": format!("{prefix} {i}"), "gender": if i % 2 == 0 { "woman" } else { "man" }}))
            .collect(),
    )
}

async fn enrol(app: &TestApp, token: &str, offer: &str, company: uuid::Uuid, participants: Value) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/training-offers/{offer}/enrolments")))
        .bearer_auth(token)
        .json(&json!({"companyId": company, "participants": participants}))
        .send()
        .await
        .expect("enrol")
}

async fn get(app: &TestApp, token: Option<&str>, path: &str) -> (u16, Value) {
    let mut request = app.client.get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("get");
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

async fn enrolments_of(app: &TestApp, token: &str, offer: &str) -> Vec<Value> {
    let (_, page) = get(app, Some(token), &format!("/api/v1/training-offers/{offer}/enrolments?limit=500")).await;
    page["items"].as_array().expect("items").clone()
}

/// 50 enrolments of one participant each, fired at once at 10 seats:
/// exactly 10 confirmed, 40 waiting in a queue without gaps.
#[tokio::test]
async fn fifty_concurrent_enrolments_never_overbook_ten_seats() {
    let app = Arc::new(spawn_app().await);
    let (_, admin) = app.token_for("admin").await;
    let created = create_offer(&app, &admin, &offer("Ledarskap", &["leadership"], Some("0686"), 10, 30)).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let companies: Vec<uuid::Uuid> = {
        let mut c = Vec::new();
        for _ in 0..5 {
            c.push(app.create_company("0686", true).await);
        }
        c
    };
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let (app, admin, id, company) = (app.clone(), admin.clone(), id.clone(), companies[i % 5]);
            tokio::spawn(async move {
                enrol(&app, &admin, &id, company, people(1, &format!("Deltagare {i}"))).await.status()
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.expect("task"), 201);
    }
    let all = enrolments_of(&app, &admin, &id).await;
    let confirmed: Vec<&Value> = all.iter().filter(|e| e["status"] == "confirmed").collect();
    let waiting: Vec<&Value> = all.iter().filter(|e| e["status"] == "waitlisted").collect();
    assert_eq!((all.len(), confirmed.len(), waiting.len()), (50, 10, 40));
    let mut positions: Vec<i64> = waiting.iter().map(|e| e["waitlistPosition"].as_i64().expect("position")).collect();
    positions.sort();
    assert_eq!(positions, (1..=40).collect::<Vec<_>>());
    let (_, now) = get(&app, None, &format!("/api/v1/training-offers/{id}")).await;
    assert_eq!((now["seats"].as_i64(), now["seatsLeft"].as_i64()), (Some(10), Some(0)));

    // Three cancellations at once: three promoted, still never more than ten.
    let cancels: Vec<_> = confirmed
        .iter()
        .take(3)
        .map(|e| {
            let (app, admin, eid) = (app.clone(), admin.clone(), e["id"].as_str().expect("id").to_owned());
            tokio::spawn(async move {
                app.client
                    .delete(app.url(&format!("/api/v1/enrolments/{eid}")))
                    .bearer_auth(&admin)
                    .send()
                    .await
                    .expect("cancel")
                    .status()
            })
        })
        .collect();
    for cancel in cancels {
        assert_eq!(cancel.await.expect("task"), 204);
    }
    let all = enrolments_of(&app, &admin, &id).await;
    let count = |status: &str| all.iter().filter(|e| e["status"] == status).count();
    assert_eq!((count("confirmed"), count("waitlisted"), count("cancelled")), (10, 37, 3));
    let (_, now) = get(&app, None, &format!("/api/v1/training-offers/{id}")).await;
    assert_eq!(now["seatsLeft"], 0);
}

/// Groups wait whole; a freed seat goes to the first group in the queue that fits.
#[tokio::test]
async fn the_waiting_list_moves_in_order_each_group_that_fits() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let company = app.create_company("0686", true).await;
    let offer_id = create_offer(&app, &admin, &offer("Lean", &["lean-production"], None, 4, 20)).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let mut ids = Vec::new();
    for (n, prefix) in [(2, "a"), (2, "b"), (3, "c"), (1, "d")] {
        let response = enrol(&app, &admin, &offer_id, company, people(n, prefix)).await;
        assert_eq!(response.status(), 201);
        let e: Value = response.json().await.expect("json");
        ids.push((
            e["id"].as_str().expect("id").to_owned(),
            e["status"].as_str().expect("s").to_owned(),
            e["waitlistPosition"].clone(),
        ));
    }
    let statuses: Vec<(&str, Value)> = ids.iter().map(|(_, s, p)| (s.as_str(), p.clone())).collect();
    assert_eq!(
        statuses,
        [("confirmed", Value::Null), ("confirmed", Value::Null), ("waitlisted", json!(1)), ("waitlisted", json!(2))]
    );
    let status_of = |i: usize| {
        let path = format!("/api/v1/enrolments/{}", ids[i].0);
        let app = &app;
        let admin = &admin;
        async move { get(app, Some(admin), &path).await.1["status"].as_str().expect("status").to_owned() }
    };
    let cancel =
        |i: usize| app.client.delete(app.url(&format!("/api/v1/enrolments/{}", ids[i].0))).bearer_auth(&admin).send();
    assert_eq!(cancel(0).await.expect("cancel").status(), 204);
    assert_eq!(status_of(2).await, "waitlisted", "three do not fit in two");
    assert_eq!(status_of(3).await, "confirmed", "one fits and passes");
    assert_eq!(cancel(1).await.expect("cancel").status(), 204);
    assert_eq!(status_of(2).await, "confirmed");
    let (_, now) = get(&app, None, &format!("/api/v1/training-offers/{offer_id}")).await;
    assert_eq!(now["seatsLeft"], 0);
    assert_problem(cancel(1).await.expect("cancel"), 409).await;
}

#[tokio::test]
async fn offer_rules_deadline_cancellation_duplicates_and_deletion() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let company = app.create_company("0686", true).await;

    let mut bad = offer(" ", &["leadership", "knitting"], Some("0999"), 0, 10);
    bad["sessions"] = json!([{"startsAt": "2027-03-01T10:00:00Z", "endsAt": "2027-03-01T09:00:00Z"}]);
    bad["venue"] = Value::Null;
    bad["enrolmentDeadline"] = json!("2027-04-01");
    let response = app.client.post(app.url("/api/v1/training-offers")).bearer_auth(&admin).json(&bad).send().await;
    let (_, problem) = assert_problem(response.expect("post"), 422).await;
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(
        fields,
        ["areas[1]", "enrolmentDeadline", "municipality", "seats", "sessions[0].endsAt", "title", "venue"]
    );

    // A passed deadline closes enrolment.
    let mut closed = offer("Stängd", &["leadership"], None, 5, 10);
    closed["enrolmentDeadline"] = json!((chrono::Utc::now() - chrono::Duration::days(1)).date_naive().to_string());
    let closed = create_offer(&app, &admin, &closed).await;
    let response = enrol(&app, &admin, closed["id"].as_str().expect("id"), company, people(1, "x")).await;
    let (_, problem) = assert_problem(response, 409).await;
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("deadline")), "{problem}");

    // One e-mail once per company and offer.
    let open = create_offer(&app, &admin, &offer("Öppen", &["recruitment"], None, 5, 10)).await;
    let open_id = open["id"].as_str().expect("id");
    let anna = json!([{"name": "Anna", "email": "anna@example.com", "gender": "woman"}]);
    assert_eq!(enrol(&app, &admin, open_id, company, anna.clone()).await.status(), 201);
    let (_, problem) = assert_problem(enrol(&app, &admin, open_id, company, anna.clone()).await, 409).await;
    assert_eq!(error_fields(&problem), ["participants"]);
    let twice = json!([{"name": "A", "email": "b@example.com", "gender": "man"}, {"name": "B", "email": "B@example.com", "gender": "man"}]);
    let (_, problem) = assert_problem(enrol(&app, &admin, open_id, company, twice).await, 422).await;
    assert_eq!(error_fields(&problem), ["participants[1].email"]);

    // Fewer seats than taken: refused. Deleting with confirmed enrolments: refused; cancel instead.
    let path = format!("/api/v1/training-offers/{open_id}");
    let response = app.client.patch(app.url(&path)).bearer_auth(&admin).json(&json!({"seats": 0})).send().await;
    assert_problem(response.expect("patch"), 422).await;
    let response = app.client.delete(app.url(&path)).bearer_auth(&admin).send().await;
    assert_problem(response.expect("delete"), 409).await;
    let response =
        app.client.patch(app.url(&path)).bearer_auth(&admin).json(&json!({"status": "cancelled"})).send().await;
    assert_eq!(response.expect("patch").status(), 200);
    let all = enrolments_of(&app, &admin, open_id).await;
    assert!(all.iter().all(|e| e["status"] == "cancelled"), "cancelling the offer cancels its enrolments");
    let (_, problem) = assert_problem(enrol(&app, &admin, open_id, company, anna).await, 409).await;
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("cancelled")));
    let response =
        app.client.patch(app.url(&path)).bearer_auth(&admin).json(&json!({"status": "published"})).send().await;
    assert_problem(response.expect("patch"), 409).await;

    // A draft without enrolments may be deleted.
    let mut draft = offer("Utkast", &["leadership"], None, 5, 10);
    draft["status"] = json!("draft");
    let draft = create_offer(&app, &admin, &draft).await;
    let draft_path = format!("/api/v1/training-offers/{}", draft["id"].as_str().expect("id"));
    assert_eq!(get(&app, None, &draft_path).await.0, 404, "drafts are not public");
    let response = app.client.delete(app.url(&draft_path)).bearer_auth(&admin).send().await;
    assert_eq!(response.expect("delete").status(), 204);
}

#[tokio::test]
async fn who_does_what_with_offers_and_enrolments() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let (_, provider) = app.token_for("provider").await; // Campus Eksjö
    let other_provider = app.create_user("provider", Some("Annan Utbildning AB")).await;
    let other_provider = access_token(app.login(&other_provider.email, PASSWORD).await).await;
    let (_, officer) = app.token_for("officer").await; // 0686
    let own_company = app.create_company("0686", true).await;
    let other_company = app.create_company("0685", true).await;
    let company_user = app.create_user("company", Some(&own_company.to_string())).await;
    let company = access_token(app.login(&company_user.email, PASSWORD).await).await;

    // A provider offers as itself; officers and companies offer nothing.
    let mut body = offer("Provider's", &["leadership"], None, 10, 15);
    body.as_object_mut().expect("object").remove("provider");
    let mine = create_offer(&app, &provider, &body).await;
    assert_eq!(mine["provider"], "Campus Eksjö");
    let mine_id = mine["id"].as_str().expect("id").to_owned();
    let mut elsewhere = offer("Elsewhere", &["leadership"], Some("0685"), 10, 15);
    elsewhere["provider"] = json!("Kommunen");
    let response =
        app.client.post(app.url("/api/v1/training-offers")).bearer_auth(&officer).json(&elsewhere).send().await;
    assert_problem(response.expect("post"), 403).await;
    elsewhere["municipality"] = json!("0686");
    let response =
        app.client.post(app.url("/api/v1/training-offers")).bearer_auth(&officer).json(&elsewhere).send().await;
    assert_problem(response.expect("post"), 403).await;
    let response = app.client.post(app.url("/api/v1/training-offers")).bearer_auth(&company).json(&body).send().await;
    assert_problem(response.expect("post"), 403).await;
    let patch = |token: &str| {
        app.client
            .patch(app.url(&format!("/api/v1/training-offers/{mine_id}")))
            .bearer_auth(token)
            .json(&json!({"priceSek": 0}))
            .send()
    };
    assert_problem(patch(&other_provider).await.expect("patch"), 403).await;
    assert_problem(patch(&company).await.expect("patch"), 403).await;
    assert_problem(patch(&officer).await.expect("patch"), 403).await;
    assert_eq!(patch(&provider).await.expect("patch").status(), 200);

    // Enrolling: a company its own, not another; officers their municipality's; never providers or integrations.
    let own_enrolment = enrol(&app, &company, &mine_id, own_company, people(2, "Egen")).await;
    assert_eq!(own_enrolment.status(), 201);
    assert_eq!(own_enrolment.headers()["cache-control"], "no-store");
    let own_enrolment: Value = own_enrolment.json().await.expect("json");
    assert_problem(enrol(&app, &company, &mine_id, other_company, people(1, "x")).await, 403).await;
    assert_problem(enrol(&app, &officer, &mine_id, other_company, people(1, "x")).await, 403).await;
    assert_eq!(enrol(&app, &admin, &mine_id, other_company, people(1, "Annan")).await.status(), 201);
    assert_problem(enrol(&app, &provider, &mine_id, own_company, people(1, "x")).await, 403).await;
    let response = app
        .client
        .post(app.url(&format!("/api/v1/training-offers/{mine_id}/enrolments")))
        .json(&json!({"companyId": own_company, "participants": people(1, "x")}))
        .send()
        .await
        .expect("post");
    assert_problem(response, 401).await;

    // Reading enrolments: the offer's provider all, another provider none, a company its own.
    let list_path = format!("/api/v1/training-offers/{mine_id}/enrolments");
    assert_eq!(get(&app, Some(&provider), &list_path).await.1["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(get(&app, Some(&company), &list_path).await.1["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(get(&app, Some(&admin), &list_path).await.1["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(get(&app, Some(&other_provider), &list_path).await.0, 403);
    let enrolment_path = format!("/api/v1/enrolments/{}", own_enrolment["id"].as_str().expect("id"));
    assert_eq!(get(&app, Some(&other_provider), &enrolment_path).await.0, 404);
    assert_eq!(get(&app, None, &enrolment_path).await.0, 401);

    // Attendance: the offer's provider, officers, admins.
    let participant = own_enrolment["participants"][0]["id"].clone();
    let attendance = json!({"attendance": [{"participantId": participant, "hoursAttended": 2.6}]});
    let record = |token: &str| app.client.patch(app.url(&enrolment_path)).bearer_auth(token).json(&attendance).send();
    assert_problem(record(&company).await.expect("patch"), 403).await;
    let response = record(&provider).await.expect("patch");
    assert_eq!(response.status(), 200);
    let recorded: Value = response.json().await.expect("json");
    assert_eq!(recorded["participants"][0]["hoursAttended"], 2.5, "quarters of an hour");
    let unknown = json!({"attendance": [{"participantId": uuid::Uuid::now_v7(), "hoursAttended": 1}]});
    let response = app.client.patch(app.url(&enrolment_path)).bearer_auth(&admin).json(&unknown).send().await;
    assert_eq!(error_fields(&assert_problem(response.expect("patch"), 422).await.1), ["attendance[0].participantId"]);

    // Integrations and anonymous callers see published offers only, never enrolments.
    let integration = app.integration_token(&admin, &[]).await;
    assert_eq!(get(&app, Some(&integration), &list_path).await.0, 403);
    let mut draft = offer("Draft", &["leadership"], None, 3, 15);
    draft["status"] = json!("draft");
    let draft = create_offer(&app, &provider, &draft).await;
    let (_, public) = get(&app, None, "/api/v1/training-offers").await;
    let titles: Vec<&str> =
        public["items"].as_array().expect("items").iter().map(|o| o["title"].as_str().expect("t")).collect();
    assert!(!titles.contains(&"Draft") && titles.contains(&"Provider's"));
    let draft_path = format!("/api/v1/training-offers/{}", draft["id"].as_str().expect("id"));
    assert_eq!(get(&app, Some(&integration), &draft_path).await.0, 404);
    assert_eq!(get(&app, Some(&provider), &draft_path).await.0, 200);
    assert_eq!(get(&app, Some(&other_provider), &draft_path).await.0, 404);
}

/// Ranking: score (priority weight × employees over covered needs), then
/// nearness to the company, then start.
#[tokio::test]
async fn matching_offers_rank_by_coverage_then_nearness() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let company = app.create_company("0686", true).await;
    let needs = json!([
        {"area": "leadership", "priority": "high", "employeesConcerned": 10},
        {"area": "recruitment", "priority": "low", "employeesConcerned": 2}
    ]);
    let analysis: Value = app
        .client
        .post(app.url("/api/v1/needs-analyses"))
        .bearer_auth(&admin)
        .json(&json!({"companyId": company, "conductedOn": "2026-03-01", "status": "completed", "needs": needs}))
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    create_offer(&app, &admin, &offer("A county", &["leadership"], Some("0685"), 5, 10)).await;
    create_offer(&app, &admin, &offer("B both far", &["leadership", "recruitment"], Some("0780"), 5, 12)).await;
    create_offer(&app, &admin, &offer("C recruitment here", &["recruitment"], Some("0686"), 5, 9)).await;
    create_offer(&app, &admin, &offer("D other area", &["sustainability"], Some("0686"), 5, 9)).await;
    create_offer(&app, &admin, &offer("G here", &["leadership"], Some("0686"), 5, 11)).await;
    let mut draft = offer("F draft", &["leadership"], Some("0686"), 5, 9);
    draft["status"] = json!("draft");
    create_offer(&app, &admin, &draft).await;

    let path = format!("/api/v1/needs-analyses/{}/matching-offers", analysis["id"].as_str().expect("id"));
    let (status, body) = get(&app, Some(&admin), &path).await;
    assert_eq!(status, 200, "{body}");
    let ranked: Vec<(&str, i64, i64)> = body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| {
            (
                m["offer"]["title"].as_str().expect("title"),
                m["score"].as_i64().expect("score"),
                m["nearness"].as_i64().expect("n"),
            )
        })
        .collect();
    assert_eq!(ranked, [("B both far", 32, 2), ("G here", 30, 0), ("A county", 30, 1), ("C recruitment here", 2, 0)]);
    assert_eq!(body["items"][0]["coveredNeeds"], json!([0, 1]));
    let (_, provider) = app.token_for("provider").await;
    assert_eq!(get(&app, Some(&provider), &path).await.0, 403, "providers never see analyses");
}

#[tokio::test]
async fn demo_data_has_a_dozen_offers_with_a_waiting_list() {
    let app = crate::helpers::spawn_app_with(|config| config.demo_data = true).await;
    let (_, admin) = app.token_for("admin").await;
    let (_, all) = get(&app, Some(&admin), "/api/v1/training-offers?limit=100").await;
    let all = all["items"].as_array().expect("items").clone();
    assert_eq!(all.len(), 12);
    let (_, public) = get(&app, None, "/api/v1/training-offers?limit=100").await;
    assert_eq!(public["items"].as_array().map(Vec::len), Some(11), "the draft is not public");
    let areas: std::collections::BTreeSet<String> =
        all.iter().flat_map(|o| o["areas"].as_array().expect("areas").clone()).map(|a| a.to_string()).collect();
    assert_eq!(areas.len(), 12, "every area offered");
    let full = all.iter().find(|o| o["seatsLeft"] == 0).expect("a full offer");
    let enrolments = enrolments_of(&app, &admin, full["id"].as_str().expect("id")).await;
    assert!(enrolments.iter().any(|e| e["status"] == "waitlisted"), "with a waiting list");
}

/// 40 enrolments released together (a barrier) at a full offer: their
/// answers' `waitlistPosition`s are 1 to 40, each once.
#[tokio::test]
async fn waitlist_positions_in_answers_are_unique_and_gap_free() {
    let app = Arc::new(spawn_app().await);
    let (_, admin) = app.token_for("admin").await;
    let created = create_offer(&app, &admin, &offer("Fullt", &["leadership"], Some("0686"), 1, 30)).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let company = app.create_company("0686", true).await;
    assert_eq!(enrol(&app, &admin, &id, company, people(1, "Först")).await.status(), 201);
    let barrier = Arc::new(tokio::sync::Barrier::new(40));
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let (app, admin, id, barrier) = (app.clone(), admin.clone(), id.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                let response = enrol(&app, &admin, &id, company, people(1, &format!("Väntande {i}"))).await;
                assert_eq!(response.status(), 201);
                let body: Value = response.json().await.expect("json");
                assert_eq!(body["status"], "waitlisted");
                body["waitlistPosition"].as_u64().expect("position")
            })
        })
        .collect();
    let mut positions = Vec::new();
    for task in tasks {
        positions.push(task.await.expect("task"));
    }
    positions.sort_unstable();
    assert_eq!(positions, (1..=40).collect::<Vec<u64>>());
}

/// `PATCH /enrolments/{id}` in the representation's own shape: the company
/// renames its participants before the start; hours come from the offer's
/// provider, an officer of the company's municipality or an admin.
#[tokio::test]
async fn participants_are_changed_in_their_own_shape() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let (_, provider) = app.token_for("provider").await; // Campus Eksjö
    let (_, officer) = app.token_for("officer").await; // 0686
    let other_officer = app.create_user("officer", Some("0685")).await;
    let other_officer = access_token(app.login(&other_officer.email, PASSWORD).await).await;
    let company = app.create_company("0686", true).await;
    let user = app.create_user("company", Some(&company.to_string())).await;
    let company_user = access_token(app.login(&user.email, PASSWORD).await).await;
    let created = create_offer(&app, &admin, &offer("Ledarskap", &["leadership"], Some("0686"), 5, 30)).await;
    let response = enrol(&app, &company_user, created["id"].as_str().expect("id"), company, people(2, "Namn")).await;
    let enrolment: Value = response.json().await.expect("json");
    let path = format!("/api/v1/enrolments/{}", enrolment["id"].as_str().expect("id"));
    let first = enrolment["participants"][0]["id"].clone();
    let patch = |token: &str, body: Value| app.client.patch(app.url(&path)).bearer_auth(token).json(&body).send();

    let rename = json!({"participants": [{"id": first, "name": "Nytt Namn"}]});
    let response = patch(&company_user, rename.clone()).await.expect("patch");
    assert_eq!(response.status(), 200);
    let renamed: Value = response.json().await.expect("json");
    assert_eq!(renamed["participants"][0]["name"], "Nytt Namn");
    assert_eq!(renamed["participants"][1]["name"], "Namn 1");
    assert_problem(patch(&provider, rename.clone()).await.expect("patch"), 403).await;
    assert_problem(patch(&other_officer, rename).await.expect("patch"), 403).await; // sees it (a partner), may not change it

    let hours = json!({"participants": [{"id": first, "hoursAttended": 3.1}]});
    assert_problem(patch(&company_user, hours.clone()).await.expect("patch"), 403).await;
    let response = patch(&provider, hours.clone()).await.expect("patch");
    assert_eq!(response.status(), 200);
    let recorded: Value = response.json().await.expect("json");
    assert_eq!(recorded["participants"][0]["hoursAttended"], 3.0);
    assert_eq!(patch(&officer, hours).await.expect("patch").status(), 200);

    let bad = json!({"participants": [{"id": uuid::Uuid::now_v7(), "name": " ", "hoursAttended": -1}]});
    let (_, problem) = assert_problem(patch(&admin, bad).await.expect("patch"), 422).await;
    assert_eq!(error_fields(&problem), ["participants[0].id", "participants[0].name", "participants[0].hoursAttended"]);
    assert_problem(patch(&admin, json!({})).await.expect("patch"), 422).await;
}
