//! [`Discord`]: the one function from an [`Interaction`] to its response, shared by the
//! gateway and the HTTP endpoint. It asks the chat core, renders the reply, and when the core
//! is slow (TMDb cold) answers with a deferral in time and finishes by editing the original
//! response.

use std::sync::Arc;

use std::time::{Duration, Instant};

use moviebot_protocol::{
    Action, ChatHandler, Completion, Incoming, IncomingEvent, Progress, Reply,
};
use serenity::all::Interaction;
use serenity::interactions_endpoint::Verifier;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::{debug, warn};

use crate::download;
use crate::interaction::{Download, Plan, Style, plan};
use crate::render::{self, limits, trim};
use crate::rest::Rest;
use crate::settings::{DiscordSettings, Mode};
use crate::wire::{Choice, EPHEMERAL, InteractionResponse, Message, ResponseData};

/// The settings cannot work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    /// `public_key` is not 64 hex digits of a valid Ed25519 key.
    PublicKey(String),
    /// `application_id` is 0.
    ApplicationId,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingsError::PublicKey(why) => write!(f, "discord.public_key: {why}"),
            SettingsError::ApplicationId => write!(f, "discord.application_id must be set"),
        }
    }
}

impl std::error::Error for SettingsError {}

/// The Discord adapter: settings, the chat core, the signature verifier and the REST client.
pub struct Discord {
    pub(crate) settings: DiscordSettings,
    pub(crate) handler: Arc<dyn ChatHandler>,
    /// `None` in gateway mode without a public key: the endpoint then refuses everything.
    pub(crate) verifier: Option<Verifier>,
    pub(crate) rest: Rest,
}

/// The response to send now, and maybe the rest of the work to finish after sending it.
pub struct Answer {
    pub response: InteractionResponse,
    pub followup: Option<FollowUp>,
}

/// A deferred answer: the core is still working; [`FollowUp::finish`] waits for it and edits
/// the original response (call it only after the deferral was sent).
pub struct FollowUp {
    token: String,
    style: Style,
    action: Option<Action>,
    task: JoinHandle<Reply>,
    /// The core's latest progress line (an import), shown by editing the deferral.
    progress: watch::Receiver<Option<String>>,
}

/// How often a deferred answer's progress line may be edited in (Discord rate-limits edits).
const PROGRESS_EVERY: Duration = Duration::from_millis(1500);

fn parse_key(hex: &str) -> Result<[u8; 32], SettingsError> {
    let hex = hex.trim();
    if hex.len() != 64 || !hex.is_ascii() {
        return Err(SettingsError::PublicKey("expected 64 hex digits".into()));
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)
            .map_err(|_| SettingsError::PublicKey("expected 64 hex digits".into()))?;
    }
    Ok(key)
}

impl Discord {
    /// Checks the settings and builds the REST client (nothing is sent yet).
    pub fn new(
        settings: DiscordSettings,
        handler: Arc<dyn ChatHandler>,
    ) -> Result<Self, SettingsError> {
        if settings.application_id == 0 {
            return Err(SettingsError::ApplicationId);
        }
        // The key only verifies the interactions endpoint, so gateway mode may leave it out.
        let verifier = if settings.public_key.trim().is_empty() && settings.mode == Mode::Gateway {
            None
        } else {
            Some(
                Verifier::try_new(parse_key(&settings.public_key)?)
                    .map_err(|e| SettingsError::PublicKey(e.to_string()))?,
            )
        };
        let rest = Rest::new(&settings);
        Ok(Self {
            settings,
            handler,
            verifier,
            rest,
        })
    }

    pub fn settings(&self) -> &DiscordSettings {
        &self.settings
    }

    pub fn rest(&self) -> &Rest {
        &self.rest
    }

    /// Answers one interaction. Within `settings.defer_after` this is the final response;
    /// after it, a deferral plus a [`FollowUp`] to run once the deferral has been sent.
    pub async fn interact(&self, interaction: &Interaction) -> Answer {
        let now = |response| Answer {
            response,
            followup: None,
        };
        match plan(interaction) {
            Plan::Pong => now(InteractionResponse::pong()),
            Plan::Refuse(text) => now(InteractionResponse::message(render::text(&text), true)),
            Plan::Complete {
                user,
                field,
                prefix,
            } => {
                let ask = self.handler.complete(&user, field, &prefix);
                let choices = tokio::time::timeout(self.settings.defer_after, ask)
                    .await
                    .unwrap_or_else(|_| {
                        warn!("autocomplete took too long; answering with no choices");
                        Vec::new()
                    });
                now(InteractionResponse::autocomplete(choices_of(choices)))
            }
            Plan::Handle {
                event,
                style,
                downloads,
            } => {
                let token = interaction_token(interaction).unwrap_or_default();
                self.handle(event, style, token, downloads).await
            }
        }
    }

