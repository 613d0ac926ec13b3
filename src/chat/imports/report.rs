//! What an import did, for the REST answer, the command line and a chat reply: counts, the
//! titles not found, the rows that named several films (with the films to choose from) and
//! the rows that could not be read, with their lines.

use serde::Serialize;
use utoipa::ToSchema;

use crate::taste_files::{Malformed, SourceFormat};

/// The most unreadable rows and unmatched titles a report lists (the counts stay exact).
pub const LISTED: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct ImportReport {
    /// What the file turned out to be.
    pub format: Option<SourceFormat>,
    /// Film rows read (one film may have several: a diary entry and a rating).
    pub rows: usize,
    /// Rows matched to a film.
    pub matched: usize,
    /// Ratings stored (new, or replacing an older one).
    pub ratings_imported: usize,
    /// Films added to the watchlist.
    pub watchlist_added: usize,
    /// Films marked seen but not rated: counted, not stored (a rating is what the bot learns
    /// from; "seen" alone says nothing about taste).
    pub watched_only: usize,
    /// Ratings and watchlist entries the bot already had.
    pub unchanged: usize,
    /// Ratings kept because the user changed them in the bot after the file's date (or the
    /// file gives no date).
    pub kept_newer: usize,
    /// TV series, episodes and other titles that are not films, skipped.
    pub skipped_non_movies: usize,
    /// Rows that could not be read (all of them are counted here).
    pub malformed_count: usize,
    /// The first of them, with file and line.
    pub malformed: Vec<Malformed>,
    pub not_found_count: usize,
    /// The first titles no film matched.
    pub not_found: Vec<TitleYear>,
    /// Rows that named several films: each waits (7 days) for the user to pick one.
    pub ambiguous: Vec<AmbiguousRow>,
    /// Films looked up on TMDb by IMDb id.
    pub tmdb_lookups: usize,
    /// A moviebot export's preferences were restored (only into empty ones).
    pub preferences_restored: bool,
    /// Lasting exclusions a moviebot export brought back (new ones only).
    pub exclusions_restored: usize,
    pub seconds: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TitleYear {
    pub title: String,
    pub year: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AmbiguousRow {
    /// The staged row: `Action::ImportPick { staging, movie }` applies it to `movie`.
    pub staging: i64,
    pub title: String,
    pub year: Option<i32>,
    /// The rating the row carries (0.5–5), if any.
    pub rating: Option<f32>,
    /// "rating", "watchlist" or "watched".
    pub kind: String,
    pub candidates: Vec<Candidate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Candidate {
    /// The public film id (TMDb's when the film has one).
    pub movie_id: i64,
    pub title: String,
    pub year: Option<i32>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl ImportReport {
    /// One sentence for chat: "812 of 830 matched: 790 ratings, 22 on your watchlist; 18
    /// not found".
    pub fn summary(&self) -> String {
        let mut did = vec![plural(self.ratings_imported, "rating", "ratings")];
        did.push(format!("{} on your watchlist", self.watchlist_added));
        if self.unchanged > 0 {
            did.push(format!("{} already here", self.unchanged));
        }
        if self.kept_newer > 0 {
            did.push(format!("{} kept (rated here later)", self.kept_newer));
        }
        if self.watched_only > 0 {
            did.push(format!("{} seen but not rated", self.watched_only));
        }
        let mut text = format!(
            "{} of {} matched: {}",
            self.matched,
            self.rows,
            did.join(", ")
        );
        let mut rest = Vec::new();
        if self.not_found_count > 0 {
            rest.push(format!("{} not found", self.not_found_count));
        }
        if !self.ambiguous.is_empty() {
            rest.push(format!("{} to choose", self.ambiguous.len()));
        }
        if self.skipped_non_movies > 0 {
            rest.push(format!("{} skipped (not films)", self.skipped_non_movies));
        }
        if self.malformed_count > 0 {
            rest.push(plural(
                self.malformed_count,
                "unreadable row",
                "unreadable rows",
            ));
        }
        if !rest.is_empty() {
            text.push_str("; ");
            text.push_str(&rest.join(", "));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_reads_as_a_sentence() {
        let r = ImportReport {
            rows: 830,
            matched: 812,
            ratings_imported: 790,
            watchlist_added: 22,
            not_found_count: 18,
            ..ImportReport::default()
        };
        assert_eq!(
            r.summary(),
            "812 of 830 matched: 790 ratings, 22 on your watchlist; 18 not found"
        );
        let again = ImportReport {
            rows: 3,
            matched: 3,
            unchanged: 3,
            skipped_non_movies: 1,
            malformed_count: 1,
            ..ImportReport::default()
        };
        assert_eq!(
            again.summary(),
            "3 of 3 matched: 0 ratings, 0 on your watchlist, 3 already here; 1 skipped (not \
             films), 1 unreadable row"
        );
    }
}
