//! Minify the widget's stylesheet into OUT_DIR: it ships inside the wasm, where every byte counts,
//! while the source stays commented and readable.

fn main() {
    println!("cargo::rerun-if-changed=src/widget.css");
    let css = std::fs::read_to_string("src/widget.css").expect("src/widget.css is readable");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget.min.css");
    std::fs::write(out, minify(&css)).expect("OUT_DIR is writable");
}

/// Drop comments and collapse whitespace; remove it around `{ } ; ,` and `>`, and after `:`.
/// Spaces before `:` stay: `.a ::before` and `.a::before` select different things.
fn minify(css: &str) -> String {
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = words.join(" ");
    for c in ["{", "}", ";", ",", ">"] {
        out = out.replace(&format!(" {c}"), c).replace(&format!("{c} "), c);
    }
    out.replace(": ", ":").replace(";}", "}")
}
