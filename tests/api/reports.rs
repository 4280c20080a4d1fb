//! The participation report against a hand-computed fixture in two
//! municipalities, with rows on both sides of the period's boundaries.

use crate::helpers::{TestApp, assert_problem, spawn_app};
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

/// Requests of one caller that must succeed: the fixtures of the reports.
pub(crate) struct Api<'a> {
    pub(crate) app: &'a TestApp,
    pub(crate) token: String,
}

impl Api<'_> {
    pub(crate) async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let response =
            self.app.client.request(method, self.app.url(path)).bearer_auth(&self.token).json(&body).send().await;
        let response = response.expect("request");
        let status = response.status();
        let value: Value = response.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {value}");
        value
    }

    pub(crate) async fn analysis(&self, company: Uuid, days: i64, status: &str, areas: &[&str]) {
        let on = (Utc::now() + Duration::days(days)).date_naive().to_string();
        let needs: Vec<Value> =
            areas.iter().map(|a| json!({"area": a, "priority": "high", "employeesConcerned": 2})).collect();
        let created = self
            .send(
                reqwest::Method::POST,
                "/api/v1/needs-analyses",
                json!({"companyId": company, "conductedOn": on, "needs": needs}),
            )
            .await;
        let path = format!("/api/v1/needs-analyses/{}", created["id"].as_str().expect("id"));
        let steps: &[&str] = match status {
            "completed" => &["completed"],
            "archived" => &["completed", "archived"],
            _ => &[],
        };
        for step in steps {
            self.send(reqwest::Method::PATCH, &path, json!({"status": step})).await;
        }
    }

    pub(crate) async fn offer(&self, days: i64, seats: i64) -> String {
        let start = Utc::now() + Duration::days(days);
        let body = json!({"title": "Kurs", "areas": ["leadership"], "provider": "P", "format": "online",
            "sessions": [{"startsAt": start.to_rfc3339(), "endsAt": (start + Duration::hours(4)).to_rfc3339()}],
            "seats": seats, "priceSek": 0, "language": "sv", "status": "published"});
        self.send(reqwest::Method::POST, "/api/v1/training-offers", body).await["id"].as_str().expect("id").to_owned()
    }

    pub(crate) async fn enrol(&self, offer: &str, company: Uuid, genders: &[&str]) -> Value {
        let people: Vec<(&str, Option<&str>)> = genders.iter().map(|g| (*g, None)).collect();
        self.enrol_aged(offer, company, &people).await
    }

    /// Enrols people of (gender, age band).
    pub(crate) async fn enrol_aged(&self, offer: &str, company: Uuid, people: &[(&str, Option<&str>)]) -> Value {
        let participants: Vec<Value> = people
            .iter()
            .enumerate()
            .map(|(i, (g, age))| match age {
                Some(age) => json!({"name": format!("P{i}"), "gender": g, "ageBand": age}),
                None => json!({"name": format!("P{i}"), "gender": g}),
            })
            .collect();
        self.send(
            reqwest::Method::POST,
            &format!("/api/v1/training-offers/{offer}/enrolments"),
            json!({"companyId": company, "participants": participants}),
        )
        .await
    }

    /// An activity with `company` of `kind`, `days` from now.
    pub(crate) async fn activity(&self, company: Uuid, kind: &str, days: i64) {
        let on = (Utc::now() + Duration::days(days)).date_naive().to_string();
        let body = json!({"kind": kind, "occurredOn": on, "summary": "Besök"});
        self.send(reqwest::Method::POST, &format!("/api/v1/companies/{company}/activities"), body).await;
    }

    /// A meeting hosted by `municipality` with these companies registered,
    /// moved to `days` from now and, when `held`, marked held; the paths of
    /// its registrations.
    pub(crate) async fn meeting(&self, municipality: &str, companies: &[Uuid], days: i64, held: bool) -> Vec<String> {
        let start = Utc::now() + Duration::hours(2);
        let body = json!({"title": "Träff", "municipality": municipality, "format": "online", "onlineUrl": "https://meet.example.com/m",
            "startsAt": start.to_rfc3339(), "endsAt": (start + Duration::hours(1)).to_rfc3339()});
        let id = self.send(reqwest::Method::POST, "/api/v1/network-meetings", body).await["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let mut registrations = Vec::new();
        for company in companies {
            let registration = self
                .send(
                    reqwest::Method::POST,
                    &format!("/api/v1/network-meetings/{id}/registrations"),
                    json!({"companyId": company, "attendees": [{"name": "N"}]}),
                )
                .await;
            registrations.push(format!(
                "/api/v1/network-meetings/{id}/registrations/{}",
                registration["id"].as_str().expect("id")
            ));
        }
        let start = Utc::now() + Duration::days(days);
        let path = format!("/api/v1/network-meetings/{id}");
        self.send(
            reqwest::Method::PATCH,
            &path,
            json!({"startsAt": start.to_rfc3339(), "endsAt": (start + Duration::hours(1)).to_rfc3339()}),
        )
        .await;
        if held {
            self.send(reqwest::Method::PATCH, &path, json!({"status": "held"})).await;
        }
        registrations
    }
}

