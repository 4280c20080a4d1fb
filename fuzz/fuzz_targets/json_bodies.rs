//! JSON bodies: any bytes are a request DTO or a 400 (malformed, wrong type,
//! unknown field), never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samverka_http::extract::parse_json;
use samverka_http::routes::{companies, needs_analyses, training_offers, users};

fuzz_target!(|body: &[u8]| {
    let _ = parse_json::<companies::CreateCompanyRequest>(body);
    let _ = parse_json::<companies::UpdateCompanyRequest>(body);
    let _ = parse_json::<needs_analyses::CreateAnalysisRequest>(body);
    let _ = parse_json::<training_offers::CreateOfferRequest>(body);
    let _ = parse_json::<users::CreateUserRequest>(body);
});
