//! No secret or erased personal data at rest: a dump of every table (read
//! row by row as text, as `pg_dump` or SQLite's `.dump` would show it)
//! holds no client secret, no password, and nothing of an erased contact;
//! answers kept for `Idempotency-Key` are sealed, yet replay exactly.

use crate::helpers::{TestApp, is_postgres, spawn_app};
use samverka_persistence::ConnectionLike;
use sea_orm::{DbBackend, Statement};
use serde_json::{Value, json};

/// Every row of every table as text, table by table.
async fn dump(app: &TestApp) -> Vec<(String, String)> {
    let db = &app.db;
    let backend = if is_postgres() { DbBackend::Postgres } else { DbBackend::Sqlite };
    let tables_sql = if is_postgres() {
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table'"
    };
    let tables = db.query_all_raw(Statement::from_string(backend, tables_sql)).await.expect("tables");
    let mut rows = Vec::new();
    for table in tables {
        let name: String = table.try_get("", "name").expect("name");
        let sql = if is_postgres() {
            format!("SELECT t::text AS row FROM \"{name}\" t")
        } else {
            let columns = db
                .query_all_raw(Statement::from_string(backend, format!("SELECT name FROM pragma_table_info('{name}')")))
                .await
                .expect("columns");
            let quoted: Vec<String> = columns
                .iter()
                .map(|c| format!("quote(\"{}\")", c.try_get::<String>("", "name").expect("column")))
                .collect();
            if quoted.is_empty() {
                continue;
            }
            format!("SELECT {} AS row FROM \"{name}\"", quoted.join(" || ',' || "))
        };
        for row in db.query_all_raw(Statement::from_string(backend, sql)).await.expect("rows") {
            let text: Option<String> = row.try_get("", "row").ok();
            rows.push((name.clone(), text.unwrap_or_default()));
        }
    }
    rows
}

fn hits<'a>(dump: &'a [(String, String)], needle: &str) -> Vec<&'a str> {
    dump.iter().filter(|(_, row)| row.contains(needle)).map(|(table, _)| table.as_str()).collect()
}

async fn post_with_key(app: &TestApp, token: &str, path: &str, key: &str, body: &Value) -> (u16, Value, bool) {
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .expect("post");
    let status = response.status().as_u16();
    let replayed = response.headers().contains_key("idempotent-replayed");
    (status, response.json().await.expect("json"), replayed)
}

