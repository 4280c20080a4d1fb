//! Collaborations: who reads and writes them, #Attraktivindustri and the
//! partner flag, officers' shared sets that follow membership and period,
//! companies that keep their analyses to their own municipality, and the
//! collaboration's participation report against a hand-built fixture.

use crate::helpers::{TestApp, error_fields, spawn_app, spawn_app_upgraded_from};
use crate::reports::Api;
use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

fn day(offset: i64) -> String {
    (Utc::now() + Duration::days(offset)).date_naive().to_string()
}

fn find<'a>(list: &'a Value, name: &str) -> Option<&'a Value> {
    list["items"].as_array()?.iter().find(|c| c["name"] == name)
}

/// GET with the ETag, then PATCH with it as `If-Match`; status and body.
async fn patch_current(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    let etag = app.client.get(app.url(path)).bearer_auth(token).send().await.expect("get").headers()["etag"].clone();
    let response = app
        .client
        .patch(app.url(path))
        .bearer_auth(token)
        .header("if-match", etag)
        .json(&body)
        .send()
        .await
        .expect("patch");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn attraktivindustri(app: &TestApp, token: &str) -> Value {
    let (_, list) = app.send(Method::GET, "/api/v1/collaborations?limit=100", Some(token), None).await;
    find(&list, "#Attraktivindustri").cloned().expect("#Attraktivindustri is there")
}

#[tokio::test]
async fn attraktivindustri_is_there_and_admins_write_collaborations() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let (coordinator, officer) = app.token_of("officer", "0780").await;
    let (company_user, company) = app.token_for("company").await;

    let ai = attraktivindustri(&app, &officer).await;
    assert_eq!(ai["funder"], "ESF");
    assert_eq!(ai["municipalities"], json!(["0604", "0684", "0685", "0686"]));
    assert_eq!(
        (ai["startsOn"].as_str(), &ai["endsOn"], &ai["running"]),
        (Some("2019-09-01"), &Value::Null, &json!(true))
    );
    let (status, _) = app.send(Method::GET, "/api/v1/collaborations", Some(&company), None).await;
    assert_eq!(status, 200, "company users read collaborations too");
    let (status, _) = app.send(Method::GET, "/api/v1/collaborations", None, None).await;
    assert_eq!(status, 401);

    let body = json!({"name": "Smålands industrilyft", "funder": "ESF", "reference": "2025/00123",
        "budgetSek": 4_800_000, "hourlyRateSek": 300, "startsOn": day(-10), "endsOn": day(300),
        "municipalities": ["0780", "0687"], "coordinators": [coordinator.id]});
    let (status, _) = app.send(Method::POST, "/api/v1/collaborations", Some(&officer), Some(body.clone())).await;
    assert_eq!(status, 403, "officers do not write collaborations");
    let bad = json!({"name": " ", "startsOn": day(0), "endsOn": day(-1), "municipalities": ["0780", "0999"],
        "coordinators": [company_user.id]});
    let (status, problem) = app.send(Method::POST, "/api/v1/collaborations", Some(&admin), Some(bad)).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(error_fields(&problem), ["name", "endsOn", "municipalities[1]", "coordinators[0]"]);

    let response =
        app.client.post(app.url("/api/v1/collaborations")).bearer_auth(&admin).json(&body).send().await.expect("post");
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().expect("ascii").to_owned();
    let created: Value = response.json().await.expect("json");
    assert_eq!(location, format!("/api/v1/collaborations/{}", created["id"].as_str().expect("id")));
    assert_eq!(created["municipalities"], json!(["0687", "0780"]));
    assert_eq!(created["coordinators"], json!([coordinator.id]));
    assert_eq!((created["hourlyRateSek"].as_i64(), created["running"].as_bool()), (Some(300), Some(true)));
    let (_, of_vaxjo) = app.send(Method::GET, "/api/v1/collaborations?municipality=0780", Some(&officer), None).await;
    let names: Vec<&str> =
        of_vaxjo["items"].as_array().expect("items").iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(names, ["Smålands industrilyft"]);

    // Stale If-Match is 412; with the current ETag the change is made.
    let stale = app
        .client
        .patch(app.url(&location))
        .bearer_auth(&admin)
        .header("if-match", "\"stale\"")
        .json(&json!({"name": "X"}))
        .send()
        .await
        .expect("patch");
    assert_eq!(stale.status(), 412);
    let (status, changed) = patch_current(&app, &admin, &location, json!({"endsOn": null, "funder": null})).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!((&changed["endsOn"], changed.get("funder"), &changed["version"]), (&Value::Null, None, &json!(2)));
    let (status, _) = app.send(Method::PATCH, &location, Some(&officer), Some(json!({"name": "Mitt"}))).await;
    assert_eq!(status, 403);
    assert_eq!(app.audit_events("collaboration", created["id"].as_str().expect("id")).await.len(), 2);

    // `partner` is membership of #Attraktivindustri, both ways.
    let (status, _) = patch_current(&app, &admin, "/api/v1/municipalities/0780", json!({"partner": true})).await;
    assert_eq!(status, 200);
    let ai = attraktivindustri(&app, &admin).await;
    assert_eq!(ai["municipalities"], json!(["0604", "0684", "0685", "0686", "0780"]));
    let path = format!("/api/v1/collaborations/{}", ai["id"].as_str().expect("id"));
    let members = json!({"municipalities": ["0604", "0684", "0685", "0686"]});
    assert_eq!(patch_current(&app, &admin, &path, members).await.0, 200);
    let (_, vaxjo) = app.send(Method::GET, "/api/v1/municipalities/0780", Some(&admin), None).await;
    assert_eq!(vaxjo["partner"], false);
}