#[tokio::test]
async fn the_report_matches_the_fixture() {
    let app = spawn_app().await;
    let (_, token) = app.token_for("admin").await;
    let api = Api { app: &app, token: token.clone() };
    let (a, b, c) = (
        app.create_company("0686", true).await,
        app.create_company("0686", true).await,
        app.create_company("0685", true).await,
    );

    // Analyses: in the period A (completed), B (archived), C (completed); outside: C before, A a draft.
    api.analysis(a, -2, "completed", &["leadership", "recruitment"]).await;
    api.analysis(b, -1, "archived", &["leadership"]).await;
    api.analysis(c, -2, "completed", &["sustainability"]).await;
    api.analysis(c, -10, "completed", &["leadership"]).await;
    api.analysis(a, -2, "draft", &["leadership"]).await;

    // Training: O1 (in the period, 3 seats): A two people, C one, B's two wait. O2 starts after the period.
    let o1 = api.offer(10, 3).await;
    let ea = api.enrol(&o1, a, &["woman", "man"]).await;
    let ec = api.enrol(&o1, c, &["other"]).await;
    let eb = api.enrol(&o1, b, &["woman", "woman"]).await;
    assert_eq!(eb["status"], "waitlisted");
    let o2 = api.offer(40, 5).await;
    api.enrol(&o2, b, &["woman"]).await;
    let attend = |e: &Value, hours: &[f64]| {
        let attendance: Vec<Value> = e["participants"]
            .as_array()
            .expect("participants")
            .iter()
            .zip(hours)
            .map(|(p, h)| json!({"participantId": p["id"], "hoursAttended": h}))
            .collect();
        json!({"attendance": attendance})
    };
    api.send(
        reqwest::Method::PATCH,
        &format!("/api/v1/enrolments/{}", ea["id"].as_str().expect("id")),
        attend(&ea, &[3.0, 2.5]),
    )
    .await;
    api.send(
        reqwest::Method::PATCH,
        &format!("/api/v1/enrolments/{}", ec["id"].as_str().expect("id")),
        attend(&ec, &[1.0]),
    )
    .await;

    // Meetings: held in the period in 0686 (A, C) and 0685 (C); held before the period (B); planned (B).
    let held_in_eksjo = api.meeting("0686", &[a, c], -1, true).await;
    // Of A and C at Eksjö's meeting, A's attendee came, C's did not.
    api.send(reqwest::Method::PATCH, &held_in_eksjo[0], json!({"attendees": [{"attended": true}]})).await;
    api.send(reqwest::Method::PATCH, &held_in_eksjo[1], json!({"attendees": [{"attended": false}]})).await;

    // Visits: A twice and C once in the period; B before it; a call to B is no visit.
    api.activity(a, "visit", -1).await;
    api.activity(a, "visit", -3).await;
    api.activity(c, "visit", -1).await;
    api.activity(b, "visit", -20).await;
    api.activity(b, "call", -1).await;
    api.meeting("0685", &[c], -1, true).await;
    api.meeting("0686", &[b], -8, true).await;
    api.meeting("0686", &[b], 5, false).await;

    let from = (Utc::now() - Duration::days(5)).date_naive();
    let to = (Utc::now() + Duration::days(30)).date_naive();
    let report = |token: &str, extra: &str| {
        let url = app.url(&format!("/api/v1/reports/participation?from={from}&to={to}{extra}"));
        let request = app.client.get(url).bearer_auth(token).send();
        async move { request.await.expect("report").json::<Value>().await.expect("json") }
    };
    let body = report(&token, "").await;
    let expected_0686 = json!({"municipality": "0686", "companiesReached": 2, "analyses": 2,
        "needsByArea": {"leadership": 2, "recruitment": 1}, "enrolments": 1,
        "participants": {"woman": 1, "man": 1, "other": 0, "unspecified": 0, "total": 2},
        "hoursAttended": {"woman": 3.0, "man": 2.5, "other": 0.0, "unspecified": 0.0, "total": 5.5},
        "meetingsHeld": 1, "meetingAttendingCompanies": 2, "attendeesRegistered": 2, "attendeesAttended": 1,
        "visits": 2, "companiesVisited": 1});
    let expected_0685 = json!({"municipality": "0685", "companiesReached": 1, "analyses": 1,
        "needsByArea": {"sustainability": 1}, "enrolments": 1,
        "participants": {"woman": 0, "man": 0, "other": 1, "unspecified": 0, "total": 1},
        "hoursAttended": {"woman": 0.0, "man": 0.0, "other": 1.0, "unspecified": 0.0, "total": 1.0},
        "meetingsHeld": 1, "meetingAttendingCompanies": 1, "attendeesRegistered": 1, "attendeesAttended": 0,
        "visits": 1, "companiesVisited": 1});
    assert_eq!(body["municipalities"], json!([expected_0685, expected_0686]));
    let totals = json!({"companiesReached": 3, "analyses": 3,
        "needsByArea": {"leadership": 2, "recruitment": 1, "sustainability": 1}, "enrolments": 2,
        "participants": {"woman": 1, "man": 1, "other": 1, "unspecified": 0, "total": 3},
        "hoursAttended": {"woman": 3.0, "man": 2.5, "other": 1.0, "unspecified": 0.0, "total": 6.5},
        "meetingsHeld": 2, "meetingAttendingCompanies": 2, "attendeesRegistered": 3, "attendeesAttended": 1,
        "visits": 3, "companiesVisited": 2});
    assert_eq!(body["totals"], totals, "C attended two meetings and counts once");
    assert!(
        !body.to_string().contains(&a.to_string()) && !body.to_string().contains("P0"),
        "no companies or people named"
    );

    // An officer sees its own municipality only, rows and totals, whatever it asks for.
    let (_, officer) = app.token_for("officer").await; // 0686
    let own = report(&officer, "").await;
    assert_eq!(own["municipalities"], json!([expected_0686.clone()]));
    let mut own_totals = expected_0686.clone();
    own_totals.as_object_mut().expect("object").remove("municipality");
    assert_eq!(own["totals"], own_totals);
    let asked = report(&officer, "&municipality=0685,0686").await;
    assert_eq!(asked["municipalities"], json!([expected_0686]));
    assert_eq!(asked["totals"], own_totals);
    // One municipality only.
    let only = report(&token, "&municipality=0685").await;
    assert_eq!(only["municipalities"], json!([expected_0685]));
    assert_eq!(only["totals"]["meetingAttendingCompanies"], 1);

    // CSV: the same figures.
    let url = app.url(&format!("/api/v1/reports/participation?from={from}&to={to}"));
    let response = app.client.get(url).bearer_auth(&token).header("accept", "text/csv").send().await.expect("csv");
    assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/csv"));
    let bytes = response.bytes().await.expect("body");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(&bytes[3..]);
    let headers = reader.headers().expect("header").clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.iter().map(|r| r[0].to_owned()).collect::<Vec<_>>(), ["0685", "0686", "total"]);
    let figures = [&expected_0685, &expected_0686, &totals];
    for (row, expected) in rows.iter().zip(figures) {
        let field = |name: &str| row[headers.iter().position(|h| h == name).expect(name)].to_owned();
        assert_eq!(field("companiesReached"), expected["companiesReached"].to_string());
        assert_eq!(field("participantsWoman"), expected["participants"]["woman"].to_string());
        assert_eq!(field("hoursAttended").parse::<f64>().ok(), expected["hoursAttended"]["total"].as_f64());
        assert_eq!(field("meetingAttendingCompanies"), expected["meetingAttendingCompanies"].to_string());
        assert_eq!(field("attendeesAttended"), expected["attendeesAttended"].to_string());
        assert_eq!(field("visits"), expected["visits"].to_string());
        assert_eq!(field("needs:leadership"), expected["needsByArea"]["leadership"].as_i64().unwrap_or(0).to_string());
    }

    // Who may read it.
    let (_, provider) = app.token_for("provider").await;
    let forbidden = app.client.get(app.url("/api/v1/reports/participation")).bearer_auth(&provider).send().await;
    assert_problem(forbidden.expect("report"), 403).await;
    assert_problem(app.get("/api/v1/reports/participation").await, 401).await;
    let backwards = app
        .client
        .get(app.url("/api/v1/reports/participation?from=2026-02-01&to=2026-01-01"))
        .bearer_auth(&token)
        .send();
    assert_problem(backwards.await.expect("report"), 400).await;
}

#[tokio::test]
async fn demo_data_makes_the_report_non_trivial() {
    let app = crate::helpers::spawn_app_with(|config| config.demo_data = true).await;
    let (_, admin) = app.token_for("admin").await;
    let body: Value = app
        .client
        .get(app.url("/api/v1/reports/participation"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("report")
        .json()
        .await
        .expect("json");
    let totals = &body["totals"];
    assert!(body["municipalities"].as_array().is_some_and(|m| m.len() >= 4), "{body}");
    for figure in [
        "companiesReached",
        "analyses",
        "enrolments",
        "meetingsHeld",
        "meetingAttendingCompanies",
        "attendeesAttended",
        "visits",
        "companiesVisited",
    ] {
        assert!(totals[figure].as_i64().is_some_and(|n| n > 0), "{figure}: {totals}");
    }
    assert!(totals["hoursAttended"]["total"].as_f64().is_some_and(|h| h > 0.0), "{totals}");
    assert!(totals["participants"]["woman"].as_i64().is_some_and(|n| n > 0));
}
