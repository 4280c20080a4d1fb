//! Network meetings: arranging, registering within capacity, the calendar
//! answer, minutes and attendance afterwards.

use crate::helpers::{PASSWORD, TestApp, access_token, assert_problem, error_fields, spawn_app};
use serde_json::{Value, json};
use std::sync::Arc;

fn meeting(municipality: &str, capacity: Option<i64>, start_in_hours: i64) -> Value {
    let start = chrono::Utc::now() + chrono::Duration::hours(start_in_hours);
    json!({
        "title": "Nätverksträff: kompetensförsörjning", "theme": "Samarbete, öppet sinne",
        "questions": ["Vilka kompetenser saknar ni?", "Hur behåller ni personal; vad fungerar?"],
        "municipality": municipality, "format": "hybrid", "venue": "Växjö kommunhus",
        "onlineUrl": "https://meet.example.com/natverk", "startsAt": start.to_rfc3339(),
        "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339(), "capacity": capacity
    })
}

async fn create(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = app.client.post(app.url("/api/v1/network-meetings")).bearer_auth(token).json(body).send().await;
    let response = response.expect("post");
    let status = response.status();
    let created: Value = response.json().await.expect("json");
    assert_eq!(status, 201, "{created}");
    created
}

async fn register(
    app: &TestApp,
    token: &str,
    meeting: &str,
    company: uuid::Uuid,
    attendees: usize,
) -> reqwest::Response {
    let attendees: Vec<Value> = (0..attendees).map(|i| json!({"name": format!("Deltagare {i}")})).collect();
    app.client
        .post(app.url(&format!("/api/v1/network-meetings/{meeting}/registrations")))
        .bearer_auth(token)
        .json(&json!({"companyId": company, "attendees": attendees}))
        .send()
        .await
        .expect("register")
}

/// 30 companies register two attendees each at once for 20 places: exactly
/// ten get in, the rest are told it is full.
#[tokio::test]
async fn capacity_holds_under_concurrent_registrations() {
    let app = Arc::new(spawn_app().await);
    let (_, admin) = app.token_for("admin").await;
    let id = create(&app, &admin, &meeting("0780", Some(20), 48)).await["id"].as_str().expect("id").to_owned();
    let mut companies = Vec::new();
    for _ in 0..30 {
        companies.push(app.create_company("0780", true).await);
    }
    let tasks: Vec<_> = companies
        .iter()
        .map(|company| {
            let (app, admin, id, company) = (app.clone(), admin.clone(), id.clone(), *company);
            tokio::spawn(async move { register(&app, &admin, &id, company, 2).await.status().as_u16() })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 10);
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 20);
    let now: Value = app.get(&format!("/api/v1/network-meetings/{id}")).await.json().await.expect("json");
    assert_eq!((now["attendeesCount"].as_i64(), now["placesLeft"].as_i64()), (Some(20), Some(0)));
    let page: Value = app
        .client
        .get(app.url(&format!("/api/v1/network-meetings/{id}/registrations?limit=100")))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let attendees: usize =
        page["items"].as_array().expect("items").iter().map(|r| r["attendees"].as_array().map_or(0, Vec::len)).sum();
    assert_eq!(attendees, 20);
}

