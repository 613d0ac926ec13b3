//! A staged import row (one that named several films) applied to the film the user chose
//! with an `ImportPick` button, and the buttons that offer the choice: one message per row,
//! the candidates as cards, each with its own button.

use moviebot_protocol::{Action, Reply, Stars};

use super::plan::{Stored, plan};
use super::{ImportReport, Imports};
use crate::chat::films::Films;
use crate::domain::{MovieId, UserId};
use crate::store::{StoreError, now};
use crate::taste_files::{FileRow, RowKind};

/// The most choices offered as messages after one import.
pub const CHOICE_MESSAGES: usize = 10;

/// What a press did.
#[derive(Debug, Clone, PartialEq)]
pub enum Picked {
    /// The row was applied: `stars` stored (unless `kept`: the user's own later rating
    /// stays), or the film put on the watchlist, or noted as seen.
    Applied {
        title: String,
        year: Option<i32>,
        stars: Option<Stars>,
        watchlist: bool,
        kept: bool,
    },
    /// Expired, already chosen, or another user's.
    Gone,
    /// Not one of the films offered.
    NotOffered,
}

impl Imports {
    /// Applies staged row `staging` of `user` to `movie`.
    pub async fn pick(
        &self,
        user: UserId,
        staging: i64,
        movie: MovieId,
    ) -> Result<Picked, StoreError> {
        let Some(row) = self.store.staged(staging).await? else {
            return Ok(Picked::Gone);
        };
        if row.user != user {
            return Ok(Picked::Gone);
        }
        if !row.candidates.contains(&movie) {
            return Ok(Picked::NotOffered);
        }
        if !self.store.unstage(staging).await? {
            return Ok(Picked::Gone);
        }
        let kind = match row.kind.as_str() {
            "rating" if row.stars.is_some() => RowKind::Rating,
            "watchlist" => RowKind::Watchlist,
            _ => RowKind::Watched,
        };
        let file_row = FileRow {
            file: "staged".into(),
            line: 0,
            title: row.title.clone(),
            original_title: None,
            year: row.year,
            imdb_id: None,
            tmdb_id: None,
            kind,
            stars: row.stars,
            date: row.date,
        };
        let mut stored = Stored::default();
        if let Some(r) = self
            .ratings
            .of(user)
            .await?
            .into_iter()
            .find(|r| r.movie == movie)
        {
            stored.ratings.insert(movie, (r.rating, r.updated_at));
        }
        if self.ratings.watchlist(user).await?.contains(&movie) {
            stored.watchlist.insert(movie);
        }
        let p = plan(&[(movie, &file_row)], &stored, now());
        self.ratings.import(user, &p.ratings, &p.watchlist).await?;
        let film = self.films.snapshot().get(movie).cloned();
        Ok(Picked::Applied {
            title: film
                .as_ref()
                .map_or(row.title.clone(), |m| m.movie.title.clone()),
            year: film.as_ref().map_or(row.year, |m| m.movie.year),
            stars: row.stars.filter(|_| kind == RowKind::Rating),
            watchlist: kind == RowKind::Watchlist,
            kept: kind == RowKind::Rating && p.ratings.is_empty(),
        })
    }

    /// One message per row to choose for (the first [`CHOICE_MESSAGES`]): the candidates as
    /// cards, each with a button that applies the row to it.
    pub fn choices(&self, report: &ImportReport) -> Vec<Reply> {
        choices(&self.films, report)
    }
}

fn choices(films: &Films, report: &ImportReport) -> Vec<Reply> {
    let lib = films.snapshot();
    report
        .ambiguous
        .iter()
        .take(CHOICE_MESSAGES)
        .map(|row| {
            let what = match (row.kind.as_str(), row.rating) {
                ("rating", Some(r)) => format!(
                    " (you rated it ★{})",
                    Stars::new(r).map_or(r.to_string(), |s| s.to_string())
                ),
                ("watchlist", _) => " (on your watchlist)".to_string(),
                _ => String::new(),
            };
            let year = row.year.map(|y| format!(" ({y})")).unwrap_or_default();
            let cards = row.candidates.iter().filter_map(|c| {
                let m = lib.by_public(moviebot_protocol::PublicMovieId(c.movie_id))?;
                let mut card = films.card(m, None, None);
                card.actions = vec![Action::ImportPick {
                    staging: row.staging,
                    movie: moviebot_protocol::PublicMovieId(c.movie_id),
                }];
                Some(card)
            });
            Reply::text(format!(
                "Which \u{201c}{}\u{201d}{year} did you mean{what}?",
                row.title
            ))
            .with_cards(cards)
        })
        .collect()
}
