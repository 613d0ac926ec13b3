//! The `[recommender]` section as the recommender's own `RecommenderConfig`: every tunable of
//! the model, with defaults chosen by cross-validation inside the training split (see
//! `examples/tune.rs`), and when to refit it. Config owns the type so both `bot.toml` and the
//! recommender (and `moviebot eval`, the benches, `examples/tune.rs`) read one set of defaults.
//!
//! Only the hybrid's five tunables and the rebuild schedule are keys of the section; the
//! deeper model settings are not deserialized, so naming one in `bot.toml` is an unknown key.

use serde::{Deserialize, Deserializer, Serialize};

use super::sections::Check;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RecommenderConfig {
    /// Weight of the (normalised) collaborative score in the hybrid.
    #[serde(deserialize_with = "f64_as_f32")]
    pub collaborative_weight: f32,
    /// Weight of the (normalised) content score in the hybrid.
    #[serde(deserialize_with = "f64_as_f32")]
    pub content_weight: f32,
    /// User-KNN neighbourhood size.
    pub neighbours: usize,
    /// Multiplier `1 + popularity_boost · log-popularity` on the hybrid score.
    #[serde(deserialize_with = "f64_as_f32")]
    pub popularity_boost: f32,
    /// Multiplier `1 + recency_boost · release-recency` on the hybrid score.
    #[serde(deserialize_with = "f64_as_f32")]
    pub recency_boost: f32,
    /// Rebuild the full model after this many new ratings ...
    pub rebuild_after_ratings: u32,
    /// ... or after this many seconds, whichever comes first.
    pub rebuild_interval_secs: u64,
    #[serde(skip_deserializing)]
    pub user_knn: UserKnnConfig,
    #[serde(skip_deserializing)]
    pub item_model: ItemModelConfig,
    #[serde(skip_deserializing)]
    pub ease: EaseConfig,
    #[serde(skip_deserializing)]
    pub content: ContentConfig,
    #[serde(skip_deserializing)]
    pub predictor: PredictorConfig,
    /// Largest number of raters of one item walked when looking for similar users or items;
    /// exact below it, a deterministic sample above it (keeps big catalogs fast).
    #[serde(skip_deserializing)]
    pub max_postings: usize,
    /// Largest number of one user's ratings used when co-counting item pairs at fit time.
    #[serde(skip_deserializing)]
    pub max_user_items: usize,
    /// Largest number of the asking user's ratings a request scores from (an even sample
    /// of them beyond it); bounds the latency of very heavy raters.
    #[serde(skip_deserializing)]
    pub max_query_items: usize,
    /// Precompute every training user's neighbours at fit time (reused while their ratings
    /// are unchanged) when there are at most this many users.
    #[serde(skip_deserializing)]
    pub cache_neighbours_max_users: usize,
}

/// Weights are read as f64, as written, so a value of the wrong type is reported as "expected
/// f64" like every other number in the file; the model computes in f32.
fn f64_as_f32<'de, D: Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    f64::deserialize(d).map(|v| v as f32)
}

/// User-based KNN, computed at request time against the user's current ratings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserKnnConfig {
    /// Similarity `sim · n/(n + shrinkage)` where n = co-rated items.
    pub shrinkage: f32,
    /// Neighbour weight `sim^exponent` (sharpens toward the closest users).
    pub exponent: f32,
    /// Centre ratings on each user's mean before the cosine.
    pub centred: bool,
    /// Score a neighbour's movie by 1 (implicit) instead of their star rating.
    pub implicit: bool,
}

/// Item-based collaborative model (RP3beta random-walk item graph, top-N neighbours).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemModelConfig {
    /// Share of the item graph in the collaborative score (user-KNN gets what the item
    /// graph and EASE leave).
    pub weight: f32,
    /// Neighbours kept per item.
    pub neighbours: usize,
    /// Exponent on transition probabilities.
    pub alpha: f32,
    /// Popularity penalty `pop_j^-beta` on the destination item.
    pub beta: f32,
}

/// EASE item model on the most-rated films.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EaseConfig {
    /// Films in the dense model (memory 4·M² bytes, fit ~M³ flops); 0 disables it.
    pub max_items: usize,
    /// L2 regularisation λ.
    pub lambda: f32,
    /// Share of EASE in the collaborative score.
    pub weight: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContentConfig {
    /// Content neighbours kept per item (for profiles and "movies like X").
    pub neighbours: usize,
    /// Postings longer than this are sampled when finding neighbours (very common tokens).
    pub max_posting: usize,
}

