//! Answers that need live film data — where to watch, what is trending — through the
//! configured `MovieSource`: TMDb (via its cache) when a key is set, the local catalog
//! otherwise. Stale or offline answers say so; TMDb errors become friendly text.

use moviebot_protocol::{Region, Reply};

use super::answers::Answers;
use super::core::Turn;
use super::texts::{self, JUSTWATCH_ATTRIBUTION};
use crate::store::MovieRecord;
use crate::tmdb::{TimeWindow, TmdbError};

const STALE: &str = "TMDb didn't answer just now, so this may be out of date.";

impl Answers {
    /// The user's region: asked for, else their stored preference, else the configured one.
    pub(super) async fn region_for(
        &self,
        turn: &Turn<'_>,
        asked: Option<String>,
    ) -> anyhow::Result<String> {
        Ok(match asked {
            Some(r) => r.to_uppercase(),
            None => self
                .ratings
                .region(turn.user)
                .await?
                .unwrap_or_else(|| self.default_region.clone()),
        })
    }

    /// "Where can I watch X?": stream / rent / buy for one region, attributed to JustWatch.
    pub(super) async fn where_to_watch(&self, film: &MovieRecord, region: &str) -> Reply {
        let title = &film.movie.title;
        let Some(region_code) = Region::parse(region) else {
            return Reply::text(format!(
                "\"{region}\" isn't a two-letter country code like US or GB."
            ));
        };
        let Some(tmdb_id) = film.movie.tmdb_id.filter(|_| self.films.is_live()) else {
            return texts::providers_offline(title, region_code.as_str());
        };
        match self.films.source().providers(tmdb_id, region_code).await {
            Ok(found) => {
                let mut c = self.films.card(film, None, None);
                let text = if found.value.is_empty() {
                    format!(
                        "I couldn't find {title} on any service in {}. {JUSTWATCH_ATTRIBUTION}",
                        region_code.as_str()
                    )
                } else {
                    format!(
                        "Where to watch {title} in {}. {JUSTWATCH_ATTRIBUTION}",
                        region_code.as_str()
                    )
                };
                c.providers = Some(found.value);
                let reply = Reply::text(text).with_cards([c]);
                if found.stale {
                    reply.with_notice(STALE)
                } else {
                    reply.with_notice(JUSTWATCH_ATTRIBUTION)
                }
            }
            Err(TmdbError::NotFound) => Reply::text(format!(
                "TMDb has no streaming data for {title}. {JUSTWATCH_ATTRIBUTION}"
            )),
            Err(e) => {
                tracing::warn!(error = %e, "providers lookup failed");
                Reply::text(format!(
                    "I can't reach the streaming data for {title} right now — please try again in a bit."
                ))
            }
        }
    }

    /// Live trending films (TMDb), as cards; None when no live source is configured.
    pub(super) async fn live_trending(&self, turn: &Turn<'_>, window: TimeWindow) -> Option<Reply> {
        // Trending films join the library at once, so their buttons work straight away.
        let films = self.films.trending(window).await?;
        let rated: Vec<_> = self
            .ratings
            .shared(turn.user)
            .await
            .map(|r| r.iter().map(|r| r.movie).collect())
            .unwrap_or_default();
        let page: Vec<_> = films
            .into_iter()
            .filter(|m| !rated.contains(&m.id))
            .take(super::picks::PAGE)
            .collect();
        let cards: Vec<_> = self
            .films
            .with_posters(page)
            .await
            .iter()
            .map(|m| self.films.card(m, Some("trending on TMDb".into()), None))
            .collect();
        if cards.is_empty() {
            return None;
        }
        let label = match window {
            TimeWindow::Day => "today",
            TimeWindow::Week => "this week",
        };
        // A stale answer is noted on the turn; the reply says so once.
        Some(Reply::text(format!("Trending {label}")).with_cards(cards))
    }
}
