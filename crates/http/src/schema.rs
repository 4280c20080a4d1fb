//! Named schemas for the values the API checks: the OpenAPI document states
//! each rule the validators apply where JSON Schema can say it (patterns,
//! lengths, enums, ranges), so that generated clients and fuzzers (see
//! `scripts/schemathesis.sh`) know what is accepted. DTO fields use them with
//! `#[schema(value_type = …)]`, query parameters with `#[param(value_type = …, inline)]`.
//!
//! What JSON Schema cannot say stays in the descriptions and answers 422:
//! check digits, rules between fields, references to rows that must exist.

use samverka_domain::account::Role;
use samverka_domain::{company, offers};
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::{KnownFormat, RefOr};

/// Code points that are control characters (Unicode category Cc), which
/// text never contains.
const CONTROL: &str = r"\u0000-\u001F\u007F-\u009F";
/// The same but for tab, line feed and carriage return.
const CONTROL_BUT_LINES: &str = r"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F";

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

/// Free text as `samverka_domain::text` takes it: at least one character
/// that is not white space, no control characters, at most `max` characters.
fn text(max: usize, lines: bool, description: &str) -> ObjectBuilder {
    let allowed = if lines { CONTROL_BUT_LINES } else { CONTROL };
    string()
        .min_length(Some(1))
        .max_length(Some(max))
        .pattern(Some(format!(r"^[^{allowed}]*[^\s{CONTROL}][^{allowed}]*$")))
        .description(Some(description))
}

fn one_of<'a>(values: impl IntoIterator<Item = &'a str>, description: &str) -> ObjectBuilder {
    let values: Vec<&str> = values.into_iter().collect();
    let example = values.first().copied();
    string().enum_values(Some(values)).description(Some(description)).examples(example)
}

