//! Events: the outbox, the feed, and webhooks delivered to a real HTTP
//! receiver (an actix-web server started here), signed, in order, retried,
//! redelivered; two servers on one database deliver each event once.

use crate::helpers::{TestApp, error_fields, spawn_app_with};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::Sha256;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the receiver got: the `Samverka-Signature` header and the body.
#[derive(Clone, Default)]
struct Received(Arc<Mutex<Vec<(String, String)>>>, Arc<Mutex<Vec<u16>>>);

impl Received {
    fn bodies(&self) -> Vec<Value> {
        self.0.lock().unwrap().iter().map(|(_, b)| serde_json::from_str(b).unwrap()).collect()
    }
}

/// A webhook receiver on a free port that answers with the statuses in
/// `script` in turn (then 200); its URL and what it received.
async fn receiver(script: Vec<u16>) -> (String, Received) {
    let received = Received::default();
    *received.1.lock().unwrap() = script;
    let shared = received.clone();
    let server = HttpServer::new(move || {
        let shared = shared.clone();
        App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
            let shared = shared.clone();
            async move {
                let signature = req.headers().get("Samverka-Signature").and_then(|v| v.to_str().ok()).unwrap_or("");
                shared.0.lock().unwrap().push((signature.to_owned(), String::from_utf8_lossy(&body).into_owned()));
                let mut script = shared.1.lock().unwrap();
                let status = if script.is_empty() { 200 } else { script.remove(0) };
                HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
                    .body(format!("answer {status}"))
            }
        }))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .expect("bind");
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    (format!("http://127.0.0.1:{port}/hooks/samverka"), received)
}

async fn app() -> TestApp {
    spawn_app_with(|config| {
        config.allow_http_webhooks = true;
        config.webhook_retry_base_ms = 200;
    })
    .await
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..150 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

fn verify(secret: &str, header: &str, body: &str) -> bool {
    let mut parts = header.split(',');
    let t = parts.next().and_then(|p| p.strip_prefix("t=")).unwrap_or_default();
    let v1 = parts.next().and_then(|p| p.strip_prefix("v1=")).unwrap_or_default();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    expected == v1
}

#[tokio::test]
async fn webhooks_deliver_signed_events_in_commit_order() {
    let app = app().await;
    let (_, admin) = app.token_for("admin").await;
    let (_, officer) = app.token_of("officer", "0686").await;
    let (url, received) = receiver(vec![]).await;
    let body = json!({"url": url, "events": ["company.created", "company.updated", "task.assigned"]});
    let (status, hook) = app.send(Method::POST, "/api/v1/webhooks", Some(&admin), Some(body)).await;
    assert_eq!(status, 201, "{hook}");
    let secret = hook["secret"].as_str().expect("the secret, this once").to_owned();
    let path = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());
    let (_, again) = app.send(Method::GET, &path, Some(&admin), None).await;
    assert!(again.get("secret").is_none(), "never shown again");

    let mut ids = Vec::new();
    for n in 0..3 {
        let company = json!({"orgNumber": crate::helpers::org_number(700 + n), "name": format!("Händelse {n} AB"),
            "municipality": "0686", "sniCode": "25620", "employees": 5});
        let (status, created) = app.send(Method::POST, "/api/v1/companies", Some(&officer), Some(company)).await;
        assert_eq!(status, 201, "{created}");
        ids.push(created["id"].clone());
    }
    let first = format!("/api/v1/companies/{}", ids[0].as_str().unwrap());
    assert_eq!(app.send(Method::PATCH, &first, Some(&officer), Some(json!({"employees": 6}))).await.0, 200);
    // A refused write records nothing: the same organisation number again is a 409.
    let twice = json!({"orgNumber": crate::helpers::org_number(700), "name": "Dubblett AB", "municipality": "0686",
        "sniCode": "25620", "employees": 5});
    assert_eq!(app.send(Method::POST, "/api/v1/companies", Some(&officer), Some(twice)).await.0, 409);
    let task = json!({"title": "Ring", "companyId": ids[1]});
    assert_eq!(app.send(Method::POST, "/api/v1/tasks", Some(&officer), Some(task)).await.0, 201);

    wait_for("five deliveries", || received.0.lock().unwrap().len() >= 5).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got = received.bodies();
    let kinds: Vec<&str> = got.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["company.created", "company.created", "company.created", "company.updated", "task.assigned"]);
    assert_eq!(got.iter().take(3).map(|e| e["data"]["id"].clone()).collect::<Vec<_>>(), ids, "in commit order");
    assert_eq!(got[3]["data"]["employees"], 6);
    for (signature, body) in received.0.lock().unwrap().iter() {
        assert!(verify(&secret, signature, body), "signed with the subscription's secret: {signature}");
        assert!(!verify("another secret", signature, body));
    }
    // The feed has the same events, in the same order.
    let (_, feed) = app.send(Method::GET, "/api/v1/events?limit=100", Some(&admin), None).await;
    let feed_ids: Vec<Value> = feed["items"].as_array().unwrap().iter().map(|e| e["id"].clone()).collect();
    assert_eq!(feed_ids, got.iter().map(|e| e["id"].clone()).collect::<Vec<_>>());
    let (_, deliveries) = app.send(Method::GET, &format!("{path}/deliveries"), Some(&admin), None).await;
    let first = &deliveries["items"][0];
    assert_eq!(
        (first["status"].as_str(), first["attempts"][0]["responseCode"].as_i64()),
        (Some("delivered"), Some(200))
    );
    assert!(first["attempts"][0]["durationMs"].as_i64().is_some());
}

