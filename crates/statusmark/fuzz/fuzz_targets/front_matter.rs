//! Front-matter splitting and strict parsing (YAML and TOML) into the raw incident type.
#![no_main]

use libfuzzer_sys::fuzz_target;
use statusmark::content::frontmatter::{self, Format};
use statusmark::content::incident::RawIncident;
use statusmark::content::raw::{Toml, Yaml, from_toml, from_yaml};

fuzz_target!(|text: &str| {
    if let Ok(split) = frontmatter::split("f.md", text) {
        let _ = match split.format {
            Format::Yaml => from_yaml::<RawIncident<Yaml>>("f.md", text, split.front, split.front_offset).map(|_| ()),
            Format::Toml => from_toml::<RawIncident<Toml>>("f.md", text, split.front, split.front_offset).map(|_| ()),
        }
        .map_err(|d| d.to_string());
    }
});
