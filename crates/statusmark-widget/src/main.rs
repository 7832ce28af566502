//! Entry point: boot only (panic hook, find mount points, mount). Everything else is in the library.

fn main() {
    statusmark_widget::boot();
}

// Talc instead of Rust's default dlmalloc: smaller in wasm. `new_global` is unsafe because there
// must be one such allocator per module, used as the global allocator; this is it.
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
#[global_allocator]
static ALLOC: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };
