//! Messages the core sends on its own (not an answer): to a user's private chat, whose id is
//! the user's id. Telegram refuses (403) a user who never started the bot or blocked it; the
//! error is handed back to the core, which does not retry.

use async_trait::async_trait;
use moviebot_protocol::{Outbox, PlatformUser, Reply};
use teloxide::types::ChatId;

use crate::{Telegram, render};

#[async_trait]
impl Outbox for Telegram {
    async fn send_private(&self, user: &PlatformUser, reply: &Reply) -> Result<(), String> {
        let id: i64 = user
            .id
            .parse()
            .map_err(|_| format!("{:?} is not a Telegram user id", user.id))?;
        for message in render::reply_messages(reply) {
            self.send_one(ChatId(id), message, None)
                .await
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}
