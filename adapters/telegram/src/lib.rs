//! Telegram adapter for moviebot (teloxide): commands, free text, posters with inline
//! keyboards, callback queries, inline mode, long polling and webhook.
//!
//! One function, [`Telegram::handle_update`], turns any Telegram update into Bot API calls;
//! polling ([`run`]) and the webhook ([`webhook_router`]) both feed it, in order per chat and
//! concurrently across chats (`sequence`).
//!
//! - [`settings`]: [`TelegramSettings`] and [`Mode`].
//! - [`commands`]: the `BotCommands` enum (menu + parsing).
//! - [`update`]: Update → [`moviebot_protocol::IncomingEvent`] (groups, mentions, reply-ratings).
//! - [`render`] and [`keyboard`]: Reply → HTML captions/texts within limits, inline keyboards.
//! - `send`, `callbacks`, `inline`: the Bot API side of messages, button presses, inline mode.
//! - `polling`, [`webhook`]: the two ways updates arrive; [`dedup`]: redeliveries dropped.
//! - `fake_api` (feature `fake-api`, tests and benches only): a fake Bot API on 127.0.0.1.

mod arrival;
mod callbacks;
pub mod commands;
pub mod dedup;
#[cfg(feature = "fake-api")]
pub mod fake_api;
mod files;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod inline;
pub mod keyboard;
mod outbox;
mod polling;
pub mod render;
mod send;
mod sequence;
pub mod settings;
mod throttle;
pub mod update;
pub mod webhook;

use std::sync::{Arc, RwLock};

use moviebot_protocol::{ChatHandler, Reply};
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::Update;

pub use arrival::NotKept;
pub use polling::run;
pub use settings::{Limits, Mode, SettingsError, TelegramSettings};
pub use update::BotIdentity;
pub use webhook::{SECRET_HEADER, WEBHOOK_PATH, webhook_router};

use dedup::RecentIds;
use inline::InlineCache;
use update::Routed;

/// How many update and callback ids are remembered for de-duplication.
const RECENT_IDS: usize = 10_000;

/// The adapter: a throttled teloxide bot, the chat core, and what it remembers.
pub struct Telegram {
    throttle: throttle::Supervised,
    handler: Arc<dyn ChatHandler>,
    settings: TelegramSettings,
    me: RwLock<Option<BotIdentity>>,
    seen_updates: RecentIds,
    seen_callbacks: RecentIds,
    inline_cache: InlineCache,
    queues: sequence::ChatQueues,
    /// Updates being answered, so a shutdown can wait for them.
    tasks: tokio_util::task::TaskTracker,
    /// Set once the updates the last process kept unanswered have been queued (`arrival`).
    replayed: tokio::sync::OnceCell<usize>,
}

impl Telegram {
    /// Builds the adapter. Must be called inside a tokio runtime (teloxide's `Throttle`
    /// spawns its worker here). Does not contact Telegram: [`run`] does.
    pub fn new(
        settings: TelegramSettings,
        handler: Arc<dyn ChatHandler>,
    ) -> Result<Self, SettingsError> {
        settings.validate()?;
        let mut bot = Bot::new(settings.token.clone());
        if let Some(api) = &settings.api_url {
            let url = url::Url::parse(api)
                .map_err(|e| SettingsError(format!("telegram.api_url {api:?}: {e}")))?;
            bot = bot.set_api_url(url);
        }
        Ok(Self {
            throttle: throttle::Supervised::spawn(bot, settings.limits),
            handler,
            inline_cache: InlineCache::new(settings.inline_cache),
            settings,
            me: RwLock::new(None),
            seen_updates: RecentIds::new(RECENT_IDS),
            seen_callbacks: RecentIds::new(RECENT_IDS),
            queues: Default::default(),
            tasks: tokio_util::task::TaskTracker::new(),
            replayed: tokio::sync::OnceCell::new(),
        })
    }

    /// The throttled bot every Bot API call goes through.
    fn bot(&self) -> teloxide::adaptors::Throttle<Bot> {
        self.throttle.bot()
    }

    pub fn settings(&self) -> &TelegramSettings {
        &self.settings
    }

    /// Handles one update end to end: de-duplication, the core, and every Bot API call it
    /// leads to. Errors are logged here, at the boundary; nothing is returned. The update has
    /// been admitted on arrival ([`Telegram::arrive`]), so the core does not count it again.
    pub async fn handle_update(&self, update: Update) {
        self.answer_update(update, false).await
    }

    /// [`Telegram::handle_update`]; `replayed` for an update kept and left unanswered by the
    /// last process (see `arrival`).
    pub(crate) async fn answer_update(&self, update: Update, replayed: bool) {
        if !self.seen_updates.first_time(&update.id.0.to_string()) {
            tracing::debug!(
                update_id = update.id.0,
                "telegram: duplicate update dropped"
            );
            return;
        }
        let me = self.identity().await;
        match update::route(update, me.as_ref()) {
            Routed::Message(m) => {
                let mut event = m.event.clone().admitted().replayed(replayed);
                let reply = match &m.download {
                    None => self.handler.handle(event).await,
                    Some(doc) => match self.fetch(doc).await {
                        Err(e) => Reply::text(format!("Hmm, {e}.")),
                        Ok(upload) => {
                            event.uploads.push(upload);
                            let (tx, rx) = tokio::sync::watch::channel(None);
                            let shown = self.show_progress(m.chat, &doc.name, rx).await;
                            let progress: moviebot_protocol::Progress =
                                std::sync::Arc::new(move |line| {
                                    tx.send_replace(Some(line));
                                });
                            let reply = self.handler.handle_with_progress(event, progress).await;
                            if let Some(shown) = shown {
                                shown.done(self).await;
                            }
                            reply
                        }
                    },
                };
                if reply.duplicate {
                    return;
                }
                if !reply.files.is_empty() {
                    self.send_with_files(&m, &reply).await;
                    return;
                }
                let reply = if m.text_only {
                    Reply {
                        text: reply.text,
                        notice: reply.notice,
                        ..Reply::default()
                    }
                } else {
                    reply
                };
                self.send_reply(m.chat, &reply, m.reply_to).await;
            }
            Routed::Callback(q) => {
                if !self.seen_callbacks.first_time(&q.id.0) {
                    tracing::debug!(id = %q.id.0, "telegram: duplicate callback query dropped");
                    return;
                }
                self.on_callback(*q, replayed).await;
            }
            Routed::Inline(q) => self.on_inline(*q).await,
            Routed::Ignore(why) => tracing::trace!(why, "telegram: update ignored"),
        }
    }

    /// The bot's identity from getMe, fetched once and remembered (None while unreachable).
    async fn identity(&self) -> Option<BotIdentity> {
        if let Some(me) = self.me.read().unwrap_or_else(|e| e.into_inner()).clone() {
            return Some(me);
        }
        self.refresh_identity().await.ok()
    }

    async fn refresh_identity(&self) -> Result<BotIdentity, RequestError> {
        let me = self.bot().get_me().send().await?;
        let identity = BotIdentity {
            id: me.user.id,
            username: me.user.username.clone().unwrap_or_default(),
        };
        *self.me.write().unwrap_or_else(|e| e.into_inner()) = Some(identity.clone());
        Ok(identity)
    }
}
