//! E-mail notifications through a real SMTP server that the test starts
//! (aiosmtpd, a Maildir behind it), read back with Python's email parser:
//! recipients, subjects, and the iCalendar part.

use crate::helpers::{TestApp, spawn_app_with};
use reqwest::Method;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// An SMTP server on a free port, delivering into a Maildir; killed when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: std::path::PathBuf,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

impl SmtpServer {
    async fn start() -> SmtpServer {
        let has = Command::new("python3").args(["-c", "import aiosmtpd"]).status().is_ok_and(|s| s.success());
        if !has {
            let installed = Command::new("python3")
                .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "aiosmtpd==1.4.6"])
                .status()
                .expect("pip");
            assert!(installed.success(), "aiosmtpd could not be installed");
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let maildir = std::env::temp_dir().join(format!("samverka-mail-{}", uuid::Uuid::now_v7()));
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        SmtpServer { child, port, maildir }
    }

    /// Every message delivered: `to`, `subject`, `text`, and the calendar part (`method`, `ics`).
    fn messages(&self) -> Vec<Value> {
        let script = r#"
import json, mailbox, sys
from email.header import decode_header, make_header
out = []
for key, msg in mailbox.Maildir(sys.argv[1], create=False).items():
    item = {"to": str(make_header(decode_header(msg["To"]))), "subject": str(make_header(decode_header(msg["Subject"]))),
            "from": msg["From"], "text": None, "html": False, "ics": None, "method": None}
    for part in msg.walk():
        ct = part.get_content_type()
        if ct == "text/plain": item["text"] = part.get_payload(decode=True).decode()
        if ct == "text/html": item["html"] = True
        if ct == "text/calendar":
            item["ics"] = part.get_payload(decode=True).decode(); item["method"] = part.get_param("method")
    out.append(item)
print(json.dumps(out))
"#;
        if !self.maildir.join("new").exists() {
            return Vec::new();
        }
        let output = Command::new("python3").arg("-c").arg(script).arg(&self.maildir).output().expect("python");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice(&output.stdout).expect("json")
    }

    async fn wait_for(&self, n: usize) -> Vec<Value> {
        for _ in 0..100 {
            let messages = self.messages();
            if messages.len() >= n {
                tokio::time::sleep(Duration::from_millis(300)).await;
                return self.messages();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{n} messages did not arrive: {:?}", self.messages());
    }
}

fn sorted<const N: usize>(addresses: [&str; N]) -> Vec<String> {
    let mut v: Vec<String> = addresses.iter().map(|a| (*a).to_owned()).collect();
    v.sort();
    v
}

fn to(messages: &[Value], subject: &str) -> Vec<String> {
    let mut to: Vec<String> =
        messages.iter().filter(|m| m["subject"] == subject).map(|m| m["to"].as_str().unwrap().to_owned()).collect();
    to.sort();
    to
}

async fn app(smtp: &SmtpServer) -> TestApp {
    let url = format!("smtp://127.0.0.1:{}", smtp.port);
    spawn_app_with(move |config| {
        config.smtp_url = Some(url);
        config.mail_from = "Samverka <noreply@samverka.test>".to_owned();
    })
    .await
}

#[tokio::test]
async fn enrolments_tell_the_company_and_its_participants() {
    let smtp = SmtpServer::start().await;
    let app = app(&smtp).await;
    let (_, admin) = app.token_for("admin").await;
    let (_, officer) = app.token_of("officer", "0686").await;
    let (company, other) = (app.create_company("0686", false).await, app.create_company("0686", false).await);
    let (user, _) = app.token_of("company", &company.to_string()).await;
    let (other_user, _) = app.token_of("company", &other.to_string()).await;
    // This user's client asks for English when signing in: its notifications come in English.
    let form =
        [("grant_type", "password"), ("username", other_user.email.as_str()), ("password", crate::helpers::PASSWORD)];
    let signed_in =
        app.client.post(app.url("/api/v1/auth/token")).header("Accept-Language", "en").form(&form).send().await;
    assert_eq!(signed_in.expect("sign in").status(), 200);
    let start = chrono::Utc::now() + chrono::Duration::days(20);
    let offer = json!({"title": "Svetsning för nybörjare", "areas": ["leadership"], "provider": "P", "format": "online",
        "sessions": [{"startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(3)).to_rfc3339()}],
        "seats": 1, "priceSek": 0, "language": "sv", "status": "published"});
    let (_, offer) = app.send(Method::POST, "/api/v1/training-offers", Some(&admin), Some(offer)).await;
    let enrol = format!("/api/v1/training-offers/{}/enrolments", offer["id"].as_str().unwrap());
    let one = |company: uuid::Uuid, email: &str| json!({"companyId": company, "participants": [{"name": "Deltagare", "email": email, "gender": "woman"}]});
    let (_, first) = app.send(Method::POST, &enrol, Some(&officer), Some(one(company, "lina.ek@example.se"))).await;
    assert_eq!(first["status"], "confirmed");
    let (_, second) = app.send(Method::POST, &enrol, Some(&officer), Some(one(other, "per.holm@example.se"))).await;
    assert_eq!(second["status"], "waitlisted");
    let cancel = format!("/api/v1/enrolments/{}", first["id"].as_str().unwrap());
    assert_eq!(app.send(Method::DELETE, &cancel, Some(&officer), None).await.0, 204);

    let messages = smtp.wait_for(8).await;
    let title = "Svetsning för nybörjare";
    assert_eq!(to(&messages, &format!("Anmälan bekräftad: {title}")), sorted(["lina.ek@example.se", &user.email]));
    assert_eq!(to(&messages, &format!("Väntelista: {title}")), ["per.holm@example.se"]);
    assert_eq!(to(&messages, &format!("Waiting list: {title}")), vec![other_user.email.clone()], "in English");
    assert_eq!(to(&messages, &format!("Anmälan avbokad: {title}")), sorted(["lina.ek@example.se", &user.email]));
    assert_eq!(to(&messages, &format!("Ni har fått plats: {title}")), ["per.holm@example.se"]);
    assert_eq!(to(&messages, &format!("You have a seat: {title}")), vec![other_user.email.clone()]);
    let english = messages.iter().find(|m| m["subject"] == format!("You have a seat: {title}")).unwrap();
    assert!(english["text"].as_str().unwrap().contains("Kind regards"), "{english}");
    let confirmed = messages.iter().find(|m| m["subject"] == format!("Anmälan bekräftad: {title}")).unwrap();
    assert!(confirmed["text"].as_str().unwrap().contains("är bekräftad"), "{confirmed}");
    assert_eq!(
        (confirmed["html"].as_bool(), confirmed["from"].as_str()),
        (Some(true), Some("Samverka <noreply@samverka.test>"))
    );
    assert_eq!(messages.len(), 8, "each once");
}

#[tokio::test]
async fn meetings_send_their_invitation_and_tasks_their_assignee() {
    let smtp = SmtpServer::start().await;
    let app = app(&smtp).await;
    let (officer, token) = app.token_of("officer", "0686").await;
    let company = app.create_company("0686", false).await;
    let (user, company_token) = app.token_of("company", &company.to_string()).await;
    let start = chrono::Utc::now() + chrono::Duration::days(10);
    let meeting = json!({"title": "Nätverksträff om rekrytering", "municipality": "0686", "format": "onSite",
        "venue": "Stadshuset", "startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339()});
    let (_, meeting) = app.send(Method::POST, "/api/v1/network-meetings", Some(&token), Some(meeting)).await;
    let path = format!("/api/v1/network-meetings/{}", meeting["id"].as_str().unwrap());
    let registration = json!({"attendees": [{"name": "Karin", "email": "karin@example.se"}, {"name": "Bo"}]});
    assert_eq!(
        app.send(Method::POST, &format!("{path}/registrations"), Some(&company_token), Some(registration)).await.0,
        201
    );
    // (Messages are made as the mailer reaches their event, from the meeting as it is then: wait for the first two.)
    smtp.wait_for(2).await;
    assert_eq!(app.send(Method::PATCH, &path, Some(&token), Some(json!({"venue": "Kulturhuset"}))).await.0, 200);
    assert_eq!(app.send(Method::PATCH, &path, Some(&token), Some(json!({"status": "cancelled"}))).await.0, 200);
    assert_eq!(
        app.send(
            Method::POST,
            "/api/v1/tasks",
            Some(&token),
            Some(json!({"title": "Ring Karin", "dueOn": "2026-12-20"}))
        )
        .await
        .0,
        201
    );

    let messages = smtp.wait_for(7).await;
    let title = "Nätverksträff om rekrytering";
    let both = sorted(["karin@example.se", &user.email]);
    assert_eq!(to(&messages, &format!("Anmäld: {title}")), both);
    assert_eq!(to(&messages, &format!("Ändrad: {title}")), both);
    assert_eq!(to(&messages, &format!("Inställd: {title}")), both);
    assert_eq!(to(&messages, "Ny uppgift: Ring Karin"), [officer.email]);
    let ics_of = |subject: &str| {
        let m = messages.iter().find(|m| m["subject"] == subject).unwrap();
        let calendar: icalendar::Calendar = m["ics"].as_str().expect("an iCalendar part").parse().expect("RFC 5545");
        (m["method"].as_str().unwrap_or_default().to_owned(), calendar)
    };
    use icalendar::{Component, EventLike};
    let (method, invitation) = ics_of(&format!("Anmäld: {title}"));
    assert_eq!(method, "REQUEST");
    let event = invitation
        .components
        .iter()
        .find_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some(e.clone()),
            _ => None,
        })
        .unwrap();
    assert!(event.get_uid().unwrap().starts_with(meeting["id"].as_str().unwrap()));
    assert_eq!(event.get_location(), Some("Stadshuset"));
    let (method, changed) = ics_of(&format!("Ändrad: {title}"));
    let changed = changed
        .components
        .iter()
        .find_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some(e.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!((method.as_str(), changed.get_location()), ("REQUEST", Some("Kulturhuset")));
    assert_eq!(changed.get_uid(), event.get_uid(), "the same event, updated");
    let (method, _) = ics_of(&format!("Inställd: {title}"));
    assert_eq!(method, "CANCEL");
}
