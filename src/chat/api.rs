//! What the REST sidecar asks of the chat core beyond the services themselves: a chat turn
//! for a stored user (with the parsed intent, which the API returns), cards and profiles by
//! public film id. The sidecar checks that the user exists first; these methods trust ids.

use moviebot_protocol::{Conversation, MovieCard, Platform, PlatformUser, PublicMovieId, Reply};

use std::sync::Arc;

use super::core::{ChatCore, TMDB_DEGRADED, Turn};
use super::intent::ParsedIntent;
use crate::domain::{MovieId, UserId};
use crate::store::{MovieRecord, StoredRating};

impl ChatCore {
    /// One chat turn for a stored user, as over the console; the caller counts the turn
    /// against the user's flood limit first ([`ChatCore::chat_quota`]).
    pub async fn chat_api(
        &self,
        user: UserId,
        message: &str,
    ) -> anyhow::Result<(ParsedIntent, Reply)> {
        let me = PlatformUser::new(Platform::Http, user.to_string(), user.to_string());
        let conversation = Conversation::direct(&me);
        let turn = Turn {
            user,
            conversation: &conversation,
            uploads: &[],
            progress: None,
        };
        // A follow-up is returned as the request it makes ("what about the 90s?" with the
        // last request's filters).
        let parsed = self
            .answers
            .resolve(&turn, self.library().parse(message, self.answers.this_year));
        let mut reply = self.answers.answer(&turn, parsed.clone()).await?;
        if crate::tmdb::Budget::current().is_some_and(|b| b.degraded()) && reply.notice.is_none() {
            reply = reply.with_notice(TMDB_DEGRADED);
        }
        Ok((parsed, reply))
    }

    /// The longest chat message the core accepts.
    pub fn max_message_chars(&self) -> usize {
        self.limits.max_message_chars
    }

    /// A user's favourite genres: stated ones first, then those of the films they rated 4+.
    pub fn favourite_genres(&self, ratings: &[StoredRating], stated: &[String]) -> Vec<String> {
        let lib = self.library();
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for r in ratings.iter().filter(|r| r.rating.get() >= 4.0) {
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
        let f = self.films();
        f.with_posters(films)
            .await
            .iter()
            .map(|m| f.card(m, None, None))
            .collect()
    }

    /// A film by public id with everything TMDb has on it, and its card; with TMDb, any film
    /// TMDb knows.
    pub async fn film_for_public(
        &self,
        public: PublicMovieId,
    ) -> Option<(Arc<MovieRecord>, MovieCard)> {
        let f = self.films();
        let m = f.by_public(public).await?;
        let m = f.detailed(m).await;
        let card = f.card(&m, None, None);
        Some((m, card))
    }
}

/// The public id of a rated film.
pub fn rated_public_id(r: &StoredRating) -> PublicMovieId {
    PublicMovieId::of(r.tmdb_id, r.movie.0)
}
