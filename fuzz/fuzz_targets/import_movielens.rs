//! The MovieLens importer's reading and preparing stages (`moviebot import movielens` minus
//! the store): arbitrary bytes as movies.csv, links.csv, tags.csv and ratings.csv (the four
//! files separated by NUL bytes, in that order), read by the importer's CSV reader and turned
//! into the films and ratings it would write, the embedded catalog standing in for the
//! stored films. Nothing panics, and what would be written is what the store accepts: each
//! MovieLens id and TMDb id at most once, ratings in half stars.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut files = data.splitn(4, |&b| b == 0);
    let mut next = || files.next().unwrap_or_default();
    let (movies, links, tags, ratings) = (next(), next(), next(), next());
    let Ok(import) = moviebot::fuzzing::import_movielens(movies, links, tags, ratings) else {
        return;
    };
    let mut movielens_ids = HashSet::new();
    let mut tmdb_ids = HashSet::new();
    for film in &import.films {
        let ml = film
            .movielens_id
            .expect("every MovieLens film keeps its id");
        assert!(movielens_ids.insert(ml), "movieId {ml} written twice");
        if let Some(t) = film.tmdb_id {
            assert!(tmdb_ids.insert(t), "TMDb id {t} written twice");
        }
        assert!(
            film.keywords.len() <= 15,
            "{} keywords",
            film.keywords.len()
        );
    }
    for (_, _, stars) in &import.ratings {
        assert!((0.5..=5.0).contains(&stars.get()));
    }
});
