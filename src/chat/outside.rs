//! "Movies like X" when the model does not know X yet (X was first seen on TMDb since the last
//! fit): TMDb's recommendations and similar titles for X, blended with the content model run
//! on X's own keywords, genres, cast and director. The blend is a pure function, so its
//! ordering is tested without TMDb.

use std::collections::HashMap;
use std::sync::Arc;

use super::dataset::item_meta;
use super::films::satisfies;
use super::picks::Picks;
use crate::domain::MovieId;
use crate::recommend::{Filters, Pick};
use crate::store::MovieRecord;

/// Content neighbours asked of the model (a few pages' worth).
const CONTENT_POOL: usize = 40;
/// How much each source counts: TMDb's "recommendations" are what its users liked together,
/// the strongest signal; its "similar" list matches keywords and genres much like our content
/// model does, so it counts for less.
const RECOMMENDED_WEIGHT: f32 = 1.0;
const SIMILAR_WEIGHT: f32 = 0.6;
const CONTENT_WEIGHT: f32 = 1.0;

impl Picks {
    /// Films like `movie` for a film outside the model, best first, each with its "why".
    pub(super) async fn similar_outside(
        &self,
        movie: MovieId,
        filters: &Filters,
    ) -> Vec<(MovieId, Option<String>)> {
        let Some(film) = self.films.snapshot().get(movie).cloned() else {
            return Vec::new();
        };
        // Keywords, cast and director make the content side work; details bring them (and
        // the related lists) in one request, usually already cached.
        let film = self.films.detailed(film).await;
        let related = self.films.related(&film).await;
        let content = self
            .recommender
            .similar_to_meta(&item_meta(&film), filters, CONTENT_POOL);
        let keep = |m: &Arc<MovieRecord>| m.id != film.id && satisfies(filters, m);
        let recommended: Vec<MovieId> = related
            .recommended
            .iter()
            .filter(|m| keep(m))
            .map(|m| m.id)
            .collect();
        let similar: Vec<MovieId> = related
            .similar
            .iter()
            .filter(|m| keep(m))
            .map(|m| m.id)
            .collect();
        blend(&film.movie.title, &recommended, &similar, &content)
            .into_iter()
            .filter(|(id, _)| *id != film.id)
            .collect()
    }
}

/// Ranks the union of TMDb's two lists (by position) and the content picks (by score relative
/// to the best), summing each film's weighted parts; the "why" names the strongest part.
pub fn blend(
    title: &str,
    recommended: &[MovieId],
    similar: &[MovieId],
    content: &[Pick],
) -> Vec<(MovieId, Option<String>)> {
    // Per film: (score, strongest part's score, its why).
    let mut scored: HashMap<MovieId, (f32, f32, String)> = HashMap::new();
    let mut add = |id: MovieId, part: f32, why: &dyn Fn() -> String| {
        let e = scored.entry(id).or_insert((0.0, f32::MIN, String::new()));
        e.0 += part;
        if part > e.1 {
            e.1 = part;
            e.2 = why();
        }
    };
    let by_rank = |i: usize, n: usize| 1.0 - i as f32 / n.max(1) as f32;
    for (i, id) in recommended.iter().enumerate() {
        let part = RECOMMENDED_WEIGHT * by_rank(i, recommended.len());
        add(*id, part, &|| {
            format!("TMDb recommends it to fans of {title}")
        });
    }
    for (i, id) in similar.iter().enumerate() {
        let part = SIMILAR_WEIGHT * by_rank(i, similar.len());
        add(*id, part, &|| format!("similar to {title} on TMDb"));
    }
    let best = content.iter().map(|p| p.score).fold(0f32, f32::max);
    for p in content.iter().filter(|p| p.score > 0.0) {
        let part = CONTENT_WEIGHT * p.score / best;
        add(MovieId(p.item), part, &|| p.reason.to_string());
    }
    // The model's genre-and-popularity fill (score 0) comes last, in its own order.
    let mut out: Vec<(MovieId, f32, String)> = scored
        .into_iter()
        .map(|(id, (s, _, why))| (id, s, why))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut list: Vec<(MovieId, Option<String>)> = out
        .into_iter()
        .map(|(id, _, why)| (id, Some(why)))
        .collect();
    for p in content.iter().filter(|p| p.score <= 0.0) {
        let id = MovieId(p.item);
        if !list.iter().any(|(l, _)| *l == id) {
            list.push((id, Some(p.reason.to_string())));
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::Reason;

    fn pick(item: i64, score: f32) -> Pick {
        Pick {
            item,
            score,
            reason: Reason::Popular,
        }
    }

    #[test]
    fn agreement_ranks_first_and_the_fill_comes_last() {
        let rec = [MovieId(1), MovieId(2), MovieId(3)];
        let sim = [MovieId(3), MovieId(4)];
        let content = [pick(3, 0.9), pick(5, 0.45), pick(6, 0.0)];
        let ids: Vec<i64> = blend("X", &rec, &sim, &content)
            .iter()
            .map(|(id, _)| id.0)
            .collect();
        // 3 is named by all three sources; 1 leads TMDb's recommendations.
        assert_eq!(ids[0], 3);
        assert_eq!(ids[1], 1);
        assert_eq!(*ids.last().unwrap(), 6, "the popularity fill is last");
        assert_eq!(ids.len(), 6, "each film once");
    }

    #[test]
    fn why_names_the_strongest_source() {
        let out = blend("Quiet Orbit", &[MovieId(1)], &[MovieId(2)], &[]);
        assert_eq!(
            out[0].1.as_deref(),
            Some("TMDb recommends it to fans of Quiet Orbit")
        );
        assert_eq!(out[1].1.as_deref(), Some("similar to Quiet Orbit on TMDb"));
    }
}
