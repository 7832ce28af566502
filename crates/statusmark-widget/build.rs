//! Minify the widget's stylesheet into OUT_DIR: it ships inside the wasm, where every byte counts,
//! while the source stays commented and readable.

#[path = "build/css.rs"]
mod css;

fn main() {
    println!("cargo::rerun-if-changed=src/widget.css");
    println!("cargo::rerun-if-changed=build/css.rs");
    let source = std::fs::read_to_string("src/widget.css").expect("src/widget.css is readable");
    let minified = css::minify(&source).unwrap_or_else(|e| panic!("src/widget.css: {e}"));
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget.min.css");
    std::fs::write(out, minified).expect("OUT_DIR is writable");
}
