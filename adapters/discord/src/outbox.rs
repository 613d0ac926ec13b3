//! Messages the core sends on its own (not an answer to an interaction): a direct message to
//! a user, through their DM channel.

use async_trait::async_trait;
use moviebot_protocol::{Outbox, PlatformUser, Reply};

use crate::discord::Discord;
use crate::render;

#[async_trait]
impl Outbox for Discord {
    async fn send_private(&self, user: &PlatformUser, reply: &Reply) -> Result<(), String> {
        let id: u64 = user
            .id
            .parse()
            .map_err(|_| format!("{:?} is not a Discord user id", user.id))?;
        self.rest
            .send_dm(id, &render::message(reply))
            .await
            .map_err(|e| e.to_string())
    }
}
