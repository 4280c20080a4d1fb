//! E-mail notifications through an SMTP server (`SAMVERKA_SMTP_URL`), made
//! from the event outbox: enrolments confirmed, waitlisted, promoted and
//! cancelled, offers cancelled (to the company's users and to participants
//! with an e-mail address), meeting registrations confirmed and meetings
//! changed or cancelled (with the iCalendar event attached), tasks assigned.
//! Each event is turned into mail once (the mailer's position in the feed
//! moves in the same transaction); messages are sent with retries, and
//! deleted once sent. Plain text and HTML, in Swedish — in English to users
//! whose client asked for English when they signed in.

use crate::error::ApiError;
use crate::state::AppState;
use chrono::{Duration, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use samverka_domain::Language;
use samverka_domain::events::EventType;
use samverka_persistence::entities::{event, mail as mail_row};
use samverka_persistence::mail::{self, NewMail};
use samverka_persistence::{DatabaseTransaction, begin, commit, network_meetings, training_offers};
use std::collections::BTreeSet;
use uuid::Uuid;

/// How long a message is retried before it fails for good.
const RETRY_FOR_HOURS: i64 = 24;

/// Where mail goes out, and from whom.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// An SMTP URL as lettre reads it (`smtp://host:port`, `smtps://…`, with
    /// `user:password@` when the server wants them) and the sender.
    pub fn new(smtp_url: &str, from: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("SAMVERKA_SMTP_URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from.parse().map_err(|e| format!("SAMVERKA_MAIL_FROM: {e}"))?;
        Ok(Mailer { transport, from })
    }
}

/// Starts the mailer; it runs as long as the server.
pub fn spawn(state: AppState, mailer: Mailer) {
    tokio::spawn(async move {
        loop {
            match tick(&state, &mailer).await {
                Ok(0) => tokio::time::sleep(std::time::Duration::from_millis(500)).await,
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "mailer");
                    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                }
            }
        }
    });
}

