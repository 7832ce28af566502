//! The whole load of one incident file against a fixed site configuration, and its rendering.
#![no_main]

use libfuzzer_sys::fuzz_target;
use statusmark::content::{SourceFile, config, incident};

fuzz_target!(|text: &str| {
    let config_file = SourceFile {
        path: "content/statusmark.toml".into(),
        text: "title = \"F\"\ntimezone = \"Europe/Berlin\"\n[[components]]\nid = \"api\"\nname = \"API\"\n[[components]]\nid = \"web\"\nname = \"Web\"\n".into(),
    };
    let Ok(cfg) = config::parse(&config_file) else { return };
    let file = SourceFile {
        path: "incidents/fuzz.md".into(),
        text: text.to_owned(),
    };
    let now: jiff::Timestamp = "2026-11-20T15:00:00Z".parse().unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let (parsed, diags) = incident::parse(&file, &cfg, now);
    for d in &diags {
        let _ = d.to_string();
    }
    if let Some(i) = parsed {
        let _ = statusmark::markdown::to_html(&i.summary);
        for u in &i.updates {
            let _ = statusmark::markdown::to_plain(&u.body);
        }
    }
});
