//! Bench data shared by the in-process benches: the embedded catalog in a fresh SQLite file
//! and a crowd of raters (users `bench0..`, deterministic films and stars) for the
//! collaborative model to learn from.

use std::path::Path;

use moviebot::store::{MovieRecord, Store};
use moviebot_protocol::Stars;

/// The database URL of [`catalog_store`]'s store in `dir`.
pub fn catalog_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("bench.db").display())
}

/// A store in `dir` with the embedded catalog loaded; returns it with every film.
pub async fn catalog_store(dir: &Path) -> (Store, Vec<MovieRecord>) {
    let store = Store::open(&catalog_url(dir), 8).await.unwrap();
    moviebot::catalog::ensure_loaded(&store).await.unwrap();
    let movies = store.all_movies().await.unwrap();
    (store, movies)
}

/// `users` raters with `per_user` ratings each, the same on every run.
pub async fn seed_raters(store: &Store, movies: &[MovieRecord], users: u64, per_user: u64) {
    for u in 0..users {
        let user = store.create_user(&format!("bench{u}")).await.unwrap();
        for j in 0..per_user {
            let m = &movies[((u * 37 + j * 101) % movies.len() as u64) as usize];
            let stars = ((u + j) % 10 + 1) as f64 / 2.0;
            store
                .upsert_rating(user.id, m.id, Stars::exact(stars).unwrap())
                .await
                .unwrap();
        }
    }
}
