//! Entry point: boot only (panic hook, find mount points, mount). Everything else is in the library.

fn main() {
    statusmark_widget::boot();
}
