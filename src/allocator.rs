//! glibc's allocator, set up for a long-running server before any thread starts.
//!
//! Measured with `benches/load/soak.py` (50 requests/s of chat, ratings and recommendations):
//! with glibc's defaults the resident size kept growing for the whole run (one malloc arena
//! per busy thread, each keeping what it freed, and the model refits' large matrices moving
//! the dynamic mmap threshold up so later ones came from those arenas); with two arenas and a
//! fixed 1 MiB mmap threshold, large blocks go back to the system when freed and the arenas
//! stop multiplying. An admin's own `MALLOC_ARENA_MAX` / `MALLOC_MMAP_THRESHOLD_` win.

/// Applies the settings above (glibc on Linux only; elsewhere nothing to do).
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let set = |var: &str| std::env::var_os(var).is_some();
        // SAFETY: mallopt only changes allocator parameters; called before other threads.
        unsafe {
            if !set("MALLOC_ARENA_MAX") {
                libc::mallopt(libc::M_ARENA_MAX, 2);
            }
            if !set("MALLOC_MMAP_THRESHOLD_") {
                libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
            }
        }
    }
}