#[tokio::test]
async fn an_officers_shared_set_follows_membership_and_period() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let (_, vaxjo) = app.token_of("officer", "0780").await;
    let (_, eksjo) = app.token_of("officer", "0686").await;
    let tranas = app.create_company("0687", false).await;
    let vetlanda = app.create_company("0685", false).await;
    let sees = |token: String, company: Uuid| {
        let app = &app;
        async move { app.send(Method::GET, &format!("/api/v1/companies/{company}"), Some(&token), None).await.0 }
    };
    assert_eq!(sees(vaxjo.clone(), tranas).await, 404);
    assert_eq!(sees(eksjo.clone(), vetlanda).await, 200, "partners share while #Attraktivindustri runs");

    // Not begun yet: nothing shared.
    let body = json!({"name": "Höglandet–Kronoberg", "startsOn": day(10), "municipalities": ["0687", "0780"]});
    let (status, created) = app.send(Method::POST, "/api/v1/collaborations", Some(&admin), Some(body)).await;
    assert_eq!(status, 201, "{created}");
    let path = format!("/api/v1/collaborations/{}", created["id"].as_str().expect("id"));
    assert_eq!(sees(vaxjo.clone(), tranas).await, 404);

    // Running: Växjö's officer reads Tranås's unlisted company, in lists too.
    assert_eq!(patch_current(&app, &admin, &path, json!({"startsOn": day(-30)})).await.0, 200);
    assert_eq!(sees(vaxjo.clone(), tranas).await, 200);
    let (_, list) = app.send(Method::GET, "/api/v1/companies?municipality=0687", Some(&vaxjo), None).await;
    assert!(list.to_string().contains(&tranas.to_string()), "{list}");
    assert_eq!(sees(vaxjo.clone(), vetlanda).await, 404, "only the members of its own collaborations");

    // A member leaves: sharing with it ends at once.
    assert_eq!(patch_current(&app, &admin, &path, json!({"municipalities": ["0780", "0604"]})).await.0, 200);
    assert_eq!(sees(vaxjo.clone(), tranas).await, 404);
    assert_eq!(patch_current(&app, &admin, &path, json!({"municipalities": ["0780", "0687"]})).await.0, 200);
    assert_eq!(sees(vaxjo.clone(), tranas).await, 200);

    // Ended yesterday: nothing shared any more.
    assert_eq!(patch_current(&app, &admin, &path, json!({"endsOn": day(-1)})).await.0, 200);
    assert_eq!(sees(vaxjo.clone(), tranas).await, 404);
    let (_, list) = app.send(Method::GET, "/api/v1/companies?municipality=0687", Some(&vaxjo), None).await;
    assert!(!list.to_string().contains(&tranas.to_string()), "{list}");

    // Ending #Attraktivindustri ends the partners' sharing; they stay its members (partner: true).
    let ai = attraktivindustri(&app, &admin).await;
    let ai_path = format!("/api/v1/collaborations/{}", ai["id"].as_str().expect("id"));
    assert_eq!(patch_current(&app, &admin, &ai_path, json!({"endsOn": day(-1)})).await.0, 200);
    assert_eq!(sees(eksjo.clone(), vetlanda).await, 404);
    let (_, municipality) = app.send(Method::GET, "/api/v1/municipalities/0685", Some(&admin), None).await;
    assert_eq!(municipality["partner"], true);
    let (_, running) = app.send(Method::GET, "/api/v1/collaborations?running=true", Some(&admin), None).await;
    assert!(find(&running, "#Attraktivindustri").is_none() && find(&running, "Höglandet–Kronoberg").is_none());
}

