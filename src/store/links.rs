//! Linked accounts: one-time link codes (kept hashed), the wrong codes tried (for the limits
//! against guessing), a user's platform identities, and redeeming a code — which joins the
//! redeemer's user into the code's owner in one transaction (`links/merge.rs`) — or
//! separating one identity into a user of its own again (`links/split.rs`).
//!
//! The user who made the code survives a link: their id stays (a REST client's user id, the
//! one an admin asked a code for), and the redeemer's user is absorbed into it and deleted.

mod merge;
mod split;

use sqlx::Row;

use super::error::QueryContext;
use super::{Store, StoreError};
use crate::domain::UserId;

pub use split::Split;

/// One platform account of a user.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Identity {
    pub platform: String,
    pub platform_user_id: String,
    pub display_name: String,
    /// When this account first wrote to the bot (seconds since the Unix epoch).
    pub created_at: i64,
}

/// What a link did: the surviving user and what they hold now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub survivor: UserId,
    /// The redeemer's former user, now deleted.
    pub absorbed: UserId,
    pub ratings: i64,
    pub watchlist: i64,
    pub exclusions: i64,
    pub identities: Vec<Identity>,
}

/// Why a code joined nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkRefusal {
    /// No such code (a typo, or a guess).
    Unknown,
    Expired,
    /// Already redeemed once.
    Used,
    /// The code is the redeemer's own (or they are linked already).
    Own,
    /// Both sides have an account on this platform.
    SamePlatform(String),
}

/// What redeeming a code did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedeemOutcome {
    Merged(Merged),
    Refused(LinkRefusal),
}

/// Used and expired codes are kept this long, so a late try is told "used" or "expired"
/// rather than "wrong".
const KEEP_SPENT: i64 = 24 * 3600;

fn identity_from(r: &sqlx::any::AnyRow) -> Result<Identity, sqlx::Error> {
    Ok(Identity {
        platform: r.try_get("platform")?,
        platform_user_id: r.try_get("platform_user_id")?,
        display_name: r.try_get("display_name")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// A user's platform accounts, oldest first.
    pub async fn identities(&self, user: UserId) -> Result<Vec<Identity>, StoreError> {
        let rows = sqlx::query(
            "SELECT platform, platform_user_id, display_name, created_at \
             FROM platform_identities WHERE user_id = $1 ORDER BY created_at, platform",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await
        .context("select identities")?;
        rows.iter()
            .map(identity_from)
            .collect::<Result<_, sqlx::Error>>()
            .context("read identities")
    }

    /// Stores a new code (its hash) for `user`, replacing any code of theirs not used yet,
    /// and drops codes long spent.
    #[tracing::instrument(skip(self, code_hash))]
    pub async fn create_link_code(
        &self,
        user: UserId,
        code_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.context("begin")?;
        sqlx::query(
            "DELETE FROM link_codes WHERE expires_at < $1 \
             OR (user_id = $2 AND used_at IS NULL)",
        )
        .bind(now - KEEP_SPENT)
        .bind(user.0)
        .execute(&mut *tx)
        .await
        .context("delete old link codes")?;
        sqlx::query(
            "INSERT INTO link_codes (code_hash, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(code_hash)
        .bind(user.0)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await
        .context("insert link code")?;
        tx.commit().await.context("commit link code")?;
        Ok(())
    }

    /// Wrong codes tried since `since`: by `user`, and by everyone.
    pub async fn link_failures(&self, user: UserId, since: i64) -> Result<(i64, i64), StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(CASE WHEN user_id = $1 THEN 1 END) AS mine, COUNT(*) AS total \
             FROM link_failures WHERE at >= $2",
        )
        .bind(user.0)
        .bind(since)
        .fetch_one(&self.pool)
        .await
        .context("count link failures")?;
        let mine: i64 = row.try_get("mine").context("read link failures")?;
        let total: i64 = row.try_get("total").context("read link failures")?;
        Ok((mine, total))
    }

    /// Records a wrong code tried by `user` at `now`, forgetting tries older than `since`.
    pub async fn record_link_failure(
        &self,
        user: UserId,
        now: i64,
        since: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM link_failures WHERE at < $1")
            .bind(since)
            .execute(&self.pool)
            .await
            .context("delete old link failures")?;
        sqlx::query("INSERT INTO link_failures (user_id, at) VALUES ($1, $2)")
            .bind(user.0)
            .bind(now)
            .execute(&self.pool)
            .await
            .context("insert link failure")?;
        Ok(())
    }

    /// Redeems a code for `redeemer`: marks it used and joins the redeemer's user into the
    /// code's owner, all in one transaction; a refused code changes nothing.
    #[tracing::instrument(skip(self, code_hash))]
    pub async fn redeem_link_code(
        &self,
        redeemer: UserId,
        code_hash: &str,
        now: i64,
    ) -> Result<RedeemOutcome, StoreError> {
        let mut outcome = merge::redeem(&self.pool, redeemer, code_hash, now).await?;
        if let RedeemOutcome::Merged(m) = &mut outcome {
            self.cache.forget(m.survivor.0);
            self.cache.forget(m.absorbed.0);
            m.identities = self.identities(m.survivor).await?;
        }
        Ok(outcome)
    }

    /// Separates `user`'s account on `platform` into a new user holding a copy of their
    /// ratings, watchlist, preferences and exclusions (and that platform's group
    /// memberships). `None` when the user has no account there, or no other.
    #[tracing::instrument(skip(self))]
    pub async fn split_identity(
        &self,
        user: UserId,
        platform: &str,
    ) -> Result<Option<Split>, StoreError> {
        let split = split::split(&self.pool, user, platform).await?;
        self.cache.forget(user.0);
        Ok(split)
    }
}
