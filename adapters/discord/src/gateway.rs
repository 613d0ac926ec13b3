//! Gateway mode glue, kept thin: serenity's client with only non-privileged intents; each
//! interaction goes to [`Discord::interact`] and its response to the interaction callback;
//! reactions are admitted against the reactor's flood limit on arrival, go through
//! [`reaction_event`] and are confirmed with a short reply.

use std::sync::{Arc, OnceLock};

use async_trait::async_trait;
use moviebot_protocol::{Admission, ChatHandler, Platform, PlatformUser};
use serenity::all::{
    Context, CreateAllowedMentions, CreateMessage, EventHandler, GatewayIntents, Interaction,
    Reaction, Ready, UserId,
};
use tracing::{info, warn};

use crate::Discord;
use crate::interaction::platform_user;
use crate::reactions::reaction_event;
use crate::render::{limits, trim};

/// Guild lifecycle plus reactions in servers and DMs; no message content.
pub fn intents() -> GatewayIntents {
    GatewayIntents::GUILDS
        | GatewayIntents::GUILD_MESSAGE_REACTIONS
        | GatewayIntents::DIRECT_MESSAGE_REACTIONS
}

pub(crate) struct Glue {
    pub discord: Arc<Discord>,
    pub bot: OnceLock<UserId>,
}

impl Glue {
    fn bot(&self) -> UserId {
        self.bot
            .get()
            .copied()
            .unwrap_or_else(|| UserId::new(self.discord.settings.application_id))
    }

    async fn on_reaction(&self, reaction: Reaction, added: bool) {
        let Some(user_id) = reaction.user_id else {
            return;
        };
        let bot = self.bot();
        if user_id == bot || reaction.message_author_id.is_some_and(|a| a != bot) {
            return;
        }
        let http = self.discord.rest.http().clone();
        // Counted as it arrives, before any request to Discord: a flood of reactions gets one
        // "slow down" and the rest is dropped.
        let who = PlatformUser::new(Platform::Discord, user_id.to_string(), user_id.to_string());
        match self.discord.handler.admit(&who) {
            Admission::Accept => {}
            Admission::SlowDown(reply) => {
                let text = trim(&format!("<@{user_id}> {}", reply.text), limits::CONTENT);
                let slow = CreateMessage::new()
                    .content(text)
                    .reference_message((reaction.channel_id, reaction.message_id))
                    .allowed_mentions(CreateAllowedMentions::new());
                if let Err(e) = reaction.channel_id.send_message(&http, slow).await {
                    warn!(error = %e, "could not ask a reaction flood to slow down");
                }
                return;
            }
            Admission::Drop => return,
        }
        let message = match http
            .get_message(reaction.channel_id, reaction.message_id)
            .await
        {
            Ok(m) => m,
            Err(e) => {
                warn!(error = %e, "could not read the reacted message");
                return;
            }
        };
        let reactor = match &reaction.member {
            Some(m) => platform_user(&m.user, Some(m)),
            None => match http.get_user(user_id).await {
                Ok(u) => platform_user(&u, None),
                Err(_) => who,
            },
        };
        let Some(event) = reaction_event(
            &message,
            &reaction.emoji,
            &reactor,
            reaction.guild_id,
            bot,
            added,
        ) else {
            return;
        };
        let reply = self.discord.handler.handle(event.admitted()).await;
        if reply.duplicate || reply.text.trim().is_empty() {
            return;
        }
        let text = trim(
            &format!("{}: {}", reactor.display_name, reply.text),
            limits::CONTENT,
        );
        let confirm = CreateMessage::new()
            .content(text)
            .reference_message(&message)
            .allowed_mentions(CreateAllowedMentions::new());
        if let Err(e) = reaction.channel_id.send_message(&http, confirm).await {
            warn!(error = %e, "could not confirm a reaction rating");
        }
    }
}

#[async_trait]
impl EventHandler for Glue {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        let _ = self.bot.set(ready.user.id);
        info!(user = %ready.user.name, guilds = ready.guilds.len(), "Discord gateway ready");
    }

    async fn interaction_create(&self, _ctx: Context, interaction: Interaction) {
        let answer = self.discord.interact(&interaction).await;
        let token = crate::discord::interaction_token(&interaction).unwrap_or_default();
        let rest = &self.discord.rest;
        if let Err(e) = rest
            .callback(interaction.id(), &token, &answer.response)
            .await
        {
            warn!(error = %e, "could not answer an interaction");
            return;
        }
        if let Some(followup) = answer.followup {
            followup.finish(rest).await;
        }
    }

    async fn reaction_add(&self, _ctx: Context, reaction: Reaction) {
        self.on_reaction(reaction, true).await;
    }

    async fn reaction_remove(&self, _ctx: Context, reaction: Reaction) {
        self.on_reaction(reaction, false).await;
    }
}
