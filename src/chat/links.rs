//! Linked accounts: `/link` gives a one-time code (`links/code.rs`), `/link CODE` on another
//! platform joins the two users into one, `/unlink` separates an account again — and every
//! memory of who is who (the identity memo, sessions, the store's per-user cache, the model)
//! is put right afterwards.
//!
//! Which user survives a link: the one who made the code. Its id stays (for a REST user, the
//! id an admin asked a code for); the redeemer's user is absorbed and deleted.
//!
//! Guessing is limited: a user may try [`MAX_WRONG_PER_USER`] wrong codes per
//! [`WINDOW`], and everyone together [`MAX_WRONG_OVERALL`] (a bound on what many accounts
//! could guess); both are counted in the database, so they hold across restarts and
//! replicas.

pub mod code;
mod replies;

use std::sync::Arc;

use moviebot_protocol::{Conversation, Platform};

use super::session::Sessions;
use super::users::Users;
use crate::domain::UserId;
use crate::recommend::Recommender;
use crate::store::{Identity, LinkRefusal, Merged, RedeemOutcome, Split, Store, StoreError};

/// How long a code is good for, in seconds.
pub const CODE_LIFETIME: i64 = 10 * 60;
/// The window wrong codes are counted over, in seconds.
pub const WINDOW: i64 = 10 * 60;
/// Wrong codes one user may try per window.
pub const MAX_WRONG_PER_USER: i64 = 5;
/// Wrong codes everyone together may try per window.
pub const MAX_WRONG_OVERALL: i64 = 100;

/// A code made for a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCode {
    /// As shown to the user: `ABCD-EFGH`.
    pub code: String,
    /// Seconds since the Unix epoch.
    pub expires_at: i64,
}

/// What `/link CODE` came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redeemed {
    Linked(Merged),
    Refused(LinkRefusal),
    /// Not shaped like a code at all (not counted as a guess).
    Malformed,
    /// Too many wrong codes: by this user (`overall` false) or by everyone; wait `minutes`.
    Limited {
        overall: bool,
        minutes: i64,
    },
    /// A wrong code; `left` more may be tried in this window.
    Wrong {
        left: i64,
    },
}

/// What `/unlink` came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unlinked {
    Done(Split),
    /// The user has no account on that platform.
    NotLinked(Platform),
    /// It is the user's only account.
    OnlyAccount,
}

/// The linking service.
pub struct Links {
    store: Store,
    users: Arc<Users>,
    sessions: Arc<Sessions>,
    recommender: Arc<Recommender>,
}

impl Links {
    pub fn new(
        store: Store,
        users: Arc<Users>,
        sessions: Arc<Sessions>,
        recommender: Arc<Recommender>,
    ) -> Self {
        Self {
            store,
            users,
            sessions,
            recommender,
        }
    }

    /// A new one-time code for `user` (any earlier unused code of theirs stops working).
    pub async fn new_code(&self, user: UserId) -> Result<NewCode, StoreError> {
        let code = code::generate();
        let now = crate::store::now();
        let expires_at = now + CODE_LIFETIME;
        self.store
            .create_link_code(user, &code::hash(&code), now, expires_at)
            .await?;
        Ok(NewCode { code, expires_at })
    }

    /// Redeems `typed` for `user`: joins `user` into the code's owner when it is good.
    pub async fn redeem(&self, user: UserId, typed: &str) -> Result<Redeemed, StoreError> {
        let Some(canonical) = code::normalise(typed) else {
            return Ok(Redeemed::Malformed);
        };
        let now = crate::store::now();
        let since = now - WINDOW;
        let (mine, all) = self.store.link_failures(user, since).await?;
        if mine >= MAX_WRONG_PER_USER || all >= MAX_WRONG_OVERALL {
            return Ok(Redeemed::Limited {
                overall: mine < MAX_WRONG_PER_USER,
                minutes: WINDOW / 60,
            });
        }
        match self
            .store
            .redeem_link_code(user, &code::hash(&canonical), now)
            .await?
        {
            RedeemOutcome::Merged(merged) => {
                self.forget_absorbed(&merged);
                Ok(Redeemed::Linked(merged))
            }
            RedeemOutcome::Refused(LinkRefusal::Unknown) => {
                self.store.record_link_failure(user, now, since).await?;
                Ok(Redeemed::Wrong {
                    left: (MAX_WRONG_PER_USER - mine - 1).max(0),
                })
            }
            RedeemOutcome::Refused(why) => Ok(Redeemed::Refused(why)),
        }
    }

    /// After a link: the absorbed user's identities now mean the survivor, its session is
    /// gone, and the model refits soon so the absorbed user leaves it (until then the
    /// survivor's picks already read every rating from the store).
    fn forget_absorbed(&self, merged: &Merged) {
        self.users.forget_remembered(merged.absorbed);
        self.users.forget_remembered(merged.survivor);
        self.sessions.forget(merged.absorbed);
        self.recommender.note_users_changed();
    }

    /// Separates `user`'s account on `platform` into a user of its own, with a copy of
    /// everything.
    pub async fn unlink(&self, user: UserId, platform: Platform) -> Result<Unlinked, StoreError> {
        let accounts = self.store.identities(user).await?;
        if !accounts.iter().any(|a| a.platform == platform.as_str()) {
            return Ok(Unlinked::NotLinked(platform));
        }
        if accounts.len() < 2 {
            return Ok(Unlinked::OnlyAccount);
        }
        match self.store.split_identity(user, platform.as_str()).await? {
            Some(split) => {
                self.users.forget_remembered(user);
                self.recommender.note_users_changed();
                Ok(Unlinked::Done(split))
            }
            None => Ok(Unlinked::OnlyAccount),
        }
    }

    /// The user's platform accounts, oldest first.
    pub async fn identities(&self, user: UserId) -> Result<Vec<Identity>, StoreError> {
        self.store.identities(user).await
    }
}

/// Whether a code can be shown here without others reading it: a direct chat, or Discord,
/// whose slash-command answers are private to the asker.
pub fn private_here(conversation: &Conversation) -> bool {
    !conversation.is_group() || conversation.platform == Platform::Discord
}

/// "Discord", "Telegram", "the terminal".
pub fn platform_name(platform: &str) -> &'static str {
    match platform {
        "discord" => "Discord",
        "telegram" => "Telegram",
        "console" => "the terminal",
        "http" => "the web",
        _ => "another platform",
    }
}
