//! Both feed formats (Statusmark's and Statuspage's), as the widget reads untrusted feeds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(feed) = statusmark_feed::parse_feed(text) {
        for c in &feed.components {
            let _ = feed.component_status_at(c, 0, |s| s.len().try_into().ok());
        }
        let _ = feed.grouped();
    }
});
