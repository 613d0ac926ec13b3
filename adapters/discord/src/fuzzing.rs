//! The entry point of the `discord_interaction` fuzz target (feature `fuzzing`, hidden, never
//! in a release build): a verified interactions-endpoint body through the endpoint's parse and
//! the part of [`crate::Discord::interact`] that reads it — the plan (command options,
//! decoded buttons, autocomplete) and the token a deferred answer would follow up with.

use crate::discord::interaction_token;
use crate::endpoint;
use crate::interaction::{Plan, plan};

/// What the adapter would do with one interaction.
#[derive(Debug)]
pub struct Handled {
    pub plan: Plan,
    pub token: Option<String>,
}

/// `body` as the endpoint reads it once its signature checked out; `None` where the endpoint
/// answers 400.
pub fn interaction_body(body: &[u8]) -> Option<Handled> {
    let interaction = endpoint::parse(body).ok()?;
    Some(Handled {
        plan: plan(&interaction),
        token: interaction_token(&interaction),
    })
}