#[tokio::test]
async fn registering_withdrawing_and_the_rules() {
    let app = spawn_app().await;
    let (_, officer) = app.token_for("officer").await; // 0686
    let own = app.create_company("0686", true).await;
    let other = app.create_company("0685", true).await;
    let user = app.create_user("company", Some(&own.to_string())).await;
    let company = access_token(app.login(&user.email, PASSWORD).await).await;
    let m = create(&app, &officer, &meeting("0686", Some(5), 24)).await;
    let id = m["id"].as_str().expect("id");

    // An officer arranges in its own municipality only.
    let response = app
        .client
        .post(app.url("/api/v1/network-meetings"))
        .bearer_auth(&officer)
        .json(&meeting("0685", None, 24))
        .send();
    assert_problem(response.await.expect("post"), 403).await;
    let mut bad = meeting("0686", Some(0), 24);
    bad["format"] = json!("online");
    bad["onlineUrl"] = Value::Null;
    bad["endsAt"] = bad["startsAt"].clone();
    let response = app.client.post(app.url("/api/v1/network-meetings")).bearer_auth(&officer).json(&bad).send();
    let (_, problem) = assert_problem(response.await.expect("post"), 422).await;
    assert_eq!(error_fields(&problem), ["onlineUrl", "endsAt", "capacity"]);

    // A company registers itself once, not another company.
    let response = register(&app, &company, id, own, 2).await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let registration: Value = response.json().await.expect("json");
    assert_eq!(error_fields(&assert_problem(register(&app, &company, id, own, 1).await, 409).await.1), ["companyId"]);
    assert_problem(register(&app, &company, id, other, 1).await, 403).await;
    // An officer registers companies of its own municipality only.
    assert_problem(register(&app, &officer, id, other, 3).await, 403).await;
    let (_, admin) = app.token_for("admin").await;
    assert_eq!(
        error_fields(&assert_problem(register(&app, &admin, id, other, 4).await, 409).await.1),
        ["meetingId"],
        "full"
    );
    assert_eq!(register(&app, &admin, id, other, 3).await.status(), 201);

    // Each sees what is theirs.
    let list = |token: Option<&str>| {
        let mut request = app.client.get(app.url(&format!("/api/v1/network-meetings/{id}/registrations")));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let mine: Value = list(Some(&company)).await.expect("list").json().await.expect("json");
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(1));
    let all: Value = list(Some(&officer)).await.expect("list").json().await.expect("json");
    assert_eq!(all["items"].as_array().map(Vec::len), Some(2));
    assert_problem(list(None).await.expect("list"), 401).await;
    let (_, provider) = app.token_for("provider").await;
    assert_problem(list(Some(&provider)).await.expect("list"), 403).await;
    let public: Value = app.get(&format!("/api/v1/network-meetings/{id}")).await.json().await.expect("json");
    assert!(!public.to_string().contains("Deltagare"), "no attendees in the meeting: {public}");

    // Withdrawing frees the places, until the meeting starts.
    let path = format!("/api/v1/network-meetings/{id}/registrations/{}", registration["id"].as_str().expect("id"));
    assert_eq!(app.client.delete(app.url(&path)).bearer_auth(&company).send().await.expect("delete").status(), 204);
    let now: Value = app.get(&format!("/api/v1/network-meetings/{id}")).await.json().await.expect("json");
    assert_eq!(now["placesLeft"], 2);

    // Minutes come after; cancelled meetings are hidden from the public.
    let patch = |body: Value| {
        app.client.patch(app.url(&format!("/api/v1/network-meetings/{id}"))).bearer_auth(&officer).json(&body).send()
    };
    let (_, problem) = assert_problem(patch(json!({"minutes": "Vi pratade."})).await.expect("patch"), 409).await;
    assert_eq!(problem["errors"][0]["code"], "notHeld");
    let (_, problem) = assert_problem(patch(json!({"status": "held"})).await.expect("patch"), 409).await;
    assert_eq!(problem["errors"][0]["code"], "notStarted");
    assert_problem(patch(json!({"capacity": 2})).await.expect("patch"), 409).await;
    assert_eq!(patch(json!({"status": "cancelled"})).await.expect("patch").status(), 200);
    assert_eq!(app.get(&format!("/api/v1/network-meetings/{id}")).await.status(), 404);
    assert_problem(patch(json!({"status": "planned"})).await.expect("patch"), 409).await;
}

