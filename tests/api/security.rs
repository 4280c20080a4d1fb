//! Security, item by item of the OWASP API Security Top 10 (2023), and the
//! tenancy matrix: every principal against every operation on objects of
//! its own and of other tenants. A "leak" is a denied principal that got a
//! 2xx or saw the object in a list; the count must be 0.

use crate::helpers::{PASSWORD, TestApp, access_token, assert_problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

/// The principals of the matrix, by name; `None` is anonymous.
struct Principals(Vec<(&'static str, Option<String>)>);

impl Principals {
    fn token(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| *n == name).and_then(|(_, t)| t.as_deref())
    }
}

/// The tenants of the matrix: companies A and B (Eksjö, unlisted), P
/// (Vetlanda, a partner of Eksjö, unlisted), N (Växjö, which shares no
/// collaboration, unlisted) and L (Växjö, listed); their contacts and
/// analyses; offers of provider Alfa with enrolments of A, P and N; a
/// meeting hosted by Eksjö with registrations of A, P and N, and one hosted
/// by Växjö with a registration of P.
struct World {
    principals: Principals,
    company: [String; 5],
    contact: [String; 3],
    analysis: [String; 3],
    draft_offer: String,
    published_offer: String,
    enrolment: [String; 3],
    meeting_eksjo: String,
    meeting_vaxjo: String,
    registration: [String; 3],
    registration_vaxjo: String,
    /// The officer's daily work: an activity with A (private), one with P
    /// marked shared; a personal task of the Eksjö officer and a task of N;
    /// a network hosted by Eksjö with A and L; a held meeting of Eksjö that
    /// A attended, and A's registration for it.
    activity_a: String,
    activity_p_shared: String,
    task_personal: String,
    task_n: String,
    network: String,
    held_meeting: String,
    held_registration: String,
}

const A: usize = 0;
const B: usize = 1;
const P: usize = 2;
const N: usize = 3;
const L: usize = 4;

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> String {
    let response = app.client.post(app.url(path)).bearer_auth(token).json(&body).send().await.expect("post");
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, 201, "POST {path}: {body}");
    body["id"].as_str().expect("id").to_owned()
}

async fn login(app: &TestApp, role: &str, binding: &str) -> String {
    let user = app.create_user(role, Some(binding)).await;
    access_token(app.login(&user.email, PASSWORD).await).await
}

fn offer_body(title: &str, status: &str) -> Value {
    let start = chrono::Utc::now() + chrono::Duration::days(30);
    json!({
        "title": title, "areas": ["leadership"], "provider": "Campus Alfa", "format": "onSite",
        "municipality": "0686", "venue": "Campus Alfa, sal 1",
        "sessions": [{"startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(3)).to_rfc3339()}],
        "seats": 10, "priceSek": 0, "language": "sv", "status": status
    })
}

fn meeting_body(municipality: &str) -> Value {
    let start = chrono::Utc::now() + chrono::Duration::days(10);
    json!({"title": "Nätverksträff", "municipality": municipality, "format": "onSite", "venue": "Kommunhuset",
        "startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339(), "capacity": 50})
}

fn one_participant(company: &str) -> Value {
    json!({"companyId": company, "participants": [{"name": "Deltagare", "gender": "woman"}]})
}

async fn world(app: &TestApp) -> World {
    let (_, admin) = app.token_for("admin").await;
    let mut company = Vec::new();
    for (municipality, listed) in [("0686", false), ("0686", false), ("0685", false), ("0780", false), ("0780", true)] {
        company.push(app.create_company(municipality, listed).await.to_string());
    }
    let company: [String; 5] = company.try_into().expect("five");
    let mut contact = Vec::new();
    let mut analysis = Vec::new();
    let mut enrolment = Vec::new();
    let mut registration = Vec::new();
    let draft_offer = post(app, &admin, "/api/v1/training-offers", offer_body("Utkast", "draft")).await;
    let published_offer = post(app, &admin, "/api/v1/training-offers", offer_body("Publicerad", "published")).await;
    let meeting_eksjo = post(app, &admin, "/api/v1/network-meetings", meeting_body("0686")).await;
    let meeting_vaxjo = post(app, &admin, "/api/v1/network-meetings", meeting_body("0780")).await;
    for c in [&company[A], &company[P], &company[N]] {
        contact.push(post(app, &admin, &format!("/api/v1/companies/{c}/contacts"), json!({"name": "Kontakt"})).await);
        let body = json!({"companyId": c, "conductedOn": "2026-03-03"});
        analysis.push(post(app, &admin, "/api/v1/needs-analyses", body).await);
        let path = format!("/api/v1/training-offers/{published_offer}/enrolments");
        enrolment.push(post(app, &admin, &path, one_participant(c)).await);
        let path = format!("/api/v1/network-meetings/{meeting_eksjo}/registrations");
        let body = json!({"companyId": c, "attendees": [{"name": "Besökare"}]});
        registration.push(post(app, &admin, &path, body).await);
    }
    let path = format!("/api/v1/network-meetings/{meeting_vaxjo}/registrations");
    let body = json!({"companyId": company[P], "attendees": [{"name": "Besökare"}]});
    let registration_vaxjo = post(app, &admin, &path, body).await;
    let officer_eksjo = login(app, "officer", "0686").await;
    let activity =
        |shared: bool| json!({"kind": "visit", "occurredOn": "2026-11-30", "summary": "Besök", "shared": shared});
    let activity_a = post(app, &admin, &format!("/api/v1/companies/{}/activities", company[A]), activity(false)).await;
    let activity_p_shared =
        post(app, &admin, &format!("/api/v1/companies/{}/activities", company[P]), activity(true)).await;
    let task_personal = post(app, &officer_eksjo, "/api/v1/tasks", json!({"title": "Egen uppgift"})).await;
    let task_n = post(app, &admin, "/api/v1/tasks", json!({"title": "Om N", "companyId": company[N]})).await;
    let network = post(app, &admin, "/api/v1/networks", json!({"name": "Nätverket", "municipality": "0686"})).await;
    for c in [&company[A], &company[L]] {
        let path = app.url(&format!("/api/v1/networks/{network}/members/{c}"));
        assert_eq!(app.client.put(path).bearer_auth(&admin).send().await.expect("put").status(), 201);
    }
    let (held_meeting, held_registration) = held_meeting_attended_by(app, &admin, &company[A]).await;
    let principals = Principals(vec![
        ("admin", Some(admin.clone())),
        ("officer 0686", Some(officer_eksjo)),
        ("officer 0780", Some(login(app, "officer", "0780").await)),
        ("company A", Some(login(app, "company", &company[A]).await)),
        ("company B", Some(login(app, "company", &company[B]).await)),
        ("provider Alfa", Some(login(app, "provider", "Campus Alfa").await)),
        ("provider Beta", Some(login(app, "provider", "Campus Beta").await)),
        ("integration 0685", Some(app.integration_token(&admin, &["0685"]).await)),
        ("anonymous", None),
    ]);
    World {
        principals,
        company,
        contact: contact.try_into().expect("three"),
        analysis: analysis.try_into().expect("three"),
        draft_offer,
        published_offer,
        enrolment: enrolment.try_into().expect("three"),
        meeting_eksjo,
        meeting_vaxjo,
        registration: registration.try_into().expect("three"),
        registration_vaxjo,
        activity_a,
        activity_p_shared,
        task_personal,
        task_n,
        network,
        held_meeting,
        held_registration,
    }
}

/// A meeting hosted by Eksjö that has been held, with `company` registered
/// and marked as attended: the meeting's id and the registration's.
async fn held_meeting_attended_by(app: &TestApp, admin: &str, company: &str) -> (String, String) {
    let meeting = post(app, admin, "/api/v1/network-meetings", meeting_body("0686")).await;
    let path = format!("/api/v1/network-meetings/{meeting}");
    let body = json!({"companyId": company, "attendees": [{"name": "Besökare"}]});
    let registration = post(app, admin, &format!("{path}/registrations"), body).await;
    let start = chrono::Utc::now() - chrono::Duration::hours(3);
    let moved = json!({"startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339()});
    for body in [moved, json!({"status": "held"})] {
        let response = app.client.patch(app.url(&path)).bearer_auth(admin).json(&body).send().await.expect("patch");
        assert_eq!(response.status(), 200);
    }
    let marks = json!({"attendees": [{"attended": true}]});
    let url = app.url(&format!("{path}/registrations/{registration}"));
    assert_eq!(app.client.patch(url).bearer_auth(admin).json(&marks).send().await.expect("patch").status(), 200);
    (meeting, registration)
}

async fn call(app: &TestApp, method: Method, path: &str, token: Option<&str>, body: Option<&Value>) -> (u16, String) {
    let mut request = app.client.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("send");
    (response.status().as_u16(), response.text().await.expect("body"))
}

const EVERYONE: &[&str] = &[
    "admin",
    "officer 0686",
    "officer 0780",
    "company A",
    "company B",
    "provider Alfa",
    "provider Beta",
    "integration 0685",
    "anonymous",
];
/// Everyone but the integration bound to Vetlanda: the readers of a listed Växjö company.
const DIRECTORY_READERS: &[&str] =
    &["admin", "officer 0686", "officer 0780", "company A", "company B", "provider Alfa", "provider Beta", "anonymous"];
/// Every signed-in principal (all but the last of `EVERYONE`).
const PEOPLE_AND_INTEGRATIONS: &[&str] = match EVERYONE.split_last() {
    Some((_, signed_in)) => signed_in,
    None => &[],
};
const PEOPLE: &[&str] =
    &["admin", "officer 0686", "officer 0780", "company A", "company B", "provider Alfa", "provider Beta"];

/// One row of the matrix: an operation on one object, and the principals
/// the matrix allows. `Try::RefusalsOnly` rows create or destroy: only the
/// principals that must be refused try them (the object has to stay for
/// the other rows), and the row is then done by an allowed principal.
struct Row {
    method: Method,
    path: String,
    body: Option<Value>,
    allowed: &'static [&'static str],
    refusals_only: bool,
}

fn row(method: Method, path: String, body: Option<Value>, allowed: &'static [&'static str]) -> Row {
    Row { method, path, body, allowed, refusals_only: false }
}

fn refusal(method: Method, path: String, body: Option<Value>, allowed: &'static [&'static str]) -> Row {
    Row { method, path, body, allowed, refusals_only: true }
}

/// API1 (broken object level authorization) and API5 (function level): the
/// access matrix (docs/access.md) walked whole — each row on objects of the
/// caller's own tenant and of others. Everyone else must get 401, 403 or
/// 404 (422 for an id in a body, exactly as for an id that does not exist)
/// and nothing of the object.
#[tokio::test]
async fn api1_the_access_matrix_walked_whole() {
    // Webhooks to a local address are allowed here (none of them is ever called).
    let app = crate::helpers::spawn_app_with(|config| config.allow_private_webhooks = true).await;
    let w = world(&app).await;
    let hook_body = json!({"url": "https://127.0.0.1:9/hook", "events": ["company.created"]});
    let admin_hook =
        post(&app, w.principals.token("admin").expect("admin"), "/api/v1/webhooks", hook_body.clone()).await;
    let c = &w.company;
    let (get, patch, post, delete) = (Method::GET, Method::PATCH, Method::POST, Method::DELETE);
    let admin = w.principals.token("admin").expect("admin").to_owned();
    // A Vetlanda company that keeps its analyses to its own municipality, with one analysis.
    let declining = app.create_company("0685", false).await;
    let (status, _) = app
        .send(
            patch.clone(),
            &format!("/api/v1/companies/{declining}"),
            Some(&admin),
            Some(json!({"shareAnalyses": false})),
        )
        .await;
    assert_eq!(status, 200);
    let declined_analysis = crate::security::post(
        &app,
        &admin,
        "/api/v1/needs-analyses",
        json!({"companyId": declining, "conductedOn": "2026-03-03"}),
    )
    .await;
    // A collaboration of Växjö and Tranås that Växjö's officer coordinates.
    let (_, me) = app.send(get.clone(), "/api/v1/me", w.principals.token("officer 0780"), None).await;
    let collaboration_body = json!({"name": "Kronoberg–Höglandet", "startsOn": "2026-01-01",
        "municipalities": ["0780", "0687"], "coordinators": [me["id"]]});
    let collaboration = crate::security::post(&app, &admin, "/api/v1/collaborations", collaboration_body.clone()).await;
    let company_body = json!({"orgNumber": crate::helpers::org_number(901), "name": "Ny AB", "municipality": "0686",
        "sniCode": "25620", "employees": 3});
    let attendance = |_: usize| json!({"attendance": []});
    let registration = json!({"attendees": [{"name": "Ny"}]});
    let registration_for = |company: &str| json!({"companyId": company, "attendees": [{"name": "Ny"}]});
    #[rustfmt::skip]
    let table: Vec<Row> = vec![
        // company · read: all | shared + listed | listed + C | listed | listed in S | listed
        row(get.clone(), format!("/api/v1/companies/{}", c[A]), None, &["admin", "officer 0686", "company A"]),
        row(get.clone(), format!("/api/v1/companies/{}", c[P]), None, &["admin", "officer 0686"]),
        row(get.clone(), format!("/api/v1/companies/{}", c[N]), None, &["admin", "officer 0780"]),
        row(get.clone(), format!("/api/v1/companies/{}", c[L]), None, DIRECTORY_READERS),
        // company · create, delete: ✓ | in M
        refusal(post.clone(), "/api/v1/companies".to_owned(), Some(company_body), &["admin", "officer 0686"]),
        refusal(delete.clone(), format!("/api/v1/companies/{}", c[B]), None, &["admin", "officer 0686"]),
        // company · update: ✓ | in M | C
        row(patch.clone(), format!("/api/v1/companies/{}", c[A]), Some(json!({"description": "ändrad"})),
            &["admin", "officer 0686", "company A"]),
        row(patch.clone(), format!("/api/v1/companies/{}", c[P]), Some(json!({"description": "ändrad"})), &["admin"]),
        row(patch.clone(), format!("/api/v1/companies/{}", c[N]), Some(json!({"description": "ändrad"})),
            &["admin", "officer 0780"]),
        // contact · read: ✓ | shared | of C
        row(get.clone(), format!("/api/v1/companies/{}/contacts", c[A]), None, &["admin", "officer 0686", "company A"]),
        row(get.clone(), format!("/api/v1/companies/{}/contacts/{}", c[A], w.contact[0]), None,
            &["admin", "officer 0686", "company A"]),
        row(get.clone(), format!("/api/v1/companies/{}/contacts/{}", c[P], w.contact[1]), None, &["admin", "officer 0686"]),
        row(get.clone(), format!("/api/v1/companies/{}/contacts/{}", c[N], w.contact[2]), None, &["admin", "officer 0780"]),
        row(get.clone(), format!("/api/v1/companies/{}/contacts", c[L]), None, &["admin", "officer 0780"]),
        // contact · write, erase: ✓ | in M | of C
        row(patch.clone(), format!("/api/v1/companies/{}/contacts/{}", c[A], w.contact[0]), Some(json!({"title": "VD"})),
            &["admin", "officer 0686", "company A"]),
        row(patch.clone(), format!("/api/v1/companies/{}/contacts/{}", c[P], w.contact[1]), Some(json!({"title": "VD"})),
            &["admin"]),
        refusal(delete.clone(), format!("/api/v1/companies/{}/contacts/{}", c[N], w.contact[2]), None,
            &["admin", "officer 0780"]),
        // needs analysis · read: ✓ | shared | of C
        row(get.clone(), format!("/api/v1/needs-analyses/{}", w.analysis[0]), None, &["admin", "officer 0686", "company A"]),
        row(get.clone(), format!("/api/v1/needs-analyses/{}", w.analysis[1]), None, &["admin", "officer 0686"]),
        row(get.clone(), format!("/api/v1/needs-analyses/{}", w.analysis[2]), None, &["admin", "officer 0780"]),
        row(get.clone(), format!("/api/v1/needs-analyses/{}/matching-offers", w.analysis[1]), None, &["admin", "officer 0686"]),
        // needs analysis · write: ✓ | in M | of C, draft only
        row(patch.clone(), format!("/api/v1/needs-analyses/{}", w.analysis[0]), Some(json!({"conductedOn": "2026-03-04"})),
            &["admin", "officer 0686", "company A"]),
        row(patch.clone(), format!("/api/v1/needs-analyses/{}", w.analysis[1]), Some(json!({"conductedOn": "2026-03-04"})),
            &["admin"]),
        // demand statistics: every person
        row(get.clone(), "/api/v1/statistics/demand".to_owned(), None, PEOPLE),
        // training offer · read published, read draft, write
        row(get.clone(), format!("/api/v1/training-offers/{}", w.published_offer), None, EVERYONE),
        row(get.clone(), format!("/api/v1/training-offers/{}", w.draft_offer), None,
            &["admin", "officer 0686", "officer 0780", "provider Alfa"]),
        row(patch.clone(), format!("/api/v1/training-offers/{}", w.draft_offer), Some(json!({"priceSek": 100})),
            &["admin", "provider Alfa"]),
        refusal(post.clone(), "/api/v1/training-offers".to_owned(), Some(offer_body("Ny", "draft")),
            &["admin", "provider Alfa"]),
        // enrolment · create: ✓ | for companies in M | for C
        refusal(post.clone(), format!("/api/v1/training-offers/{}/enrolments", w.published_offer), Some(one_participant(&c[A])),
            &["admin", "officer 0686", "company A"]),
        refusal(post.clone(), format!("/api/v1/training-offers/{}/enrolments", w.published_offer), Some(one_participant(&c[P])),
            &["admin"]),
        // enrolment · read: ✓ | companies in shared | of C | in own offers
        row(get.clone(), format!("/api/v1/enrolments/{}", w.enrolment[0]), None,
            &["admin", "officer 0686", "company A", "provider Alfa"]),
        row(get.clone(), format!("/api/v1/enrolments/{}", w.enrolment[1]), None, &["admin", "officer 0686", "provider Alfa"]),
        row(get.clone(), format!("/api/v1/enrolments/{}", w.enrolment[2]), None, &["admin", "officer 0780", "provider Alfa"]),
        row(get.clone(), format!("/api/v1/training-offers/{}/enrolments", w.published_offer), None,
            &["admin", "officer 0686", "officer 0780", "company A", "company B", "provider Alfa"]),
        // enrolment · record hours: ✓ | companies in M | in own offers
        row(patch.clone(), format!("/api/v1/enrolments/{}", w.enrolment[0]), Some(attendance(0)),
            &["admin", "officer 0686", "provider Alfa"]),
        row(patch.clone(), format!("/api/v1/enrolments/{}", w.enrolment[1]), Some(attendance(1)), &["admin", "provider Alfa"]),
        // enrolment · cancel: ✓ | companies in M | of C
        refusal(delete.clone(), format!("/api/v1/enrolments/{}", w.enrolment[1]), None, &["admin"]),
        refusal(delete.clone(), format!("/api/v1/enrolments/{}", w.enrolment[0]), None, &["admin", "officer 0686", "company A"]),
        // network meeting · read, write
        row(get.clone(), format!("/api/v1/network-meetings/{}", w.meeting_eksjo), None, EVERYONE),
        row(patch.clone(), format!("/api/v1/network-meetings/{}", w.meeting_eksjo), Some(json!({"theme": "Kompetens"})),
            &["admin", "officer 0686"]),
        row(patch.clone(), format!("/api/v1/network-meetings/{}", w.meeting_vaxjo), Some(json!({"theme": "Kompetens"})),
            &["admin", "officer 0780"]),
        // registration · create: ✓ | for companies in M | for C
        refusal(post.clone(), format!("/api/v1/network-meetings/{}/registrations", w.meeting_vaxjo), Some(registration.clone()),
            &["company A", "company B"]),
        refusal(post.clone(), format!("/api/v1/network-meetings/{}/registrations", w.meeting_vaxjo),
            Some(registration_for(&c[A])), &["admin", "officer 0686", "company A"]),
        refusal(post.clone(), format!("/api/v1/network-meetings/{}/registrations", w.meeting_vaxjo),
            Some(registration_for(&c[N])), &["admin", "officer 0780"]),
        // registration · read attendees: meetings hosted in shared, companies in shared | of C
        row(get.clone(), format!("/api/v1/network-meetings/{}/registrations", w.meeting_eksjo), None,
            &["admin", "officer 0686", "officer 0780", "company A", "company B"]),
        // registration · withdraw: ✓ | companies in M, or meetings hosted by M | of C
        refusal(delete.clone(), format!("/api/v1/network-meetings/{}/registrations/{}", w.meeting_vaxjo, w.registration_vaxjo),
            None, &["admin", "officer 0780"]),
        refusal(delete.clone(), format!("/api/v1/network-meetings/{}/registrations/{}", w.meeting_eksjo, w.registration[1]),
            None, &["admin", "officer 0686"]),
        refusal(delete.clone(), format!("/api/v1/network-meetings/{}/registrations/{}", w.meeting_eksjo, w.registration[0]),
            None, &["admin", "officer 0686", "company A"]),
        // participation report: all | M only
        row(get.clone(), "/api/v1/reports/participation".to_owned(), None, &["admin", "officer 0686", "officer 0780"]),
        // audit log, users, API clients, reference data writes: admin
        row(get.clone(), "/api/v1/audit-events".to_owned(), None, &["admin"]),
        row(get.clone(), "/api/v1/users".to_owned(), None, &["admin"]),
        row(get.clone(), "/api/v1/api-clients".to_owned(), None, &["admin"]),
        refusal(post.clone(), "/api/v1/municipalities".to_owned(),
            Some(json!({"code": "0999", "name": "Provkommun", "county": "Provlän"})), &["admin"]),
        // personal data (look-up, erasure): admin
        row(get.clone(), "/api/v1/personal-data?email=nobody@example.se".to_owned(), None, &["admin"]),
        refusal(delete.clone(), "/api/v1/personal-data?email=nobody@example.se".to_owned(), None, &["admin"]),
        refusal(post.clone(), "/api/v1/competence-areas".to_owned(),
            Some(json!({"slug": "provning", "labels": {"sv": "Provning", "en": "Testing"}})), &["admin"]),
        // registration · record attended: ✓ | meetings hosted by M
        row(patch.clone(), format!("/api/v1/network-meetings/{}/registrations/{}", w.held_meeting, w.held_registration),
            Some(json!({"attendees": [{"attended": true}]})), &["admin", "officer 0686"]),
        // activity · read: ✓ | companies in M; `shared` ones of companies in shared
        row(get.clone(), format!("/api/v1/activities/{}", w.activity_a), None, &["admin", "officer 0686"]),
        row(get.clone(), format!("/api/v1/activities/{}", w.activity_p_shared), None, &["admin", "officer 0686"]),
        row(get.clone(), "/api/v1/activities".to_owned(), None, &["admin", "officer 0686", "officer 0780"]),
        row(get.clone(), format!("/api/v1/companies/{}/activities", c[A]), None, &["admin", "officer 0686"]),
        // activity · write: ✓ | companies in M
        row(patch.clone(), format!("/api/v1/activities/{}", w.activity_a), Some(json!({"summary": "Ändrad"})),
            &["admin", "officer 0686"]),
        row(patch.clone(), format!("/api/v1/activities/{}", w.activity_p_shared), Some(json!({"summary": "Ändrad"})), &["admin"]),
        refusal(post.clone(), format!("/api/v1/companies/{}/activities", c[A]),
            Some(json!({"kind": "call", "occurredOn": "2026-12-01", "summary": "Samtal"})), &["admin", "officer 0686"]),
        // task · read, write: ✓ | assigned to the caller, or of companies in M
        row(get.clone(), format!("/api/v1/tasks/{}", w.task_personal), None, &["admin", "officer 0686"]),
        row(get.clone(), format!("/api/v1/tasks/{}", w.task_n), None, &["admin", "officer 0780"]),
        row(get.clone(), "/api/v1/tasks".to_owned(), None, &["admin", "officer 0686", "officer 0780"]),
        row(patch.clone(), format!("/api/v1/tasks/{}", w.task_n), Some(json!({"dueOn": "2027-01-15"})), &["admin", "officer 0780"]),
        refusal(post.clone(), "/api/v1/tasks".to_owned(), Some(json!({"title": "Ny", "companyId": c[A]})),
            &["admin", "officer 0686"]),
        // company timeline: everything | each entry as its own row allows | the same
        row(get.clone(), format!("/api/v1/companies/{}/timeline", c[A]), None, &["admin", "officer 0686", "company A"]),
        row(get.clone(), format!("/api/v1/companies/{}/timeline", c[L]), None, &["admin", "officer 0686", "officer 0780"]),
        // network · read: everyone; members: ✓ | ✓ | listed members + C
        row(get.clone(), format!("/api/v1/networks/{}", w.network), None, EVERYONE),
        row(get.clone(), "/api/v1/networks".to_owned(), None, EVERYONE),
        row(get.clone(), format!("/api/v1/networks/{}/members", w.network), None,
            &["admin", "officer 0686", "officer 0780", "company A", "company B"]),
        // network · write, members add/remove: ✓ | hosted by M | C leaves
        row(patch.clone(), format!("/api/v1/networks/{}", w.network), Some(json!({"purpose": "Kompetens"})),
            &["admin", "officer 0686"]),
        row(Method::PUT, format!("/api/v1/networks/{}/members/{}", w.network, c[B]), None, &["admin", "officer 0686"]),
        refusal(delete.clone(), format!("/api/v1/networks/{}/members/{}", w.network, c[A]), None,
            &["admin", "officer 0686", "company A"]),
        // meeting feedback · post: C, once, if it attended; read summary: ✓ | hosted by M
        refusal(post.clone(), format!("/api/v1/network-meetings/{}/feedback", w.held_meeting),
            Some(json!({"rating": 4})), &["company A"]),
        row(get.clone(), format!("/api/v1/network-meetings/{}/feedback", w.held_meeting), None, &["admin", "officer 0686"]),
        // webhook · manage: all | – | – | – | own | –
        row(get.clone(), "/api/v1/webhooks".to_owned(), None, &["admin", "integration 0685"]),
        row(get.clone(), format!("/api/v1/webhooks/{admin_hook}"), None, &["admin"]),
        row(get.clone(), format!("/api/v1/webhooks/{admin_hook}/deliveries"), None, &["admin"]),
        row(patch.clone(), format!("/api/v1/webhooks/{admin_hook}"), Some(json!({"events": ["company.updated"]})), &["admin"]),
        refusal(post.clone(), "/api/v1/webhooks".to_owned(), Some(hook_body), &["admin", "integration 0685"]),
        // event feed: all | – | – | – | as its reads | –
        row(get.clone(), "/api/v1/events".to_owned(), None, &["admin", "integration 0685"]),
        // needs analysis · read of a company that declines to share: ✓ | in M (not the rest of shared)
        row(get.clone(), format!("/api/v1/needs-analyses/{declined_analysis}"), None, &["admin"]),
        // collaboration · read: everyone signed in; write: admin; report: admin, its coordinators
        row(get.clone(), "/api/v1/collaborations".to_owned(), None, PEOPLE_AND_INTEGRATIONS),
        row(get.clone(), format!("/api/v1/collaborations/{collaboration}"), None, PEOPLE_AND_INTEGRATIONS),
        row(patch.clone(), format!("/api/v1/collaborations/{collaboration}"), Some(json!({"reference": "2026/7"})), &["admin"]),
        refusal(post.clone(), "/api/v1/collaborations".to_owned(), Some(collaboration_body), &["admin"]),
        row(get.clone(), format!("/api/v1/collaborations/{collaboration}/reports/participation"), None,
            &["admin", "officer 0780"]),
        // outcome statistics: ✓ | ✓ | – | ✓ (suppressed cells)
        row(get.clone(), "/api/v1/statistics/outcomes".to_owned(), None,
            &["admin", "officer 0686", "officer 0780", "provider Alfa", "provider Beta"]),
    ];
    let mut leaks = Vec::new();
    let mut wrong_denials = Vec::new();
    let mut calls = 0;
    for row in &table {
        for (name, token) in &w.principals.0 {
            let allowed = row.allowed.contains(name);
            if row.refusals_only && allowed {
                continue;
            }
            let (status, text) = call(&app, row.method.clone(), &row.path, token.as_deref(), row.body.as_ref()).await;
            calls += 1;
            let ok = (200..300).contains(&status);
            if allowed && !ok {
                wrong_denials.push(format!("{name}: {} {} → {status} {text}", row.method, row.path));
            }
            let refusals: &[u16] =
                if row.body.is_some() && row.method == Method::POST { &[401, 403, 404, 422] } else { &[401, 403, 404] };
            if !allowed && (ok || !refusals.contains(&status)) {
                let text = text.chars().take(160).collect::<String>();
                leaks.push(format!("{name}: {} {} → {status} {text}", row.method, row.path));
            }
        }
    }
    println!(
        "access matrix: {} rows x {} principals, {calls} calls, {} leaks, {} wrong denials",
        table.len(),
        w.principals.0.len(),
        leaks.len(),
        wrong_denials.len()
    );
    assert!(leaks.is_empty(), "leaks:\n{}", leaks.join("\n"));
    assert!(wrong_denials.is_empty(), "allowed but refused:\n{}", wrong_denials.join("\n"));
    // No refused deletion or creation went through; and the first allowed principal of each such row may do it.
    let admin = w.principals.token("admin");
    assert_eq!(call(&app, Method::GET, &format!("/api/v1/companies/{}", c[B]), admin, None).await.0, 200);
    for row in table.iter().rev().filter(|r| r.refusals_only) {
        let who = row.allowed[row.allowed.len() - 1];
        let (status, text) =
            call(&app, row.method.clone(), &row.path, w.principals.token(who), row.body.as_ref()).await;
        assert!((200..300).contains(&status), "{who}: {} {} → {status} {text}", row.method, row.path);
    }
}

/// API1 in lists: what a principal may not read by id never shows in a list.
#[tokio::test]
async fn api1_lists_show_nothing_of_other_tenants() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let c = &w.company;
    let enrolments = format!("/api/v1/training-offers/{}/enrolments?limit=500", w.published_offer);
    let registrations = format!("/api/v1/network-meetings/{}/registrations?limit=500", w.meeting_eksjo);
    #[rustfmt::skip]
    let table: Vec<(&str, &str, &[&str])> = vec![
        ("/api/v1/companies?limit=500", &c[A], &["admin", "officer 0686", "company A"]),
        ("/api/v1/companies?limit=500", &c[P], &["admin", "officer 0686"]),
        ("/api/v1/companies?limit=500", &c[N], &["admin", "officer 0780"]),
        ("/api/v1/companies?limit=500", &c[L], DIRECTORY_READERS),
        ("/api/v1/companies/export", &c[A], &["admin", "officer 0686", "company A"]),
        ("/api/v1/companies/export", &c[P], &["admin", "officer 0686"]),
        ("/api/v1/companies/export", &c[N], &["admin", "officer 0780"]),
        // The feed tells officers of any company leaving their view, by id only; readers of the
        // public directory never learn an unlisted company's id.
        ("/api/v1/companies/changes?limit=500", &c[N], &["admin", "officer 0686", "officer 0780"]),
        ("/api/v1/companies/changes?limit=500", &c[A], &["admin", "officer 0686", "officer 0780", "company A"]),
        ("/api/v1/needs-analyses?limit=500", &w.analysis[0], &["admin", "officer 0686", "company A"]),
        ("/api/v1/needs-analyses?limit=500", &w.analysis[1], &["admin", "officer 0686"]),
        ("/api/v1/needs-analyses?limit=500", &w.analysis[2], &["admin", "officer 0780"]),
        ("/api/v1/training-offers?limit=500", &w.draft_offer, &["admin", "officer 0686", "officer 0780", "provider Alfa"]),
        (&enrolments, &w.enrolment[0], &["admin", "officer 0686", "company A", "provider Alfa"]),
        (&enrolments, &w.enrolment[1], &["admin", "officer 0686", "provider Alfa"]),
        (&enrolments, &w.enrolment[2], &["admin", "officer 0780", "provider Alfa"]),
        (&registrations, &w.registration[0], &["admin", "officer 0686", "company A"]),
        (&registrations, &w.registration[1], &["admin", "officer 0686"]),
        (&registrations, &w.registration[2], &["admin", "officer 0686", "officer 0780"]),
        ("/api/v1/activities?limit=500", &w.activity_a, &["admin", "officer 0686"]),
        ("/api/v1/activities?limit=500", &w.activity_p_shared, &["admin", "officer 0686"]),
        ("/api/v1/tasks?limit=500", &w.task_personal, &["admin", "officer 0686"]),
        ("/api/v1/tasks?limit=500", &w.task_n, &["admin", "officer 0780"]),
    ];
    let mut leaks = Vec::new();
    for (path, marker, allowed) in &table {
        for (name, token) in &w.principals.0 {
            let (status, text) = call(&app, Method::GET, path, token.as_deref(), None).await;
            let seen = (200..300).contains(&status) && text.contains(*marker);
            if seen != allowed.contains(name) {
                leaks.push(format!("{name}: GET {path} → {status}, shows {marker}: {seen}"));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}

/// Aggregates reveal nothing the caller may not read one by one: an
/// officer's participation report covers its own municipality whatever it
/// asks for.
#[tokio::test]
async fn aggregates_cover_only_what_the_caller_reads() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let officer = w.principals.token("officer 0780");
    let (status, text) =
        call(&app, Method::GET, "/api/v1/reports/participation?municipality=0686,0685", officer, None).await;
    assert_eq!(status, 200, "{text}");
    let report: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        report["municipalities"].as_array().map(|m| m.iter().map(|r| r["municipality"].clone()).collect::<Vec<_>>()),
        Some(vec![json!("0780")])
    );
    // Växjö's figures only: N's one participant, none of A's or P's.
    assert_eq!(report["totals"]["participants"]["total"], 1, "{report}");
    assert_eq!(report["totals"]["enrolments"], 1, "{report}");
}

/// API2: forged, foreign and expired tokens are refused.
#[tokio::test]
async fn api2_forged_and_expired_tokens_are_refused() {
    use base64::Engine;
    let app = spawn_app().await;
    let (user, token) = app.token_for("admin").await;
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let now = chrono::Utc::now().timestamp();
    let claims = json!({"iss": "samverka", "aud": "samverka", "sub": format!("user:{}", user.id), "exp": now + 600,
        "iat": now, "nbf": now, "jti": "x", "typ": "access"});
    let unsigned = format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&claims));
    let parts: Vec<&str> = token.split('.').collect();
    let tampered = format!("{}.{}.{}", parts[0], b64(&claims), parts[2]);
    let foreign = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(b"not the server's secret"),
    )
    .expect("encode");
    for bad in [unsigned, tampered, foreign, format!("{token}x"), String::new()] {
        let response = app.client.get(app.url("/api/v1/me")).bearer_auth(&bad).send().await.expect("send");
        let (headers, _) = assert_problem(response, 401).await;
        assert!(headers.contains_key("www-authenticate"));
    }
    let response = app.client.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.expect("send");
    assert_eq!(response.status(), 200);
}

/// API3: no mass assignment (bookkeeping fields are unknown fields), no
/// property a role may not change, no secret in an answer.
#[tokio::test]
async fn api3_properties_are_guarded_both_ways() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let company = app.create_company("0686", false).await;
    let user = app.create_user("company", Some(&company.to_string())).await;
    let company_user = access_token(app.login(&user.email, PASSWORD).await).await;
    for field in ["id", "version", "createdAt", "deletedAt", "listed_by"] {
        let mut body = json!({"name": "Nytt namn AB"});
        body[field] = json!("x");
        let response = app
            .client
            .patch(app.url(&format!("/api/v1/companies/{company}")))
            .bearer_auth(&admin)
            .json(&body)
            .send()
            .await
            .expect("send");
        let (_, problem) = assert_problem(response, 400).await;
        assert_eq!(crate::helpers::error_fields(&problem), [field]);
    }
    let response = app
        .client
        .patch(app.url(&format!("/api/v1/companies/{company}")))
        .bearer_auth(&company_user)
        .json(&json!({"orgNumber": crate::helpers::org_number(777)}))
        .send()
        .await
        .expect("send");
    assert_problem(response, 403).await;
    let (_, users) = call(&app, Method::GET, "/api/v1/users?limit=500", Some(&admin), None).await;
    let (_, clients) = call(&app, Method::GET, "/api/v1/api-clients?limit=500", Some(&admin), None).await;
    app.integration_token(&admin, &[]).await;
    let (_, clients_after) = call(&app, Method::GET, "/api/v1/api-clients?limit=500", Some(&admin), None).await;
    for text in [&users, &clients, &clients_after] {
        for secret in ["password", "hash", "$argon2", "secret\""] {
            assert!(!text.to_lowercase().contains(secret), "{secret} in {text}");
        }
    }
}

