//! Criterion benchmark of one hybrid `recommend` call on ml-latest-small (the fixed random
//! split's train file), cycling through every user. Also times `similar_to` and `predict`.
//! Skips when the data is absent (`MOVIEBOT_TEST_DATA` or `../shared/data`).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use moviebot::recommend::eval::test_data_dir;
use moviebot::recommend::movielens::{load_catalog, load_ratings};
use moviebot::recommend::{Dataset, Filters, Recommender, RecommenderConfig, UserInput};

fn bench(c: &mut Criterion) {
    let dir = test_data_dir().join("ml-latest-small");
    if !dir.join("movies.csv").exists() {
        eprintln!("skipped: no MovieLens data at {}", dir.display());
        return;
    }
    let items = load_catalog(&dir).expect("catalog");
    let train = load_ratings(&dir.join("splits/random/train.csv")).expect("train");
    let mut by_user: std::collections::BTreeMap<i64, Vec<(i64, f32)>> = Default::default();
    for r in &train {
        by_user.entry(r.user).or_default().push((r.item, r.rating));
    }
    let rec = Recommender::from_dataset(&Dataset::new(items, train), RecommenderConfig::default());
    let inputs: Vec<UserInput> = by_user
        .into_iter()
        .map(|(u, r)| UserInput::with_ratings(Some(u), r))
        .collect();
    let filters = Filters::default();
    let mut next = 0usize;
    c.bench_function("hybrid recommend (ml-latest-small, cycling users)", |b| {
        b.iter(|| {
            next = (next + 1) % inputs.len();
            black_box(rec.recommend(&inputs[next], &filters, 10, 0))
        })
    });
    c.bench_function("similar_to (Toy Story)", |b| {
        b.iter(|| black_box(rec.similar_to(1, &filters, 10)))
    });
    c.bench_function("predict (user 1, Heat)", |b| {
        b.iter(|| black_box(rec.predict(&inputs[0], 6)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
