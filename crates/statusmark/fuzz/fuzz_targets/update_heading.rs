//! Update headings and the sections of a body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use statusmark::content::sections::{level2_headings, split_update_heading};

fuzz_target!(|text: &str| {
    let _ = split_update_heading(text);
    for h in level2_headings(text) {
        assert!(h.start <= h.end && h.end <= text.len());
        let _ = split_update_heading(&h.text);
    }
});