/// API4: bounded consumption: page size, body size, search length.
#[tokio::test]
async fn api4_requests_are_bounded() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let (status, _) = call(&app, Method::GET, "/api/v1/companies?limit=501", Some(&admin), None).await;
    assert_eq!(status, 400);
    let (status, _) =
        call(&app, Method::GET, &format!("/api/v1/companies?q={}", "a".repeat(101)), Some(&admin), None).await;
    assert_eq!(status, 400);
    let huge = json!({"name": "x".repeat(2 * 1024 * 1024)});
    let (status, _) = call(&app, Method::POST, "/api/v1/companies", Some(&admin), Some(&huge)).await;
    assert_eq!(status, 413);
}

/// API5: read-only and low roles cannot reach functions above them.
#[tokio::test]
async fn api5_functions_are_guarded_by_role() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let integration = app.integration_token(&admin, &[]).await;
    let (_, company_user) = app.token_for("company").await;
    let (_, provider) = app.token_for("provider").await;
    let company = json!({"orgNumber": crate::helpers::org_number(778), "name": "Ny AB", "municipality": "0686",
        "sniCode": "25620", "employees": 3});
    for (token, method, path, body) in [
        (&integration, Method::POST, "/api/v1/companies", Some(&company)),
        (&integration, Method::GET, "/api/v1/needs-analyses", None),
        (&company_user, Method::GET, "/api/v1/audit-events", None),
        (&company_user, Method::POST, "/api/v1/api-clients", Some(&json!({"name": "x"}))),
        (&provider, Method::GET, "/api/v1/users", None),
        (&provider, Method::POST, "/api/v1/companies", Some(&company)),
    ] {
        let (status, _) = call(&app, method.clone(), path, Some(token), body).await;
        assert_eq!(status, 403, "{method} {path}");
    }
}

