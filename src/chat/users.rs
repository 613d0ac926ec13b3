//! Identity: who a platform user is as a stored user (created on first contact, remembered in
//! memory), the names group answers use for them, which users a group has (and whether one
//! person is among them), and deleting a user with everything stored about them.

use moviebot_protocol::{Conversation, PlatformUser};

use super::memo::Memo;
use crate::domain::UserId;
use crate::store::{Store, StoreError, User};

/// The identity service: the store's users and identities, with a memo in front.
pub struct Users {
    store: Store,
    memo: Memo,
}

impl Users {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            memo: Memo::default(),
        }
    }

    /// The stored user behind a platform identity (created on first contact).
    pub async fn user_for(&self, user: &PlatformUser) -> Result<User, StoreError> {
        self.store
            .user_for_identity(user.platform.as_str(), &user.id, &user.display_name)
            .await
    }

    /// As [`Users::user_for`], answered from memory after the first lookup: the identity →
    /// user mapping only changes when a user is forgotten, linked or unlinked, which clears
    /// it.
    pub async fn id_for(&self, user: &PlatformUser) -> Result<UserId, StoreError> {
        let key = user.key();
        if let Some(id) = self.memo.identity(&key) {
            return Ok(id);
        }
        let id = self.user_for(user).await?.id;
        self.memo.remember_identity(key, id);
        Ok(id)
    }

    /// A user created by name (the REST API's users).
    pub async fn create(&self, name: &str) -> Result<User, StoreError> {
        self.store.create_user(name).await
    }

    pub async fn get(&self, user: UserId) -> Result<Option<User>, StoreError> {
        self.store.user(user).await
    }

    /// Records that `user` speaks in a group, so group picks include them. Written once per
    /// member per interval: refreshing it on every message would put a write on every turn.
    pub async fn note_member(
        &self,
        conversation: &Conversation,
        user: UserId,
    ) -> Result<(), StoreError> {
        let platform = conversation.platform.as_str();
        if conversation.is_group() && self.memo.membership_due(platform, &conversation.id, user) {
            self.store
                .touch_conversation(platform, &conversation.id, true, user)
                .await?;
        }
        Ok(())
    }

    /// The members of a group conversation (`platform:id`) who have rated a film.
    pub async fn raters_in(&self, platform: &str, id: &str) -> Result<Vec<UserId>, StoreError> {
        self.store.rating_members(platform, id).await
    }

    /// The stored user behind a platform identity when moviebot has met them, and only if
    /// they have taken part in `conversation` (a group): a person elsewhere, or never seen,
    /// is `None` alike, so nothing is said about users outside the conversation.
    pub async fn member_of(
        &self,
        conversation: &Conversation,
        platform_id: &str,
    ) -> Result<Option<UserId>, StoreError> {
        let platform = conversation.platform.as_str();
        let Some(user) = self.store.identity_user(platform, platform_id).await? else {
            return Ok(None);
        };
        let member = conversation.is_group()
            && self
                .store
                .is_member(platform, &conversation.id, user.id)
                .await?;
        Ok(member.then_some(user.id))
    }

    /// How a group answer names a member: their platform display name, else the stored
    /// username (never a bare platform id when a name is known).
    pub async fn name_of(&self, user: UserId) -> String {
        if let Ok(Some(name)) = self.store.display_name(user).await {
            return name;
        }
        match self.store.user(user).await {
            Ok(Some(u)) => u
                .username
                .split_once(':')
                .map(|(_, rest)| rest.to_string())
                .unwrap_or(u.username),
            _ => format!("user {user}"),
        }
    }

    /// Drops what this service remembers of `user` (their identities are re-read on their
    /// next turn): after a link or unlink moved an identity to another user.
    pub fn forget_remembered(&self, user: UserId) {
        self.memo.forget(user);
    }

    /// Deletes a user and everything stored about them, and what this service remembers.
    pub async fn delete(&self, user: UserId) -> Result<(), StoreError> {
        self.store.delete_user(user).await?;
        self.memo.forget(user);
        Ok(())
    }
}
