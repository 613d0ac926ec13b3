//! The one trait adapters call: the core implements it, adapters only see it.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::{CompletionField, IncomingEvent, Platform, PlatformUser, Progress, Reply};

/// One autocomplete choice: `label` is shown, `value` is sent back (Discord caps both at 100
/// characters and a list at 25 choices; the core keeps within that).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    pub label: String,
    pub value: String,
}

impl Completion {
    /// The most choices an autocomplete answer may hold (Discord's limit).
    pub const MAX: usize = 25;

    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// What the core says about an event as it arrives, before any work is queued for it: a
/// flood from one user is limited at the door, not after it has queued behind the platform's
/// send rate.
#[derive(Debug, Clone, PartialEq)]
pub enum Admission {
    /// Queue it (and mark the event [`IncomingEvent::admitted`]).
    Accept,
    /// Over the user's limit: answer this instead (once per burst), and drop the event.
    SlowDown(Reply),
    /// Over the limit and already told: drop the event without a word.
    Drop,
}

/// An event acknowledged to its platform but not yet answered, kept by the core so that a
/// restart answers it ([`ChatHandler::keep_pending`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingEvent {
    /// The platform's sequence number for it (Telegram's `update_id`).
    pub id: i64,
    /// The event as the platform sent it (the update's JSON).
    pub payload: String,
}

/// How the core reaches a person outside an answer to them: a private message on the
/// platform it knows them from (a movie night's next-day "How was it?"). Each adapter
/// implements it; the core holds one per platform.
#[async_trait]
pub trait Outbox: Send + Sync {
    /// Sends `reply` to `user` privately (a Discord DM, the Telegram private chat). An error
    /// says why the platform refused (the user never started the bot, blocked it, closed
    /// their DMs); the core does not retry.
    async fn send_private(&self, user: &PlatformUser, reply: &Reply) -> Result<(), String>;
}

/// The chat core as adapters see it.
///
/// Neither method returns an error: the core turns its failures into friendly replies (or an
/// empty completion list), so an adapter has nothing to translate and a storage or TMDb error
/// text can never reach a chat user.
#[async_trait]
pub trait ChatHandler: Send + Sync {
    /// Answers one event. Called again with the same `event_id` after a redelivery, it
    /// answers without repeating side effects.
    async fn handle(&self, event: IncomingEvent) -> Reply;

    /// As [`ChatHandler::handle`], telling `progress` what a long answer (an import) is doing,
    /// for adapters that can show it by editing a message.
    async fn handle_with_progress(&self, event: IncomingEvent, _progress: Progress) -> Reply {
        self.handle(event).await
    }

    /// Completes `prefix` for `field`, best first, at most [`Completion::MAX`] choices.
    async fn complete(
        &self,
        user: &PlatformUser,
        field: CompletionField,
        prefix: &str,
    ) -> Vec<Completion>;

    /// Counts an arriving event from `user` against their flood limit. Adapters call this
    /// when the platform delivers an event, before queueing it.
    fn admit(&self, _user: &PlatformUser) -> Admission {
        Admission::Accept
    }

    /// Stores an event before it is acknowledged to the platform; an error means "do not
    /// acknowledge" (the platform will deliver it again).
    async fn keep_pending(&self, _platform: Platform, _event: PendingEvent) -> Result<(), String> {
        Ok(())
    }

    /// Forgets a kept event once it has been answered.
    async fn finish_pending(&self, _platform: Platform, _id: i64) {}

    /// Kept events not answered yet (after a crash or a drain deadline), oldest first.
    async fn pending(&self, _platform: Platform) -> Vec<PendingEvent> {
        Vec::new()
    }
}

// Adapters usually hold the core behind an `Arc` shared across tasks.
#[async_trait]
impl<T: ChatHandler + ?Sized> ChatHandler for Arc<T> {
    async fn handle(&self, event: IncomingEvent) -> Reply {
        (**self).handle(event).await
    }

    async fn handle_with_progress(&self, event: IncomingEvent, progress: Progress) -> Reply {
        (**self).handle_with_progress(event, progress).await
    }

    async fn complete(
        &self,
        user: &PlatformUser,
        field: CompletionField,
        prefix: &str,
    ) -> Vec<Completion> {
        (**self).complete(user, field, prefix).await
    }

    fn admit(&self, user: &PlatformUser) -> Admission {
        (**self).admit(user)
    }

    async fn keep_pending(&self, platform: Platform, event: PendingEvent) -> Result<(), String> {
        (**self).keep_pending(platform, event).await
    }

    async fn finish_pending(&self, platform: Platform, id: i64) {
        (**self).finish_pending(platform, id).await
    }

    async fn pending(&self, platform: Platform) -> Vec<PendingEvent> {
        (**self).pending(platform).await
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use super::*;
    use crate::{Incoming, Platform};

    /// Echoes text back; enough to prove the trait is usable as `Arc<dyn ChatHandler>`.
    struct Echo;

    #[async_trait]
    impl ChatHandler for Echo {
        async fn handle(&self, event: IncomingEvent) -> Reply {
            match event.incoming {
                Incoming::Text(text) => Reply::text(text),
                _ => Reply::default(),
            }
        }

        async fn complete(
            &self,
            _user: &PlatformUser,
            _field: CompletionField,
            prefix: &str,
        ) -> Vec<Completion> {
            vec![Completion::new(prefix, prefix)]
        }
    }

    /// Polls a future that never waits (no runtime in this crate on purpose).
    fn ready<F: Future>(future: F) -> F::Output {
        let mut future = pin!(future);
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(out) => out,
            Poll::Pending => panic!("test handler should never wait"),
        }
    }

    #[test]
    fn handler_works_behind_arc_dyn() {
        let core: Arc<dyn ChatHandler> = Arc::new(Echo);
        let user = PlatformUser::new(Platform::Console, "ada", "Ada");
        let event = IncomingEvent::direct(user.clone(), Incoming::Text("hi".into()));
        assert_eq!(ready(core.handle(event)).text, "hi");
        let choices = ready(core.complete(&user, CompletionField::Title, "Inc"));
        assert_eq!(choices, vec![Completion::new("Inc", "Inc")]);
    }
}
