//! What the REST sidecar asks of the chat core: a chat turn for a stored user (with the parsed
//! intent, which the API returns), personal picks, ratings and profiles by public film id. The
//! sidecar checks that the user exists first; these methods trust their ids.

use moviebot_protocol::{Conversation, MovieCard, Platform, PlatformUser, Reply};

use std::sync::Arc;

use super::cards::card;
use super::core::{ChatCore, Turn};
use super::intent::ParsedIntent;
use super::library::LOCAL_ID_BASE;
use super::picks_cache::Inputs;
use crate::domain::{MovieId, Rating, UserId};
use crate::recommend::Filters;
use crate::store::StoredRating;

impl ChatCore {
    /// One chat turn for a stored user, as over the console but without the per-user flood
    /// limit (the sidecar limits per client address itself).
    pub async fn chat_api(
        &self,
        user: UserId,
        message: &str,
    ) -> anyhow::Result<(ParsedIntent, Reply)> {
        let parsed = self.library().parse(message, self.this_year);
        let me = PlatformUser::new(Platform::Http, user.to_string(), user.to_string());
        let conversation = Conversation::direct(&me);
        let turn = Turn {
            user,
            conversation: &conversation,
        };
        let reply = self.answer(&turn, parsed.clone()).await?;
        Ok((parsed, reply))
    }

    /// The longest chat message the core accepts.
    pub fn max_message_chars(&self) -> usize {
        self.limits.max_message_chars
    }

    /// A user's top `limit` personal picks as cards, each with its "why". Served from the
    /// picks memo while the user's rows, the model and the library are unchanged.
    pub async fn recommendations_for(
        &self,
        user: UserId,
        limit: usize,
    ) -> anyhow::Result<Arc<Vec<MovieCard>>> {
        let rows = self.user_rows(user).await?;
        let inputs = Inputs {
            ratings: rows.ratings.clone(),
            preferences: rows.preferences.clone(),
            excluded: rows.excluded.clone(),
            model: self.recommender.model(),
            library: self.library(),
        };
        let cards = self.picks.get_or_compute(user.0, limit, &inputs, || {
            let input = Self::input_from(user, &rows);
            let picks = self
                .recommender
                .recommend(&input, &Filters::default(), limit, 0);
            Arc::new(
                picks
                    .into_iter()
                    .filter_map(|p| {
                        inputs
                            .library
                            .get(MovieId(p.item))
                            .map(|m| card(m, Some(p.reason.to_string()), None))
                    })
                    .collect(),
            )
        });
        Ok(cards)
    }

    /// The internal id behind a public film id, when the film is known.
    pub fn movie_for_public(&self, public: i64) -> Option<MovieId> {
        self.library().by_public(public).map(|m| m.id)
    }

    /// Stores a rating and tells the model a new one arrived.
    pub async fn rate_api(
        &self,
        user: UserId,
        movie: MovieId,
        rating: Rating,
    ) -> Result<(), crate::store::StoreError> {
        self.store.upsert_rating(user, movie, rating).await?;
        self.recommender.note_rating();
        Ok(())
    }

    /// A user's favourite genres: stated ones first, then those of the films they rated 4+.
    pub fn favourite_genres(&self, ratings: &[StoredRating], stated: &[String]) -> Vec<String> {
        let lib = self.library();
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for r in ratings.iter().filter(|r| r.rating >= 4.0) {
            if let Some(m) = lib.get(r.movie) {
                for g in &m.movie.genres {
                    *counts.entry(g.as_str()).or_default() += 1;
                }
            }
        }
        let mut top: Vec<(&str, usize)> = counts.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut out: Vec<String> = stated.to_vec();
        for (g, _) in top.into_iter().take(3) {
            if !out.iter().any(|s| s.eq_ignore_ascii_case(g)) {
                out.push(g.to_string());
            }
        }
        out
    }

    /// Cards for stored films (e.g. a watchlist), skipping any no longer in the library.
    pub fn cards_for(&self, ids: &[MovieId]) -> Vec<MovieCard> {
        let lib = self.library();
        ids.iter()
            .filter_map(|id| lib.get(*id).map(|m| card(m, None, None)))
            .collect()
    }

    /// The card for a public film id.
    pub fn card_for_public(&self, public: i64) -> Option<MovieCard> {
        self.library()
            .by_public(public)
            .map(|m| card(m, None, None))
    }
}

/// The public id of a rated film (TMDb id, or the local base plus the internal id).
pub fn rated_public_id(r: &StoredRating) -> i64 {
    r.tmdb_id.unwrap_or(LOCAL_ID_BASE + r.movie.0)
}
