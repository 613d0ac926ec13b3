//! `moviebot eval`: fits the real `Recommender` on a train split and measures each method
//! on the test split as EVAL.md prescribes (candidates = every catalog film minus the user's
//! train films, relevance ≥ 4, ties to the lower id, metrics averaged over users with a
//! relevant test film; latency = one `recommend` per train user on one thread).
//! It never tunes anything: the config given is the config measured.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use rand::{SeedableRng, rngs::StdRng, seq::SliceRandom};
use serde_json::json;

use super::data::{Dataset, ItemMeta, Rating};
use super::filters::Filters;
use super::metrics::{percentile, rank_scores, rmse_mae};
use super::model::FitTimings;
use super::movielens::{load_catalog, load_ratings};
use super::predict::Terms;
use super::request::{Method, UserInput};
use super::service::Recommender;
use crate::config::RecommenderConfig;

/// A test rating counts as relevant from this many stars.
pub const RELEVANT: f32 = 4.0;

#[derive(Clone, Debug)]
pub struct EvalOptions {
    /// MovieLens directory (movies.csv, ratings.csv, optional tags.csv).
    pub data: PathBuf,
    /// Directory with train.csv and test.csv; without it, a per-user 80/20 holdout.
    pub split: Option<PathBuf>,
    pub k: usize,
    pub methods: Vec<Method>,
    pub config: RecommenderConfig,
    /// Seed of the holdout when no split is given.
    pub seed: u64,
}

impl Default for EvalOptions {
    fn default() -> Self {
        Self {
            data: PathBuf::from("../shared/data/ml-latest-small"),
            split: None,
            k: 10,
            methods: Method::ALL.to_vec(),
            config: RecommenderConfig::default(),
            seed: 42,
        }
    }
}

/// One method's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodReport {
    pub name: String,
    pub rmse: Option<f64>,
    pub mae: Option<f64>,
    pub precision: f64,
    pub recall: f64,
    pub ndcg: f64,
    pub hit_rate: f64,
    pub fit_ms: f64,
    pub latency_us_p50: f64,
    pub latency_us_p99: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EvalReport {
    pub k: usize,
    /// Users with at least one relevant test film (the metric average's denominator).
    pub users: usize,
    pub train_ratings: usize,
    pub test_ratings: usize,
    pub fit_total_ms: f64,
    /// Fit time of each stage.
    pub timings: FitTimings,
    /// Peak resident set of this process so far (VmHWM), in MB, when readable.
    pub peak_rss_mb: Option<f64>,
    pub methods: Vec<MethodReport>,
}

/// Loads the data named by `opts` and evaluates.
pub fn run_eval(opts: &EvalOptions) -> anyhow::Result<EvalReport> {
    let items = load_catalog(&opts.data)
        .with_context(|| format!("loading catalog from {}", opts.data.display()))?;
    let (train, test) = match &opts.split {
        Some(dir) => (
            load_ratings(&dir.join("train.csv"))?,
            load_ratings(&dir.join("test.csv"))?,
        ),
        None => holdout(
            load_ratings(&opts.data.join("ratings.csv"))?,
            0.2,
            opts.seed,
        ),
    };
    tracing::info!(train = train.len(), test = test.len(), "evaluating");
    Ok(evaluate(
        items,
        train,
        &test,
        opts.k,
        &opts.methods,
        &opts.config,
    ))
}

/// Per-user holdout: each user's ratings shuffled with `seed`, `fraction` of them (rounded)
/// to test; users with a single rating stay whole in train.
pub fn holdout(mut ratings: Vec<Rating>, fraction: f64, seed: u64) -> (Vec<Rating>, Vec<Rating>) {
    ratings.sort_by_key(|r| (r.user, r.item, r.timestamp));
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for chunk in ratings.chunk_by_mut(|a, b| a.user == b.user) {
        chunk.shuffle(&mut rng);
        let n_test = if chunk.len() < 2 {
            0
        } else {
            ((chunk.len() as f64) * fraction).round() as usize
        };
        test.extend_from_slice(&chunk[..n_test]);
        train.extend_from_slice(&chunk[n_test..]);
    }
    (train, test)
}

