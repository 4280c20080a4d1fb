//! iCalendar (RFC 5545) answers for `Accept: text/calendar`: one meeting,
//! or a list of meetings or of published offers' sessions as a feed that
//! calendar programs subscribe to. UIDs are stable (the meeting's id; the
//! offer's id and the session's place) and SEQUENCE grows with every change
//! (the row's version), so subscribed calendars update in place.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use samverka_domain::offers::{MeetingStatus, OfferStatus};
use samverka_persistence::entities::network_meeting;
use samverka_persistence::training_offers::Offer;

/// Whether the request asks for iCalendar.
pub fn wanted(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.split(',').any(|r| r.trim().starts_with("text/calendar")))
}

/// A VCALENDAR answer with a strong ETag.
pub fn respond(events: Vec<Event>, name: &str, filename: &str) -> HttpResponse {
    let mut calendar = Calendar::new();
    calendar.name(name);
    for event in events {
        calendar.push(event);
    }
    let body = calendar.done().to_string();
    HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((header::ETAG, crate::representation::etag_of(body.as_bytes())))
        .insert_header((header::VARY, "Accept"))
        .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")))
        .body(body)
}

/// The domain that makes UIDs unique: the same in feeds and in e-mailed
/// invitations, whatever host name a client used.
const UID_DOMAIN: &str = "samverka.se";

fn sequence(version: i32) -> u32 {
    (version - 1).max(0) as u32
}

/// A meeting as a VEVENT.
pub fn meeting(m: &network_meeting::Model) -> Event {
    let mut description = m.theme.clone().unwrap_or_default();
    for question in m.question_list() {
        description.push_str(&format!("\n– {question}"));
    }
    let mut event = Event::new();
    event
        .uid(&format!("{}@{UID_DOMAIN}", m.id))
        .timestamp(m.updated_at)
        .summary(&m.title)
        .starts(m.starts_at)
        .ends(m.ends_at)
        .sequence(sequence(m.version))
        .status(if m.status == MeetingStatus::Cancelled.as_str() {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if !description.trim().is_empty() {
        event.description(description.trim());
    }
    match (&m.venue, &m.online_url) {
        (Some(venue), _) => {
            event.location(venue);
        }
        (None, Some(url)) => {
            event.location(url);
        }
        _ => {}
    }
    if let Some(url) = &m.online_url {
        event.url(url);
    }
    event.done()
}

/// The sessions of a published (or cancelled) offer as VEVENTs; a draft has none.
pub fn offer_sessions(o: &Offer) -> Vec<Event> {
    let m = &o.offer;
    let status = match m.status.as_str() {
        s if s == OfferStatus::Published.as_str() => EventStatus::Confirmed,
        s if s == OfferStatus::Cancelled.as_str() => EventStatus::Cancelled,
        _ => return Vec::new(),
    };
    let count = o.sessions.len();
    o.sessions
        .iter()
        .map(|s| {
            let mut event = Event::new();
            let title = if count > 1 { format!("{} ({}/{count})", m.title, s.position + 1) } else { m.title.clone() };
            event
                .uid(&format!("{}-{}@{UID_DOMAIN}", m.id, s.position))
                .timestamp(m.updated_at)
                .summary(&title)
                .starts(s.starts_at)
                .ends(s.ends_at)
                .sequence(sequence(m.version))
                .status(status);
            event.description(&format!("{} · {}", m.provider, m.description.clone().unwrap_or_default()));
            if let Some(venue) = &m.venue {
                event.location(venue);
            }
            event.done()
        })
        .collect()
}

/// One meeting as an iCalendar invitation (METHOD `REQUEST`, or `CANCEL`).
pub fn invitation(m: &network_meeting::Model, method: &str) -> String {
    let mut calendar = Calendar::new();
    calendar.name("Samverka").append_property(icalendar::Property::new("METHOD", method));
    calendar.push(meeting(m));
    calendar.done().to_string()
}
