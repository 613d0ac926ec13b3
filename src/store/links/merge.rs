//! Redeeming a link code: in one transaction, the code is spent and everything the
//! redeemer's user holds moves to the code's owner — ratings (the later rating of a film
//! wins, by `updated_at`; on a tie the owner's stays), the watchlist (union), preferences
//! (favourites united; the owner's region and language unless unset), exclusions (union),
//! group memberships and platform identities — and the redeemer's user is deleted, which
//! cascades whatever else hangs off it. A refused code rolls back and changes nothing.

use sqlx::{Any, AnyPool, Row, Transaction};

use super::super::error::QueryContext;
use super::super::{StoreError, json_list, parse_list};
use super::{LinkRefusal, Merged, RedeemOutcome};
use crate::domain::UserId;

pub(super) async fn redeem(
    pool: &AnyPool,
    redeemer: UserId,
    code_hash: &str,
    now: i64,
) -> Result<RedeemOutcome, StoreError> {
    let mut tx = pool.begin().await.context("begin")?;
    // Spending the code first takes the row (PostgreSQL) or the database (SQLite) for this
    // transaction, so two redemptions of one code cannot both succeed.
    let spent = sqlx::query(
        "UPDATE link_codes SET used_at = $1 \
         WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(code_hash)
    .execute(&mut *tx)
    .await
    .context("spend link code")?;
    let row =
        sqlx::query("SELECT user_id, expires_at, used_at FROM link_codes WHERE code_hash = $1")
            .bind(code_hash)
            .fetch_optional(&mut *tx)
            .await
            .context("select link code")?;
    let Some(row) = row else {
        return Ok(RedeemOutcome::Refused(LinkRefusal::Unknown));
    };
    let owner = UserId(row.try_get("user_id").context("read link code")?);
    if spent.rows_affected() == 0 {
        let used: Option<i64> = row.try_get("used_at").context("read link code")?;
        return Ok(RedeemOutcome::Refused(if used.is_some() {
            LinkRefusal::Used
        } else {
            LinkRefusal::Expired
        }));
    }
    if owner == redeemer {
        return Ok(RedeemOutcome::Refused(LinkRefusal::Own));
    }
    if let Some(platform) = shared_platform(&mut tx, owner, redeemer).await? {
        return Ok(RedeemOutcome::Refused(LinkRefusal::SamePlatform(platform)));
    }
    merge(&mut tx, owner, redeemer).await?;
    let count = |table: &'static str| {
        sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {table} WHERE user_id = $1"
        )))
        .bind(owner.0)
    };
    let ratings = count("ratings")
        .fetch_one(&mut *tx)
        .await
        .context("count ratings")?;
    let watchlist = count("watchlist")
        .fetch_one(&mut *tx)
        .await
        .context("count watchlist")?;
    let exclusions = count("user_exclusions")
        .fetch_one(&mut *tx)
        .await
        .context("count exclusions")?;
    tx.commit().await.context("commit link")?;
    Ok(RedeemOutcome::Merged(Merged {
        survivor: owner,
        absorbed: redeemer,
        ratings,
        watchlist,
        exclusions,
        identities: Vec::new(),
    }))
}

/// A platform both users have an account on (one person has one account per platform).
async fn shared_platform(
    tx: &mut Transaction<'static, Any>,
    a: UserId,
    b: UserId,
) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar(
        "SELECT x.platform FROM platform_identities x JOIN platform_identities y \
         ON x.platform = y.platform WHERE x.user_id = $1 AND y.user_id = $2 \
         ORDER BY x.platform LIMIT 1",
    )
    .bind(a.0)
    .bind(b.0)
    .fetch_optional(&mut **tx)
    .await
    .context("compare identities")
}

