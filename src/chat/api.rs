//! What the REST sidecar asks of the chat core: a chat turn for a stored user (with the parsed
//! intent, which the API returns), personal picks, ratings and profiles by public film id. The
//! sidecar checks that the user exists first; these methods trust their ids.

use moviebot_protocol::{Conversation, MovieCard, Platform, PlatformUser, PublicMovieId, Reply};

use std::sync::Arc;

use super::core::{ChatCore, TMDB_DEGRADED, Turn};
use super::intent::ParsedIntent;
use super::picks_cache::Inputs;
use crate::domain::{MovieId, Rating, UserId};
use crate::recommend::Filters;
use crate::store::{MovieRecord, StoredRating};

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
        let mut reply = self.answer(&turn, parsed.clone()).await?;
        if crate::tmdb::Budget::current().is_some_and(|b| b.degraded()) && reply.notice.is_none() {
            reply = reply.with_notice(TMDB_DEGRADED);
        }
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
            let mut input = Self::input_from(user, &rows);
            input.outside = super::results::outside(&inputs.model, &inputs.library, &input.ratings);
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
                            .map(|m| self.films.card(m, Some(p.reason.to_string()), None))
                    })
                    .collect(),
            )
        });
        // Posters the memo's cards lack are fetched in the background: the library changes,
        // and the next request computes the cards anew with them.
        self.films.fetch_posters_later(
            cards
                .iter()
                .filter(|c| c.poster_url.is_none())
                .map(|c| c.id),
        );
        Ok(cards)
    }

    /// The internal id behind a public film id, when the film is known (with TMDb: any film
    /// TMDb knows, fetched and stored on first use).
    pub async fn movie_for_public(&self, public: PublicMovieId) -> Option<MovieId> {
        self.films.by_public(public).await.map(|m| m.id)
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

    /// Cards for stored films (e.g. a watchlist) with their posters, skipping any no longer
    /// in the library.
    pub async fn cards_for(&self, ids: &[MovieId]) -> Vec<MovieCard> {
        let lib = self.library();
        let films = ids.iter().filter_map(|id| lib.get(*id).cloned()).collect();
        self.cards_of(films).await
    }

    /// Cards for films with their posters (fetched within the request's TMDb budget).
    pub async fn cards_of(&self, films: Vec<Arc<MovieRecord>>) -> Vec<MovieCard> {
        self.films
            .with_posters(films)
            .await
            .iter()
            .map(|m| self.films.card(m, None, None))
            .collect()
    }

    /// A film by public id with everything TMDb has on it, and its card; with TMDb, any film
    /// TMDb knows.
    pub async fn film_for_public(
        &self,
        public: PublicMovieId,
    ) -> Option<(Arc<MovieRecord>, MovieCard)> {
        let m = self.films.by_public(public).await?;
        let m = self.films.detailed(m).await;
        let card = self.films.card(&m, None, None);
        Some((m, card))
    }
}

/// The public id of a rated film.
pub fn rated_public_id(r: &StoredRating) -> PublicMovieId {
    PublicMovieId::of(r.tmdb_id, r.movie.0)
}