/// API6: a business flow cannot be gamed: the same person cannot take two
/// seats of one offer for one company, and a company user enrols only its own company.
#[tokio::test]
async fn api6_enrolment_cannot_be_gamed() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let path = format!("/api/v1/training-offers/{}/enrolments", w.published_offer);
    let company_a = w.principals.token("company A");
    let anna = json!({"participants": [{"name": "Anna", "email": "anna@example.se", "gender": "woman"}]});
    assert_eq!(call(&app, Method::POST, &path, company_a, Some(&anna)).await.0, 201);
    assert_eq!(call(&app, Method::POST, &path, company_a, Some(&anna)).await.0, 409);
    let on_behalf = json!({"companyId": w.company[B], "participants": [{"name": "Bo", "gender": "man"}]});
    let (status, _) = call(&app, Method::POST, &path, company_a, Some(&on_behalf)).await;
    assert!([403, 404, 422].contains(&status), "company A enrolling company B: {status}");
}

/// API7: the server never fetches a URL a client gives it (web sites and
/// meeting links are stored, not visited).
#[tokio::test]
async fn api7_urls_from_clients_are_never_fetched() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://127.0.0.1:{}/internal", listener.local_addr().expect("addr").port());
    let company = json!({"orgNumber": crate::helpers::org_number(779), "name": "Länk AB", "municipality": "0686",
        "sniCode": "25620", "employees": 3, "website": url});
    let (status, _) = call(&app, Method::POST, "/api/v1/companies", Some(&admin), Some(&company)).await;
    assert_eq!(status, 201);
    let fetched = tokio::time::timeout(std::time::Duration::from_millis(500), listener.accept()).await;
    assert!(fetched.is_err(), "the server connected to the URL it was given");
}