#[tokio::test]
async fn failed_deliveries_are_retried_in_order_and_can_be_sent_again() {
    let app = app().await;
    let (_, admin) = app.token_for("admin").await;
    let (_, officer) = app.token_of("officer", "0686").await;
    // The receiver fails twice, then accepts.
    let (url, received) = receiver(vec![500, 503]).await;
    let (_, hook) = app
        .send(Method::POST, "/api/v1/webhooks", Some(&admin), Some(json!({"url": url, "events": ["company.created"]})))
        .await;
    let path = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());
    for n in 0..2 {
        let company = json!({"orgNumber": crate::helpers::org_number(800 + n), "name": format!("Omförsök {n} AB"),
            "municipality": "0686", "sniCode": "25620", "employees": 5});
        assert_eq!(app.send(Method::POST, "/api/v1/companies", Some(&officer), Some(company)).await.0, 201);
    }
    wait_for("four posts", || received.0.lock().unwrap().len() >= 4).await;
    let names: Vec<String> = received.bodies().iter().map(|e| e["data"]["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(
        names,
        ["Omförsök 0 AB", "Omförsök 0 AB", "Omförsök 0 AB", "Omförsök 1 AB"],
        "the second waits for the first"
    );
    let (_, deliveries) = app.send(Method::GET, &format!("{path}/deliveries"), Some(&admin), None).await;
    let oldest = &deliveries["items"][1];
    let codes: Vec<i64> =
        oldest["attempts"].as_array().unwrap().iter().map(|a| a["responseCode"].as_i64().unwrap()).collect();
    assert_eq!(codes, [200, 503, 500], "every attempt, newest first");
    assert_eq!(oldest["attempts"][1]["responseExcerpt"], "answer 503");
    let redeliver = format!("{path}/deliveries/{}/redeliver", oldest["id"].as_str().unwrap());
    assert_eq!(app.send(Method::POST, &redeliver, Some(&admin), None).await.0, 202);
    wait_for("the redelivery", || received.0.lock().unwrap().len() >= 5).await;
    assert_eq!(received.bodies()[4]["data"]["name"], "Omförsök 0 AB");
}

