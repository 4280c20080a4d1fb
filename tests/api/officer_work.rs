//! The officer's daily work: activities with companies (the visit log),
//! follow-up tasks ("my open tasks"), and what became of each need.

use crate::helpers::{TestApp, error_fields, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

fn ids(list: &Value) -> Vec<String> {
    list["items"].as_array().expect("items").iter().map(|i| i["id"].as_str().expect("id").to_owned()).collect()
}

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let (status, answer) = app.send(Method::POST, path, Some(token), Some(body)).await;
    assert_eq!(status, 201, "POST {path}: {answer}");
    answer
}

#[tokio::test]
async fn an_officer_records_visits_and_finds_them_again() {
    let app = spawn_app().await;
    let (officer, token) = app.token_of("officer", "0686").await;
    let (colleague, _) = app.token_of("officer", "0686").await;
    let company = app.create_company("0686", false).await;
    let other = app.create_company("0686", false).await;
    let contact =
        created(&app, &token, &format!("/api/v1/companies/{company}/contacts"), json!({"name": "Karin Lund"})).await;
    let stranger =
        created(&app, &token, &format!("/api/v1/companies/{other}/contacts"), json!({"name": "Per Holm"})).await;
    let path = format!("/api/v1/companies/{company}/activities");

    // Every bad field at once: an unknown area, another company's contact, a company user as officer.
    let (company_user, _) = app.token_of("company", &company.to_string()).await;
    let bad = json!({"kind": "visit", "occurredOn": "2026-11-30", "summary": "Besök",
        "officers": [officer.id, company_user.id], "contactIds": [stranger["id"]],
        "topics": [{"area": "leadership"}, {"area": "knitting"}]});
    let (status, problem) = app.send(Method::POST, &path, Some(&token), Some(bad)).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(error_fields(&problem), ["topics[1].area", "officers[1]", "contactIds[0]"]);

    let visit = created(&app, &token, &path, json!({"kind": "visit", "occurredOn": "2026-11-30",
        "summary": "Rundvandring i verkstaden med VD.", "contactIds": [contact["id"]],
        "topics": [{"area": "automation-digitalisation", "note": "Vill automatisera svetsningen"}, {"area": "recruitment"}]}))
    .await;
    assert_eq!(visit["officers"], json!([officer.id]), "the officers default to the caller");
    assert_eq!(visit["shared"], false);
    assert_eq!(visit["topics"][0]["note"], "Vill automatisera svetsningen");
    let call = created(
        &app,
        &token,
        &path,
        json!({"kind": "call", "occurredOn": "2026-12-02",
        "summary": "Uppföljning per telefon.", "officers": [colleague.id]}),
    )
    .await;
    created(
        &app,
        &token,
        &format!("/api/v1/companies/{other}/activities"),
        json!({"kind": "visit", "occurredOn": "2026-10-01", "summary": "Första besöket."}),
    )
    .await;

    // The visit log, filtered, most recent first.
    let list = |query: &str| {
        let path = format!("/api/v1/activities?{query}");
        let (app, token) = (&app, &token);
        async move { app.send(Method::GET, &path, Some(token), None).await }
    };
    assert_eq!(ids(&list("").await.1).len(), 3);
    assert_eq!(
        ids(&list(&format!("company={company}")).await.1),
        [&call["id"], &visit["id"]].map(|v| v.as_str().unwrap())
    );
    assert_eq!(ids(&list(&format!("officer={}", colleague.id)).await.1), [call["id"].as_str().unwrap()]);
    assert_eq!(ids(&list("area=recruitment").await.1), [visit["id"].as_str().unwrap()]);
    assert_eq!(ids(&list("kind=visit&from=2026-11-01&to=2026-11-30").await.1), [visit["id"].as_str().unwrap()]);
    assert_eq!(ids(&list("municipality=0685").await.1).len(), 0);
    let (status, page) = list("limit=2").await;
    assert_eq!((status, ids(&page).len()), (200, 2));
    let (_, rest) = list(&format!("limit=2&cursor={}", page["nextCursor"].as_str().expect("cursor"))).await;
    assert_eq!(ids(&rest).len(), 1, "keyset paging reaches the third");
    let (status, problem) = list("kind=lunch").await;
    assert_eq!((status, error_fields(&problem)), (400, vec!["kind".to_owned()]));
    let (_, of_company) = app.send(Method::GET, &path, Some(&token), None).await;
    assert_eq!(ids(&of_company).len(), 2);

    // A patch replaces a list; erasing a contact takes it off every activity.
    let visit_path = format!("/api/v1/activities/{}", visit["id"].as_str().unwrap());
    let (status, changed) = app
        .send(
            Method::PATCH,
            &visit_path,
            Some(&token),
            Some(json!({"topics": [{"area": "leadership"}], "shared": true})),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!((changed["topics"].as_array().map(Vec::len), changed["version"].as_i64()), (Some(1), Some(2)));
    let contact_path = format!("/api/v1/companies/{company}/contacts/{}", contact["id"].as_str().unwrap());
    assert_eq!(app.send(Method::DELETE, &contact_path, Some(&token), None).await.0, 204);
    let (_, after) = app.send(Method::GET, &visit_path, Some(&token), None).await;
    assert_eq!(after["contactIds"], json!([]), "the erased contact is gone from the activity");
    assert_eq!(app.send(Method::DELETE, &visit_path, Some(&token), None).await.0, 204);
    assert_eq!(app.send(Method::GET, &visit_path, Some(&token), None).await.0, 404);
}

#[tokio::test]
async fn activities_are_internal_notes_shared_only_when_marked() {
    let app = spawn_app().await;
    let (_, eksjo) = app.token_of("officer", "0686").await;
    let (_, vetlanda) = app.token_of("officer", "0685").await; // a partner of Eksjö
    let (_, vaxjo) = app.token_of("officer", "0780").await;
    let company = app.create_company("0686", true).await;
    let (_, company_user) = app.token_of("company", &company.to_string()).await;
    let path = format!("/api/v1/companies/{company}/activities");
    let body =
        |shared: bool| json!({"kind": "visit", "occurredOn": "2026-11-30", "summary": "Besök", "shared": shared});
    let private = created(&app, &eksjo, &path, body(false)).await;
    let shared = created(&app, &eksjo, &path, body(true)).await;
    let get = |token: String, activity: &Value| {
        let path = format!("/api/v1/activities/{}", activity["id"].as_str().unwrap());
        let app = &app;
        async move { app.send(Method::GET, &path, Some(&token), None).await.0 }
    };
    assert_eq!(get(vetlanda.clone(), &private).await, 404);
    assert_eq!(get(vetlanda.clone(), &shared).await, 200);
    assert_eq!(get(vaxjo.clone(), &shared).await, 404, "Växjö shares no collaboration with Eksjö");
    assert_eq!(get(company_user.clone(), &shared).await, 403, "never the company's own users");
    let (_, list) = app.send(Method::GET, "/api/v1/activities", Some(&vetlanda), None).await;
    assert_eq!(ids(&list), [shared["id"].as_str().unwrap()]);
    let (_, list) = app.send(Method::GET, "/api/v1/activities", Some(&vaxjo), None).await;
    assert_eq!(ids(&list).len(), 0);
    // Reading a shared activity is not writing it; the company is listed, so Växjö sees it but may not record.
    let shared_path = format!("/api/v1/activities/{}", shared["id"].as_str().unwrap());
    assert_eq!(app.send(Method::PATCH, &shared_path, Some(&vetlanda), Some(json!({"summary": "x"}))).await.0, 403);
    assert_eq!(app.send(Method::POST, &path, Some(&vaxjo), Some(body(false))).await.0, 403);
    assert_eq!(app.send(Method::GET, "/api/v1/activities", None, None).await.0, 401);
}

#[tokio::test]
async fn my_open_tasks_soonest_due_first() {
    let app = spawn_app().await;
    let (me, token) = app.token_of("officer", "0686").await;
    let (colleague, colleague_token) = app.token_of("officer", "0686").await;
    let (vaxjo, vaxjo_token) = app.token_of("officer", "0780").await;
    let company = app.create_company("0686", false).await;
    let visit = created(
        &app,
        &token,
        &format!("/api/v1/companies/{company}/activities"),
        json!({"kind": "visit", "occurredOn": "2026-11-30", "summary": "Besök"}),
    )
    .await;
    let task = |title: &str, due: Option<&str>| json!({"title": title, "dueOn": due});
    let later = created(&app, &token, "/api/v1/tasks", task("Ring tillbaka", Some("2027-03-01"))).await;
    let undated = created(&app, &token, "/api/v1/tasks", task("Läs årsredovisningen", None)).await;
    let soon = created(
        &app,
        &token,
        "/api/v1/tasks",
        json!({"title": "Skicka utbudet om svetsning", "dueOn": "2026-12-10", "activityId": visit["id"]}),
    )
    .await;
    assert_eq!(soon["companyId"], json!(company), "a task of an activity is of its company");
    assert_eq!(later["assignee"], json!(me.id), "the assignee defaults to the caller");
    let done = created(&app, &token, "/api/v1/tasks", task("Klart", Some("2026-12-01"))).await;
    let done_path = format!("/api/v1/tasks/{}", done["id"].as_str().unwrap());
    let (status, closed) = app.send(Method::PATCH, &done_path, Some(&token), Some(json!({"status": "done"}))).await;
    assert_eq!((status, closed["status"].as_str()), (200, Some("done")));
    // Someone else's task of one of my companies, and a task of Växjö's own.
    let theirs = created(
        &app,
        &token,
        "/api/v1/tasks",
        json!({"title": "Boka besök", "companyId": company, "assignee": colleague.id, "dueOn": "2026-12-05"}),
    )
    .await;
    let elsewhere = created(&app, &vaxjo_token, "/api/v1/tasks", task("Växjös egen", Some("2026-12-04"))).await;

    let (status, mine) = app.send(Method::GET, "/api/v1/tasks?assignee=me&status=open", Some(&token), None).await;
    assert_eq!(status, 200, "{mine}");
    let expected: Vec<&str> = [&soon, &later, &undated].iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids(&mine), expected, "soonest due first, undated last");
    let (_, first) = app.send(Method::GET, "/api/v1/tasks?assignee=me&status=open&limit=1", Some(&token), None).await;
    let cursor = first["nextCursor"].as_str().expect("a next page").to_owned();
    let (_, second) = app
        .send(
            Method::GET,
            &format!("/api/v1/tasks?assignee=me&status=open&limit=2&cursor={cursor}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(ids(&second), expected[1..]);
    let (_, due) = app.send(Method::GET, "/api/v1/tasks?dueBefore=2026-12-31&status=open", Some(&token), None).await;
    let due_ids: Vec<&str> = [&theirs, &soon].iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids(&due), due_ids, "the tasks of my municipality's companies too; never Växjö's");

    // The colleague reads the task of the company (its municipality's) but not my personal ones.
    let path = |t: &Value| format!("/api/v1/tasks/{}", t["id"].as_str().unwrap());
    assert_eq!(app.send(Method::GET, &path(&soon), Some(&colleague_token), None).await.0, 200);
    assert_eq!(app.send(Method::GET, &path(&undated), Some(&colleague_token), None).await.0, 404);
    assert_eq!(app.send(Method::GET, &path(&elsewhere), Some(&token), None).await.0, 404);
    assert_eq!(app.send(Method::GET, &path(&soon), Some(&vaxjo_token), None).await.0, 404);

    // The assignee is an officer or an admin; a company Växjö cannot see is no company.
    let (company_user, company_token) = app.token_of("company", &company.to_string()).await;
    let (status, problem) = app
        .send(
            Method::POST,
            "/api/v1/tasks",
            Some(&token),
            Some(json!({"title": "x", "assignee": company_user.id, "dueOn": "2026-13-01"})),
        )
        .await;
    assert_eq!((status, error_fields(&problem)), (422, vec!["assignee".to_owned(), "dueOn".to_owned()]));
    let (status, problem) = app
        .send(Method::POST, "/api/v1/tasks", Some(&vaxjo_token), Some(json!({"title": "x", "companyId": company})))
        .await;
    assert_eq!((status, error_fields(&problem)), (422, vec!["companyId".to_owned()]));
    // Handing a task of my company to Växjö's officer: allowed, and it stays mine to read.
    let (status, handed) =
        app.send(Method::PATCH, &path(&soon), Some(&token), Some(json!({"assignee": vaxjo.id, "dueOn": null}))).await;
    assert_eq!((status, handed["assignee"].clone(), handed.get("dueOn")), (200, json!(vaxjo.id), None));
    assert_eq!(app.send(Method::GET, &path(&soon), Some(&vaxjo_token), None).await.0, 200);
    assert_eq!(app.send(Method::GET, "/api/v1/tasks", Some(&company_token), None).await.0, 403);
    assert_eq!(app.send(Method::DELETE, &path(&later), Some(&token), None).await.0, 204);
}

#[tokio::test]
async fn needs_keep_their_ids_and_open_ones_make_the_demand() {
    let app = spawn_app().await;
    let (_, token) = app.token_of("officer", "0686").await;
    let company = app.create_company("0686", false).await;
    let need = |area: &str| json!({"area": area, "priority": "high", "employeesConcerned": 4});
    let analysis = created(
        &app,
        &token,
        "/api/v1/needs-analyses",
        json!({"companyId": company,
        "conductedOn": "2026-03-03", "status": "completed", "needs": [need("leadership"), need("recruitment")]}),
    )
    .await;
    let needs = analysis["needs"].as_array().expect("needs").clone();
    assert_eq!(needs.iter().map(|n| n["status"].as_str().unwrap()).collect::<Vec<_>>(), ["open", "open"]);
    let path = format!("/api/v1/needs-analyses/{}", analysis["id"].as_str().unwrap());
    let demand = || async {
        let (_, d) = app.send(Method::GET, "/api/v1/statistics/demand?municipality=0686", Some(&token), None).await;
        d.to_string()
    };
    assert!(demand().await.contains("recruitment"), "{}", demand().await);

    // Keep the first by id and close it as met; drop the second; add a third.
    let mut kept = need("leadership");
    kept["id"] = needs[0]["id"].clone();
    kept["status"] = json!("met");
    let body = json!({"needs": [kept, need("sustainability")]});
    let (status, changed) = app.send(Method::PATCH, &path, Some(&token), Some(body)).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["needs"][0]["id"], needs[0]["id"], "a kept need keeps its id");
    assert_eq!(changed["needs"][0]["status"], "met");
    assert_ne!(changed["needs"][1]["id"], needs[1]["id"]);
    assert_eq!(changed["needs"][1]["status"], "open");
    // Its status stays when the need is sent back without one.
    let mut again = need("leadership");
    again["id"] = needs[0]["id"].clone();
    let (_, changed) = app.send(Method::PATCH, &path, Some(&token), Some(json!({"needs": [again]}))).await;
    assert_eq!(changed["needs"][0]["status"], "met");
    let demand = demand().await;
    assert!(!demand.contains("leadership") && !demand.contains("sustainability"), "only open needs count: {demand}");
    let mut foreign = need("leadership");
    foreign["id"] = needs[1]["id"].clone();
    let (status, problem) = app.send(Method::PATCH, &path, Some(&token), Some(json!({"needs": [foreign]}))).await;
    assert_eq!((status, error_fields(&problem)), (422, vec!["needs[0].id".to_owned()]));
}

