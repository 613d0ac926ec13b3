//! Unlinking: one platform account leaves its user for a new user of its own, in one
//! transaction. Both keep a copy of the ratings, watchlist, preferences and exclusions (a
//! person who unlinks should lose nothing on either side); the group memberships on that
//! platform go with the account, since only it speaks there.

use sqlx::{Any, AnyPool, Transaction};

use super::super::error::QueryContext;
use super::super::{StoreError, now};
use crate::domain::UserId;

/// What an unlink did (`None` from [`split`]: no such account, or the user's only one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The new user the account now belongs to.
    pub user: UserId,
    pub platform: String,
    pub ratings: i64,
    pub watchlist: i64,
}

/// Tables copied to the new user, with the columns besides `user_id`.
const COPIED: &[(&str, &str)] = &[
    ("ratings", "movie_id, rating, created_at, updated_at"),
    ("watchlist", "movie_id, added_at"),
    ("user_services", "provider_id, provider_name, added_at"),
    (
        "user_preferences",
        "favourite_genres, favourite_people, region, language, updated_at",
    ),
    (
        "user_exclusions",
        "kind, value, movie_id, label, created_at",
    ),
];

pub(super) async fn split(
    pool: &AnyPool,
    user: UserId,
    platform: &str,
) -> Result<Option<Split>, StoreError> {
    let mut tx = pool.begin().await.context("begin")?;
    let account: Option<String> = sqlx::query_scalar(
        "SELECT platform_user_id FROM platform_identities WHERE user_id = $1 AND platform = $2",
    )
    .bind(user.0)
    .bind(platform)
    .fetch_optional(&mut *tx)
    .await
    .context("select identity")?;
    let accounts: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM platform_identities WHERE user_id = $1")
            .bind(user.0)
            .fetch_one(&mut *tx)
            .await
            .context("count identities")?;
    // A user's last account is the user: there is nothing to separate it from.
    let Some(account) = account.filter(|_| accounts > 1) else {
        return Ok(None);
    };
    let new = new_user(&mut tx, &format!("{platform}:{account}")).await?;
    sqlx::query("UPDATE platform_identities SET user_id = $1 WHERE user_id = $2 AND platform = $3")
        .bind(new.0)
        .bind(user.0)
        .bind(platform)
        .execute(&mut *tx)
        .await
        .context("move identity")?;
    for (table, columns) in COPIED {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} (user_id, {columns}) SELECT $1, {columns} FROM {table} \
             WHERE user_id = $2"
        )))
        .bind(new.0)
        .bind(user.0)
        .execute(&mut *tx)
        .await
        .with_context(|| format!("copy {table}"))?;
    }
    sqlx::query(
        "UPDATE conversation_members SET user_id = $1 WHERE user_id = $2 AND conversation_id IN \
         (SELECT id FROM conversations WHERE platform = $3)",
    )
    .bind(new.0)
    .bind(user.0)
    .bind(platform)
    .execute(&mut *tx)
    .await
    .context("move memberships")?;
    let count = |table: &'static str| {
        sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {table} WHERE user_id = $1"
        )))
        .bind(new.0)
    };
    let ratings = count("ratings")
        .fetch_one(&mut *tx)
        .await
        .context("count ratings")?;
    let watchlist = count("watchlist")
        .fetch_one(&mut *tx)
        .await
        .context("count watchlist")?;
    tx.commit().await.context("commit unlink")?;
    Ok(Some(Split {
        user: new,
        platform: platform.to_string(),
        ratings,
        watchlist,
    }))
}

/// A new user named `name`, or `name#2`, `name#3`… when taken (the account's own name is
/// usually still its old user's, who was first known by it).
async fn new_user(tx: &mut Transaction<'static, Any>, name: &str) -> Result<UserId, StoreError> {
    for n in 1..=1000 {
        let username = if n == 1 {
            name.to_string()
        } else {
            format!("{name}#{n}")
        };
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO users (username, created_at) VALUES ($1, $2) \
             ON CONFLICT (username) DO NOTHING RETURNING id",
        )
        .bind(&username)
        .bind(now())
        .fetch_optional(&mut **tx)
        .await
        .context("insert user")?;
        if let Some(id) = id {
            return Ok(UserId(id));
        }
    }
    Err(StoreError::UsernameTaken)
}
