//! What a write to a training offer is made of, made only by parsing:
//! every field error of one input at once.

use super::{Format, MAX_AREAS, OfferStatus, TeachingLanguage, check_sessions};
use crate::competence_area::AreaSlug;
use crate::municipality::Kommunkod;
use crate::{FieldError, FieldErrors, account, needs, text};
use chrono::{DateTime, NaiveDate, Utc};

/// The longest title, description and venue.
pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
pub const VENUE_MAX: usize = 300;

/// What the reference data holds, for the rules that need it.
pub trait Known {
    fn area(&self, slug: &AreaSlug) -> bool;
    fn municipality(&self, code: &Kommunkod) -> bool;
}

/// Reference data taken on trust: rows made in code (demo data), whose
/// foreign keys the database checks anyway.
pub struct Trusted;

impl Known for Trusted {
    fn area(&self, _: &AreaSlug) -> bool {
        true
    }
    fn municipality(&self, _: &Kommunkod) -> bool {
        true
    }
}

/// An offer's content as a client sends it (a change: merged with the
/// offer as it is).
#[derive(Debug, Clone, Copy)]
pub struct OfferInput<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub areas: &'a [String],
    pub format: &'a str,
    pub municipality: Option<&'a str>,
    pub venue: Option<&'a str>,
    pub sessions: &'a [(DateTime<Utc>, DateTime<Utc>)],
    pub seats: i64,
    pub price_sek: i64,
    pub language: &'a str,
    pub enrolment_deadline: Option<&'a str>,
}

/// An offer's valid content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferContent {
    pub title: String,
    pub description: Option<String>,
    /// Sorted, each once.
    pub areas: Vec<AreaSlug>,
    pub format: Format,
    pub municipality: Option<Kommunkod>,
    pub venue: Option<String>,
    /// In order, at least one.
    pub sessions: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    pub seats: i32,
    pub price_sek: i32,
    pub language: TeachingLanguage,
    pub enrolment_deadline: Option<NaiveDate>,
}

impl OfferContent {
    pub fn parse(c: OfferInput<'_>, known: &dyn Known) -> Result<OfferContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.collect(text::required("title", c.title, TITLE_MAX));
        let description =
            c.description.and_then(|d| errors.collect(text::multiline("description", d, DESCRIPTION_MAX)));
        if c.areas.is_empty() || c.areas.len() > MAX_AREAS {
            errors.push(FieldError::new("areas", "length", "an offer covers 1–12 competence areas"));
        }
        let mut areas: Vec<AreaSlug> = Vec::new();
        for (i, area) in c.areas.iter().enumerate() {
            let field = format!("areas[{i}]");
            let Some(slug) = errors.collect(AreaSlug::parse(&field, area)) else { continue };
            if !known.area(&slug) {
                errors.push(FieldError::new(&field, "unknown", format!("there is no competence area {slug}")));
            } else if areas.contains(&slug) {
                errors.push(FieldError::new(&field, "duplicate", format!("{slug} is listed twice")));
            } else {
                areas.push(slug);
            }
        }
        areas.sort();
        let format = errors.collect(Format::parse("format", c.format));
        let municipality = c.municipality.and_then(|code| errors.collect(Kommunkod::parse("municipality", code)));
        if let Some(code) = municipality.as_ref().filter(|code| !known.municipality(code)) {
            errors.push(FieldError::new("municipality", "unknown", format!("there is no municipality {code}")));
        }
        let venue = match (c.venue, format) {
            (Some(v), _) => errors.collect(text::required("venue", v, VENUE_MAX)),
            (None, Some(Format::OnSite | Format::Hybrid)) => {
                errors.push(FieldError::new("venue", "required", "an offer held on site has a venue"));
                None
            }
            _ => None,
        };
        for error in check_sessions(c.sessions) {
            errors.push(error);
        }
        if !(1..=10_000).contains(&c.seats) {
            errors.push(FieldError::new("seats", "range", "an offer has 1–10,000 seats"));
        }
        if !(0..=10_000_000).contains(&c.price_sek) {
            errors.push(FieldError::new("priceSek", "range", "the price is 0–10,000,000 SEK"));
        }
        let language = errors.collect(TeachingLanguage::parse("language", c.language));
        let deadline = c.enrolment_deadline.and_then(|d| errors.collect(needs::date("enrolmentDeadline", d)));
        if let (Some(deadline), Some(first)) = (deadline, c.sessions.first())
            && deadline > first.0.date_naive()
        {
            errors.push(FieldError::new("enrolmentDeadline", "order", "enrolment closes before the first session"));
        }
        errors.finish(|| {
            Some(OfferContent {
                title: title?,
                description,
                areas,
                format: format?,
                municipality,
                venue,
                sessions: c.sessions.to_vec(),
                seats: c.seats as i32,
                price_sek: c.price_sek as i32,
                language: language?,
                enrolment_deadline: deadline,
            })
        })
    }

    /// When the offer starts: its first session.
    pub fn starts_at(&self) -> Option<DateTime<Utc>> {
        self.sessions.first().map(|s| s.0)
    }
}