/// Fits on `train` and measures `methods` on `test`.
pub fn evaluate(
    items: Vec<ItemMeta>,
    train: Vec<Rating>,
    test: &[Rating],
    k: usize,
    methods: &[Method],
    config: &RecommenderConfig,
) -> EvalReport {
    let train_ratings = train.len();
    let mut by_user: BTreeMap<i64, Vec<(i64, f32)>> = BTreeMap::new();
    for r in &train {
        by_user.entry(r.user).or_default().push((r.item, r.rating));
    }
    let mut tests: BTreeMap<i64, Vec<(i64, f32)>> = BTreeMap::new();
    for r in test {
        tests.entry(r.user).or_default().push((r.item, r.rating));
    }
    let rec = Recommender::from_dataset(&Dataset::new(items, train), config.clone());
    let timings = rec.model().timings;
    let inputs: BTreeMap<i64, UserInput> = by_user
        .into_iter()
        .map(|(u, rs)| (u, UserInput::with_ratings(Some(u), rs)))
        .collect();
    let relevant: BTreeMap<i64, HashSet<i64>> = tests
        .iter()
        .map(|(&u, rs)| {
            (
                u,
                rs.iter()
                    .filter(|r| r.1 >= RELEVANT)
                    .map(|r| r.0)
                    .collect::<HashSet<_>>(),
            )
        })
        .filter(|(_, s)| !s.is_empty())
        .collect();
    let filters = Filters::default();
    let empty = UserInput::default();
    let mut reports = Vec::new();
    for &method in methods {
        let mut lat_us = Vec::with_capacity(inputs.len());
        let mut sums = [0f64; 4];
        let mut users = 0usize;
        for (u, input) in &inputs {
            let t = Instant::now();
            let picks = rec.recommend_with(method, input, &filters, k, 0);
            lat_us.push(t.elapsed().as_secs_f64() * 1e6);
            if let Some(rel) = relevant.get(u) {
                let ids: Vec<i64> = picks.iter().map(|p| p.item).collect();
                let s = rank_scores(&ids, rel, k);
                for (acc, v) in sums.iter_mut().zip([s.precision, s.recall, s.ndcg, s.hit]) {
                    *acc += v;
                }
                users += 1;
            }
        }
        // Users with relevant test films but no train ratings get cold-start lists.
        for (u, rel) in &relevant {
            if !inputs.contains_key(u) {
                let ids: Vec<i64> = rec
                    .recommend_with(method, &empty, &filters, k, 0)
                    .iter()
                    .map(|p| p.item)
                    .collect();
                let s = rank_scores(&ids, rel, k);
                for (acc, v) in sums.iter_mut().zip([s.precision, s.recall, s.ndcg, s.hit]) {
                    *acc += v;
                }
                users += 1;
            }
        }
        let terms = match method {
            Method::Popularity => None,
            Method::Content => Some(Terms::Content),
            Method::Collaborative => Some(Terms::Neighbours),
            Method::Hybrid => Some(Terms::All),
        };
        let (rmse, mae) = match terms {
            Some(terms) => {
                let model = rec.model();
                let mut pairs = Vec::with_capacity(test.len());
                for (u, rs) in &tests {
                    let input = inputs.get(u).unwrap_or(&empty);
                    let ids: Vec<i64> = rs.iter().map(|r| r.0).collect();
                    let preds = model.predict_items(input, &ids, terms);
                    pairs.extend(preds.into_iter().zip(rs.iter().map(|r| r.1)));
                }
                let (a, b) = rmse_mae(&pairs);
                (Some(a), Some(b))
            }
            None => (None, None),
        };
        let fit_ms = timings.index_ms
            + match method {
                Method::Popularity => 0.0,
                Method::Content => timings.content_ms,
                // The collaborative branch's wall time (baseline, walk, EASE, factors).
                Method::Collaborative => timings.collaborative_ms,
                Method::Hybrid => timings.total_ms - timings.index_ms,
            };
        let n = users.max(1) as f64;
        reports.push(MethodReport {
            name: method.name().to_string(),
            rmse,
            mae,
            precision: sums[0] / n,
            recall: sums[1] / n,
            ndcg: sums[2] / n,
            hit_rate: sums[3] / n,
            fit_ms,
            latency_us_p50: percentile(&lat_us, 50.0),
            latency_us_p99: percentile(&lat_us, 99.0),
        });
        tracing::info!(method = method.name(), "evaluated");
    }
    EvalReport {
        k,
        users: relevant.len(),
        train_ratings,
        test_ratings: test.len(),
        fit_total_ms: timings.total_ms,
        timings,
        peak_rss_mb: peak_rss_mb(),
        methods: reports,
    }
}