#[tokio::test]
async fn a_company_that_declines_keeps_its_analyses_to_its_own_municipality() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let (_, eksjo) = app.token_of("officer", "0686").await;
    let (_, vetlanda) = app.token_of("officer", "0685").await;
    let company = app.create_company("0685", false).await;
    let need = json!({"area": "leadership", "priority": "high", "employeesConcerned": 3});
    let body = json!({"companyId": company, "conductedOn": day(-1), "status": "completed", "needs": [need]});
    let (status, analysis) = app.send(Method::POST, "/api/v1/needs-analyses", Some(&vetlanda), Some(body)).await;
    assert_eq!(status, 201, "{analysis}");
    let path = format!("/api/v1/needs-analyses/{}", analysis["id"].as_str().expect("id"));
    let demand = || async {
        let (_, d) = app.send(Method::GET, "/api/v1/statistics/demand?municipality=0685", Some(&eksjo), None).await;
        d
    };
    let before = demand().await;
    assert_eq!(app.send(Method::GET, &path, Some(&eksjo), None).await.0, 200, "shared by default");

    let (status, changed) =
        patch_current(&app, &vetlanda, &format!("/api/v1/companies/{company}"), json!({"shareAnalyses": false})).await;
    assert_eq!((status, &changed["shareAnalyses"]), (200, &json!(false)), "{changed}");

    assert_eq!(app.send(Method::GET, &path, Some(&eksjo), None).await.0, 404);
    let (_, list) = app.send(Method::GET, "/api/v1/needs-analyses?municipality=0685", Some(&eksjo), None).await;
    assert!(!list.to_string().contains(analysis["id"].as_str().expect("id")), "{list}");
    let timeline = format!("/api/v1/companies/{company}/timeline");
    let (status, entries) = app.send(Method::GET, &timeline, Some(&eksjo), None).await;
    assert_eq!(status, 200, "the company itself is still shared");
    assert!(!entries.to_string().contains("analysis"), "{entries}");
    assert_eq!(app.send(Method::GET, &path, Some(&vetlanda), None).await.0, 200, "its own municipality reads it");
    assert_eq!(app.send(Method::GET, &path, Some(&admin), None).await.0, 200);
    assert_eq!(demand().await, before, "it still counts in aggregates");
    let (_, row) = app.send(Method::GET, &format!("/api/v1/companies/{company}"), Some(&eksjo), None).await;
    assert_eq!(row["shareAnalyses"], false);
}

