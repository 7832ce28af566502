//! The widget stylesheet's minifier, shared by `build.rs` and its test (`tests/css.rs`).
//!
//! lightningcss parses the CSS and prints it back without comments and needless whitespace, so
//! quoted strings and selectors keep their meaning (`.a ::before` is not `.a::before`).
//! `StyleSheet::minify` is left out on purpose: it reorders and merges declarations, which gains
//! nothing after gzip and makes the shipped CSS harder to compare with the source.

use lightningcss::stylesheet::{ParserOptions, PrinterOptions, StyleSheet};

/// The minified form of `css`, or why it does not parse.
pub fn minify(css: &str) -> Result<String, String> {
    let sheet = StyleSheet::parse(css, ParserOptions::default()).map_err(|e| e.to_string())?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            ..PrinterOptions::default()
        })
        .map_err(|e| e.to_string())?;
    Ok(printed.code)
}
