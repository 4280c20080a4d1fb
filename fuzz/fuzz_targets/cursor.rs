//! Page cursors come back from clients: any text is a valid cursor or a
//! `cursor` field error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samverka_domain::page::PageRequest;

fuzz_target!(|input: (Option<u64>, &str)| {
    let (limit, cursor) = input;
    match PageRequest::<(String, String)>::parse(limit, Some(cursor)) {
        Ok(page) => assert!((1..=500).contains(&page.limit)),
        Err(e) => assert!(e.field == "limit" || e.field == "cursor", "{}", e.field),
    }
    let _ = PageRequest::<serde_json::Value>::parse(limit, Some(cursor));
});
