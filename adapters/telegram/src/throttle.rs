//! teloxide's `Throttle` (Telegram's per-chat and global send limits) with its worker
//! supervised. The worker is a task of its own; if it ever panics (teloxide's once did, on a
//! chat id outside Telegram's range), every later send would silently skip throttling and log
//! "Worker dropped the queue" at ERROR forever. Here the panic is logged once and a fresh
//! throttle takes the old one's place; sends already queued on the dead one fail once.

use std::sync::{Arc, RwLock, Weak};

use teloxide::Bot;
use teloxide::adaptors::throttle::{Limits, Settings, Throttle};

/// The current throttled bot; cheap to clone out for each call.
pub(crate) struct Supervised {
    slot: Arc<RwLock<Throttle<Bot>>>,
}

/// Our settings: retries after a 429 are ours (`send::with_retry`: once); Throttle still
/// pauses the chat it hit.
fn settings(limits: Limits) -> Settings {
    Settings::default().limits(limits).no_retry()
}

impl Supervised {
    /// Starts the worker and its supervisor. Must be called inside a tokio runtime.
    pub(crate) fn spawn(bot: Bot, limits: Limits) -> Self {
        let (throttle, worker) = Throttle::with_settings(bot.clone(), settings(limits));
        let slot = Arc::new(RwLock::new(throttle));
        let weak = Arc::downgrade(&slot);
        tokio::spawn(supervise(bot, limits, weak, tokio::spawn(worker)));
        Self { slot }
    }

    pub(crate) fn bot(&self) -> Throttle<Bot> {
        self.slot.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Waits on the worker; restarts it after a panic while the adapter still exists. A worker
/// ends normally once every handle on its throttle is gone (the adapter was dropped).
async fn supervise(
    bot: Bot,
    limits: Limits,
    slot: Weak<RwLock<Throttle<Bot>>>,
    mut worker: tokio::task::JoinHandle<()>,
) {
    loop {
        let ended = worker.await;
        let panic = match ended {
            Err(e) if e.is_panic() => e.into_panic(),
            // Finished (adapter dropped) or cancelled (runtime shutting down).
            _ => return,
        };
        let Some(slot) = slot.upgrade() else { return };
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        tracing::error!(panic = %why, "telegram: the send throttle's worker crashed; restarted");
        let (throttle, next) = Throttle::with_settings(bot.clone(), settings(limits));
        *slot.write().unwrap_or_else(|e| e.into_inner()) = throttle;
        drop(slot);
        worker = tokio::spawn(next);
    }
}

#[cfg(test)]
mod tests {
    use teloxide::prelude::*;

    use super::*;

    /// A chat id outside Telegram's range panics teloxide's worker (the input checks in
    /// `update::route` keep such ids away); the supervisor must replace it.
    #[tokio::test]
    async fn a_crashed_worker_is_replaced() {
        let bot = Bot::new("1:fake").set_api_url(url::Url::parse("http://127.0.0.1:9/").unwrap());
        let throttle = Supervised::spawn(bot, Limits::default());
        let first = throttle.bot();
        // Throttle asks its worker for the limits; a live worker answers.
        first.limits().await;
        let poisoned = first.clone();
        let send = tokio::spawn(async move {
            let _ = poisoned
                .send_message(ChatId(9_007_199_254_740_992), "x")
                .send()
                .await;
        });
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), send).await;
        // The old worker is gone (this is what the supervisor is for)…
        let old = tokio::spawn(async move { first.limits().await }).await;
        assert!(old.is_err(), "the poisoned worker should have died");
        // The supervisor swaps in a fresh throttle whose worker answers again.
        let mut replaced = false;
        // Asking a throttle for its limits panics at once when its worker is gone; a live
        // worker answers, or (when idle) leaves the question waiting.
        for _ in 0..50 {
            let current = throttle.bot();
            let probe = tokio::spawn(async move { current.limits().await });
            match tokio::time::timeout(std::time::Duration::from_millis(300), probe).await {
                Ok(Err(dead)) if dead.is_panic() => {}
                _ => {
                    replaced = true;
                    break;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(replaced, "no live throttle worker after the crash");
    }
}
