//! The embeddable widget's entry point: find `<statusmark-status>` and `[data-statusmark]`
//! elements and mount a widget in each. Everything else is in the library.

fn main() {
    statusmark_widget::boot();
}