/// Rating predictor: baseline + item-neighbour residuals + latent factors, blended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PredictorConfig {
    pub reg_item: f32,
    pub reg_user: f32,
    pub knn_k: usize,
    pub knn_shrinkage: f32,
    pub knn_neighbours: usize,
    pub factors: usize,
    pub epochs: usize,
    pub learning_rate: f32,
    pub reg_factors: f32,
    /// Weight of the neighbour residual.
    pub knn_weight: f32,
    /// Weight of the user-neighbour residual (Pearson-baseline user-KNN at request time).
    pub user_knn_weight: f32,
    pub user_knn_k: usize,
    pub user_knn_shrinkage: f32,
    /// Ridge penalty per rating when folding a user's factor vector in at request time.
    pub fold_reg: f32,
    /// Weight of the latent-factor residual.
    pub factor_weight: f32,
    /// Fit-time cap on SGD updates (epochs × ratings); large data gets fewer epochs.
    pub max_factor_updates: usize,
}

impl Default for RecommenderConfig {
    fn default() -> Self {
        Self {
            collaborative_weight: 0.6,
            content_weight: 0.4,
            neighbours: 40,
            popularity_boost: 0.0,
            recency_boost: 0.0,
            rebuild_after_ratings: 200,
            rebuild_interval_secs: 600,
            user_knn: UserKnnConfig::default(),
            item_model: ItemModelConfig::default(),
            ease: EaseConfig::default(),
            content: ContentConfig::default(),
            predictor: PredictorConfig::default(),
            max_postings: 4000,
            max_user_items: 500,
            max_query_items: 500,
            cache_neighbours_max_users: 50_000,
        }
    }
}

impl RecommenderConfig {
    /// The ranges serde cannot express. Returns (key, what is expected).
    pub(super) fn validate(&self) -> Check {
        for (key, w) in [
            (
                "recommender.collaborative_weight",
                self.collaborative_weight,
            ),
            ("recommender.content_weight", self.content_weight),
        ] {
            if !(0.0..=1.0).contains(&w) {
                return Err((key, format!("expected a weight from 0 to 1, got {w}")));
            }
        }
        let sum = as_written(self.collaborative_weight) + as_written(self.content_weight);
        if (sum - 1.0).abs() > 1e-6 {
            return Err((
                "recommender.collaborative_weight",
                format!("collaborative_weight + content_weight must be 1.0, got {sum}"),
            ));
        }
        if self.neighbours == 0 {
            return Err(("recommender.neighbours", "expected at least 1".into()));
        }
        for (key, b) in [
            ("recommender.popularity_boost", self.popularity_boost),
            ("recommender.recency_boost", self.recency_boost),
        ] {
            if !(0.0..=1.0).contains(&b) {
                return Err((key, format!("expected 0 to 1, got {b}")));
            }
        }
        Ok(())
    }

    /// Sampling caps for catalogs the size of MovieLens 25M: every neighbour walk and the
    /// EASE Gram matrix see at most `max_postings` raters per film and `max_user_items`
    /// films per user, and the factor model gets a couple of epochs. Small catalogs stay
    /// exact under the defaults; this preset trades a little accuracy for a fit in seconds.
    pub fn for_large_catalogs() -> Self {
        let mut c = Self {
            max_postings: 100,
            max_user_items: 100,
            max_query_items: 300,
            cache_neighbours_max_users: 0,
            ..Self::default()
        };
        c.content.max_posting = 500;
        c.predictor.max_factor_updates = 25_000_000;
        c
    }
}

/// A weight as the file or environment spelled it: the shortest decimal that reads back as
/// the same f32 (`0.1`, not 0.100000001…). Summed in f64, the check judges and reports the
/// numbers the user wrote rather than their f32 roundings.
fn as_written(w: f32) -> f64 {
    w.to_string().parse().unwrap_or(f64::from(w))
}

impl Default for UserKnnConfig {
    fn default() -> Self {
        Self {
            shrinkage: 0.0,
            exponent: 1.0,
            centred: false,
            implicit: false,
        }
    }
}

impl Default for ItemModelConfig {
    fn default() -> Self {
        Self {
            weight: 0.0,
            neighbours: 50,
            alpha: 1.0,
            beta: 0.5,
        }
    }
}

impl Default for EaseConfig {
    fn default() -> Self {
        Self {
            max_items: 1000,
            lambda: 200.0,
            weight: 0.5,
        }
    }
}

impl Default for ContentConfig {
    fn default() -> Self {
        Self {
            neighbours: 50,
            max_posting: 1000,
        }
    }
}

impl Default for PredictorConfig {
    fn default() -> Self {
        Self {
            reg_item: 10.0,
            reg_user: 15.0,
            knn_k: 40,
            knn_shrinkage: 100.0,
            knn_neighbours: 200,
            factors: 32,
            epochs: 30,
            learning_rate: 0.007,
            reg_factors: 0.05,
            knn_weight: 0.42,
            user_knn_weight: 0.28,
            user_knn_k: 40,
            user_knn_shrinkage: 100.0,
            fold_reg: 0.01,
            factor_weight: 0.88,
            max_factor_updates: 300_000_000,
        }
    }
}
