//! Importers against the real data in `../shared/data` (skipped with a note when absent), the
//! embedded catalog's fact check, and bad-file handling.

mod support;

use std::collections::HashMap;

use moviebot::catalog::{self, movielens, titles, wikipedia};
use moviebot::store::Store;

async fn movielens_import_keeps_every_rating_and_is_idempotent(store: Store) {
    let Some(data) = support::test_data() else {
        return;
    };
    let dir = data.join("ml-latest-small");
    catalog::ensure_loaded(&store).await.unwrap();
    let first = movielens::import(&store, &dir).await.unwrap();
    println!("{:?}: {first}", store.backend());
    assert_eq!(first.ratings, 100_836);
    assert_eq!(first.users, 610);
    assert_eq!(first.movies, 9_742);
    assert_eq!(first.problems.count, 0);
    assert_eq!(store.count_ratings().await.unwrap(), 100_836);
    assert!(
        first.shared_tmdb_ids >= 1,
        "two MovieLens films share a TMDb id"
    );
    assert!(
        first.matched_existing >= 100,
        "catalog films merged, not duplicated"
    );

    let before = store.all_ratings().await.unwrap();
    let movies_before = store.all_movies().await.unwrap();
    let second = movielens::import(&store, &dir).await.unwrap();
    assert_eq!(second.movies_inserted, 0);
    let mut after = store.all_ratings().await.unwrap();
    let mut before = before;
    before.sort_by_key(|r| (r.user, r.movie));
    after.sort_by_key(|r| (r.user, r.movie));
    assert_eq!(before, after, "a second import changes no rating");
    let movies_after = store.all_movies().await.unwrap();
    assert_eq!(movies_before.len(), movies_after.len());
    for (a, b) in movies_before.iter().zip(&movies_after) {
        assert_eq!(
            (a.id, &a.movie),
            (b.id, &b.movie),
            "a second import changes no film"
        );
    }
    // Catalog facts survived the merge: Fight Club keeps its cast and gains its MovieLens id.
    let fc = store.movie_by_tmdb(550).await.unwrap().unwrap();
    assert_eq!(fc.movie.movielens_id, Some(2959));
    assert!(fc.movie.cast.iter().any(|c| c == "Brad Pitt"));
}

async fn bad_rows_are_reported_and_good_rows_kept(store: Store) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("movies.csv"),
        "movieId,title,genres\n1,Toy Story (1995),Animation|Children\nabc,Broken (2000),Drama\n2,Heat (1995),Action|Crime\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ratings.csv"),
        "userId,movieId,rating,timestamp\n1,1,4.0,100\n1,2,seven,100\n1,2,3.5,100\n2,99,4.0,100\n2,1,9.0,100\n",
    )
    .unwrap();
    let s = movielens::import(&store, dir.path()).await.unwrap();
    assert_eq!(s.movies, 2);
    assert_eq!(s.ratings, 2);
    assert_eq!(s.problems.count, 4, "{:?}", s.problems.samples);
    let joined = s.problems.samples.join("\n");
    assert!(joined.contains("movies.csv:3"), "{joined}");
    assert!(joined.contains("ratings.csv:3"), "{joined}");
    assert!(
        joined.contains("ratings.csv:5") && joined.contains("unknown movieId 99"),
        "{joined}"
    );
    assert!(joined.contains("ratings.csv:6"), "{joined}");

    // A missing column is one clear error naming the file.
    let bad = tempfile::tempdir().unwrap();
    std::fs::write(bad.path().join("movies.csv"), "id,name\n1,x\n").unwrap();
    let err = movielens::import(&store, bad.path())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("movies.csv"), "{err}");
}

