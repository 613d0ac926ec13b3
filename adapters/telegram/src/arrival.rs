//! What happens when an update arrives, by webhook or polling, before it is acknowledged:
//! updates the bot would not answer (other bots' commands, chatter in a group, unknown kinds)
//! are acknowledged and forgotten; the rest count against the sender's flood limit at once
//! (one "slow down" answer per burst, the rest of a flood dropped deliberately, so a thousand
//! messages never queue behind Telegram's send rate); an admitted update is kept by the core
//! before it is acknowledged and forgotten once answered, and [`Telegram::replay_pending`]
//! answers what a crash or the drain deadline left unanswered, before any new update.

use std::sync::Arc;

use moviebot_protocol::{Admission, PendingEvent, Platform, Reply};
use teloxide::types::Update;

use crate::Telegram;
use crate::update::{self, Routed, platform_user};

/// The core could not keep the update: do not acknowledge it, so Telegram delivers it again.
#[derive(Debug)]
pub struct NotKept(pub String);

impl Telegram {
    /// Admits, keeps and queues one delivered update. `raw` is its JSON as delivered (the
    /// webhook's body); polling passes `None` and the update is serialised again.
    pub async fn arrive(
        self: &Arc<Self>,
        update: Update,
        raw: Option<&[u8]>,
    ) -> Result<(), NotKept> {
        let me = self.identity().await;
        let routed = update::route(update.clone(), me.as_ref());
        let user = match &routed {
            Routed::Message(m) => m.event.user.clone(),
            Routed::Callback(q) => platform_user(&q.from),
            Routed::Inline(q) => platform_user(&q.from),
            Routed::Ignore(why) => {
                tracing::trace!(why, "telegram: update ignored");
                return Ok(());
            }
        };
        match self.handler.admit(&user) {
            Admission::Accept => {}
            Admission::SlowDown(reply) => {
                let telegram = Arc::clone(self);
                self.tasks
                    .spawn(async move { telegram.slow_down(routed, reply).await });
                return Ok(());
            }
            Admission::Drop => {
                tracing::debug!(user = %user.id, "telegram: flood from one user; update dropped");
                return Ok(());
            }
        }
        let payload = match raw {
            Some(raw) => String::from_utf8_lossy(raw).into_owned(),
            None => serde_json::to_string(&update).map_err(|e| NotKept(e.to_string()))?,
        };
        let id = i64::from(update.id.0);
        self.handler
            .keep_pending(Platform::Telegram, PendingEvent { id, payload })
            .await
            .map_err(NotKept)?;
        // What the last process left unanswered goes first, so a chat's updates are answered
        // in Telegram's order. (This update may be among them, having just been kept: its
        // second copy is recognised as a duplicate.)
        self.replay_pending().await;
        self.dispatch(update, false);
        Ok(())
    }

    /// Queues the updates kept but not answered before the last stop, oldest first: once per
    /// process, at start or at the first arrival, whichever comes first. Returns how many.
    pub async fn replay_pending(self: &Arc<Self>) -> usize {
        *self.replayed.get_or_init(|| self.replay_all()).await
    }

    async fn replay_all(self: &Arc<Self>) -> usize {
        let pending = self.handler.pending(Platform::Telegram).await;
        let mut replayed = 0;
        for event in pending {
            match serde_json::from_str::<Update>(&event.payload) {
                Ok(update) => {
                    self.dispatch(update, true);
                    replayed += 1;
                }
                Err(e) => {
                    tracing::warn!(id = event.id, error = %e, "telegram: a kept update no longer parses; dropped");
                    self.handler
                        .finish_pending(Platform::Telegram, event.id)
                        .await;
                }
            }
        }
        if replayed > 0 {
            tracing::info!(
                replayed,
                "telegram: answering updates left unanswered at the last stop"
            );
        }
        replayed
    }

    /// The one answer a flooding user gets.
    async fn slow_down(&self, routed: Routed, reply: Reply) {
        match routed {
            Routed::Message(m) => self.send_reply(m.chat, &reply, m.reply_to).await,
            Routed::Callback(q) => self.answer_callback(&q.id, &reply.text).await,
            Routed::Inline(_) | Routed::Ignore(_) => {}
        }
    }
}
