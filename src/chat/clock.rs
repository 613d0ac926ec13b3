//! The core's one clock: Unix seconds for everything that is scheduled (a movie night's start,
//! its vote closing, next-day prompts). Tests move it forward instead of waiting, so a movie
//! night or a month of reminders runs in milliseconds.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

#[derive(Debug, Default)]
pub struct Clock {
    /// Seconds added to the system's time (only tests ever set it).
    offset: AtomicI64,
}

impl Clock {
    /// Now, in Unix seconds.
    pub fn now(&self) -> i64 {
        crate::store::now() + self.offset.load(Ordering::Relaxed)
    }

    /// Moves this clock forward by `by` (for tests: time passes without waiting).
    pub fn advance(&self, by: Duration) {
        self.offset
            .fetch_add(by.as_secs() as i64, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward() {
        let c = Clock::default();
        let before = c.now();
        c.advance(Duration::from_secs(3 * 3600));
        assert!(c.now() >= before + 3 * 3600);
    }
}