/// VmHWM of this process in MB (Linux), the peak resident set so far.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn opt(v: Option<f64>) -> String {
    v.map_or("–".to_string(), |x| format!("{x:.4}"))
}

impl EvalReport {
    /// A fixed-width table, one row per method, plus a footer with fit time and memory.
    pub fn to_table(&self) -> String {
        let k = self.k;
        let mut out = format!(
            "{:<14} {:>7} {:>7} {:>7} {:>7} {:>8} {:>7} {:>9} {:>9} {:>9}\n",
            "method",
            "RMSE",
            "MAE",
            format!("P@{k}"),
            format!("R@{k}"),
            format!("NDCG@{k}"),
            format!("HR@{k}"),
            "fit ms",
            "p50 µs",
            "p99 µs"
        );
        for m in &self.methods {
            out += &format!(
                "{:<14} {:>7} {:>7} {:>7.4} {:>7.4} {:>8.4} {:>7.4} {:>9.1} {:>9.1} {:>9.1}\n",
                m.name,
                opt(m.rmse),
                opt(m.mae),
                m.precision,
                m.recall,
                m.ndcg,
                m.hit_rate,
                m.fit_ms,
                m.latency_us_p50,
                m.latency_us_p99
            );
        }
        out += &format!(
            "{} users with a relevant test film; {} train / {} test ratings; fit of all models {:.1} ms \
             (index {:.0}, content {:.0}, co-occurrence {:.0}, EASE {:.0}, factors {:.0}); peak RSS {}\n",
            self.users,
            self.train_ratings,
            self.test_ratings,
            self.fit_total_ms,
            self.timings.index_ms,
            self.timings.content_ms,
            self.timings.walk_ms,
            self.timings.ease_ms,
            self.timings.predictor_ms,
            self.peak_rss_mb
                .map_or("unknown".into(), |m| format!("{m:.1} MB")),
        );
        out
    }

    /// `{"methods":[{"name", "rmse", "mae", "precision_at_K", ...}]}`; RMSE/MAE are null
    /// for methods that do not predict ratings.
    pub fn to_json(&self) -> serde_json::Value {
        let k = self.k;
        let methods: Vec<serde_json::Value> = self
            .methods
            .iter()
            .map(|m| {
                let mut o = serde_json::Map::new();
                o.insert("name".into(), json!(m.name));
                o.insert("rmse".into(), json!(m.rmse));
                o.insert("mae".into(), json!(m.mae));
                o.insert(format!("precision_at_{k}"), json!(m.precision));
                o.insert(format!("recall_at_{k}"), json!(m.recall));
                o.insert(format!("ndcg_at_{k}"), json!(m.ndcg));
                o.insert(format!("hit_rate_at_{k}"), json!(m.hit_rate));
                o.insert("fit_ms".into(), json!(m.fit_ms));
                o.insert("latency_us_p50".into(), json!(m.latency_us_p50));
                o.insert("latency_us_p99".into(), json!(m.latency_us_p99));
                serde_json::Value::Object(o)
            })
            .collect();
        json!({ "methods": methods })
    }

    pub fn method(&self, name: &str) -> Option<&MethodReport> {
        self.methods.iter().find(|m| m.name == name)
    }
}

/// Where tests find MovieLens: `MOVIEBOT_TEST_DATA`, else `../shared/data` beside the repo.
pub fn test_data_dir() -> PathBuf {
    std::env::var_os("MOVIEBOT_TEST_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"))
}