/// API8: safe defaults: nosniff everywhere, no CORS for unknown origins,
/// TRACE refused, errors without internals, tokens never cached.
#[tokio::test]
async fn api8_configuration_is_safe_by_default() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/municipalities"))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .expect("send");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(!response.headers().contains_key("access-control-allow-origin"));
    let response = app.client.request(Method::TRACE, app.url("/api/v1/municipalities")).send().await.expect("send");
    assert_eq!(response.status(), 405);
    let response = app.client.post(app.url("/api/v1/companies")).body("{").send().await.expect("send");
    let text = response.text().await.expect("text").to_lowercase();
    for internal in ["sea_orm", "sqlx", "panicked", "src/", "backtrace"] {
        assert!(!text.contains(internal), "{internal} in {text}");
    }
    let user = app.create_user("officer", None).await;
    let response = app.login(&user.email, PASSWORD).await;
    assert_eq!(response.headers()["cache-control"], "no-store");
}

/// API9: only what is documented is served: other versions and unknown
/// paths are 404, and every documented path answers something other than 404
/// for its documented method.
#[tokio::test]
async fn api9_the_inventory_is_the_document() {
    let app = spawn_app().await;
    for path in ["/api/v2/companies", "/api/v1/internal", "/api/v1/admin", "/api/companies", "/debug"] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
    let doc: Value = app.get("/api-docs/openapi.json").await.json().await.expect("json");
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if !item.as_object().expect("item").contains_key("get") || path.contains('{') {
            continue;
        }
        let status = app.get(path).await.status().as_u16();
        assert!(![404, 405].contains(&status), "{path} is documented but answers {status}");
    }
}