async fn tick(state: &AppState, mailer: &Mailer) -> Result<usize, ApiError> {
    if !mail::work_waiting(&state.db).await? {
        return Ok(0);
    }
    let txn = begin(&state.db).await?;
    let events = mail::next_events(&txn, 50).await?;
    let made = events.len();
    for event in events {
        let mails = render(&txn, &event).await?;
        mail::enqueue(&txn, event.seq, mails).await?;
    }
    let claimed = mail::claim(&txn, 20, Duration::seconds(120)).await?;
    commit(txn).await?;
    let sent = claimed.len();
    for m in claimed {
        let result = match message(&mailer.from, &m) {
            Ok(message) => mailer.transport.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        let txn = begin(&state.db).await?;
        match result {
            Ok(()) => mail::sent(&txn, m.id).await?,
            Err(error) => {
                let wait = Duration::seconds(30_i64.saturating_mul(1 << m.attempts.clamp(0, 16)).min(3600));
                let at = Utc::now() + wait;
                let retry_at = (at - m.created_at < Duration::hours(RETRY_FOR_HOURS)).then_some(at);
                tracing::warn!(mail = %m.id, %error, "a notification was not sent");
                mail::not_sent(&txn, &m, &error, retry_at).await?;
            }
        }
        commit(txn).await?;
    }
    Ok(made + sent)
}

/// The message of an outbox row: plain text and HTML, and the invitation.
fn message(from: &Mailbox, m: &mail_row::Model) -> Result<Message, String> {
    let to: Mailbox = m.recipient.parse().map_err(|e| format!("{e}"))?;
    let body = MultiPart::alternative_plain_html(m.text_body.clone(), m.html_body.clone());
    let builder = Message::builder().from(from.clone()).to(to).subject(&m.subject);
    let message = match (&m.ics, &m.ics_method) {
        (Some(ics), Some(method)) => {
            let kind = ContentType::parse(&format!("text/calendar; method={method}; charset=utf-8"))
                .map_err(|e| e.to_string())?;
            let invitation: SinglePart = Attachment::new("inbjudan.ics".to_owned()).body(ics.clone(), kind);
            builder.multipart(MultiPart::mixed().multipart(body).singlepart(invitation))
        }
        _ => builder.multipart(body),
    };
    message.map_err(|e| e.to_string())
}

fn html(text: &str, language: Language) -> String {
    let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let paragraphs: Vec<String> =
        escaped.split("\n\n").map(|p| format!("<p>{}</p>", p.replace('\n', "<br>"))).collect();
    format!("<!doctype html><html lang=\"{}\"><body>{}</body></html>", language.code(), paragraphs.join(""))
}

/// A message's subject and text in Swedish and in English.
struct Texts {
    sv: (String, String),
    en: (String, String),
}

/// The same message to every address (each once), in each one's language.
async fn to_all(
    txn: &DatabaseTransaction,
    people: BTreeSet<String>,
    texts: Texts,
    ics: Option<(String, &'static str)>,
) -> Result<Vec<NewMail>, ApiError> {
    let mut mails = Vec::new();
    for recipient in people {
        let language = samverka_persistence::users::language_of(txn, &recipient).await?;
        let ((subject, text), closing) = match language {
            Language::En => (&texts.en, "Kind regards\nSamverka"),
            Language::Sv => (&texts.sv, "Hälsningar\nSamverka"),
        };
        let text = format!("{text}\n\n{closing}");
        mails.push(NewMail {
            recipient,
            subject: subject.clone(),
            html: html(&text, language),
            text,
            ics: ics.clone(),
        });
    }
    Ok(mails)
}

fn id_of(data: &serde_json::Value, field: &str) -> Option<Uuid> {
    data[field].as_str().and_then(|s| s.parse().ok())
}

/// The messages an event makes (none for most).
async fn render(txn: &DatabaseTransaction, event: &event::Model) -> Result<Vec<NewMail>, ApiError> {
    let Ok(kind) = EventType::parse("type", &event.kind) else { return Ok(Vec::new()) };
    let data: serde_json::Value = serde_json::from_str(&event.data).unwrap_or_default();
    use EventType::*;
    match kind {
        EnrolmentConfirmed | EnrolmentWaitlisted | EnrolmentPromoted | EnrolmentCancelled => match id_of(&data, "id") {
            Some(id) => enrolment_mail(txn, kind, id).await,
            None => Ok(Vec::new()),
        },
        OfferCancelled => offer_cancelled_mail(txn, &data).await,
        RegistrationConfirmed => registration_mail(txn, &data).await,
        MeetingChanged | MeetingCancelled => meeting_mail(txn, kind, &data).await,
        TaskAssigned => {
            let Some(assignee) = id_of(&data, "assignee") else { return Ok(Vec::new()) };
            let title = data["title"].as_str().unwrap_or_default();
            let due = data["dueOn"].as_str();
            let due_sv = due.map(|d| format!(" Klar senast {d}.")).unwrap_or_default();
            let due_en = due.map(|d| format!(" Due {d}.")).unwrap_or_default();
            let texts = Texts {
                sv: (format!("Ny uppgift: {title}"), format!("Du har fått uppgiften: {title}.{due_sv}")),
                en: (format!("New task: {title}"), format!("You have been given the task: {title}.{due_en}")),
            };
            let people = mail::user_email(txn, assignee).await?.into_iter().collect();
            to_all(txn, people, texts, None).await
        }
        _ => Ok(Vec::new()),
    }
}

async fn offer_cancelled_mail(txn: &DatabaseTransaction, data: &serde_json::Value) -> Result<Vec<NewMail>, ApiError> {
    let Some(offer) = id_of(data, "id") else { return Ok(Vec::new()) };
    let title = data["title"].as_str().unwrap_or_default().to_owned();
    let mut people = BTreeSet::new();
    for enrolment in mail::enrolments_of_offer(txn, offer).await? {
        if let Some((e, participants)) = mail::enrolment_people(txn, enrolment).await? {
            people.extend(mail::company_users(txn, e.company_id).await?);
            people.extend(participants);
        }
    }
    let texts = Texts {
        sv: (
            format!("Inställd: {title}"),
            format!("Utbildningen {title} är inställd. Era anmälningar till den är avbokade."),
        ),
        en: (
            format!("Cancelled: {title}"),
            format!("The training {title} is cancelled. Your enrolments in it are cancelled."),
        ),
    };
    to_all(txn, people, texts, None).await
}

async fn registration_mail(txn: &DatabaseTransaction, data: &serde_json::Value) -> Result<Vec<NewMail>, ApiError> {
    let Some(id) = id_of(data, "id") else { return Ok(Vec::new()) };
    let Some((meeting_id, company, attendees)) = mail::registration_people(txn, id).await? else {
        return Ok(Vec::new());
    };
    let Some(meeting) = network_meetings::get(txn, meeting_id).await? else { return Ok(Vec::new()) };
    let mut people: BTreeSet<String> = mail::company_users(txn, company).await?.into_iter().collect();
    people.extend(attendees);
    let (title, when) = (&meeting.title, meeting.starts_at.format("%Y-%m-%d %H:%M UTC"));
    let texts = Texts {
        sv: (
            format!("Anmäld: {title}"),
            format!("Ni är anmälda till {title} den {when}. Inbjudan finns bifogad för er kalender."),
        ),
        en: (
            format!("Registered: {title}"),
            format!("You are registered for {title} on {when}. The invitation is attached for your calendar."),
        ),
    };
    let ics = (crate::calendar::invitation(&meeting, "REQUEST"), "REQUEST");
    to_all(txn, people, texts, Some(ics)).await
}

async fn meeting_mail(
    txn: &DatabaseTransaction,
    kind: EventType,
    data: &serde_json::Value,
) -> Result<Vec<NewMail>, ApiError> {
    let Some(id) = id_of(data, "id") else { return Ok(Vec::new()) };
    let Some(meeting) = network_meetings::get(txn, id).await? else { return Ok(Vec::new()) };
    let mut people = BTreeSet::new();
    for (company, attendees) in mail::meeting_people(txn, id).await? {
        people.extend(mail::company_users(txn, company).await?);
        people.extend(attendees);
    }
    let (title, when) = (&meeting.title, meeting.starts_at.format("%Y-%m-%d %H:%M UTC"));
    let (texts, method) = if kind == EventType::MeetingCancelled {
        let sv = (format!("Inställd: {title}"), format!("Nätverksträffen {title} är inställd."));
        (
            Texts { sv, en: (format!("Cancelled: {title}"), format!("The network meeting {title} is cancelled.")) },
            "CANCEL",
        )
    } else {
        let sv = (format!("Ändrad: {title}"), format!("Nätverksträffen {title} är ändrad. Den börjar {when}."));
        let en = (format!("Changed: {title}"), format!("The network meeting {title} has changed. It starts {when}."));
        (Texts { sv, en }, "REQUEST")
    };
    to_all(txn, people, texts, Some((crate::calendar::invitation(&meeting, method), method))).await
}

async fn enrolment_mail(txn: &DatabaseTransaction, kind: EventType, id: Uuid) -> Result<Vec<NewMail>, ApiError> {
    let Some((e, participants)) = mail::enrolment_people(txn, id).await? else { return Ok(Vec::new()) };
    let Some(offer) = training_offers::get(txn, e.offer_id).await? else { return Ok(Vec::new()) };
    let title = offer.offer.title.clone();
    if kind == EventType::EnrolmentCancelled
        && offer.offer.status == samverka_domain::offers::OfferStatus::Cancelled.as_str()
    {
        // The offer's cancellation tells everyone at once.
        return Ok(Vec::new());
    }
    let start = offer.offer.starts_at.format("%Y-%m-%d");
    let texts = match kind {
        EventType::EnrolmentConfirmed => Texts {
            sv: (
                format!("Anmälan bekräftad: {title}"),
                format!("Anmälan till {title} är bekräftad. Utbildningen börjar {start}."),
            ),
            en: (
                format!("Enrolment confirmed: {title}"),
                format!("The enrolment in {title} is confirmed. The training starts {start}."),
            ),
        },
        EventType::EnrolmentWaitlisted => Texts {
            sv: (
                format!("Väntelista: {title}"),
                format!("{title} är fullbokad. Anmälan står på väntelistan; ni får besked om en plats blir ledig."),
            ),
            en: (
                format!("Waiting list: {title}"),
                format!("{title} is full. The enrolment is on the waiting list; you will hear when a seat opens."),
            ),
        },
        EventType::EnrolmentPromoted => Texts {
            sv: (
                format!("Ni har fått plats: {title}"),
                format!("En plats blev ledig: anmälan till {title} är nu bekräftad. Utbildningen börjar {start}."),
            ),
            en: (
                format!("You have a seat: {title}"),
                format!("A seat opened: the enrolment in {title} is now confirmed. The training starts {start}."),
            ),
        },
        _ => Texts {
            sv: (format!("Anmälan avbokad: {title}"), format!("Anmälan till {title} är avbokad.")),
            en: (format!("Enrolment cancelled: {title}"), format!("The enrolment in {title} is cancelled.")),
        },
    };
    let mut people: BTreeSet<String> = mail::company_users(txn, e.company_id).await?.into_iter().collect();
    people.extend(participants);
    to_all(txn, people, texts, None).await
}