macro_rules! named_schema {
    ($(#[$doc:meta])* $name:ident => $build:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                let build: ObjectBuilder = $build;
                build.into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

named_schema!(Line100 => text(100, false, "One line of text, 1–100 characters (trimmed)."));
named_schema!(Line200 => text(200, false, "One line of text, 1–200 characters (trimmed)."));
named_schema!(Line300 => text(300, false, "One line of text, 1–300 characters (trimmed)."));
named_schema!(Text500 => text(500, true, "Text of one or more lines, 1–500 characters (trimmed)."));
named_schema!(Text2000 => text(2000, true, "Text of one or more lines, 1–2,000 characters (trimmed)."));
named_schema!(Text4000 => text(4000, true, "Text of one or more lines, 1–4,000 characters (trimmed)."));
named_schema!(Text20000 => text(20_000, true, "Text of one or more lines, 1–20,000 characters (trimmed)."));

named_schema!(
    /// A kommunkod.
    Kommunkod => string()
        .pattern(Some("^(0[1-9]|1[0-9]|2[0-5])[0-9]{2}$"))
        .description(Some("A kommunkod: four digits, the first two a county code 01–25."))
        .examples(["0686"])
);
named_schema!(
    /// Kommunkoder in a query string.
    KommunkodList => string()
        .pattern(Some("^(0[1-9]|1[0-9]|2[0-5])[0-9]{2}(,(0[1-9]|1[0-9]|2[0-5])[0-9]{2})*$"))
        .description(Some("Comma-separated kommunkoder, e.g. `0686,0684`."))
        .examples(["0686,0684"])
);
named_schema!(
    /// An organisation number.
    OrgNumber => string()
        .pattern(Some("^(16)?[0-9]{2}[2-9][0-9]{3}-?[0-9]{4}$"))
        .description(Some(
            "A Swedish organisation number: `NNNNNN-NNNN`, `NNNNNNNNNN` or with the `16` prefix; \
             the third digit is 2 or more and the last is a Luhn check digit (checked: 422 otherwise).",
        ))
        .examples(["556036-0793"])
);
named_schema!(
    /// An SNI 2007 code.
    SniCode => string()
        .pattern(Some(format!("^({})[0-9]{{3}}$", company::sni_divisions().map(|d| format!("{d:02}")).collect::<Vec<_>>().join("|"))))
        .description(Some("An SNI 2007 code: five digits, the first two an SNI division."))
        .examples(["25620"])
);
named_schema!(
    /// An SNI prefix to filter by.
    SniPrefix => string()
        .pattern(Some("^[0-9]{1,5}$"))
        .description(Some("An SNI prefix: one to five digits, e.g. `25` for all of division 25."))
        .examples(["25"])
);
named_schema!(
    /// An SCB size class.
    SizeClass => one_of(company::SIZE_CLASSES.iter().map(|c| c.0), "An SCB size class by number of employees.")
);
named_schema!(
    /// A competence area's slug.
    AreaSlug => string()
        .min_length(Some(2))
        .max_length(Some(64))
        .pattern(Some("^[a-z0-9]+(-[a-z0-9]+)*$"))
        .description(Some("A competence area's slug: 2–64 lowercase letters, digits and single hyphens."))
        .examples(["leadership"])
);
named_schema!(
    /// An ESCO skill URI.
    EscoUri => string()
        .pattern(Some("^https?://data\\.europa\\.eu/esco/skill/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"))
        .description(Some("An ESCO skill URI (stored with `http://`)."))
        .examples(["http://data.europa.eu/esco/skill/3e4f2d41-e9a5-4c5a-a2a6-1e0bd8a2a0c5"])
);
named_schema!(
    /// An e-mail address.
    EmailAddress => string()
        .max_length(Some(254))
        .pattern(Some("^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9]+(-[A-Za-z0-9]+)*(\\.[A-Za-z0-9]+(-[A-Za-z0-9]+)*)+$"))
        .description(Some("An e-mail address (stored in lower case)."))
        .examples(["anna.berg@eksjo.se"])
);
named_schema!(
    /// A web address.
    WebUrl => string()
        .max_length(Some(300))
        .pattern(Some("^https?://[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)+(/[A-Za-z0-9._~%/-]*)?$"))
        .description(Some("An http or https URL whose host has a dot."))
        .examples(["https://www.example.se"])
);
named_schema!(
    /// A telephone number.
    Phone => string()
        .max_length(Some(40))
        .pattern(Some("^[ +()-]*([0-9][ +()-]*){5,}$"))
        .description(Some("A telephone number: at least five digits, spaces and `+ - ( )`, at most 40 characters."))
        .examples(["+46 381 123 45"])
);
named_schema!(
    /// A calendar date.
    CalendarDate => string()
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .pattern(Some("^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"))
        .description(Some("A date, `YYYY-MM-DD`, from 2000-01-01 to 2100-12-31."))
        .examples(["2026-03-03"])
);
named_schema!(
    /// A point in time.
    Timestamp => string()
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
        .description(Some("An RFC 3339 date-time with an offset."))
        .examples(["2026-03-03T09:00:00Z"])
);
named_schema!(
    /// A new password.
    NewPassword => {
        let mut not_all_alike = Extensions::default();
        not_all_alike.insert("not".to_owned(), serde_json::json!({ "pattern": "^(.)\\1*$" }));
        string()
            .min_length(Some(12))
            .max_length(Some(256))
            .description(Some("A new password: 12–256 characters, not all the same one."))
            .extensions(Some(not_all_alike))
    }
);
named_schema!(
    /// An opaque page cursor.
    Cursor => string()
        .pattern(Some("^[A-Za-z0-9_-]*$"))
        .description(Some("The `nextCursor` of the previous page, as handed out (opaque)."))
);
named_schema!(
    /// An `If-None-Match` header value.
    EntityTagsHeld => string()
        .max_length(Some(1024))
        .description(Some("The `ETag`s you hold (or `*`), separated by commas: 304 when one is the current one."))
        .examples(["\"3\""])
);
named_schema!(
    /// An `If-Match` header value.
    EntityTag => string()
        .description(Some(
            "The `ETag` of the version this write is based on, or `*`; several separated by commas. \
             412 when none is the current one (weak tags and anything else never match).",
        ))
        .examples(["\"3\""])
);
named_schema!(
    /// An `Idempotency-Key` header value.
    IdempotencyKey => string()
        .pattern(Some("^[\\u0021-\\u007E]{1,255}$"))
        .description(Some("1–255 visible ASCII characters, e.g. a UUID; the same key with another body is 422."))
        .examples(["0b7f2f4e-9f7e-4c55-a1a4-6a3f8d2d2e11"])
);

named_schema!(UserRole => one_of(Role::OF_USERS.iter().map(|r| r.as_str()), "A user's role."));
named_schema!(PrincipalRole => one_of(Role::ALL.iter().map(|r| r.as_str()), "A role, of users or API clients."));
named_schema!(AnalysisStatus => one_of(samverka_domain::needs::AnalysisStatus::ALL.iter().map(|s| s.as_str()), "A needs analysis's status."));
named_schema!(Priority => one_of(samverka_domain::needs::Priority::ALL.iter().map(|p| p.as_str()), "A need's priority."));
named_schema!(Format => one_of(offers::Format::ALL.iter().map(|v| v.as_str()), "How it is held."));
named_schema!(OfferStatus => one_of(offers::OfferStatus::ALL.iter().map(|v| v.as_str()), "An offer's status."));
named_schema!(Gender => one_of(offers::Gender::ALL.iter().map(|v| v.as_str()), "A participant's gender, as the ESF report counts it."));
named_schema!(AgeBand => one_of(offers::AgeBand::ALL.iter().map(|v| v.as_str()), "A participant's age band, as the ESF report counts it."));
named_schema!(TeachingLanguage => one_of(offers::TeachingLanguage::ALL.iter().map(|v| v.as_str()), "The language a training is given in."));
named_schema!(MeetingStatus => one_of(offers::MeetingStatus::ALL.iter().map(|v| v.as_str()), "A meeting's status."));
named_schema!(EnrolmentStatus => one_of(offers::EnrolmentStatus::ALL.iter().map(|v| v.as_str()), "An enrolment's status."));
named_schema!(ActivityKind => one_of(samverka_domain::activities::ActivityKind::ALL.iter().map(|v| v.as_str()), "What kind of contact with a company an activity was."));
named_schema!(TaskStatus => one_of(samverka_domain::activities::TaskStatus::ALL.iter().map(|v| v.as_str()), "Where a follow-up task is."));
named_schema!(NeedStatus => one_of(samverka_domain::needs::NeedStatus::ALL.iter().map(|v| v.as_str()), "What became of a need."));
named_schema!(
    /// A user id, or `me`.
    UserOrMe => string()
        .pattern(Some("^(me|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$"))
        .description(Some("A user's id, or `me` for the caller."))
        .examples(["me"])
);
named_schema!(TimelineEntryType => one_of(["activity", "analysis", "enrolment", "registration"], "What a timeline entry is."));
named_schema!(OutcomePeriod => one_of(["year", "month"], "How outcome figures are split in time."));
named_schema!(EventName => one_of(samverka_domain::events::EventType::ALL.iter().map(|v| v.as_str()), "An event's name."));
named_schema!(
    /// A webhook's URL.
    WebhookUrl => string()
        .format(Some(SchemaFormat::Custom("uri".to_owned())))
        .max_length(Some(2048))
        .pattern(Some("^https?://"))
        .description(Some("`https://…` (plain `http://` to loopback only where the server allows it)."))
        .examples(["https://integration.eksjo.se/samverka/events"])
);
named_schema!(
    /// Event names, comma-separated.
    EventNameList => string()
        .max_length(Some(700))
        .pattern(Some("^[a-z]+\\.[a-z]+(,[a-z]+\\.[a-z]+)*$"))
        .description(Some("Event names, comma-separated."))
        .examples(["enrolment.promoted,enrolment.cancelled"])
);
named_schema!(ProblemType => one_of(crate::routes::problems::PAGES.iter().map(|p| p.0), "The last segment of a problem's `type`."));
named_schema!(AuditAction => one_of(["create", "update", "delete"], "What a write did."));
named_schema!(NewOfferStatus => one_of(offers::OfferStatus::OF_NEW.iter().map(|v| v.as_str()), "A new offer's status (default `draft`)."));
named_schema!(CompanySortOrder => one_of(["name", "-name", "updatedAt", "-updatedAt"], "The order: by name (default) or by last change; `-` for descending."));
named_schema!(MeetingSortOrder => one_of(["upcoming", "startsAt", "-startsAt"], "`upcoming` (default: the next ones first, then the past ones), or by start."));
named_schema!(
    /// A search text.
    Search => string()
        .min_length(Some(1))
        .max_length(Some(100))
        .pattern(Some("^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$"))
        .description(Some("A case-insensitive search: 1–100 characters, not only white space, no control characters."))
        .examples(["mekaniska"])
);
