//! Lists limited to what the user can stream ("only on my services", "on Netflix"), and "On
//! your Netflix" on cards whose providers are already known (never a TMDb request).

use std::collections::HashMap;
use std::sync::Arc;

use moviebot_protocol::{MovieCard, Region, Reply};

use super::known;
use crate::chat::answers::Answers;
use crate::chat::intent::StreamLimit;
use crate::chat::library::public_id;
use crate::domain::UserId;
use crate::recommend::Filters;
use crate::store::{MovieRecord, Service};

impl Answers {
    /// Limits `filters` to films streamable on the services `limit` names (the user's own, or
    /// the ones a message named); `Err` is the reply when that cannot be done.
    pub(crate) async fn limit_to_services(
        &self,
        user: UserId,
        limit: &StreamLimit,
        filters: &mut Filters,
    ) -> anyhow::Result<Result<(), Reply>> {
        let ids: Vec<i64> = match limit {
            StreamLimit::Named(ids) => ids.clone(),
            StreamLimit::Mine => self
                .services
                .mine(user)
                .await?
                .iter()
                .map(|s| s.id)
                .collect(),
        };
        if ids.is_empty() {
            return Ok(Err(Reply::text(
                "You haven't told me which streaming services you have yet — pick them with \
                 /services, then ask again.",
            )));
        }
        if !self.films.is_live() {
            return Ok(Err(Reply::text(
                "Limiting picks to streaming services needs TMDb's streaming data, and this bot \
                 has no TMDb key. Ask without the limit and use \"where to watch\" on a film.",
            )));
        }
        let region = self.services.region(user).await?;
        match self.services.streamable(region, &ids, filters).await {
            Ok(films) => {
                if let [one] = ids.as_slice() {
                    self.services.remember_on(*one, region, &films);
                }
                filters.only_items = Some(films.iter().map(|m| m.id.0).collect());
                Ok(Ok(()))
            }
            Err(e) => {
                tracing::info!(error = %e, "streamable films unavailable");
                Ok(Err(Reply::text(
                    "I can't reach the streaming data right now, so I can't tell what's on your \
                     services — please try again in a bit.",
                )))
            }
        }
    }

    /// "On your Netflix" on the cards whose films stream on one of the user's services (or on
    /// the one service the list was limited to), from what is known without asking TMDb.
    pub(crate) async fn mark_services(
        &self,
        user: UserId,
        films: &[Arc<MovieRecord>],
        cards: &mut [MovieCard],
    ) -> anyhow::Result<()> {
        let mine = self.services.mine(user).await?;
        let region = self.services.region(user).await?;
        let by_public: HashMap<_, _> = films.iter().map(|m| (public_id(m), m)).collect();
        for card in cards.iter_mut() {
            let Some(film) = by_public.get(&card.id) else {
                continue;
            };
            let Some(mark) = self.service_mark(film, region, &mine).await else {
                continue;
            };
            card.why = Some(match card.why.take() {
                Some(why) if !why.is_empty() => format!("{why} · {mark}"),
                _ => mark,
            });
        }
        Ok(())
    }

    async fn service_mark(
        &self,
        film: &MovieRecord,
        region: Region,
        mine: &[Service],
    ) -> Option<String> {
        let remembered = self.services.known_on(film.id, region);
        if let Some(s) = mine.iter().find(|s| remembered.contains(&s.id)) {
            return Some(format!("On your {}", s.name));
        }
        if !mine.is_empty()
            && let Some(tmdb_id) = film.movie.tmdb_id
            && let Some(p) = self.films.source().known_providers(tmdb_id, region).await
            && let Some(s) = mine
                .iter()
                .find(|s| p.stream.iter().any(|n| n.eq_ignore_ascii_case(&s.name)))
        {
            return Some(format!("On your {}", s.name));
        }
        let id = remembered.first()?;
        known::name_of(*id).map(|n| format!("On {n}"))
    }
}
