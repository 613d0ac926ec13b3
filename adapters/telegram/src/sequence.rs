//! Updates run concurrently across chats but in order within a chat: Throttle paces each
//! chat (≈1 message/s), so handling updates one by one would let one busy chat stall all the
//! others, while running them all at once could answer a chat's messages out of order.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use teloxide::types::Update;
use tokio::sync::oneshot;

use crate::Telegram;

/// Per chat, a signal that fires when that chat's latest update is done.
#[derive(Default)]
pub(crate) struct ChatQueues {
    last: Mutex<HashMap<i64, oneshot::Receiver<()>>>,
}

/// Chats forgotten once idle, past this many.
const TIDY_AT: usize = 4096;

/// The chat an update's answer goes to (the sender for inline queries).
pub(crate) fn chat_key(update: &Update) -> i64 {
    update
        .chat()
        .map(|c| c.id.0)
        .or_else(|| update.from().map(|u| u.id.0 as i64))
        .unwrap_or(0)
}

impl Telegram {
    /// Handles `update` in the background, after the previous update of the same chat, then
    /// tells the core it was answered.
    pub(crate) fn dispatch(self: &Arc<Self>, update: Update, replayed: bool) {
        let (done, done_rx) = oneshot::channel::<()>();
        let previous = {
            let mut last = self.queues.last.lock().unwrap_or_else(|e| e.into_inner());
            if last.len() >= TIDY_AT {
                last.retain(|_, rx| {
                    matches!(rx.try_recv(), Err(oneshot::error::TryRecvError::Empty))
                });
            }
            last.insert(chat_key(&update), done_rx)
        };
        let telegram = Arc::clone(self);
        let id = i64::from(update.id.0);
        self.tasks.spawn(async move {
            if let Some(previous) = previous {
                // Err just means the previous task finished (or was dropped): go ahead.
                let _ = previous.await;
            }
            telegram.answer_update(update, replayed).await;
            telegram
                .handler
                .finish_pending(moviebot_protocol::Platform::Telegram, id)
                .await;
            drop(done);
        });
    }
}