    async fn handle(
        &self,
        mut event: IncomingEvent,
        style: Style,
        token: String,
        downloads: Vec<Download>,
    ) -> Answer {
        let action = match &event.incoming {
            Incoming::Action(a) => Some(a.clone()),
            _ => None,
        };
        let handler = self.handler.clone();
        let client = self.rest.client().clone();
        let api_base = self.settings.api_base.clone();
        let (progress_tx, progress) = watch::channel(None);
        let mut task = tokio::spawn(async move {
            for file in &downloads {
                match download::fetch(&client, file, api_base.as_deref()).await {
                    Ok(upload) => event.uploads.push(upload),
                    Err(e) => {
                        warn!(file = %file.name, error = %e, "could not fetch an attachment");
                        return Reply::text(format!("Hmm, {e}.")).ephemeral();
                    }
                }
            }
            let progress: Progress = Arc::new(move |line| {
                progress_tx.send_replace(Some(line));
            });
            handler.handle_with_progress(event, progress).await
        });
        let deferred = |task, progress| {
            debug!("chat core is slow, or the answer carries files: deferring");
            let response = match style {
                Style::Command { personal } => InteractionResponse::deferred_message(personal),
                Style::Private => InteractionResponse::deferred_message(true),
                Style::Update => InteractionResponse::deferred_update(),
            };
            Answer {
                response,
                followup: Some(FollowUp {
                    token: token.clone(),
                    style,
                    action: action.clone(),
                    task,
                    progress,
                }),
            }
        };
        match tokio::time::timeout(self.settings.defer_after, &mut task).await {
            // Files go with an edit of the deferral (an initial response cannot carry them
            // on the HTTP endpoint).
            Ok(Ok(reply)) if !reply.files.is_empty() && !reply.duplicate => {
                deferred(tokio::spawn(async move { reply }), progress)
            }
            Ok(Ok(reply)) => Answer {
                response: respond(&reply, style, action.as_ref()),
                followup: None,
            },
            Ok(Err(e)) => {
                warn!(error = %e, "chat handler panicked");
                Answer {
                    response: InteractionResponse::message(
                        render::text("Sorry, something went wrong. Please try again."),
                        true,
                    ),
                    followup: None,
                }
            }
            Err(_) => deferred(task, progress),
        }
    }
}

impl FollowUp {
    /// Waits for the core and edits the deferred response (or, when a deferred click turns
    /// out to need a private answer, sends a private follow-up). Errors are logged.
    pub async fn finish(mut self, rest: &Rest) {
        let reply = match self.wait_showing_progress(rest).await {
            Ok(reply) => reply,
            Err(e) => {
                warn!(error = %e, "chat handler panicked after deferral");
                Reply::text("Sorry, something went wrong. Please try again.")
            }
        };
        // A "thinking…" message must be replaced even when the event was a duplicate.
        let response = if reply.duplicate && self.style != Style::Update {
            InteractionResponse::message(render::text(&reply.text), true)
        } else {
            respond(&reply, self.style, self.action.as_ref())
        };
        let deferred_public = matches!(self.style, Style::Command { personal: false });
        let result = match response {
            InteractionResponse {
                kind,
                data: Some(ResponseData::Message(m)),
            } => {
                let private = is_ephemeral(&m);
                if kind == InteractionResponse::MESSAGE && self.style == Style::Update {
                    // The click's message stays; the answer goes to the clicker alone.
                    rest.followup_with(&self.token, &m, reply.files.first())
                        .await
                } else if private && deferred_public {
                    // The deferral was public but the answer is personal: take the public
                    // "thinking…" message back and answer privately instead.
                    if let Err(e) = rest.delete_original(&self.token).await {
                        warn!(error = %e, "could not remove a public deferral");
                    }
                    rest.followup_with(&self.token, &m, reply.files.first())
                        .await
                } else {
                    let mut m = m;
                    m.flags = None;
                    rest.edit_original_with(&self.token, &m, reply.files.first())
                        .await
                }
            }
            _ => return,
        };
        if let Err(e) = result {
            warn!(error = %e, "could not deliver a deferred answer");
            return;
        }
        // One file per message: the first went with the answer, the others follow, privately.
        for file in reply.files.iter().skip(1) {
            let note = render::text(&file.caption);
            let note = Message {
                flags: Some(EPHEMERAL),
                ..note
            };
            if let Err(e) = rest.followup_with(&self.token, &note, Some(file)).await {
                warn!(error = %e, file = %file.name, "could not send a file");
                return;
            }
        }
    }

