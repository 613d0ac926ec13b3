//! What one chat turn (or REST request) may spend on TMDb while someone waits: a few requests
//! and a deadline. [`CachedTmdb`](super::CachedTmdb) consults the budget of the task it runs
//! in: a fresh cache entry is free; a request past the budget, or one still running at the
//! deadline, carries on in the background (so the cache is warm for the next turn) while the
//! caller gets [`TmdbError::Deferred`](super::TmdbError::Deferred) or a timeout and answers
//! from what it has. Background work (sync, refresh, prefetch) runs without a budget.
//!
//! The budget travels as a tokio task-local rather than a parameter because it is
//! cross-cutting: every lookup a turn makes, however deep, draws on the same allowance.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use tokio::time::Instant;

tokio::task_local! {
    static BUDGET: Arc<Budget>;
}

/// TMDb requests one turn may make inline (the "at most 3 per chat turn").
pub const TURN_CALLS: u32 = 3;
/// How long a turn waits for TMDb in total before answering from what it has. Discord's
/// adapter defers after 2.5 s, so a slow TMDb costs a deferral, never a lost interaction.
pub const TURN_DEADLINE: Duration = Duration::from_secs(6);

#[derive(Debug)]
pub struct Budget {
    left: AtomicU32,
    spent: AtomicU32,
    deadline: Instant,
    /// Set when an answer had to do without TMDb (down, slow, stale): the reply says so once.
    degraded: AtomicBool,
}

impl Budget {
    pub fn new(calls: u32, within: Duration) -> Arc<Self> {
        Arc::new(Self {
            left: AtomicU32::new(calls),
            spent: AtomicU32::new(0),
            deadline: Instant::now() + within,
            degraded: AtomicBool::new(false),
        })
    }

    /// A chat turn's budget: [`TURN_CALLS`] requests within [`TURN_DEADLINE`].
    pub fn turn() -> Arc<Self> {
        Self::new(TURN_CALLS, TURN_DEADLINE)
    }

    /// Runs `f` with this budget as the task's TMDb allowance.
    pub async fn scope<F: Future>(self: &Arc<Self>, f: F) -> F::Output {
        BUDGET.scope(self.clone(), f).await
    }

    /// The budget of the running task, if it has one.
    pub fn current() -> Option<Arc<Budget>> {
        BUDGET.try_with(Arc::clone).ok()
    }

    /// Takes one request from the allowance; false when none is left or time is up.
    pub fn take(&self) -> bool {
        if Instant::now() >= self.deadline {
            return false;
        }
        let took = self
            .left
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
            .is_ok();
        if took {
            self.spent.fetch_add(1, Ordering::Relaxed);
        }
        took
    }

    /// Requests made inline so far.
    pub fn spent(&self) -> u32 {
        self.spent.load(Ordering::Relaxed)
    }

    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    pub fn mark_degraded(&self) {
        self.degraded.store(true, Ordering::Relaxed);
    }

    pub fn degraded(&self) -> bool {
        self.degraded.load(Ordering::Relaxed)
    }
}

/// Marks the running task's answer as degraded (TMDb could not help), if it has a budget.
pub fn note_degraded() {
    if let Some(b) = Budget::current() {
        b.mark_degraded();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn allowance_is_shared_by_the_task_and_ends() {
        let b = Budget::new(2, Duration::from_secs(60));
        b.scope(async {
            let inner = Budget::current().expect("scoped");
            assert!(inner.take());
            assert!(Budget::current().unwrap().take());
            assert!(!inner.take(), "two calls only");
        })
        .await;
        assert_eq!(b.spent(), 2);
        assert!(Budget::current().is_none(), "no budget outside the scope");
        // Spawned work is background work: it has no budget.
        b.scope(async {
            let spawned = tokio::spawn(async { Budget::current().is_none() });
            assert!(spawned.await.unwrap());
        })
        .await;
    }

    #[test]
    fn nothing_is_taken_after_the_deadline() {
        let b = Budget::new(5, Duration::ZERO);
        assert!(!b.take());
        assert_eq!(b.spent(), 0);
    }
}
