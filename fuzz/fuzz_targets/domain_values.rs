//! The value parsers of the domain: whatever the text, they answer Ok or a
//! field error naming the field, and what they accept parses again to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samverka_domain::account::Email;
use samverka_domain::company::{self, OrgNumber};
use samverka_domain::competence_area::{self, AreaSlug};
use samverka_domain::municipality::Kommunkod;
use samverka_domain::{needs, text};

fuzz_target!(|input: &str| {
    if let Ok(org) = OrgNumber::parse("orgNumber", input) {
        let again = OrgNumber::parse("orgNumber", &org.to_string()).expect("a parsed orgNumber parses again");
        assert_eq!(again.to_string(), org.to_string());
    }
    if let Err(e) = Kommunkod::parse("municipality", input) {
        assert_eq!(e.field, "municipality");
    }
    let _ = AreaSlug::parse("area", input);
    let _ = competence_area::esco_skill_uri("escoUri", input);
    let _ = company::sni_code("sniCode", input);
    let _ = company::sni_prefix("sni", input);
    let _ = company::parse_size_class("sizeClass", input);
    if let Ok(url) = company::website("website", input) {
        company::website("website", &url).expect("a normalised web site parses again");
    }
    let _ = company::like_pattern(input);
    let _ = company::fold(input);
    if let Ok(email) = Email::parse("email", input) {
        assert_eq!(Email::parse("email", email.as_str()).expect("again").as_str(), email.as_str());
    }
    let _ = needs::date("conductedOn", input);
    if let Ok(t) = text::required("name", input, 200) {
        assert!(!t.is_empty() && t.chars().count() <= 200);
    }
    let _ = text::multiline("description", input, 4000);
});