/// Moves everything of `from` to `into`, then deletes `from`.
async fn merge(
    tx: &mut Transaction<'static, Any>,
    into: UserId,
    from: UserId,
) -> Result<(), StoreError> {
    let run = |sql: &'static str| sqlx::query(sql).bind(into.0).bind(from.0);
    // Ratings: a film both rated keeps the later rating; then the rest moves over.
    run("UPDATE ratings SET \
         rating = (SELECT f.rating FROM ratings f \
                   WHERE f.user_id = $2 AND f.movie_id = ratings.movie_id), \
         updated_at = (SELECT f.updated_at FROM ratings f \
                   WHERE f.user_id = $2 AND f.movie_id = ratings.movie_id) \
         WHERE user_id = $1 AND EXISTS (SELECT 1 FROM ratings f WHERE f.user_id = $2 \
               AND f.movie_id = ratings.movie_id AND f.updated_at > ratings.updated_at)")
    .execute(&mut **tx)
    .await
    .context("merge ratings")?;
    for (table, key, what) in [
        ("ratings", "movie_id", "ratings"),
        ("watchlist", "movie_id", "watchlist"),
        ("user_services", "provider_id", "services"),
        ("conversation_members", "conversation_id", "memberships"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE user_id = $2 AND {key} IN \
             (SELECT {key} FROM {table} WHERE user_id = $1)"
        )))
        .bind(into.0)
        .bind(from.0)
        .execute(&mut **tx)
        .await
        .with_context(|| format!("drop shared {what}"))?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET user_id = $1 WHERE user_id = $2"
        )))
        .bind(into.0)
        .bind(from.0)
        .execute(&mut **tx)
        .await
        .with_context(|| format!("move {what}"))?;
    }
    run(
        "DELETE FROM user_exclusions WHERE user_id = $2 AND EXISTS (SELECT 1 FROM \
         user_exclusions o WHERE o.user_id = $1 AND o.kind = user_exclusions.kind \
         AND o.value = user_exclusions.value)",
    )
    .execute(&mut **tx)
    .await
    .context("drop shared exclusions")?;
    run("UPDATE user_exclusions SET user_id = $1 WHERE user_id = $2")
        .execute(&mut **tx)
        .await
        .context("move exclusions")?;
    merge_preferences(tx, into, from).await?;
    run("UPDATE platform_identities SET user_id = $1 WHERE user_id = $2")
        .execute(&mut **tx)
        .await
        .context("move identities")?;
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(from.0)
        .execute(&mut **tx)
        .await
        .context("delete absorbed user")?;
    Ok(())
}

/// Favourites united (the survivor's first); the survivor's region and language, or the
/// other's where the survivor set none.
async fn merge_preferences(
    tx: &mut Transaction<'static, Any>,
    into: UserId,
    from: UserId,
) -> Result<(), StoreError> {
    let read = |user: UserId| {
        sqlx::query(
            "SELECT favourite_genres, favourite_people, region, language, updated_at \
             FROM user_preferences WHERE user_id = $1",
        )
        .bind(user.0)
    };
    let Some(theirs) = read(from)
        .fetch_optional(&mut **tx)
        .await
        .context("select preferences")?
    else {
        return Ok(());
    };
    let mine = read(into)
        .fetch_optional(&mut **tx)
        .await
        .context("select preferences")?;
    let list = |r: Option<&sqlx::any::AnyRow>, col: &str| -> Result<Vec<String>, StoreError> {
        Ok(match r {
            Some(r) => parse_list(&r.try_get::<String, _>(col).context("read preferences")?),
            None => Vec::new(),
        })
    };
    let text = |r: Option<&sqlx::any::AnyRow>, col: &str| -> Result<Option<String>, StoreError> {
        Ok(match r {
            Some(r) => r
                .try_get::<Option<String>, _>(col)
                .context("read preferences")?
                .filter(|s| !s.trim().is_empty()),
            None => None,
        })
    };
    let union = |a: Vec<String>, b: Vec<String>| {
        let mut out = a;
        for x in b {
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out
    };
    let genres = union(
        list(mine.as_ref(), "favourite_genres")?,
        list(Some(&theirs), "favourite_genres")?,
    );
    let people = union(
        list(mine.as_ref(), "favourite_people")?,
        list(Some(&theirs), "favourite_people")?,
    );
    let region = text(mine.as_ref(), "region")?.or(text(Some(&theirs), "region")?);
    let language = text(mine.as_ref(), "language")?.or(text(Some(&theirs), "language")?);
    let updated: i64 = theirs.try_get("updated_at").context("read preferences")?;
    sqlx::query(
        "INSERT INTO user_preferences \
         (user_id, favourite_genres, favourite_people, region, language, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET \
         favourite_genres = excluded.favourite_genres, \
         favourite_people = excluded.favourite_people, region = excluded.region, \
         language = excluded.language, updated_at = excluded.updated_at",
    )
    .bind(into.0)
    .bind(json_list(&genres))
    .bind(json_list(&people))
    .bind(region)
    .bind(language)
    .bind(updated.max(super::super::now()))
    .execute(&mut **tx)
    .await
    .context("merge preferences")?;
    Ok(())
}
