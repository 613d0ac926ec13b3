//! What matched rows change, given what the user already has: per film the latest rating in
//! the file (on equal dates the later row: ratings.csv is read after the diary) is written
//! unless it is already stored, or the user changed their rating in the bot after the
//! file's date (a row without a date only fills a missing rating); watchlist rows add films
//! not on the watchlist; films only seen are counted. Pure, so re-importing a file plans
//! nothing.

use std::collections::{HashMap, HashSet};

use moviebot_protocol::Stars;

use crate::domain::MovieId;
use crate::store::DatedRating;
use crate::taste_files::{FileRow, RowKind};

/// What to write, and what was left as it was.
#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    pub ratings: Vec<DatedRating>,
    pub watchlist: Vec<(MovieId, i64)>,
    pub unchanged: usize,
    pub kept_newer: usize,
    pub watched_only: usize,
}

/// The user's stored state the plan compares with.
#[derive(Debug, Default)]
pub struct Stored {
    /// Film → (stars, last change).
    pub ratings: HashMap<MovieId, (Stars, i64)>,
    pub watchlist: HashSet<MovieId>,
}

/// Plans `matched` (film, row) pairs, in file order, as of `now`.
pub fn plan(matched: &[(MovieId, &FileRow)], stored: &Stored, now: i64) -> Plan {
    let mut rating: HashMap<MovieId, &FileRow> = HashMap::new();
    let mut watch: HashMap<MovieId, Option<i64>> = HashMap::new();
    let mut seen: Vec<MovieId> = Vec::new();
    let mut order: Vec<MovieId> = Vec::new();
    for &(movie, row) in matched {
        if !order.contains(&movie) && !rating.contains_key(&movie) && !watch.contains_key(&movie) {
            order.push(movie);
        }
        match row.kind {
            RowKind::Rating if row.stars.is_some() => {
                let newer = rating.get(&movie).is_none_or(|r| r.date <= row.date);
                if newer {
                    rating.insert(movie, row);
                }
            }
            RowKind::Watchlist => {
                watch.entry(movie).or_insert(row.date);
            }
            _ => seen.push(movie),
        }
    }
    let mut p = Plan::default();
    let when = |d: Option<i64>| d.unwrap_or(now).clamp(0, now);
    for movie in order {
        if let Some(row) = rating.get(&movie) {
            let stars = row.stars.expect("rating rows have stars");
            match stored.ratings.get(&movie) {
                Some((s, _)) if *s == stars => p.unchanged += 1,
                Some((_, changed)) if row.date.is_none_or(|d| *changed > d) => p.kept_newer += 1,
                _ => p.ratings.push(DatedRating {
                    movie,
                    stars,
                    at: when(row.date),
                }),
            }
        }
        if let Some(date) = watch.get(&movie) {
            if stored.watchlist.contains(&movie) {
                p.unchanged += 1;
            } else {
                p.watchlist.push((movie, when(*date)));
            }
        }
    }
    let mut seen_only: Vec<MovieId> = seen
        .into_iter()
        .filter(|m| !rating.contains_key(m) && !watch.contains_key(m))
        .collect();
    seen_only.sort_unstable();
    seen_only.dedup();
    p.watched_only = seen_only.len();
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: RowKind, stars: Option<f32>, date: Option<i64>) -> FileRow {
        FileRow {
            file: "f.csv".into(),
            line: 2,
            title: "T".into(),
            original_title: None,
            year: None,
            imdb_id: None,
            tmdb_id: None,
            kind,
            stars: stars.and_then(Stars::new),
            date,
        }
    }

    #[test]
    fn the_latest_rating_wins_and_newer_bot_ratings_stay() {
        let (a, b, c, d) = (MovieId(1), MovieId(2), MovieId(3), MovieId(4));
        let diary = row(RowKind::Rating, Some(3.0), Some(100));
        let current = row(RowKind::Rating, Some(4.0), Some(100));
        let old = row(RowKind::Rating, Some(1.0), Some(50));
        let same = row(RowKind::Rating, Some(2.0), Some(10));
        let before_bot = row(RowKind::Rating, Some(3.0), Some(50));
        let undated = row(RowKind::Rating, Some(5.0), None);
        let wl = row(RowKind::Watchlist, None, Some(7));
        let seen = row(RowKind::Watched, None, None);
        let stored = Stored {
            ratings: [
                (b, (Stars::new(2.0).unwrap(), 5)),
                (c, (Stars::new(1.0).unwrap(), 60)),
            ]
            .into(),
            watchlist: [d].into(),
        };
        let matched = [
            (a, &diary),
            (a, &current),
            (a, &old),
            (b, &same),
            (c, &before_bot),
            (c, &undated),
            (d, &wl),
            (MovieId(5), &wl),
            (MovieId(6), &seen),
            (a, &seen),
        ];
        let p = plan(&matched, &stored, 1_000);
        assert_eq!(
            p.ratings,
            [DatedRating {
                movie: a,
                stars: Stars::new(4.0).unwrap(),
                at: 100
            }]
        );
        assert_eq!(p.watchlist, [(MovieId(5), 7)]);
        assert_eq!((p.unchanged, p.kept_newer, p.watched_only), (2, 1, 1));
    }
}