#[tokio::test]
async fn a_subscription_failing_past_the_horizon_is_turned_off_and_says_why() {
    let app = spawn_app_with(|config| {
        config.allow_http_webhooks = true;
        config.webhook_retry_base_ms = 100;
        config.webhook_retry_hours = 1.0 / 3600.0; // one second
    })
    .await;
    let (_, admin) = app.token_for("admin").await;
    let (_, officer) = app.token_of("officer", "0686").await;
    let (url, received) = receiver(vec![500; 100]).await;
    let (_, hook) = app
        .send(Method::POST, "/api/v1/webhooks", Some(&admin), Some(json!({"url": url, "events": ["company.created"]})))
        .await;
    let path = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());
    let company = json!({"orgNumber": crate::helpers::org_number(900), "name": "Trasig AB",
        "municipality": "0686", "sniCode": "25620", "employees": 5});
    assert_eq!(app.send(Method::POST, "/api/v1/companies", Some(&officer), Some(company)).await.0, 201);
    let mut state = Value::Null;
    for _ in 0..60 {
        state = app.send(Method::GET, &path, Some(&admin), None).await.1;
        if state["active"] == false {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(state["active"], false, "{state}");
    assert!(state["deactivatedReason"].as_str().is_some_and(|r| r.contains("HTTP 500")), "{state}");
    assert!(!received.0.lock().unwrap().is_empty());
    let (_, deliveries) = app.send(Method::GET, &format!("{path}/deliveries"), Some(&admin), None).await;
    assert_eq!(deliveries["items"][0]["status"], "failed");
}

#[tokio::test]
async fn webhook_urls_reach_no_private_network_and_owners_see_only_their_own() {
    let app = app().await;
    let (_, admin) = app.token_for("admin").await;
    let integration = app.integration_token(&admin, &["0686"]).await;
    let (_, officer) = app.token_of("officer", "0686").await;
    for (url, why) in [
        ("http://hooks.example.se/x", "plain http to another host"),
        ("https://10.1.2.3/x", "a private address"),
        ("https://169.254.169.254/latest/meta-data", "link-local: the cloud metadata service"),
        ("ftp://hooks.example.se/x", "not http"),
    ] {
        let (status, problem) = app
            .send(
                Method::POST,
                "/api/v1/webhooks",
                Some(&admin),
                Some(json!({"url": url, "events": ["company.created"]})),
            )
            .await;
        assert_eq!((status, error_fields(&problem)), (422, vec!["url".to_owned()]), "{why}: {problem}");
    }
    let (status, problem) = app
        .send(
            Method::POST,
            "/api/v1/webhooks",
            Some(&admin),
            Some(json!({"url": "http://127.0.0.1:9/x", "events": ["company.exploded"]})),
        )
        .await;
    assert_eq!((status, error_fields(&problem)), (422, vec!["events[0]".to_owned()]));
    let (url, _) = receiver(vec![]).await;
    let (status, theirs) = app
        .send(
            Method::POST,
            "/api/v1/webhooks",
            Some(&integration),
            Some(json!({"url": url, "events": ["company.created", "analysis.completed"]})),
        )
        .await;
    assert_eq!(status, 201, "{theirs}");
    let (_, mine) = app
        .send(Method::POST, "/api/v1/webhooks", Some(&admin), Some(json!({"url": url, "events": ["company.created"]})))
        .await;
    let (_, listed) = app.send(Method::GET, "/api/v1/webhooks", Some(&integration), None).await;
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1), "an integration lists its own");
    let admins = format!("/api/v1/webhooks/{}", mine["id"].as_str().unwrap());
    assert_eq!(app.send(Method::GET, &admins, Some(&integration), None).await.0, 404);
    assert_eq!(app.send(Method::GET, "/api/v1/webhooks", Some(&officer), None).await.0, 403);
    assert_eq!(app.send(Method::GET, "/api/v1/events", Some(&officer), None).await.0, 403);
    assert_eq!(app.send(Method::GET, "/api/v1/events", None, None).await.0, 401);
}

