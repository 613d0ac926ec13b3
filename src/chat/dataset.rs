//! Turns what the store holds into the recommender's plain input (rebuilds reuse it through
//! `ChatCore::run_rebuilds`).

use crate::recommend::{Dataset, ItemMeta, Rating};
use crate::store::{MovieRecord, RatingRow, Store};

pub fn item_meta(m: &MovieRecord) -> ItemMeta {
    ItemMeta {
        id: m.id.0,
        title: m.movie.title.clone(),
        year: m.movie.year,
        genres: m.movie.genres.clone(),
        keywords: m.movie.keywords.clone(),
        cast: m.movie.cast.clone(),
        director: m.movie.director.clone(),
        overview: m.movie.overview.clone(),
        popularity: m.movie.popularity.unwrap_or(0.0) as f32,
        vote_average: m.movie.vote_average.unwrap_or(0.0) as f32,
        vote_count: m.movie.vote_count.unwrap_or(0),
        adult: m.movie.adult,
        runtime: m.movie.runtime.and_then(|r| u32::try_from(r).ok()),
        language: m.movie.original_language.clone(),
        certification: m.movie.certification.clone(),
        collection: m.movie.collection.clone(),
    }
}

pub fn dataset(movies: &[MovieRecord], ratings: &[RatingRow]) -> Dataset {
    Dataset::new(
        movies.iter().map(item_meta).collect(),
        ratings
            .iter()
            .map(|r| Rating {
                user: r.user.0,
                item: r.movie.0,
                rating: r.rating.get(),
                timestamp: r.updated_at,
            })
            .collect(),
    )
}

/// Everything a rebuild reads, loaded from the store.
pub async fn load(store: &Store) -> anyhow::Result<(Vec<MovieRecord>, Dataset)> {
    let movies = store.all_movies().await?;
    let ratings = store.all_ratings().await?;
    let data = dataset(&movies, &ratings);
    Ok((movies, data))
}