/// Moves an offer (and its sessions) to start `days` from now: a training
/// that started before the period.
async fn move_offer(app: &TestApp, offer: &str, days: i64) {
    use samverka_persistence::entities::{offer_session, training_offer};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let id = Uuid::parse_str(offer).expect("uuid");
    let start = Utc::now() + Duration::days(days);
    training_offer::Entity::update_many()
        .col_expr(training_offer::Column::StartsAt, Expr::value(start))
        .filter(training_offer::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .expect("move offer");
    offer_session::Entity::update_many()
        .col_expr(offer_session::Column::StartsAt, Expr::value(start))
        .col_expr(offer_session::Column::EndsAt, Expr::value(start + Duration::hours(4)))
        .filter(offer_session::Column::OfferId.eq(id))
        .exec(&app.db)
        .await
        .expect("move sessions");
}

#[tokio::test]
async fn the_collaboration_report_matches_the_fixture() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let (coordinator, coordinating) = app.token_of("officer", "0687").await;
    let api = Api { app: &app, token: admin.clone() };
    // A and B in Eksjö (10-19 and 200-499 employees), C in Tranås (10-19); D in Vetlanda is no member.
    let (a, b, c, d) = (
        app.create_company("0686", true).await,
        app.create_company("0686", true).await,
        app.create_company("0687", true).await,
        app.create_company("0685", true).await,
    );
    assert_eq!(patch_current(&app, &admin, &format!("/api/v1/companies/{b}"), json!({"employees": 250})).await.0, 200);
    let body = json!({"name": "Höglandets lyft", "funder": "ESF", "reference": "2026/042", "hourlyRateSek": 300,
        "startsOn": day(-5), "endsOn": day(30), "municipalities": ["0686", "0687"], "coordinators": [coordinator.id]});
    let (status, collaboration) = app.send(Method::POST, "/api/v1/collaborations", Some(&admin), Some(body)).await;
    assert_eq!(status, 201, "{collaboration}");
    let report_path =
        format!("/api/v1/collaborations/{}/reports/participation", collaboration["id"].as_str().expect("id"));

    // Visits: A twice, C once in the period; B before it; a call to C is no visit; D is no member.
    for (company, kind, days) in [(a, "visit", -1), (a, "visit", -3), (c, "visit", -1), (b, "visit", -6)] {
        api.activity(company, kind, days).await;
    }
    api.activity(c, "call", -1).await;
    api.activity(d, "visit", -1).await;
    // Analyses: A (completed, two needs), B (archived, one), C (completed, one) in the period;
    // C before it, A a draft, D no member.
    api.analysis(a, -2, "completed", &["leadership", "recruitment"]).await;
    api.analysis(b, -1, "archived", &["leadership"]).await;
    api.analysis(c, -2, "completed", &["sustainability"]).await;
    api.analysis(c, -10, "completed", &["leadership"]).await;
    api.analysis(a, -2, "draft", &["leadership"]).await;
    api.analysis(d, -2, "completed", &["leadership"]).await;
    // Training: O1 in the period; O2 after it; O3 started before it.
    let o1 = api.offer(10, 20).await;
    let ea = api.enrol_aged(&o1, a, &[("woman", Some("-24")), ("man", Some("25-54"))]).await;
    let ec = api.enrol_aged(&o1, c, &[("other", Some("55-"))]).await;
    api.enrol_aged(&o1, b, &[("woman", None)]).await;
    api.enrol(&o1, d, &["man"]).await;
    let o2 = api.offer(40, 5).await;
    api.enrol(&o2, b, &["woman"]).await;
    let o3 = api.offer(2, 5).await;
    api.enrol(&o3, c, &["man"]).await;
    move_offer(&app, &o3, -7).await;
    for (enrolment, hours) in [(&ea, vec![3.0, 2.5]), (&ec, vec![1.0])] {
        let attendance: Vec<Value> = enrolment["participants"]
            .as_array()
            .expect("participants")
            .iter()
            .zip(hours)
            .map(|(p, h)| json!({"participantId": p["id"], "hoursAttended": h}))
            .collect();
        let path = format!("/api/v1/enrolments/{}", enrolment["id"].as_str().expect("id"));
        api.send(Method::PATCH, &path, json!({"attendance": attendance})).await;
    }

    let (status, report) = app.send(Method::GET, &report_path, Some(&coordinating), None).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!((report["from"].as_str(), report["to"].as_str()), (Some(day(-5).as_str()), Some(day(30).as_str())));
    assert_eq!(report["collaboration"]["hourlyRateSek"], 300);
    let zero_age = json!({"under25": 0, "from25To54": 0, "from55": 0, "unspecified": 0});
    let no_people = json!({"woman": 0, "man": 0, "other": 0, "unspecified": 0, "total": 0});
    let no_hours = json!({"woman": 0.0, "man": 0.0, "other": 0.0, "unspecified": 0.0, "total": 0.0});
    let need = |open: i64| json!({"open": open, "addressed": 0, "met": 0, "dropped": 0, "total": open});
    let a_figures = json!({"companiesReached": 1, "companiesVisited": 1, "companiesAnalysed": 1, "companiesEnrolled": 1,
        "visits": 2, "analyses": 1, "needs": {"leadership": need(1), "recruitment": need(1)}, "enrolments": 1,
        "participants": {"woman": 1, "man": 1, "other": 0, "unspecified": 0, "total": 2},
        "participantsByAgeBand": {"under25": 1, "from25To54": 1, "from55": 0, "unspecified": 0},
        "participantHours": {"woman": 3.0, "man": 2.5, "other": 0.0, "unspecified": 0.0, "total": 5.5},
        "hoursValueSek": 1650.0});
    let b_figures = json!({"companiesReached": 1, "companiesVisited": 0, "companiesAnalysed": 1, "companiesEnrolled": 1,
        "visits": 0, "analyses": 1, "needs": {"leadership": need(1)}, "enrolments": 1,
        "participants": {"woman": 1, "man": 0, "other": 0, "unspecified": 0, "total": 1},
        "participantsByAgeBand": {"under25": 0, "from25To54": 0, "from55": 0, "unspecified": 1},
        "participantHours": {"woman": 0.0, "man": 0.0, "other": 0.0, "unspecified": 0.0, "total": 0.0},
        "hoursValueSek": 0.0});
    let eksjo = json!({"municipality": "0686", "companiesReached": 2, "companiesVisited": 1, "companiesAnalysed": 2,
        "companiesEnrolled": 2, "visits": 2, "analyses": 2, "needs": {"leadership": need(2), "recruitment": need(1)},
        "enrolments": 2, "participants": {"woman": 2, "man": 1, "other": 0, "unspecified": 0, "total": 3},
        "participantsByAgeBand": {"under25": 1, "from25To54": 1, "from55": 0, "unspecified": 1},
        "participantHours": {"woman": 3.0, "man": 2.5, "other": 0.0, "unspecified": 0.0, "total": 5.5},
        "hoursValueSek": 1650.0, "bySizeClass": {"10-19": a_figures, "200-499": b_figures}});
    let c_figures = json!({"companiesReached": 1, "companiesVisited": 1, "companiesAnalysed": 1, "companiesEnrolled": 1,
        "visits": 1, "analyses": 1, "needs": {"sustainability": need(1)}, "enrolments": 1,
        "participants": {"woman": 0, "man": 0, "other": 1, "unspecified": 0, "total": 1},
        "participantsByAgeBand": {"under25": 0, "from25To54": 0, "from55": 1, "unspecified": 0},
        "participantHours": {"woman": 0.0, "man": 0.0, "other": 1.0, "unspecified": 0.0, "total": 1.0},
        "hoursValueSek": 300.0});
    let mut tranas = c_figures.clone();
    tranas["municipality"] = json!("0687");
    tranas["bySizeClass"] = json!({"10-19": c_figures});
    assert_eq!(report["municipalities"], json!([eksjo, tranas]));
    let totals = &report["totals"];
    assert_eq!(totals["companiesReached"], 3);
    assert_eq!(totals["visits"], 3);
    assert_eq!(totals["needs"], json!({"leadership": need(2), "recruitment": need(1), "sustainability": need(1)}));
    assert_eq!(totals["participants"], json!({"woman": 2, "man": 1, "other": 1, "unspecified": 0, "total": 4}));
    assert_eq!(totals["participantsByAgeBand"], json!({"under25": 1, "from25To54": 1, "from55": 1, "unspecified": 1}));
    assert_eq!(
        (totals["participantHours"]["total"].as_f64(), totals["hoursValueSek"].as_f64()),
        (Some(6.5), Some(1950.0))
    );
    assert_eq!(totals["bySizeClass"]["10-19"]["companiesReached"], 2);
    assert_eq!(totals["bySizeClass"]["200-499"]["companiesReached"], 1);
    assert!(!report.to_string().contains(&a.to_string()) && !report.to_string().contains("P0"), "nobody named");

    // A part of the period: the first three days hold A's earlier visit only.
    let part = format!("{report_path}?from={}&to={}", day(-5), day(-3));
    let (_, early) = app.send(Method::GET, &part, Some(&admin), None).await;
    assert_eq!((early["totals"]["visits"].as_i64(), early["totals"]["analyses"].as_i64()), (Some(1), Some(0)));
    assert_eq!(early["totals"]["participants"], no_people);
    assert_eq!(early["totals"]["participantHours"], no_hours);
    assert_eq!(early["municipalities"][1]["participantsByAgeBand"], zero_age);
    let outside = format!("{report_path}?from={}&to={}", day(-6), day(31));
    let (status, problem) = app.send(Method::GET, &outside, Some(&admin), None).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(error_fields(&problem), ["from", "to"]);

    // CSV: one row per municipality and size class, one for all of them, then the totals.
    let response = app
        .client
        .get(app.url(&report_path))
        .bearer_auth(&coordinating)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("csv");
    assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/csv"));
    let bytes = response.bytes().await.expect("body");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(&bytes[3..]);
    let headers = reader.headers().expect("header").clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let keys: Vec<(String, String)> = rows.iter().map(|r| (r[0].to_owned(), r[1].to_owned())).collect();
    let key = |m: &str, s: &str| (m.to_owned(), s.to_owned());
    assert_eq!(
        keys,
        [
            key("0686", "10-19"),
            key("0686", "200-499"),
            key("0686", "all"),
            key("0687", "10-19"),
            key("0687", "all"),
            key("total", "10-19"),
            key("total", "200-499"),
            key("total", "all")
        ]
    );
    let field = |row: usize, name: &str| rows[row][headers.iter().position(|h| h == name).expect(name)].to_owned();
    assert_eq!(
        (field(2, "companiesReached"), field(2, "participantsAge-24"), field(2, "hoursValueSek")),
        ("2".into(), "1".into(), "1650".into())
    );
    assert_eq!((field(7, "participants"), field(7, "needs:leadership:open")), ("4".into(), "2".into()));

    // Who may read it: admins and its coordinators.
    let (_, other_officer) = app.token_of("officer", "0686").await;
    let (_, company) = app.token_for("company").await;
    for (token, status) in [(Some(other_officer.as_str()), 403), (Some(company.as_str()), 403), (None, 401)] {
        assert_eq!(app.send(Method::GET, &report_path, token, None).await.0, status);
    }
    let (status, _) = app
        .send(
            Method::GET,
            "/api/v1/collaborations/0195a1b2-0000-7000-8000-000000000000/reports/participation",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_database_of_the_last_release_keeps_its_rows_and_its_sharing() {
    // The last release's schema (18 migrations), where an admin had renamed
    // Eksjö and made Växjö a partner.
    let app = spawn_app_upgraded_from(
        18,
        &[
            "UPDATE municipalities SET name = 'Eksjö kommun' WHERE code = '0686'",
            "UPDATE municipalities SET partner = true WHERE code = '0780'",
        ],
    )
    .await;
    let (_, admin) = app.token_for("admin").await;
    let (_, list) = app.send(Method::GET, "/api/v1/municipalities?limit=500", Some(&admin), None).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(290));
    let (_, eksjo) = app.send(Method::GET, "/api/v1/municipalities/0686", Some(&admin), None).await;
    assert_eq!((eksjo["name"].as_str(), eksjo["partner"].as_bool()), (Some("Eksjö kommun"), Some(true)), "kept");
    let ai = attraktivindustri(&app, &admin).await;
    assert_eq!(ai["municipalities"], json!(["0604", "0684", "0685", "0686", "0780"]), "the partners of then");
    // Växjö, a partner then, goes on sharing with the others.
    let (_, vaxjo) = app.token_of("officer", "0780").await;
    let vetlanda = app.create_company("0685", false).await;
    assert_eq!(app.send(Method::GET, &format!("/api/v1/companies/{vetlanda}"), Some(&vaxjo), None).await.0, 200);
}

#[tokio::test]
async fn the_demo_officer_coordinates_attraktivindustri_and_gets_its_report() {
    let app = crate::helpers::spawn_app_with(|config| {
        config.demo_data = true;
        config.demo_accounts = Some(true);
    })
    .await;
    let officer = crate::helpers::access_token(app.login("officer@demo.samverka.se", "samverka-demo-2026").await).await;
    let (_, list) = app.send(Method::GET, "/api/v1/collaborations", Some(&officer), None).await;
    let names: Vec<&str> = list["items"].as_array().expect("items").iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    let ai = find(&list, "#Attraktivindustri").expect("#Attraktivindustri");
    assert_eq!(ai["coordinators"].as_array().map(Vec::len), Some(1));
    let pilot = find(&list, "Pilot Höglandet").expect("the ended pilot");
    assert_eq!(pilot["running"], false);
    let path = format!("/api/v1/collaborations/{}/reports/participation", ai["id"].as_str().expect("id"));
    let (status, report) = app.send(Method::GET, &path, Some(&officer), None).await;
    assert_eq!(status, 200, "{report}");
    let totals = &report["totals"];
    assert!(totals["companiesReached"].as_i64() > Some(5), "{totals}");
    assert!(
        totals["participants"]["total"].as_i64() > Some(0) && totals["participantHours"]["total"].as_f64() > Some(0.0)
    );
    assert!(totals["participantsByAgeBand"]["from25To54"].as_i64() > Some(0), "demo participants carry age bands");
    assert_eq!(report["municipalities"].as_array().map(Vec::len), Some(4));
    let other = format!("/api/v1/collaborations/{}/reports/participation", pilot["id"].as_str().expect("id"));
    assert_eq!(app.send(Method::GET, &other, Some(&officer), None).await.0, 403, "it coordinates only the one");
}
