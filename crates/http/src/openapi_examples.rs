//! Whole-body examples of the request bodies, realistic and Swedish, as a
//! frontend developer would send them (the Swagger UI fills them in).
//! A test sends each to a running server and expects it to be accepted
//! (tests/api/openapi.rs), so they cannot drift from the rules.

use serde_json::{Value, json};

/// (schema name, example)
pub fn request_examples() -> Vec<(&'static str, Value)> {
    vec![
        (
            "CreateCompanyRequest",
            json!({
                "orgNumber": "556036-0793", "name": "Eksjö Mekaniska Verkstad AB", "municipality": "0686",
                "sniCode": "25620", "employees": 42, "website": "https://www.eksjomekaniska.se/",
                "address": "Industrigatan 4, 575 38 Eksjö",
                "description": "Legotillverkning: svarvning, fräsning och svetsning i små och medelstora serier.",
                "listed": true
            }),
        ),
        (
            "UpdateCompanyRequest",
            json!({ "employees": 45, "website": "https://www.eksjomekaniska.se/", "listed": true }),
        ),
        (
            "CreateContactRequest",
            json!({ "name": "Karin Lund", "title": "HR-chef", "email": "karin.lund@eksjomekaniska.se", "phone": "+46 381 123 45" }),
        ),
        ("UpdateContactRequest", json!({ "title": "Personalchef", "phone": "+46 381 123 46" })),
        (
            "CreateAnalysisRequest",
            json!({
                "companyId": "01950000-0000-7000-8000-000000000001", "conductedOn": "2026-03-03", "status": "completed",
                "summary": "Behovsanalys vid företagsbesök: generationsskifte i produktionen och krav på automation.",
                "needs": [
                    { "area": "automation-digitalisation", "priority": "high", "employeesConcerned": 12,
                      "description": "Operatörer behöver grundläggande robotprogrammering.", "wantedBy": "2026-09-01" },
                    { "area": "leadership", "priority": "medium", "employeesConcerned": 3,
                      "description": "Nya produktionsledare saknar ledarskapsutbildning." }
                ]
            }),
        ),
        ("UpdateAnalysisRequest", json!({ "status": "archived" })),
        (
            "CreateOfferRequest",
            json!({
                "title": "Automation och robotik för operatörer", "areas": ["automation-digitalisation"],
                "description": "Tre dagar med praktiska övningar i robotcell, för operatörer utan tidigare erfarenhet.",
                "provider": "Campus Eksjö", "format": "onSite", "municipality": "0686", "venue": "Campus Eksjö, verkstadshallen",
                "sessions": [
                    { "startsAt": "2027-03-02T07:00:00Z", "endsAt": "2027-03-02T15:00:00Z" },
                    { "startsAt": "2027-03-09T07:00:00Z", "endsAt": "2027-03-09T15:00:00Z" }
                ],
                "seats": 12, "priceSek": 4500, "language": "sv", "enrolmentDeadline": "2027-02-23", "status": "published"
            }),
        ),
        ("UpdateOfferRequest", json!({ "seats": 16, "enrolmentDeadline": "2027-02-25" })),
        (
            "CreateEnrolmentRequest",
            json!({ "participants": [
                { "name": "Lina Ek", "email": "lina.ek@eksjomekaniska.se", "gender": "woman" },
                { "name": "Omar Said", "gender": "man" }
            ] }),
        ),
        (
            "CreateMeetingRequest",
            json!({
                "title": "Företagsnätverk: kompetensförsörjning i industrin",
                "theme": "Hur behåller vi och lockar nya medarbetare?",
                "questions": ["Vilka kompetenser behöver ni de kommande två åren?", "Hur kan vi samarbeta över kommungränserna?"],
                "municipality": "0686", "format": "hybrid", "venue": "Eksjö stadshus, stora salen",
                "onlineUrl": "https://meet.example.se/foretagsnatverk",
                "startsAt": "2027-02-11T07:30:00Z", "endsAt": "2027-02-11T09:30:00Z", "capacity": 40
            }),
        ),
        (
            "CreateRegistrationRequest",
            json!({ "attendees": [ { "name": "Karin Lund", "email": "karin.lund@eksjomekaniska.se" }, { "name": "Per Holm" } ] }),
        ),
        (
            "CreateUserRequest",
            json!({ "email": "anna.berg@eksjo.se", "displayName": "Anna Berg", "role": "officer",
                    "municipality": "0686", "password": "ett långt första lösenord" }),
        ),
        ("CreateApiClientRequest", json!({ "name": "Eksjö kommun – företagsregister", "municipalities": ["0686"] })),
        (
            "CreateMunicipalityRequest",
            json!({ "code": "0688", "name": "Holaveden", "county": "Jönköpings län", "partner": false }),
        ),
        ("CreateCompetenceAreaRequest", json!({ "slug": "welding", "labels": { "sv": "Svetsning", "en": "Welding" } })),
    ]
}
