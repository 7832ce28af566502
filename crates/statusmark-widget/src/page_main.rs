//! The status site's entry point: keep the server-rendered indicators of a page with
//! `<body data-statusmark-page>` current. It has no Leptos view, so it is much smaller than the
//! widget, and embeds do not carry it.

fn main() {
    statusmark_widget::page::boot();
}
