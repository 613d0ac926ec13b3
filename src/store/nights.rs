//! Movie nights: the night itself (where, who organised it, its stage), who is in or out, the
//! shortlist and the votes. Every write is idempotent (a redelivered press changes nothing
//! twice) and stage changes are conditional on the stage they leave, so two presses racing
//! on two replicas cannot both close a vote.

use sqlx::Row;

use super::error::QueryContext;
use super::{Store, StoreError};
use crate::domain::{MovieId, UserId};

/// Where a night is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NightStage {
    Signup,
    Voting,
    Closed,
}

impl NightStage {
    fn as_str(self) -> &'static str {
        match self {
            NightStage::Signup => "signup",
            NightStage::Voting => "voting",
            NightStage::Closed => "closed",
        }
    }

    fn parse(s: &str) -> NightStage {
        match s {
            "signup" => NightStage::Signup,
            "voting" => NightStage::Voting,
            _ => NightStage::Closed,
        }
    }
}

/// A stored movie night.
#[derive(Debug, Clone, PartialEq)]
pub struct Night {
    pub id: i64,
    pub platform: String,
    pub conversation: String,
    pub organiser: UserId,
    /// What was asked for, as JSON (the core's own type).
    pub request: String,
    pub stage: NightStage,
    pub created_at: i64,
    pub starts_at: Option<i64>,
    pub winner: Option<MovieId>,
    pub tie_broken: bool,
}

/// One film of a night's shortlist.
#[derive(Debug, Clone, PartialEq)]
pub struct NightFilm {
    pub slot: u8,
    pub movie: MovieId,
    pub score: f64,
    pub reason: String,
}

/// Everything about a night that its message shows.
#[derive(Debug, Clone, PartialEq)]
pub struct NightState {
    pub night: Night,
    /// (user, attending), in the order they answered.
    pub members: Vec<(UserId, bool)>,
    pub films: Vec<NightFilm>,
    /// (user, slot), in the order they voted.
    pub votes: Vec<(UserId, u8)>,
}

impl NightState {
    pub fn attendees(&self) -> Vec<UserId> {
        self.members
            .iter()
            .filter(|(_, a)| *a)
            .map(|(u, _)| *u)
            .collect()
    }
}