#[tokio::test]
async fn the_feed_shows_an_integration_only_what_it_reads() {
    let app = app().await;
    let (_, admin) = app.token_for("admin").await;
    let integration = app.integration_token(&admin, &["0686"]).await;
    let (_, officer) = app.token_of("officer", "0686").await;
    let listed = app.create_company("0686", true).await;
    let mut ids = Vec::new();
    for (municipality, listed, n) in [("0686", true, 1), ("0686", false, 2), ("0780", true, 3)] {
        let body = json!({"orgNumber": crate::helpers::org_number(600 + n), "name": format!("Flöde {n} AB"),
            "municipality": municipality, "sniCode": "25620", "employees": 5, "listed": listed});
        let (_, created) = app.send(Method::POST, "/api/v1/companies", Some(&admin), Some(body)).await;
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    let analysis = json!({"companyId": listed, "conductedOn": "2026-03-03", "status": "completed",
        "needs": [{"area": "leadership", "priority": "high", "employeesConcerned": 3}]});
    assert_eq!(app.send(Method::POST, "/api/v1/needs-analyses", Some(&officer), Some(analysis)).await.0, 201);
    let start = chrono::Utc::now() + chrono::Duration::days(20);
    let offer = json!({"title": "Kurs", "areas": ["leadership"], "provider": "P", "format": "online", "seats": 1,
        "sessions": [{"startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339()}],
        "priceSek": 0, "language": "sv", "status": "published"});
    let (_, offer) = app.send(Method::POST, "/api/v1/training-offers", Some(&admin), Some(offer)).await;
    let enrol = format!("/api/v1/training-offers/{}/enrolments", offer["id"].as_str().unwrap());
    let one = |name: &str| json!({"companyId": listed, "participants": [{"name": name, "gender": "woman"}]});
    let (_, first) = app.send(Method::POST, &enrol, Some(&officer), Some(one("Anna Hemlig"))).await;
    app.send(Method::POST, &enrol, Some(&officer), Some(one("Britt Hemlig"))).await;
    let cancel = format!("/api/v1/enrolments/{}", first["id"].as_str().unwrap());
    assert_eq!(app.send(Method::DELETE, &cancel, Some(&officer), None).await.0, 204);

    let types = |feed: &Value| -> Vec<String> {
        feed["items"].as_array().unwrap().iter().map(|e| e["type"].as_str().unwrap().to_owned()).collect()
    };
    let (_, all) = app.send(Method::GET, "/api/v1/events?limit=100", Some(&admin), None).await;
    assert_eq!(
        types(&all),
        [
            "company.created",
            "company.created",
            "company.created",
            "analysis.completed",
            "offer.published",
            "enrolment.confirmed",
            "enrolment.waitlisted",
            "enrolment.cancelled",
            "enrolment.promoted"
        ]
    );
    let (status, theirs) = app.send(Method::GET, "/api/v1/events?limit=100", Some(&integration), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        types(&theirs),
        [
            "company.created",
            "offer.published",
            "enrolment.confirmed",
            "enrolment.waitlisted",
            "enrolment.cancelled",
            "enrolment.promoted"
        ],
        "its municipality's listed company; no analysis"
    );
    assert_eq!(theirs["items"][0]["data"]["id"], ids[0]);
    assert!(!theirs.to_string().contains("Hemlig"), "no names of participants: {theirs}");
    assert_eq!(theirs["items"][5]["data"]["participants"], 1);
    // Paged and resumed: the same events, none twice, none missed.
    let (_, page) = app.send(Method::GET, "/api/v1/events?limit=4", Some(&admin), None).await;
    let cursor = page["nextCursor"].as_str().expect("more").to_owned();
    let (_, rest) =
        app.send(Method::GET, &format!("/api/v1/events?limit=100&cursor={cursor}"), Some(&admin), None).await;
    assert_eq!([types(&page), types(&rest)].concat(), types(&all));
    let since = rest["since"].as_str().unwrap().to_owned();
    let (_, nothing) = app.send(Method::GET, &format!("/api/v1/events?since={since}"), Some(&admin), None).await;
    assert_eq!(nothing["items"].as_array().map(Vec::len), Some(0));
    let (_, only) = app.send(Method::GET, "/api/v1/events?type=enrolment.promoted", Some(&admin), None).await;
    assert_eq!(types(&only), ["enrolment.promoted"]);
    assert_eq!(app.send(Method::GET, "/api/v1/events?type=company.exploded", Some(&admin), None).await.0, 400);
}

#[tokio::test]
async fn two_servers_on_one_database_deliver_each_event_once() {
    let app = app().await;
    let _second = app
        .second_server(|config| {
            config.allow_http_webhooks = true;
            config.webhook_retry_base_ms = 200;
        })
        .await;
    let (_, admin) = app.token_for("admin").await;
    let (url, received) = receiver(vec![]).await;
    let (_, _hook) = app
        .send(Method::POST, "/api/v1/webhooks", Some(&admin), Some(json!({"url": url, "events": ["company.created"]})))
        .await;
    for n in 0..20 {
        let company = json!({"orgNumber": crate::helpers::org_number(500 + n), "name": format!("Dubbel {n} AB"),
            "municipality": "0686", "sniCode": "25620", "employees": 5});
        assert_eq!(app.send(Method::POST, "/api/v1/companies", Some(&admin), Some(company)).await.0, 201);
    }
    wait_for("twenty deliveries", || received.0.lock().unwrap().len() >= 20).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let names: Vec<String> = received.bodies().iter().map(|e| e["data"]["name"].as_str().unwrap().to_owned()).collect();
    let expected: Vec<String> = (0..20).map(|n| format!("Dubbel {n} AB")).collect();
    assert_eq!(names, expected, "each once, in order");
}

/// The VEVENTs of an iCalendar answer: (UID, SEQUENCE, STATUS, SUMMARY).
async fn vevents(app: &TestApp, path: &str, token: Option<&str>) -> Vec<(String, String, String, String)> {
    use icalendar::Component;
    let mut request = app.client.get(app.url(path)).header("Accept", "text/calendar");
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("calendar");
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let text = response.text().await.expect("body");
    let calendar: icalendar::Calendar = text.parse().expect("an RFC 5545 calendar");
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some((
                e.get_uid().unwrap_or_default().to_owned(),
                e.property_value("SEQUENCE").unwrap_or_default().to_owned(),
                e.property_value("STATUS").unwrap_or_default().to_owned(),
                e.get_summary().unwrap_or_default().to_owned(),
            )),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn calendar_feeds_of_meetings_and_sessions_update_in_place() {
    let app = app().await;
    let (_, admin) = app.token_for("admin").await;
    let start = chrono::Utc::now() + chrono::Duration::days(20);
    let session = |d: i64| {
        json!({"startsAt": (start + chrono::Duration::days(d)).to_rfc3339(),
        "endsAt": (start + chrono::Duration::days(d) + chrono::Duration::hours(3)).to_rfc3339()})
    };
    let offer = |status: &str| {
        json!({"title": "Svetsning", "areas": ["leadership"], "provider": "P", "format": "online",
        "sessions": [session(0), session(7)], "seats": 10, "priceSek": 0, "language": "sv", "status": status})
    };
    let (_, published) =
        app.send(Method::POST, "/api/v1/training-offers", Some(&admin), Some(offer("published"))).await;
    app.send(Method::POST, "/api/v1/training-offers", Some(&admin), Some(offer("draft"))).await;
    let id = published["id"].as_str().unwrap().to_owned();
    let sessions = vevents(&app, "/api/v1/training-offers", None).await;
    let uids: Vec<&str> = sessions.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(uids.len(), 2, "the published offer's two sessions, no draft: {sessions:?}");
    assert!(uids[0].starts_with(&format!("{id}-0@")) && uids[1].starts_with(&format!("{id}-1@")));
    assert_eq!((sessions[0].1.as_str(), sessions[0].3.as_str()), ("0", "Svetsning (1/2)"));
    let path = format!("/api/v1/training-offers/{id}");
    assert_eq!(app.send(Method::PATCH, &path, Some(&admin), Some(json!({"title": "Svetsning MIG"}))).await.0, 200);
    let changed = vevents(&app, "/api/v1/training-offers", None).await;
    assert_eq!(changed.iter().map(|s| s.0.clone()).collect::<Vec<_>>(), uids, "the same UIDs");
    assert_eq!((changed[0].1.as_str(), changed[0].3.as_str()), ("1", "Svetsning MIG (1/2)"), "a higher SEQUENCE");

    let meeting = json!({"title": "Träff", "municipality": "0686", "format": "online", "onlineUrl": "https://meet.example.com/t",
        "startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339()});
    let (_, planned) = app.send(Method::POST, "/api/v1/network-meetings", Some(&admin), Some(meeting)).await;
    let meetings = vevents(&app, "/api/v1/network-meetings", None).await;
    assert_eq!(meetings.len(), 1);
    assert_eq!(meetings[0].2, "CONFIRMED");
    let path = format!("/api/v1/network-meetings/{}", planned["id"].as_str().unwrap());
    assert_eq!(app.send(Method::PATCH, &path, Some(&admin), Some(json!({"status": "cancelled"}))).await.0, 200);
    let for_admin = vevents(&app, "/api/v1/network-meetings", Some(&admin)).await;
    assert_eq!(
        (for_admin[0].0.clone(), for_admin[0].1.as_str(), for_admin[0].2.as_str()),
        (meetings[0].0.clone(), "1", "CANCELLED")
    );
    assert!(vevents(&app, "/api/v1/network-meetings", None).await.is_empty(), "the public sees no cancelled meeting");
}