#[tokio::test]
async fn a_dump_holds_no_secret_and_nothing_erased() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let company = app.create_company("0686", true).await;

    // An API client: its secret is in the answer, and in the answer replayed.
    let (status, client, _) =
        post_with_key(&app, &admin, "/api/v1/api-clients", "key-client", &json!({"name": "Registret"})).await;
    assert_eq!(status, 201, "{client}");
    let secret = client["clientSecret"].as_str().expect("secret").to_owned();
    let (_, again, replayed) =
        post_with_key(&app, &admin, "/api/v1/api-clients", "key-client", &json!({"name": "Registret"})).await;
    assert!(replayed);
    assert_eq!(again, client, "the sealed answer replays exactly");

    // A user with a password; a contact; an enrolment with a participant.
    let password = "Zq8-a-password-nobody-else-has";
    let user = json!({"email": "karin.lund@example.se", "displayName": "Karin Lund", "role": "officer",
        "municipality": "0686", "password": password});
    assert_eq!(post_with_key(&app, &admin, "/api/v1/users", "key-user", &user).await.0, 201);
    let contact = json!({"name": "Märta Unikanamn", "email": "marta.unikanamn@example.se", "phone": "070-1234567"});
    let path = format!("/api/v1/companies/{company}/contacts");
    let (status, contact, _) = post_with_key(&app, &admin, &path, "key-contact", &contact).await;
    assert_eq!(status, 201, "{contact}");
    let start = chrono::Utc::now() + chrono::Duration::days(30);
    let offer = json!({"title": "Ledarskap", "areas": ["leadership"], "provider": "Campus", "format": "online",
        "sessions": [{"startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339()}],
        "seats": 5, "priceSek": 0, "language": "sv", "status": "published"});
    let (_, offer, _) = post_with_key(&app, &admin, "/api/v1/training-offers", "key-offer", &offer).await;
    let enrolment = json!({"companyId": company, "participants": [{"name": "Ingrid Deltagarsson", "gender": "woman"}]});
    let path = format!("/api/v1/training-offers/{}/enrolments", offer["id"].as_str().expect("id"));
    assert_eq!(post_with_key(&app, &admin, &path, "key-enrolment", &enrolment).await.0, 201);

    let before = dump(&app).await;
    assert!(hits(&before, &secret).is_empty(), "the client secret at rest in {:?}", hits(&before, &secret));
    assert!(hits(&before, password).is_empty(), "the password at rest in {:?}", hits(&before, password));
    for key in ["key-client", "key-user", "key-contact", "key-enrolment"] {
        assert!(hits(&before, key).is_empty(), "an Idempotency-Key at rest in {:?}", hits(&before, key));
    }
    // Personal data lives in its own tables only, never in stored answers.
    for name in ["Märta Unikanamn", "marta.unikanamn@example.se", "Ingrid Deltagarsson", "karin.lund@example.se"] {
        assert!(!hits(&before, name).contains(&"idempotency_keys"), "{name} in a stored answer");
    }
    assert!(hits(&before, "Ingrid Deltagarsson").contains(&"participants"));

    // Erase the contact: nothing of it anywhere, its stored answer purged.
    let path = format!("/api/v1/companies/{company}/contacts/{}", contact["id"].as_str().expect("id"));
    let response = app.client.delete(app.url(&path)).bearer_auth(&admin).send().await.expect("delete");
    assert_eq!(response.status(), 204);
    let after = dump(&app).await;
    for erased in ["Märta Unikanamn", "marta.unikanamn@example.se", "070-1234567"] {
        assert!(hits(&after, erased).is_empty(), "{erased} after erasure in {:?}", hits(&after, erased));
    }
    let stored = |d: &[(String, String)]| d.iter().filter(|(t, _)| t == "idempotency_keys").count();
    assert_eq!(stored(&after), stored(&before) - 1, "the contact's stored answer is purged");
    println!(
        "dump scan: {} rows before, {} after erasure; 0 hits for the secret, the password, the keys and the erased contact",
        before.len(),
        after.len()
    );
}

/// GDPR art. 15 and 17: one person — a contact, an enrolment participant, a
/// meeting attendee and a user — found by e-mail, then erased in one go;
/// after it a dump holds nothing of them, and the figures stay right.
#[tokio::test]
async fn a_person_is_found_and_erased_everywhere() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let company = app.create_company("0686", true).await;
    let (email, name) = ("sofia.personsson@example.se", "Sofia Personsson");
    let send = |method: reqwest::Method, path: String, body: Option<Value>| {
        let mut request = app.client.request(method, app.url(&path)).bearer_auth(&admin);
        if let Some(body) = body {
            request = request.json(&body).header("Idempotency-Key", uuid::Uuid::now_v7().to_string());
        }
        async move {
            let response = request.send().await.expect("send");
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let post = reqwest::Method::POST;
    let contact = json!({"name": name, "email": email});
    assert_eq!(send(post.clone(), format!("/api/v1/companies/{company}/contacts"), Some(contact)).await.0, 201);
    let start = chrono::Utc::now() + chrono::Duration::days(30);
    let offer = json!({"title": "Ledarskap", "areas": ["leadership"], "provider": "Campus", "format": "online",
        "sessions": [{"startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339()}],
        "seats": 5, "priceSek": 0, "language": "sv", "status": "published"});
    let (_, offer) = send(post.clone(), "/api/v1/training-offers".to_owned(), Some(offer)).await;
    let offer_path = format!("/api/v1/training-offers/{}", offer["id"].as_str().expect("id"));
    let people = json!({"companyId": company, "participants": [
        {"name": name, "email": email, "gender": "woman"}, {"name": "Olle Annan", "gender": "man"}]});
    let (status, enrolment) = send(post.clone(), format!("{offer_path}/enrolments"), Some(people)).await;
    assert_eq!(status, 201, "{enrolment}");
    let meeting = json!({"title": "Träff", "municipality": "0686", "format": "online", "onlineUrl": "https://meet.example.com/x",
        "startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339()});
    let (_, meeting) = send(post.clone(), "/api/v1/network-meetings".to_owned(), Some(meeting)).await;
    let attendees =
        json!({"companyId": company, "attendees": [{"name": name, "email": email}, {"name": "Olle Annan"}]});
    let path = format!("/api/v1/network-meetings/{}/registrations", meeting["id"].as_str().expect("id"));
    assert_eq!(send(post.clone(), path, Some(attendees)).await.0, 201);
    let user = json!({"email": email, "displayName": name, "role": "officer", "municipality": "0686",
        "password": "a password of hers, long"});
    assert_eq!(send(post.clone(), "/api/v1/users".to_owned(), Some(user)).await.0, 201);

    // Look-up: every record, and only admins may ask.
    let (status, found) =
        send(reqwest::Method::GET, format!("/api/v1/personal-data?email={}", email.to_uppercase()), None).await;
    assert_eq!(status, 200, "{found}");
    for (kind, n) in [("contacts", 1), ("participants", 1), ("attendees", 1), ("users", 1)] {
        assert_eq!(found[kind].as_array().map(Vec::len), Some(n), "{kind}: {found}");
    }
    assert!(found["auditEvents"].as_array().is_some_and(|e| e.len() >= 4), "{found}");
    let (_, officer) = app.token_for("officer").await;
    let response =
        app.client.get(app.url(&format!("/api/v1/personal-data?email={email}"))).bearer_auth(&officer).send();
    assert_eq!(response.await.expect("get").status(), 403);
    assert!(!hits(&dump(&app).await, name).is_empty(), "the person is there before the erasure");

    // Erasure.
    let (status, erased) = send(reqwest::Method::DELETE, format!("/api/v1/personal-data?email={email}"), None).await;
    assert_eq!(status, 200, "{erased}");
    assert_eq!(
        (erased["contacts"].as_u64(), erased["participants"].as_u64(), erased["users"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
    let after = dump(&app).await;
    for needle in [email, name, "sofia.personsson"] {
        assert!(hits(&after, needle).is_empty(), "{needle} after erasure in {:?}", hits(&after, needle));
    }
    // The figures stay: seats taken, the gender count and the other participant.
    let (_, offer_now) = send(reqwest::Method::GET, offer_path, None).await;
    assert_eq!(offer_now["seatsLeft"], 3);
    let (_, enrolment_now) =
        send(reqwest::Method::GET, format!("/api/v1/enrolments/{}", enrolment["id"].as_str().expect("id")), None).await;
    let genders: Vec<&str> = enrolment_now["participants"]
        .as_array()
        .expect("participants")
        .iter()
        .map(|p| p["gender"].as_str().expect("g"))
        .collect();
    assert_eq!(genders, ["woman", "man"]);
    assert_eq!(enrolment_now["participants"][1]["name"], "Olle Annan");
    let (_, again) = send(reqwest::Method::GET, format!("/api/v1/personal-data?email={email}"), None).await;
    for kind in ["contacts", "participants", "attendees", "users"] {
        assert_eq!(again[kind].as_array().map(Vec::len), Some(0), "{kind}: {again}");
    }

    // A deleted company's participants and attendees lose their personal data too.
    let response = app.client.delete(app.url(&format!("/api/v1/companies/{company}"))).bearer_auth(&admin).send();
    assert_eq!(response.await.expect("delete").status(), 204);
    assert!(hits(&dump(&app).await, "Olle Annan").is_empty(), "{:?}", hits(&dump(&app).await, "Olle Annan"));
}

/// A stored answer is replayed only to an account that may still act: a
/// disabled user's retry is a 401, not the answer.
#[tokio::test]
async fn a_replay_checks_the_account_first() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let (user, officer) = app.token_for("officer").await; // 0686
    let company = app.create_company("0686", false).await;
    let path = format!("/api/v1/companies/{company}/contacts");
    let body = json!({"name": "Kontakt"});
    let (status, _, _) = post_with_key(&app, &officer, &path, "key-1", &body).await;
    assert_eq!(status, 201);
    let (status, _, replayed) = post_with_key(&app, &officer, &path, "key-1", &body).await;
    assert!(status == 201 && replayed);
    let response = app
        .client
        .patch(app.url(&format!("/api/v1/users/{}", user.id)))
        .bearer_auth(&admin)
        .json(&json!({"disabled": true}))
        .send()
        .await
        .expect("disable");
    assert_eq!(response.status(), 200);
    let (status, answer, replayed) = post_with_key(&app, &officer, &path, "key-1", &body).await;
    assert_eq!((status, replayed), (401, false), "{answer}");
}
