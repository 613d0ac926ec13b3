//! Start-up (getMe, setMyCommands, deleteWebhook or setWebhook) and long polling, each step
//! retried with exponential backoff: an unreachable Telegram is logged, never fatal.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use teloxide::RequestError;
use teloxide::payloads::{GetUpdatesSetters, SetWebhookSetters};
use teloxide::prelude::*;
use teloxide::types::AllowedUpdate;

use crate::commands;
use crate::settings::Mode;
use crate::{NotKept, Telegram};

const ALLOWED: [AllowedUpdate; 3] = [
    AllowedUpdate::Message,
    AllowedUpdate::CallbackQuery,
    AllowedUpdate::InlineQuery,
];

/// Runs the adapter until `shutdown` completes: registers the commands, answers the updates
/// kept unanswered at the last stop, then polls for updates (polling mode) or registers the
/// webhook and leaves delivery to [`crate::webhook_router`] (webhook mode); at shutdown it
/// waits for the updates being answered. Never returns early because Telegram is down.
pub async fn run(telegram: Arc<Telegram>, shutdown: impl Future<Output = ()> + Send) {
    let mut shutdown = pin!(shutdown);
    tokio::select! {
        _ = &mut shutdown => return telegram.finish().await,
        _ = telegram.start() => {}
    }
    telegram.replay_pending().await;
    match telegram.settings.mode {
        Mode::Polling => {
            tokio::select! {
                _ = &mut shutdown => {}
                _ = telegram.poll() => {}
            }
        }
        Mode::Webhook => shutdown.await,
    }
    telegram.finish().await;
}

impl Telegram {
    /// Waits for the updates being answered (the caller bounds the wait with its drain
    /// deadline; what is left is answered at the next start).
    async fn finish(&self) {
        self.tasks.close();
        if !self.tasks.is_empty() {
            tracing::info!(
                answering = self.tasks.len(),
                "telegram: finishing the updates in progress"
            );
        }
        self.tasks.wait().await;
        tracing::info!("telegram adapter stopped");
    }

    async fn start(&self) {
        self.retry_forever("getMe", || async {
            self.refresh_identity().await.map(|_| ())
        })
        .await;
        self.retry_forever("setMyCommands", || async {
            self.bot()
                .set_my_commands(commands::menu())
                .send()
                .await
                .map(|_| ())
        })
        .await;
        match self.settings.mode {
            Mode::Polling => {
                // getUpdates answers 409 while a webhook is set.
                self.retry_forever("deleteWebhook", || async {
                    self.bot().delete_webhook().send().await.map(|_| ())
                })
                .await;
                tracing::info!("telegram adapter started (long polling)");
            }
            Mode::Webhook => {
                let (Some(url), Some(secret)) =
                    (&self.settings.webhook_url, &self.settings.secret_token)
                else {
                    tracing::error!("telegram webhook mode needs webhook_url and secret_token");
                    return;
                };
                let Ok(url) = url::Url::parse(url) else {
                    tracing::error!("telegram.webhook_url is not a URL");
                    return;
                };
                self.retry_forever("setWebhook", || async {
                    self.bot()
                        .set_webhook(url.clone())
                        .secret_token(secret.clone())
                        .allowed_updates(ALLOWED)
                        .send()
                        .await
                        .map(|_| ())
                })
                .await;
                tracing::info!("telegram adapter started (webhook)");
            }
        }
    }

    /// Long polling: each batch is dispatched (in order per chat), then confirmed by the next
    /// call's offset.
    async fn poll(self: &Arc<Self>) {
        let mut offset: i32 = 0;
        let mut backoff = self.backoff();
        let timeout = self.settings.poll_timeout.as_secs().max(1) as u32;
        loop {
            let batch = self
                .bot()
                .get_updates()
                .offset(offset)
                .timeout(timeout)
                .allowed_updates(ALLOWED)
                .send()
                .await;
            match batch {
                Ok(updates) => {
                    backoff.reset();
                    for update in updates {
                        let next = update.id.0 as i32 + 1;
                        if let Err(NotKept(why)) = self.arrive(update, None).await {
                            // Not confirmed: the next getUpdates delivers it (and the rest of
                            // this batch) again.
                            let wait = backoff.next();
                            tracing::warn!(%why, ?wait, "telegram: cannot keep an update; asking again");
                            tokio::time::sleep(wait).await;
                            break;
                        }
                        offset = offset.max(next);
                    }
                }
                Err(RequestError::RetryAfter(wait)) => {
                    tokio::time::sleep(wait.duration()).await;
                }
                Err(error) => {
                    let wait = backoff.next();
                    tracing::warn!(%error, ?wait, "telegram getUpdates failed; retrying");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    async fn retry_forever<F, Fut>(&self, what: &str, call: F)
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<(), RequestError>>,
    {
        let mut backoff = self.backoff();
        loop {
            match call().await {
                Ok(()) => return,
                Err(error) => {
                    let wait = match &error {
                        RequestError::RetryAfter(s) => s.duration(),
                        _ => backoff.next(),
                    };
                    tracing::error!(method = what, %error, ?wait, "cannot reach Telegram; moviebot keeps running and retries");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    fn backoff(&self) -> Backoff {
        Backoff::new(self.settings.retry_initial, self.settings.retry_max)
    }
}

/// Doubling waits from `initial` up to `max`.
struct Backoff {
    initial: Duration,
    max: Duration,
    next: Duration,
}

impl Backoff {
    fn new(initial: Duration, max: Duration) -> Self {
        Self {
            initial,
            max,
            next: initial,
        }
    }

    fn next(&mut self) -> Duration {
        let wait = self.next;
        self.next = (self.next * 2).min(self.max);
        wait
    }

    fn reset(&mut self) {
        self.next = self.initial;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let mut b = Backoff::new(Duration::from_secs(1), Duration::from_secs(5));
        let waits: Vec<u64> = (0..5).map(|_| b.next().as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 5, 5]);
        b.reset();
        assert_eq!(b.next().as_secs(), 1);
    }
}
