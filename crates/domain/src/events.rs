//! Events: what happened, by name, and who may learn of it; and webhook
//! subscriptions to them. Made only by parsing: every field error at once.

use crate::municipality::Kommunkod;
use crate::{FieldError, FieldErrors};
use std::net::IpAddr;

crate::offers::string_enum!(
/// What happened. Names are `resource.verb`.
    EventType {
        CompanyCreated = "company.created",
        CompanyUpdated = "company.updated",
        CompanyDeleted = "company.deleted",
        OfferPublished = "offer.published",
        OfferChanged = "offer.changed",
        OfferCancelled = "offer.cancelled",
        EnrolmentConfirmed = "enrolment.confirmed",
        EnrolmentWaitlisted = "enrolment.waitlisted",
        EnrolmentPromoted = "enrolment.promoted",
        EnrolmentCancelled = "enrolment.cancelled",
        MeetingPlanned = "meeting.planned",
        MeetingChanged = "meeting.changed",
        MeetingCancelled = "meeting.cancelled",
        MeetingHeld = "meeting.held",
        AnalysisCompleted = "analysis.completed",
        TaskAssigned = "task.assigned",
        RegistrationConfirmed = "registration.confirmed",
    } "an event"
);

/// Who may learn of an event (as the access matrix lets them read its subject).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Admins only (analyses, tasks).
    Admins,
    /// Admins, and integrations (no personal data is in the event).
    Public,
    /// A company: admins, and integrations bound to its municipality when it is listed.
    Company { municipality: String, listed: bool },
}

impl Audience {
    pub fn as_str(&self) -> &'static str {
        match self {
            Audience::Admins => "admins",
            Audience::Public => "public",
            Audience::Company { .. } => "company",
        }
    }
}

/// The longest webhook URL.
pub const URL_MAX: usize = 2048;
/// The most events one subscription names.
pub const MAX_EVENTS: usize = 17;

/// What the server lets webhook URLs point at (development settings).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UrlRules {
    /// `http://` to a loopback address (127.0.0.1, ::1, localhost).
    pub allow_http_loopback: bool,
    /// Addresses in private, loopback, link-local and other non-public ranges.
    pub allow_private: bool,
}

/// Whether an address is outside the public internet: loopback, private,
/// link-local, unique local, carrier-grade NAT, unspecified, multicast,
/// documentation and benchmarking ranges — where a webhook must not reach
/// (server-side request forgery into the municipality's network).
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6.to_ipv4_mapped().is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

/// A webhook URL, checked for its shape: `https://`, or `http://` to a
/// loopback host when the rules allow it; no user name or password; a host.
/// (Where the host resolves to is checked when it is saved and when it is called.)
pub fn webhook_url(field: &str, input: &str, rules: UrlRules) -> Result<url::Url, FieldError> {
    let bad = |message: &str| FieldError::new(field, "url", message.to_owned());
    if input.len() > URL_MAX {
        return Err(FieldError::new(field, "length", format!("at most {URL_MAX} characters")));
    }
    let url = url::Url::parse(input.trim()).map_err(|_| bad("an absolute https:// URL"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("a webhook URL carries no user name or password"));
    }
    let host = url.host_str().ok_or_else(|| bad("an absolute https:// URL"))?;
    let loopback =
        host == "localhost" || host.trim_matches(['[', ']']).parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback && rules.allow_http_loopback => Ok(url),
        "http" => Err(bad("webhooks are called over https://")),
        _ => Err(bad("an absolute https:// URL")),
    }
}

/// A list of event names, at least one, each known, without repeats.
pub fn event_types(field: &str, input: &[String]) -> Result<Vec<EventType>, FieldErrors> {
    if input.is_empty() || input.len() > MAX_EVENTS {
        return Err(FieldError::new(field, "length", format!("1–{MAX_EVENTS} event names")).into());
    }
    let mut errors = FieldErrors::default();
    let mut out = Vec::new();
    for (i, name) in input.iter().enumerate() {
        match EventType::parse(&format!("{field}[{i}]"), name) {
            Ok(t) if out.contains(&t) => {
                errors.push(FieldError::new(format!("{field}[{i}]"), "duplicate", "listed twice"))
            }
            Ok(t) => out.push(t),
            Err(e) => errors.push(e),
        }
    }
    errors.into_result()?;
    Ok(out)
}

/// Whether an integration bound to `municipalities` (empty: all) learns of
/// an event for `audience`.
pub fn integration_reads(audience: &Audience, municipalities: &[Kommunkod]) -> bool {
    match audience {
        Audience::Admins => false,
        Audience::Public => true,
        Audience::Company { municipality, listed } => {
            *listed && (municipalities.is_empty() || municipalities.iter().any(|m| m.as_str() == municipality))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls_are_https_and_public() {
        let strict = UrlRules::default();
        assert!(webhook_url("url", "https://hooks.example.se/samverka", strict).is_ok());
        assert_eq!(webhook_url("url", "http://hooks.example.se/", strict).map_err(|e| e.code), Err("url".to_owned()));
        assert!(webhook_url("url", "http://127.0.0.1:9000/", strict).is_err());
        let dev = UrlRules { allow_http_loopback: true, allow_private: false };
        assert!(webhook_url("url", "http://127.0.0.1:9000/", dev).is_ok());
        assert!(webhook_url("url", "http://10.0.0.5/", dev).is_err(), "plain http only to loopback");
        assert!(webhook_url("url", "https://user:pw@example.se/", strict).is_err());
        for private in [
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.4",
            "127.0.0.1",
            "169.254.169.254",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_private(private.parse().expect("ip")), "{private}");
        }
        assert!(!is_private("93.184.216.34".parse().expect("ip")));
    }

    #[test]
    fn event_lists_name_known_events_once() {
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let errors =
            event_types("events", &names(&["company.created", "company.created", "company.exploded"])).expect_err("x");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["events[1]", "events[2]"]);
        assert!(event_types("events", &[]).is_err());
        let company = Audience::Company { municipality: "0686".into(), listed: true };
        let eksjo = Kommunkod::parse("m", "0686").expect("code");
        let vaxjo = Kommunkod::parse("m", "0780").expect("code");
        assert!(integration_reads(&company, &[eksjo]) && !integration_reads(&company, &[vaxjo]));
        assert!(!integration_reads(&Audience::Admins, &[]));
    }
}
