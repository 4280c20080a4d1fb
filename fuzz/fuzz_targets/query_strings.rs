//! Query strings as the list endpoints read them: parsed into their
//! parameters and turned into filters, or a 400 naming the parameter.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samverka_domain::account::Principal;
use samverka_http::extract::parse_query;
use samverka_http::routes::companies::list::{CompanyExportParams, CompanyListParams};

fuzz_target!(|query: &str| {
    if let Ok(params) = parse_query::<CompanyListParams>(query) {
        let _ = params.filter(&Principal::Anonymous);
        let _ = params.sort();
    }
    if let Ok(params) = parse_query::<CompanyExportParams>(query) {
        let _ = params.filter(&Principal::Anonymous);
    }
    let _ = parse_query::<samverka_http::representation::PageParams>(query);
});