/// A meeting that has started: registrations stay, it can be held, the
/// minutes written, and it then names the companies that attended.
#[tokio::test]
async fn after_the_meeting_minutes_and_attending_companies() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let m = create(&app, &admin, &meeting("0780", None, 1)).await;
    let id = m["id"].as_str().expect("id").to_owned();
    let company = app.create_company("0780", true).await;
    assert_eq!(register(&app, &admin, &id, company, 3).await.status(), 201);
    let unlisted = app.create_company("0780", false).await;
    assert_eq!(register(&app, &admin, &id, unlisted, 1).await.status(), 201);
    // The meeting starts: move it into the past, as time would.
    let start = chrono::Utc::now() - chrono::Duration::hours(2);
    let response = app
        .client
        .patch(app.url(&format!("/api/v1/network-meetings/{id}")))
        .bearer_auth(&admin)
        .json(&json!({"startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(1)).to_rfc3339()}))
        .send()
        .await
        .expect("patch");
    assert_eq!(response.status(), 200);
    assert_problem(register(&app, &admin, &id, app.create_company("0780", true).await, 1).await, 409).await;
    let response = app
        .client
        .patch(app.url(&format!("/api/v1/network-meetings/{id}")))
        .bearer_auth(&admin)
        .json(&json!({"status": "held", "minutes": "Vi delade erfarenheter om rekrytering."}))
        .send()
        .await
        .expect("patch");
    assert_eq!(response.status(), 200);
    let held: Value = app.get(&format!("/api/v1/network-meetings/{id}")).await.json().await.expect("json");
    assert_eq!(held["status"], "held");
    assert_eq!(held["attendeesCount"], 4);
    // Anonymous callers (and integrations, providers, other companies) get the listed companies by name, the others counted.
    assert_eq!(held["attendingCompanies"].as_array().map(Vec::len), Some(1));
    assert_eq!(held["attendingCompanies"][0]["id"], company.to_string());
    assert_eq!(held["otherAttendingCompanies"], 1);
    assert!(!held.to_string().contains(&unlisted.to_string()), "{held}");
    let integration = app.integration_token(&admin, &[]).await;
    let seen = |token: String| {
        let request = app.client.get(app.url(&format!("/api/v1/network-meetings/{id}"))).bearer_auth(token).send();
        async move { request.await.expect("get").json::<Value>().await.expect("json") }
    };
    assert_eq!(seen(integration).await["otherAttendingCompanies"], 1);
    // Its own users see their company named; admins and officers see all.
    let own_user = app.create_user("company", Some(&unlisted.to_string())).await;
    let own = seen(access_token(app.login(&own_user.email, PASSWORD).await).await).await;
    assert_eq!(own["attendingCompanies"].as_array().map(Vec::len), Some(2));
    assert_eq!(own["otherAttendingCompanies"], 0);
    let all = seen(admin.clone()).await;
    assert_eq!(all["attendingCompanies"].as_array().map(Vec::len), Some(2));
    assert_eq!(held["minutes"], "Vi delade erfarenheter om rekrytering.");
}

#[tokio::test]
async fn a_meeting_as_an_icalendar_event() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let m = create(&app, &admin, &meeting("0780", Some(40), 72)).await;
    let response = app
        .client
        .get(app.url(&format!("/api/v1/network-meetings/{}", m["id"].as_str().expect("id"))))
        .header("accept", "text/calendar")
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/calendar"));
    let text = response.text().await.expect("body");
    let calendar: icalendar::Calendar = text.parse().expect("an RFC 5545 calendar");
    let event = calendar
        .components
        .iter()
        .find_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some(e.clone()),
            _ => None,
        })
        .expect("a VEVENT");
    use icalendar::{Component, EventLike};
    assert_eq!(event.get_summary(), Some("Nätverksträff: kompetensförsörjning"));
    assert!(event.get_uid().is_some_and(|uid| uid.starts_with(m["id"].as_str().expect("id"))));
    assert_eq!(event.get_location(), Some("Växjö kommunhus"));
    assert!(
        event.get_description().is_some_and(|d| d.contains("Hur behåller ni personal; vad fungerar?")),
        "escaped text survives"
    );
    let start = match event.get_start() {
        Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(dt))) => dt,
        other => panic!("a start time: {other:?}"),
    };
    let expected: chrono::DateTime<chrono::Utc> = m["startsAt"].as_str().expect("start").parse().expect("time");
    assert_eq!(start.timestamp(), expected.timestamp());
}

#[tokio::test]
async fn meetings_are_listed_upcoming_first() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    for (hours, municipality) in [(72, "0686"), (24, "0780"), (48, "0686")] {
        create(&app, &admin, &meeting(municipality, None, hours)).await;
    }
    let page: Value = app.get("/api/v1/network-meetings?municipality=0686").await.json().await.expect("json");
    let starts: Vec<&str> =
        page["items"].as_array().expect("items").iter().map(|m| m["startsAt"].as_str().expect("s")).collect();
    assert_eq!(starts.len(), 2);
    assert!(starts[0] < starts[1], "soonest first");
    let all: Value = app.get("/api/v1/network-meetings?sort=-startsAt&limit=2").await.json().await.expect("json");
    assert!(all["nextCursor"].is_string());
    let (_, problem) = assert_problem(app.get("/api/v1/network-meetings?sort=random").await, 400).await;
    assert_eq!(error_fields(&problem), ["sort"]);
}

#[tokio::test]
async fn demo_data_has_past_and_upcoming_meetings() {
    let app = crate::helpers::spawn_app_with(|config| config.demo_data = true).await;
    let page: Value = app.get("/api/v1/network-meetings?sort=startsAt&limit=100").await.json().await.expect("json");
    let items = page["items"].as_array().expect("items");
    assert_eq!(items.len(), 5);
    assert_eq!(items.iter().filter(|m| m["status"] == "held").count(), 2);
    let hosts: std::collections::BTreeSet<&str> =
        items.iter().map(|m| m["municipality"].as_str().expect("m")).collect();
    assert_eq!(hosts.len(), 5);
    let held: Value = app
        .get(&format!("/api/v1/network-meetings/{}", items[0]["id"].as_str().expect("id")))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(held["attendingCompanies"].as_array().map(Vec::len), Some(4));
}