fn published_offer() -> Value {
    let start = chrono::Utc::now() + chrono::Duration::days(30);
    json!({"title": "Svetsteknik", "areas": ["leadership"], "provider": "Campus Alfa", "format": "onSite",
        "municipality": "0686", "venue": "Campus Alfa", "seats": 10, "priceSek": 0, "language": "sv", "status": "published",
        "sessions": [{"startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(3)).to_rfc3339()}]})
}

fn planned_meeting(municipality: &str) -> Value {
    let start = chrono::Utc::now() + chrono::Duration::days(10);
    json!({"title": "Nätverksträff", "municipality": municipality, "format": "onSite", "venue": "Kommunhuset",
        "startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339(), "capacity": 50})
}

#[tokio::test]
async fn a_companys_timeline_shows_each_entry_as_its_row_allows() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let (_, eksjo) = app.token_of("officer", "0686").await;
    let (_, vetlanda) = app.token_of("officer", "0685").await;
    let (_, vaxjo) = app.token_of("officer", "0780").await;
    let company = app.create_company("0686", false).await;
    let (_, own) = app.token_of("company", &company.to_string()).await;
    let (_, provider) = app.token_of("provider", "Campus Alfa").await;
    let activities = format!("/api/v1/companies/{company}/activities");
    let private = created(
        &app,
        &eksjo,
        &activities,
        json!({"kind": "visit", "occurredOn": "2026-11-02", "summary": "Internt: ekonomin är ansträngd.\nMer text."}),
    )
    .await;
    let shared = created(
        &app,
        &eksjo,
        &activities,
        json!({"kind": "call", "occurredOn": "2026-11-20", "summary": "Uppföljning", "shared": true}),
    )
    .await;
    let analysis = created(
        &app,
        &eksjo,
        "/api/v1/needs-analyses",
        json!({"companyId": company, "conductedOn": "2026-11-10", "summary": "Behov av ledarskap"}),
    )
    .await;
    let offer = created(&app, &admin, "/api/v1/training-offers", published_offer()).await;
    let enrolment = created(
        &app,
        &eksjo,
        &format!("/api/v1/training-offers/{}/enrolments", offer["id"].as_str().unwrap()),
        json!({"companyId": company, "participants": [{"name": "Deltagare", "gender": "woman"}]}),
    )
    .await;
    let meeting = created(&app, &admin, "/api/v1/network-meetings", planned_meeting("0780")).await;
    let registration = created(
        &app,
        &eksjo,
        &format!("/api/v1/network-meetings/{}/registrations", meeting["id"].as_str().unwrap()),
        json!({"companyId": company, "attendees": [{"name": "Besökare"}]}),
    )
    .await;
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/companies/{company}/timeline");

    // Newest first: today's enrolment and registration, then the days of the activities and the analysis.
    let (status, all) = app.send(Method::GET, &path, Some(&eksjo), None).await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(ids(&all), [id(&registration), id(&enrolment), id(&shared), id(&analysis), id(&private)]);
    let first = &all["items"][4];
    assert_eq!((first["type"].as_str(), first["status"].as_str()), (Some("activity"), Some("visit")));
    assert_eq!(first["summary"], "Internt: ekonomin är ansträngd.", "the first line");
    assert_eq!(first["href"], format!("/api/v1/activities/{}", id(&private)));
    assert_eq!(all["items"][0]["summary"], "Nätverksträff");

    // Paged two by two, the same entries in the same order.
    let mut paged = Vec::new();
    let mut cursor = String::new();
    loop {
        let (_, page) = app.send(Method::GET, &format!("{path}?limit=2{cursor}"), Some(&eksjo), None).await;
        paged.extend(ids(&page));
        match page["nextCursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(paged, ids(&all));

    let (_, partner) = app.send(Method::GET, &path, Some(&vetlanda), None).await;
    assert_eq!(ids(&partner), [id(&registration), id(&enrolment), id(&shared), id(&analysis)], "no private activity");
    let (_, company_view) = app.send(Method::GET, &path, Some(&own), None).await;
    assert_eq!(ids(&company_view), [id(&registration), id(&enrolment), id(&analysis)], "no activities at all");
    assert_eq!(app.send(Method::GET, &path, Some(&vaxjo), None).await.0, 404, "an unlisted company outside its set");
    assert_eq!(app.send(Method::GET, &path, Some(&provider), None).await.0, 404);
    assert_eq!(app.send(Method::GET, &path, None, None).await.0, 401);
    // Listed, Växjö sees the company; of its timeline only the registration for the meeting Växjö hosts.
    let (status, _) = app
        .send(Method::PATCH, &format!("/api/v1/companies/{company}"), Some(&eksjo), Some(json!({"listed": true})))
        .await;
    assert_eq!(status, 200);
    let (_, host_view) = app.send(Method::GET, &path, Some(&vaxjo), None).await;
    assert_eq!(ids(&host_view), [id(&registration)]);
    assert_eq!(app.send(Method::GET, &path, Some(&provider), None).await.0, 403);
}

#[tokio::test]
async fn enrolments_address_needs_and_the_outcomes_show_what_became_of_them() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let (_, officer) = app.token_of("officer", "0686").await;
    let (_, provider) = app.token_of("provider", "Campus Alfa").await;
    let need = |area: &str| json!({"area": area, "priority": "high", "employeesConcerned": 4});
    let mut leadership = Vec::new();
    let mut companies = Vec::new();
    for k in 0..3 {
        let company = app.create_company("0686", false).await;
        let needs = if k == 0 { vec![need("leadership"), need("recruitment")] } else { vec![need("leadership")] };
        let analysis = created(
            &app,
            &officer,
            "/api/v1/needs-analyses",
            json!({"companyId": company, "conductedOn": "2026-03-03", "status": "completed", "needs": needs}),
        )
        .await;
        leadership.push(analysis["needs"][0]["id"].as_str().unwrap().to_owned());
        companies.push((company, analysis));
    }
    let mut offer = published_offer();
    offer["seats"] = json!(1);
    let offer = created(&app, &admin, "/api/v1/training-offers", offer).await;
    let enrol = format!("/api/v1/training-offers/{}/enrolments", offer["id"].as_str().unwrap());
    let one = |company: uuid::Uuid, needs: Vec<&String>| json!({"companyId": company, "participants": [{"name": "Deltagare", "gender": "man"}], "needIds": needs});
    let (status, problem) =
        app.send(Method::POST, &enrol, Some(&officer), Some(one(companies[0].0, vec![&leadership[1]]))).await;
    assert_eq!((status, error_fields(&problem)), (422, vec!["needIds[0]".to_owned()]), "another company's need");
    let first = created(&app, &officer, &enrol, one(companies[0].0, vec![&leadership[0]])).await;
    assert_eq!((first["status"].as_str(), first["needIds"].clone()), (Some("confirmed"), json!([leadership[0]])));
    let second = created(&app, &officer, &enrol, one(companies[1].0, vec![&leadership[1]])).await;
    assert_eq!(second["status"], "waitlisted");
    let status_of = |k: usize| {
        let path = format!("/api/v1/needs-analyses/{}", companies[k].1["id"].as_str().unwrap());
        let (app, officer) = (&app, &officer);
        async move { app.send(Method::GET, &path, Some(officer), None).await.1["needs"][0]["status"].clone() }
    };
    assert_eq!(status_of(0).await, "addressed", "a confirmed enrolment addresses its needs");
    assert_eq!(status_of(1).await, "open", "a waitlisted one does not, yet");
    let cancel = format!("/api/v1/enrolments/{}", first["id"].as_str().unwrap());
    assert_eq!(app.send(Method::DELETE, &cancel, Some(&officer), None).await.0, 204);
    assert_eq!(status_of(1).await, "addressed", "promoted from the waiting list, it addresses its needs");
    assert_eq!(status_of(0).await, "addressed", "what was addressed stays addressed");
    let third = format!("/api/v1/needs-analyses/{}", companies[2].1["id"].as_str().unwrap());
    let met = json!({"needs": [{"id": leadership[2], "status": "met", "area": "leadership", "priority": "high", "employeesConcerned": 4}]});
    assert_eq!(app.send(Method::PATCH, &third, Some(&officer), Some(met)).await.0, 200);

    let (status, outcomes) =
        app.send(Method::GET, "/api/v1/statistics/outcomes?municipality=0686", Some(&officer), None).await;
    assert_eq!(status, 200, "{outcomes}");
    let cell = |body: &Value, area: &str| body["items"].as_array().unwrap().iter().find(|c| c["area"] == area).cloned();
    let lead = cell(&outcomes, "leadership").expect("leadership");
    assert_eq!(lead["needs"], json!({"open": 0, "addressed": 2, "met": 1, "dropped": 0, "total": 3}));
    assert_eq!(
        (lead["companies"].as_i64(), lead["enrolments"].as_i64()),
        (Some(3), Some(1)),
        "one confirmed enrolment"
    );
    let recruiting = cell(&outcomes, "recruitment").expect("recruitment");
    assert_eq!((recruiting["needs"]["open"].as_i64(), recruiting["companies"].as_i64()), (Some(1), Some(1)));
    assert_eq!(outcomes["totals"]["total"], 4);
    // Providers see no cell of fewer than three companies, and totals only of what they see.
    let (_, seen) = app.send(Method::GET, "/api/v1/statistics/outcomes?municipality=0686", Some(&provider), None).await;
    assert!(cell(&seen, "recruitment").is_none() && cell(&seen, "leadership").is_some(), "{seen}");
    assert_eq!(seen["totals"]["total"], 3);
    let (_, by_year) =
        app.send(Method::GET, "/api/v1/statistics/outcomes?municipality=0686&period=year", Some(&officer), None).await;
    assert_eq!(cell(&by_year, "leadership").expect("cell")["period"], "2026");
    let (_, company) = app.token_of("company", &companies[0].0.to_string()).await;
    assert_eq!(app.send(Method::GET, "/api/v1/statistics/outcomes", Some(&company), None).await.0, 403);
    assert_eq!(app.send(Method::GET, "/api/v1/statistics/outcomes?period=week", Some(&officer), None).await.0, 400);
}

#[tokio::test]
async fn the_demo_data_shows_an_officers_day() {
    let app = crate::helpers::spawn_app_with(|config| {
        config.demo_data = true;
        config.demo_accounts = Some(true);
    })
    .await;
    let officer = crate::helpers::access_token(app.login("officer@demo.samverka.se", "samverka-demo-2026").await).await;
    let (status, tasks) = app.send(Method::GET, "/api/v1/tasks?assignee=me&status=open", Some(&officer), None).await;
    assert_eq!((status, ids(&tasks).len()), (200, 4), "{tasks}");
    assert!(tasks["items"][0]["dueOn"].as_str() < tasks["items"][1]["dueOn"].as_str(), "soonest due first");
    let (_, visits) = app.send(Method::GET, "/api/v1/activities?kind=visit&limit=100", Some(&officer), None).await;
    assert!(!ids(&visits).is_empty(), "{visits}");
    let (_, networks) = app.send(Method::GET, "/api/v1/networks", None, None).await;
    let counts: Vec<i64> =
        networks["items"].as_array().unwrap().iter().map(|n| n["memberCount"].as_i64().unwrap()).collect();
    assert_eq!(counts, [8, 8], "{networks}");
    let (_, outcomes) = app.send(Method::GET, "/api/v1/statistics/outcomes", Some(&officer), None).await;
    for status in ["open", "addressed", "met", "dropped"] {
        assert!(outcomes["totals"][status].as_i64().is_some_and(|n| n > 0), "{status}: {}", outcomes["totals"]);
    }
    let (_, admin) = app.token_for("admin").await;
    let (_, held) =
        app.send(Method::GET, "/api/v1/network-meetings?status=held&sort=startsAt", Some(&admin), None).await;
    let first = held["items"][0]["id"].as_str().expect("a held meeting").to_owned();
    let (_, feedback) =
        app.send(Method::GET, &format!("/api/v1/network-meetings/{first}/feedback"), Some(&admin), None).await;
    assert_eq!(feedback["count"], 3, "{feedback}");
}
