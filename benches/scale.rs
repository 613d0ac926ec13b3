//! Scale benchmark on a synthetic set shaped like MovieLens 25M (162,000 users, 62,000
//! movies, 25,000,000 ratings, power-law popularity and activity, fixed seed): fit time,
//! per-user hybrid recommendation p50/p99 over a user sample, and peak RSS (VmHWM).
//! `cargo bench --bench scale` (env SCALE_USERS / SCALE_ITEMS / SCALE_RATINGS shrink it).

use std::time::Instant;

use moviebot::recommend::eval::peak_rss_mb;
use moviebot::recommend::metrics::percentile;
use moviebot::recommend::{
    Dataset, Filters, ItemMeta, Rating, Recommender, RecommenderConfig, UserInput,
};
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::{Rng, SeedableRng, rngs::StdRng};

const GENRES: [&str; 20] = [
    "Drama",
    "Comedy",
    "Thriller",
    "Romance",
    "Action",
    "Crime",
    "Horror",
    "Documentary",
    "Adventure",
    "Sci-Fi",
    "Mystery",
    "Fantasy",
    "Children",
    "Animation",
    "War",
    "Musical",
    "Western",
    "Film-Noir",
    "IMAX",
    "Biography",
];

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Catalog and ratings with Zipf-like item popularity and heavy-tailed user activity;
/// ratings follow user bias + item quality + a genre taste term, so models have signal.
fn synthesize(n_users: usize, n_items: usize, n_ratings: usize, seed: u64) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    let genre_w: Vec<f64> = (0..GENRES.len()).map(|g| 1.0 / (g as f64 + 1.0)).collect();
    let genre_pick = WeightedIndex::new(&genre_w).unwrap();
    let mut items = Vec::with_capacity(n_items);
    let mut item_genre = Vec::with_capacity(n_items);
    let mut quality = Vec::with_capacity(n_items);
    for i in 0..n_items {
        let g1 = genre_pick.sample(&mut rng);
        let mut genres = vec![GENRES[g1].to_string()];
        if rng.random_bool(0.6) {
            let g2 = genre_pick.sample(&mut rng);
            if g2 != g1 {
                genres.push(GENRES[g2].to_string());
            }
        }
        item_genre.push(g1);
        quality.push(rng.random_range(-0.8f32..0.8));
        items.push(ItemMeta {
            id: i as i64 + 1,
            title: format!("Film {i}"),
            year: Some(1920 + (i * 100 / n_items) as i32),
            genres,
            keywords: (0..rng.random_range(0..4))
                .map(|_| format!("kw{}", rng.random_range(0..3000)))
                .collect(),
            cast: (0..3)
                .map(|_| format!("Actor {}", rng.random_range(0..40_000)))
                .collect(),
            director: Some(format!("Director {}", rng.random_range(0..8_000))),
            ..ItemMeta::bare(i as i64 + 1)
        });
    }
    // Popularity ∝ 1/rank^0.9 over a random permutation of items.
    let pop_w: Vec<f64> = (0..n_items)
        .map(|r| 1.0 / (r as f64 + 10.0).powf(0.9))
        .collect();
    let mut cdf = Vec::with_capacity(n_items);
    let mut acc = 0.0;
    for w in &pop_w {
        acc += w;
        cdf.push(acc);
    }
    let mut perm: Vec<u32> = (0..n_items as u32).collect();
    for k in (1..n_items).rev() {
        perm.swap(k, rng.random_range(0..=k));
    }
    // Activity: 20 + Pareto tail, scaled to the rating total.
    let raw: Vec<f64> = (0..n_users)
        .map(|_| 1.0 / rng.random_range(0.02f64..1.0).powf(1.2))
        .collect();
    let total: f64 = raw.iter().sum();
    let spare = n_ratings.saturating_sub(20 * n_users) as f64;
    let mut ratings = Vec::with_capacity(n_ratings + n_users);
    let mut row: Vec<u32> = Vec::new();
    for (u, w) in raw.iter().enumerate() {
        let n = (20 + (spare * w / total) as usize).min(n_items / 3);
        let taste = rng.random_range(0..GENRES.len());
        let bias = rng.random_range(-0.7f32..0.7);
        row.clear();
        while row.len() < n {
            let x = rng.random_range(0.0..acc);
            let r = cdf.partition_point(|&c| c < x).min(n_items - 1);
            row.push(perm[r]);
            if row.len() == n {
                row.sort_unstable();
                row.dedup();
            }
        }
        for &i in &row {
            let like = if item_genre[i as usize] == taste {
                0.6
            } else {
                0.0
            };
            let noise: f32 = rng.random_range(-1.2..1.2);
            let stars = (3.5 + bias + quality[i as usize] + like + noise).clamp(0.5, 5.0);
            ratings.push(Rating {
                user: u as i64 + 1,
                item: i as i64 + 1,
                rating: (stars * 2.0).round() / 2.0,
                timestamp: 0,
            });
        }
    }
    Dataset::new(items, ratings)
}

fn main() {
    // `cargo bench` passes "--bench"; nothing else to parse.
    let n_users = env("SCALE_USERS", 162_000);
    let n_items = env("SCALE_ITEMS", 62_000);
    let n_ratings = env("SCALE_RATINGS", 25_000_000);
    let t = Instant::now();
    let data = synthesize(n_users, n_items, n_ratings, 25);
    eprintln!(
        "synthesized {} users, {} items, {} ratings in {:.1} s",
        n_users,
        n_items,
        data.ratings.len(),
        t.elapsed().as_secs_f64()
    );
    let config = RecommenderConfig::for_large_catalogs();
    let t = Instant::now();
    let rec = Recommender::from_dataset(&data, config);
    let fit_s = t.elapsed().as_secs_f64();
    let timings = rec.model().timings;
    // Request inputs for a fixed sample of users, built before timing.
    let mut by_user: Vec<Vec<(i64, f32)>> = vec![Vec::new(); n_users + 1];
    for r in &data.ratings {
        by_user[r.user as usize].push((r.item, r.rating));
    }
    drop(data);
    let sample = env("SCALE_SAMPLE", 2_000);
    let step = (n_users / sample).max(1);
    let filters = Filters::default();
    let mut lat = Vec::with_capacity(sample);
    let mut n_picks = 0;
    for u in (1..=n_users).step_by(step).take(sample) {
        let input = UserInput::with_ratings(Some(u as i64), std::mem::take(&mut by_user[u]));
        let t = Instant::now();
        n_picks += rec.recommend(&input, &filters, 10, 0).len();
        lat.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "scale bench: {n_users} users, {n_items} items, {n_ratings} ratings (synthetic, seed 25)"
    );
    println!(
        "fit {:.1} s (index {:.1} s, content {:.1} s, co-occurrence walk {:.1} s, EASE {:.1} s, factors {:.1} s)",
        fit_s,
        timings.index_ms / 1e3,
        timings.content_ms / 1e3,
        timings.walk_ms / 1e3,
        timings.ease_ms / 1e3,
        timings.predictor_ms / 1e3
    );
    println!(
        "hybrid recommend over {} users: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} picks)",
        lat.len(),
        percentile(&lat, 50.0),
        percentile(&lat, 99.0),
        lat.iter().copied().fold(0.0, f64::max),
        n_picks
    );
    println!(
        "peak RSS (VmHWM) {:.0} MB",
        peak_rss_mb().unwrap_or(f64::NAN)
    );
}