    /// Waits for the core; meanwhile a command's deferral shows the latest progress line
    /// (at most one edit per [`PROGRESS_EVERY`]).
    async fn wait_showing_progress(
        &mut self,
        rest: &Rest,
    ) -> Result<Reply, tokio::task::JoinError> {
        let show = matches!(self.style, Style::Command { .. });
        let mut last_edit: Option<Instant> = None;
        loop {
            tokio::select! {
                done = &mut self.task => return done,
                changed = self.progress.changed(), if show => {
                    if changed.is_err() {
                        // The core dropped its progress handle: just wait for the answer.
                        return (&mut self.task).await;
                    }
                    if last_edit.is_some_and(|t| t.elapsed() < PROGRESS_EVERY) {
                        continue;
                    }
                    let line = self.progress.borrow_and_update().clone().unwrap_or_default();
                    last_edit = Some(Instant::now());
                    if let Err(e) = rest.edit_original(&self.token, &render::text(&line)).await {
                        debug!(error = %e, "could not show progress");
                    }
                }
            }
        }
    }
}

/// The response for the core's reply, as `style` asks.
fn respond(reply: &Reply, style: Style, action: Option<&Action>) -> InteractionResponse {
    let private = |m: Message| InteractionResponse::message(m, true);
    if reply.duplicate {
        // Already answered once: a click gets a silent acknowledgement, a command a note.
        return match style {
            Style::Command { .. } => private(render::text(&reply.text)),
            _ => InteractionResponse::deferred_update(),
        };
    }
    let message = render::message(reply);
    match style {
        Style::Command { personal } => {
            InteractionResponse::message(message, personal || reply.ephemeral)
        }
        Style::Private => private(message),
        Style::Update if replaces_message(reply, action) => InteractionResponse::update(message),
        Style::Update => private(message),
    }
}

/// An in-place update only when the reply can stand in for the message: the pressed film's
/// card with the rating the core says it stored, a new page, the end of a confirmation, or a
/// toggle list redrawn.
fn replaces_message(reply: &Reply, action: Option<&Action>) -> bool {
    match action {
        Some(Action::Rate { movie, .. } | Action::Unrate { movie }) => reply
            .outcome
            .as_ref()
            .is_some_and(|o| o.movie() == Some(*movie) && !reply.cards.is_empty()),
        Some(Action::ConfirmForget | Action::Cancel) => true,
        // The services list redrawn with the new state.
        Some(Action::SetService { .. }) => !reply.toggles.is_empty(),
        _ if matches!(
            reply.outcome,
            Some(moviebot_protocol::Outcome::Updated { .. })
        ) =>
        {
            true
        }
        _ => !reply.cards.is_empty(),
    }
}

fn choices_of(completions: Vec<Completion>) -> Vec<Choice> {
    completions
        .into_iter()
        .filter(|c| !c.label.trim().is_empty() && !c.value.is_empty())
        .filter(|c| c.value.chars().count() <= limits::OPTION_TEXT)
        .take(Completion::MAX)
        .map(|c| Choice {
            name: trim(&c.label, limits::OPTION_TEXT),
            value: c.value,
        })
        .collect()
}

pub(crate) fn interaction_token(interaction: &Interaction) -> Option<String> {
    Some(match interaction {
        Interaction::Command(c) | Interaction::Autocomplete(c) => c.token.clone(),
        Interaction::Component(c) => c.token.clone(),
        Interaction::Modal(m) => m.token.clone(),
        _ => return None,
    })
}

/// Ephemeral flag test for callers that inspect a rendered message.
pub fn is_ephemeral(message: &Message) -> bool {
    message.flags.is_some_and(|f| f & EPHEMERAL != 0)
}