impl Store {
    /// Creates a night in its sign-up stage with the organiser in; returns its id.
    pub async fn create_night(
        &self,
        platform: &str,
        conversation: &str,
        organiser: UserId,
        request: &str,
        at: i64,
        starts_at: Option<i64>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await.context("night: begin")?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO movie_nights \
             (platform, conversation, organiser, request, stage, created_at, starts_at) \
             VALUES ($1, $2, $3, $4, 'signup', $5, $6) RETURNING id",
        )
        .bind(platform)
        .bind(conversation)
        .bind(organiser.0)
        .bind(request)
        .bind(at)
        .bind(starts_at)
        .fetch_one(&mut *tx)
        .await
        .context("insert night")?;
        sqlx::query(
            "INSERT INTO movie_night_members (night_id, user_id, attending, at) \
             VALUES ($1, $2, 1, $3)",
        )
        .bind(id)
        .bind(organiser.0)
        .bind(at)
        .execute(&mut *tx)
        .await
        .context("insert organiser")?;
        tx.commit().await.context("night: commit")?;
        Ok(id)
    }

    /// A night with its members, shortlist and votes; `None` when there is no such night.
    pub async fn night(&self, id: i64) -> Result<Option<NightState>, StoreError> {
        let Some(row) = sqlx::query(
            "SELECT id, platform, conversation, organiser, request, stage, created_at, \
             starts_at, winner, tie_broken FROM movie_nights WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .context("select night")?
        else {
            return Ok(None);
        };
        let night = (|| -> Result<Night, sqlx::Error> {
            Ok(Night {
                id: row.try_get("id")?,
                platform: row.try_get("platform")?,
                conversation: row.try_get("conversation")?,
                organiser: UserId(row.try_get("organiser")?),
                request: row.try_get("request")?,
                stage: NightStage::parse(&row.try_get::<String, _>("stage")?),
                created_at: row.try_get("created_at")?,
                starts_at: row.try_get("starts_at")?,
                winner: row.try_get::<Option<i64>, _>("winner")?.map(MovieId),
                tie_broken: row.try_get::<i64, _>("tie_broken")? != 0,
            })
        })()
        .context("read night")?;
        let members = sqlx::query(
            "SELECT user_id, attending FROM movie_night_members WHERE night_id = $1 \
             ORDER BY at, user_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .context("select night members")?
        .iter()
        .map(|r| {
            Ok((
                UserId(r.try_get("user_id")?),
                r.try_get::<i64, _>("attending")? != 0,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .context("read night members")?;
        let films = sqlx::query(
            "SELECT slot, movie_id, score, reason FROM movie_night_films WHERE night_id = $1 \
             ORDER BY slot",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .context("select night films")?
        .iter()
        .map(|r| {
            Ok(NightFilm {
                slot: r.try_get::<i32, _>("slot")? as u8,
                movie: MovieId(r.try_get("movie_id")?),
                score: r.try_get("score")?,
                reason: r.try_get("reason")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .context("read night films")?;
        let votes = sqlx::query(
            "SELECT user_id, slot FROM movie_night_votes WHERE night_id = $1 ORDER BY at, user_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .context("select night votes")?
        .iter()
        .map(|r| {
            Ok((
                UserId(r.try_get("user_id")?),
                r.try_get::<i32, _>("slot")? as u8,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .context("read night votes")?;
        Ok(Some(NightState {
            night,
            members,
            films,
            votes,
        }))
    }

    /// Records that `user` is in or out; false when that was already so.
    pub async fn set_night_member(
        &self,
        night: i64,
        user: UserId,
        attending: bool,
        at: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO movie_night_members (night_id, user_id, attending, at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (night_id, user_id) \
             DO UPDATE SET attending = excluded.attending, at = excluded.at \
             WHERE movie_night_members.attending <> excluded.attending",
        )
        .bind(night)
        .bind(user.0)
        .bind(i64::from(attending))
        .bind(at)
        .execute(&self.pool)
        .await
        .context("upsert night member")?;
        Ok(done.rows_affected() > 0)
    }

    /// Stores the shortlist and starts the vote, if the night is still signing up; false when
    /// another press got there first.
    pub async fn start_night_vote(
        &self,
        night: i64,
        films: &[NightFilm],
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.context("night vote: begin")?;
        let moved = sqlx::query(
            "UPDATE movie_nights SET stage = 'voting' WHERE id = $1 AND stage = 'signup'",
        )
        .bind(night)
        .execute(&mut *tx)
        .await
        .context("start vote")?;
        if moved.rows_affected() == 0 {
            return Ok(false);
        }
        for f in films {
            sqlx::query(
                "INSERT INTO movie_night_films (night_id, slot, movie_id, score, reason) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(night)
            .bind(i32::from(f.slot))
            .bind(f.movie.0)
            .bind(f.score)
            .bind(&f.reason)
            .execute(&mut *tx)
            .await
            .context("insert night film")?;
        }
        tx.commit().await.context("night vote: commit")?;
        Ok(true)
    }

    /// Records (or changes) `user`'s vote, only while the vote is open; false when the vote
    /// is not open. A voter who had not signed up is counted in.
    pub async fn vote_night(
        &self,
        night: i64,
        user: UserId,
        slot: u8,
        at: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.context("night vote: begin")?;
        let stage: Option<String> =
            sqlx::query_scalar("SELECT stage FROM movie_nights WHERE id = $1")
                .bind(night)
                .fetch_optional(&mut *tx)
                .await
                .context("select night stage")?;
        if stage.as_deref() != Some(NightStage::Voting.as_str()) {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO movie_night_votes (night_id, user_id, slot, at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (night_id, user_id) DO UPDATE SET slot = excluded.slot, at = excluded.at \
             WHERE movie_night_votes.slot <> excluded.slot",
        )
        .bind(night)
        .bind(user.0)
        .bind(i32::from(slot))
        .bind(at)
        .execute(&mut *tx)
        .await
        .context("upsert night vote")?;
        sqlx::query(
            "INSERT INTO movie_night_members (night_id, user_id, attending, at) \
             VALUES ($1, $2, 1, $3) ON CONFLICT (night_id, user_id) \
             DO UPDATE SET attending = 1 WHERE movie_night_members.attending = 0",
        )
        .bind(night)
        .bind(user.0)
        .bind(at)
        .execute(&mut *tx)
        .await
        .context("vote counts the voter in")?;
        tx.commit().await.context("night vote: commit")?;
        Ok(true)
    }

    /// Closes the vote with its winner (none when nobody voted), once: false when it was not
    /// open.
    pub async fn close_night(
        &self,
        night: i64,
        winner: Option<MovieId>,
        tie_broken: bool,
        at: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE movie_nights SET stage = 'closed', winner = $2, tie_broken = $3, \
             closed_at = $4 WHERE id = $1 AND stage = 'voting'",
        )
        .bind(night)
        .bind(winner.map(|m| m.0))
        .bind(i64::from(tie_broken))
        .bind(at)
        .execute(&self.pool)
        .await
        .context("close night")?;
        Ok(done.rows_affected() > 0)
    }
}

/// A "How was it?" that is due: an attendee of a closed night with a winner.
#[derive(Debug, Clone, PartialEq)]
pub struct DuePrompt {
    pub night: i64,
    pub platform: String,
    pub user: UserId,
    pub winner: MovieId,
}

impl Store {
    /// Attendees of nights closed with a winner whose prompt is due (the night closed, and
    /// started, at or before `due_before`), not yet prompted and not opted out; at most
    /// `limit`.
    pub async fn due_night_prompts(
        &self,
        due_before: i64,
        limit: i64,
    ) -> Result<Vec<DuePrompt>, StoreError> {
        sqlx::query(
            "SELECT n.id, n.platform, n.winner, m.user_id FROM movie_nights n \
             JOIN movie_night_members m ON m.night_id = n.id \
             WHERE n.stage = 'closed' AND n.winner IS NOT NULL AND m.attending = 1 \
             AND m.prompted_at IS NULL AND n.closed_at <= $1 \
             AND (n.starts_at IS NULL OR n.starts_at <= $1) \
             AND NOT EXISTS (SELECT 1 FROM movie_night_quiet q WHERE q.user_id = m.user_id) \
             ORDER BY n.id, m.user_id LIMIT $2",
        )
        .bind(due_before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .context("select due prompts")?
        .iter()
        .map(|r| {
            Ok(DuePrompt {
                night: r.try_get("id")?,
                platform: r.try_get("platform")?,
                winner: MovieId(r.try_get("winner")?),
                user: UserId(r.try_get("user_id")?),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .context("read due prompts")
    }

    /// Claims a prompt for sending: true for exactly one caller, however many processes try.
    pub async fn claim_night_prompt(
        &self,
        night: i64,
        user: UserId,
        at: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE movie_night_members SET prompted_at = $3 \
             WHERE night_id = $1 AND user_id = $2 AND prompted_at IS NULL",
        )
        .bind(night)
        .bind(user.0)
        .bind(at)
        .execute(&self.pool)
        .await
        .context("claim prompt")?;
        Ok(done.rows_affected() == 1)
    }

    /// No more movie-night prompts for `user`; false when they had asked already.
    pub async fn quiet_night_prompts(&self, user: UserId, at: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO movie_night_quiet (user_id, at) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(user.0)
        .bind(at)
        .execute(&self.pool)
        .await
        .context("insert quiet")?;
        Ok(done.rows_affected() > 0)
    }
}
