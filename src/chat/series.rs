//! "All the Alien films", "the Toy Story series": every film of the named film's collection
//! (TMDb's `belongs_to_collection`, carried by the catalog), oldest first; without a known
//! collection, the films whose title starts with the named film's.

use moviebot_protocol::Reply;

use super::answers::Answers;
use super::core::Turn;
use super::intent::ParsedIntent;
use super::session::Query;
use super::texts;
use crate::recommend::tfidf::phrase;

impl Answers {
    pub(super) async fn series(&self, turn: &Turn<'_>, p: &ParsedIntent) -> anyhow::Result<Reply> {
        let named = p.filters.title.as_ref().or(p.filters.similar_to.as_ref());
        let film = match self.film_meant(turn, p, named).await {
            Ok(f) => f,
            Err(reply) => return Ok(reply),
        };
        let lib = self.library();
        let mut films: Vec<_> = match film.movie.collection.as_deref().map(phrase) {
            Some(key) => lib
                .records()
                .filter(|m| m.movie.collection.as_deref().map(phrase).as_ref() == Some(&key))
                .collect(),
            None => {
                let stem = phrase(&film.movie.title);
                lib.records()
                    .filter(|m| phrase(&m.movie.title).starts_with(&stem))
                    .collect()
            }
        };
        films.retain(|m| !m.movie.adult);
        films.sort_by_key(|m| (m.movie.year.unwrap_or(i32::MAX), m.id));
        films.dedup_by_key(|m| m.id);
        let heading = match &film.movie.collection {
            Some(c) => format!("{c}, in order of release"),
            None => format!(
                "Films of the {} series, in order of release",
                film.movie.title
            ),
        };
        let query = Query::Fixed {
            ids: films.iter().map(|m| m.id).collect(),
            heading: heading.clone(),
        };
        self.show(turn, query, 0, None, heading, texts::NOTHING_FOUND)
            .await
    }
}