/// Found by the import_movielens fuzz target: a movieId listed twice in movies.csv failed the
/// whole import halfway, on the database's unique MovieLens id.
async fn repeated_movie_ids_are_reported_not_fatal(store: Store) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("movies.csv"),
        "movieId,title,genres\n10,Babylon 5,Sci-Fi\n11,Heat (1995),Action\n10,Babylon 5,Drama\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ratings.csv"),
        "userId,movieId,rating,timestamp\n7,10,0.5,1\n7,11,4.0,2\n",
    )
    .unwrap();
    let s = movielens::import(&store, dir.path()).await.unwrap();
    assert_eq!((s.movies, s.ratings), (2, 2));
    assert_eq!(s.problems.count, 1, "{:?}", s.problems.samples);
    assert!(
        s.problems.samples[0].contains("movies.csv:4") && s.problems.samples[0].contains("line 2"),
        "{:?}",
        s.problems.samples
    );
    let babylon = store.search_movies("babylon 5", 5).await.unwrap();
    assert_eq!(babylon.len(), 1);
    assert_eq!(
        babylon[0].movie.genres,
        ["Science Fiction"],
        "the first row stands"
    );
}

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn repeated_movie_ids() {
        let (store, _d) = crate::support::sqlite_store().await;
        super::repeated_movie_ids_are_reported_not_fatal(store).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn movielens_import() {
        let (store, _d) = crate::support::sqlite_store().await;
        super::movielens_import_keeps_every_rating_and_is_idempotent(store).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bad_rows() {
        let (store, _d) = crate::support::sqlite_store().await;
        super::bad_rows_are_reported_and_good_rows_kept(store).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn wikipedia_import_enriches_and_adds() {
        let Some(data) = crate::support::test_data() else {
            return;
        };
        let (store, _d) = crate::support::sqlite_store().await;
        moviebot::catalog::ensure_loaded(&store).await.unwrap();
        // A few MovieLens-style rows without cast or overview, for Wikipedia to enrich.
        let ml = tempfile::tempdir().unwrap();
        std::fs::write(
            ml.path().join("movies.csv"),
            "movieId,title,genres\n1,\"American President, The (1995)\",Comedy|Drama|Romance\n\
             2,Fargo (1996),Comedy|Crime|Drama|Thriller\n3,Clueless (1995),Comedy|Romance\n",
        )
        .unwrap();
        moviebot::catalog::movielens::import(&store, ml.path())
            .await
            .unwrap();
        // One decade keeps the test quick; the importer reads whatever files are there.
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(
            data.join("wikipedia-movie-data/movies-1990s.json"),
            dir.path().join("movies-1990s.json"),
        )
        .unwrap();
        let before = store.all_movies().await.unwrap().len();
        let s = moviebot::catalog::wikipedia::import(&store, dir.path())
            .await
            .unwrap();
        println!("{s}");
        assert!(s.added > 1000 && s.enriched >= 1, "{s}");
        let president = store.search_movies("american president", 5).await.unwrap();
        assert!(!president[0].movie.cast.is_empty() && !president[0].movie.overview.is_empty());
        assert_eq!(store.all_movies().await.unwrap().len(), before + s.added);
        let again = moviebot::catalog::wikipedia::import(&store, dir.path())
            .await
            .unwrap();
        assert_eq!((again.added, again.enriched), (0, 0), "idempotent: {again}");
        // Extracts keep their attribution.
        let added = store.search_movies("", 100_000).await.unwrap();
        assert!(
            added
                .iter()
                .filter(|m| m.source == moviebot::store::MovieSource::Wikipedia)
                .all(|m| m.movie.overview.is_empty()
                    || m.movie
                        .overview_source
                        .as_deref()
                        .is_some_and(|s| s.contains("CC BY-SA")))
        );
    }
}

mod postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn repeated_movie_ids() {
        if let Some(store) = crate::support::postgres_store().await {
            super::repeated_movie_ids_are_reported_not_fatal(store).await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn movielens_import() {
        if let Some(store) = crate::support::postgres_store().await {
            super::movielens_import_keeps_every_rating_and_is_idempotent(store).await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bad_rows() {
        if let Some(store) = crate::support::postgres_store().await {
            super::bad_rows_are_reported_and_good_rows_kept(store).await;
        }
    }
}

/// The embedded catalog's facts against independent data: TMDb id and year against MovieLens
/// (links.csv + movies.csv) for every film found there by title, cast against Wikipedia.
#[test]
fn catalog_facts_agree_with_independent_data() {
    let Some(data) = support::test_data() else {
        return;
    };
    let ml = data.join("ml-latest-small");
    let mut by_title: HashMap<String, Vec<(i64, i32)>> = HashMap::new();
    for rec in csv::Reader::from_path(ml.join("movies.csv"))
        .unwrap()
        .records()
    {
        let rec = rec.unwrap();
        let (title, year) = titles::split_movielens_title(&rec[1]);
        if let Some(y) = year {
            by_title
                .entry(titles::normalize(&title))
                .or_default()
                .push((rec[0].parse().unwrap(), y));
        }
    }
    let mut links: HashMap<i64, i64> = HashMap::new();
    for rec in csv::Reader::from_path(ml.join("links.csv"))
        .unwrap()
        .records()
    {
        let rec = rec.unwrap();
        if let Ok(t) = rec[2].trim().parse() {
            links.insert(rec[0].parse().unwrap(), t);
        }
    }
    let mut wiki: HashMap<String, Vec<(i32, Vec<String>)>> = HashMap::new();
    let mut problems = catalog::import_report::Problems::default();
    for f in wikipedia::decade_files(&data.join("wikipedia-movie-data")).unwrap() {
        for film in wikipedia::read_file(&f, &mut problems).unwrap() {
            let cast = film
                .clean_cast()
                .iter()
                .map(|c| titles::normalize(c))
                .collect();
            wiki.entry(titles::normalize(&film.title))
                .or_default()
                .push((film.year, cast));
        }
    }

    let (mut checks, mut agree) = (0usize, 0usize);
    let mut disagreements = Vec::new();
    let (mut in_ml, mut in_wiki) = (0, 0);
    for film in catalog::films() {
        let key = titles::normalize(&film.title);
        let found = by_title.get(&key).and_then(|v| {
            v.iter()
                .filter(|(_, y)| (y - film.year).abs() <= 1)
                .min_by_key(|(_, y)| (y - film.year).abs())
        });
        if let Some(&(ml_id, ml_year)) = found {
            in_ml += 1;
            checks += 2;
            match links.get(&ml_id) {
                Some(&t) if t == film.tmdb_id => agree += 1,
                other => disagreements.push(format!(
                    "{} ({}): TMDb id {} but MovieLens links {:?}",
                    film.title, film.year, film.tmdb_id, other
                )),
            }
            if ml_year == film.year {
                agree += 1;
            } else {
                disagreements.push(format!(
                    "{}: year {} but MovieLens says {ml_year}",
                    film.title, film.year
                ));
            }
        }
        let wiki_hit = wiki.get(&key).and_then(|v| {
            v.iter()
                .find(|(y, cast)| (y - film.year).abs() <= 1 && !cast.is_empty())
        });
        if let Some((_, cast)) = wiki_hit {
            in_wiki += 1;
            checks += 1;
            if film
                .cast
                .iter()
                .any(|c| cast.contains(&titles::normalize(c)))
            {
                agree += 1;
            } else {
                disagreements.push(format!(
                    "{}: none of {:?} in Wikipedia's cast {:?}",
                    film.title, film.cast, cast
                ));
            }
        }
    }
    let ratio = agree as f64 / checks.max(1) as f64;
    println!(
        "catalog fact check: {} films, {in_ml} found in MovieLens, {in_wiki} in Wikipedia; \
         {agree}/{checks} checks agree ({:.2}%)",
        catalog::films().len(),
        ratio * 100.0
    );
    for d in &disagreements {
        println!("  disagreement: {d}");
    }
    assert!(
        in_ml >= 300,
        "too few catalog films found in MovieLens: {in_ml}"
    );
    assert!(ratio >= 0.98, "only {:.2}% agree", ratio * 100.0);
}
