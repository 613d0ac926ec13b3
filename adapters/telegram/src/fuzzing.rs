//! The entry point of the `telegram_update` fuzz target (feature `fuzzing`, hidden, never in
//! a release build): a webhook body through the webhook's parse, the per-chat queue key and
//! [`update::route`], as [`crate::Telegram::handle_update`] takes it, with every chat the
//! answer would be sent to — what teloxide's throttle sorts into its queues.

use teloxide::types::ChatId;

use crate::update::{self, BotIdentity, Routed};
use crate::{callbacks, sequence, webhook};

/// What the adapter would do with one update.
#[derive(Debug)]
pub struct Handled {
    pub routed: Routed,
    /// The chats messages would be sent to (or edited in) for this update.
    pub send_to: Vec<ChatId>,
}

/// `body` as the webhook receives it; `None` where the webhook answers 400.
pub fn webhook_body(body: &[u8], me: Option<&BotIdentity>) -> Option<Handled> {
    let update = webhook::parse(body).ok()?;
    sequence::chat_key(&update);
    let routed = update::route(update, me);
    let send_to = match &routed {
        Routed::Message(m) => vec![m.chat],
        Routed::Callback(q) => vec![callbacks::answer_chat(q)],
        Routed::Inline(_) | Routed::Ignore(_) => Vec::new(),
    };
    Some(Handled { routed, send_to })
}