/// API10: what Samverka hands on to other systems is safe to consume: the
/// CSV export neutralises spreadsheet formulas in free text.
#[tokio::test]
async fn api10_the_csv_export_carries_no_formulas() {
    let app = spawn_app().await;
    let (_, admin) = app.token_for("admin").await;
    let company = json!({"orgNumber": crate::helpers::org_number(780), "name": "=HYPERLINK(\"http://x.example\";\"klicka\")",
        "municipality": "0686", "sniCode": "25620", "employees": 3, "listed": true, "description": "+46 är vårt prefix"});
    let (status, _) = call(&app, Method::POST, "/api/v1/companies", Some(&admin), Some(&company)).await;
    assert_eq!(status, 201);
    let response = app.client.get(app.url("/api/v1/companies/export")).bearer_auth(&admin).send().await.expect("send");
    let csv = response.text().await.expect("csv");
    let row = csv.lines().find(|l| l.contains("HYPERLINK")).expect("the company is exported");
    assert!(row.contains(";\"'=HYPERLINK("), "{row}");
    assert!(row.contains(";'+46 är vårt prefix;"), "{row}");
    // The JSON forms are unchanged.
    let (_, list) = call(&app, Method::GET, "/api/v1/companies?q=hyperlink", Some(&admin), None).await;
    assert!(list.contains("\"name\":\"=HYPERLINK("), "{list}");
}