/// A valid new offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOffer {
    pub provider: String,
    pub status: OfferStatus,
    pub content: OfferContent,
}

impl NewOffer {
    /// A provider user's offers are its own (`provider` may be left out);
    /// anyone else names the provider. A new offer is a draft (the
    /// default) or published.
    pub fn parse(
        own_provider: Option<&str>,
        provider: Option<&str>,
        status: Option<&str>,
        content: OfferInput<'_>,
        known: &dyn Known,
    ) -> Result<NewOffer, FieldErrors> {
        let mut errors = FieldErrors::default();
        let provider = match (own_provider, provider) {
            (Some(own), None) => Some(own.to_owned()),
            (_, Some(name)) => errors.collect(account::provider_name("provider", name)),
            (_, None) => {
                errors.push(FieldError::new("provider", "required", "name the provider of the offer"));
                None
            }
        };
        let status = match status {
            None => Some(OfferStatus::Draft),
            Some(s) => errors.collect(OfferStatus::parse("status", s)),
        };
        if status == Some(OfferStatus::Cancelled) {
            errors.push(FieldError::new("status", "enum", "a new offer is a draft or published"));
        }
        let content = errors.absorb(OfferContent::parse(content, known));
        errors.finish(|| Some(NewOffer { provider: provider?, status: status?, content: content? }))
    }
}

/// Whether an offer may move from `from` to `to` (a conflict naming the
/// field otherwise): along the workflow, and a cancelled offer not at all.
pub fn check_move(from: OfferStatus, to: OfferStatus) -> Result<(), FieldError> {
    from.transition(to).map_err(|message| FieldError::new("status", "transition", message))?;
    if from == OfferStatus::Cancelled {
        return Err(FieldError::new("status", "cancelled", "a cancelled offer cannot change"));
    }
    Ok(())
}

/// An offer that stays open keeps at least the seats that are taken.
pub fn check_seats(to: OfferStatus, seats: i32, taken: i32) -> Result<(), FieldError> {
    if to != OfferStatus::Cancelled && seats < taken {
        return Err(FieldError::new("seats", "taken", format!("at least {taken}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(areas: &'a [String], sessions: &'a [(DateTime<Utc>, DateTime<Utc>)]) -> OfferInput<'a> {
        OfferInput {
            title: "Svetsning grund",
            description: None,
            areas,
            format: "onSite",
            municipality: Some("0686"),
            venue: None,
            sessions,
            seats: 10,
            price_sek: 0,
            language: "sv",
            enrolment_deadline: Some("2026-05-02"),
        }
    }

    #[test]
    fn an_offer_on_site_needs_a_venue_and_known_areas() {
        let start = DateTime::parse_from_rfc3339("2026-05-01T08:00:00Z").expect("date").to_utc();
        let sessions = [(start, start + chrono::Duration::hours(2))];
        let areas = ["welding".to_owned(), "knitting".to_owned(), "welding".to_owned()];
        struct Welding;
        impl Known for Welding {
            fn area(&self, slug: &AreaSlug) -> bool {
                slug.as_str() == "welding"
            }
            fn municipality(&self, _: &Kommunkod) -> bool {
                true
            }
        }
        let errors = OfferContent::parse(input(&areas, &sessions), &Welding).expect_err("invalid");
        let fields: Vec<(&str, &str)> = errors.0.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(
            fields,
            [("areas[1]", "unknown"), ("areas[2]", "duplicate"), ("venue", "required"), ("enrolmentDeadline", "order")]
        );
    }

    #[test]
    fn a_cancelled_offer_is_final_and_keeps_no_fewer_seats_than_taken() {
        use OfferStatus::{Cancelled, Draft, Published};
        assert_eq!(check_move(Cancelled, Cancelled).map_err(|e| e.code), Err("cancelled".to_owned()));
        assert_eq!(check_move(Published, Draft).map_err(|e| e.code), Err("transition".to_owned()));
        assert!(check_move(Draft, Published).is_ok());
        assert!(check_seats(Published, 3, 4).is_err());
        assert!(check_seats(Cancelled, 3, 4).is_ok());
        assert!(check_seats(Published, 4, 4).is_ok());
    }

    #[test]
    fn a_provider_offers_as_itself_and_a_new_offer_is_not_cancelled() {
        let start = DateTime::parse_from_rfc3339("2026-05-01T08:00:00Z").expect("date").to_utc();
        let sessions = [(start, start + chrono::Duration::hours(2))];
        let areas = ["welding".to_owned()];
        let content = OfferInput { venue: Some("Campus"), enrolment_deadline: None, ..input(&areas, &sessions) };
        let offer = NewOffer::parse(Some("Campus Eksjö"), None, None, content, &Trusted).expect("valid");
        assert_eq!((offer.provider.as_str(), offer.status), ("Campus Eksjö", OfferStatus::Draft));
        let errors = NewOffer::parse(None, None, Some("cancelled"), content, &Trusted).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["provider", "status"]);
    }
}
