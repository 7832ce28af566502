//! The stylesheet minifier `build.rs` runs, natively: what it must never change.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

#[path = "../build/css.rs"]
mod css;

#[test]
fn quoted_strings_survive_as_written() {
    // The hand-written minifier this replaced turned the first into "Status:ok,{x}".
    let out = css::minify(r#".a::before { content: "Status: ok ,  { x }"; font-family: "A  B" , serif; }"#).unwrap();
    assert!(out.contains(r#""Status: ok ,  { x }""#), "{out}");
    assert!(out.contains(r#""A  B""#), "{out}");
}

#[test]
fn selectors_keep_their_meaning() {
    for (css, kept) in [
        // A pseudo-element of every descendant, not of the element itself.
        (".is-stale ::before { opacity: .6 }", ".is-stale :"),
        (".b > .c { margin: 0 auto }", ".b>.c"),
    ] {
        let out = css::minify(css).unwrap();
        assert!(out.contains(kept), "{css} → {out}");
    }
}

#[test]
fn the_widget_stylesheet_minifies_smaller() {
    let source = include_str!("../src/widget.css");
    let out = css::minify(source).unwrap();
    assert!(
        out.len() < source.len() * 9 / 10,
        "{} → {} bytes",
        source.len(),
        out.len()
    );
    assert!(!out.contains("/*") && !out.contains('\n'), "{out}");
}
