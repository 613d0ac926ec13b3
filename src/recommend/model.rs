//! A fitted, immutable model: catalog, rating matrix, content neighbours, item graph and the
//! rating predictor, fitted together from a `Dataset`. `Recommender` swaps whole models.

use std::collections::HashSet;
use std::time::Instant;

use super::catalog::Catalog;
use super::content::ContentModel;
use super::cooccur;
use super::data::{Dataset, ItemMeta};
use super::ease::Ease;
use super::item_model::ItemGraph;
use super::matrix::{Csr, Interactions};
use super::neighbours::Caps;
use super::predict::{Predictor, fit_baseline, sgd_factors};
use super::rank::QUERY_BUDGET;
use super::user_knn::{NeighbourCache, QueryCaps};
use crate::config::RecommenderConfig;

/// Wall time of each fit stage, in milliseconds. Stages run side by side (see `Model::fit`),
/// so they add up to more than `total_ms`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FitTimings {
    /// Catalog, id maps, rating matrix and popularity (what popularity needs).
    pub index_ms: f64,
    pub content_ms: f64,
    /// Baseline and the shared co-occurrence walk (item graph + predictor similarities);
    /// user-KNN needs no fit beyond the index.
    pub collaborative_ms: f64,
    /// Of which: baseline + co-occurrence walk.
    pub walk_ms: f64,
    /// Of which: EASE (Gram matrix and inversion).
    pub ease_ms: f64,
    /// Latent factors of the rating predictor.
    pub predictor_ms: f64,
    /// Precomputed user-KNN neighbour lists of the training users.
    pub neighbours_ms: f64,
    pub total_ms: f64,
}

#[derive(Clone, Debug, Default)]
pub struct Model {
    pub catalog: Catalog,
    pub ratings: Interactions,
    pub content: ContentModel,
    pub items: ItemGraph,
    pub ease: Ease,
    pub predictor: Predictor,
    /// Training users' user-KNN neighbours as of this fit.
    pub neighbour_cache: NeighbourCache,
    pub config: RecommenderConfig,
    pub timings: FitTimings,
}

/// What one parallel fit stage produced.
enum Fitted {
    Walk((ItemGraph, Csr)),
    Ease(Ease),
    Factors(Vec<f32>),
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

impl Model {
    pub fn fit(data: &Dataset, config: &RecommenderConfig) -> Self {
        let start = Instant::now();
        let mut metas = data.items.clone();
        // Rated films missing from the metadata still get an index (title "#id").
        let known: HashSet<i64> = metas.iter().map(|m| m.id).collect();
        let mut missing: Vec<i64> = data
            .ratings
            .iter()
            .map(|r| r.item)
            .filter(|i| !known.contains(i))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        metas.extend(missing.into_iter().map(ItemMeta::bare));
        let mut catalog = Catalog::build(metas);
        let rows = data
            .ratings
            .iter()
            .map(|r| {
                (
                    r.user,
                    catalog
                        .index
                        .get(r.item)
                        .expect("every rated item is in the catalog"),
                    r.rating,
                    r.timestamp,
                )
            })
            .collect();
        let ratings = Interactions::build(catalog.len(), rows);
        let counts: Vec<usize> = (0..catalog.len())
            .map(|i| ratings.by_item.row_len(i))
            .collect();
        catalog.set_counts(&counts);
        let index_ms = ms(start);

        let caps = Caps {
            max_forward: config.max_postings,
            max_back: config.max_user_items,
        };
        // Content and collaborative fits are independent, and within the collaborative side
        // the factor model only needs the baseline: run them side by side so single-threaded
        // stages (TF-IDF, SGD) overlap the parallel walks.
        let pc = &config.predictor;
        let timed = |f: &dyn Fn() -> Fitted| {
            let t = Instant::now();
            (f(), ms(t))
        };
        let ((content, content_ms), collab) = rayon::join(
            || {
                let t = Instant::now();
                (ContentModel::fit(&catalog, &config.content), ms(t))
            },
            || {
                let t = Instant::now();
                let (item_bias, user_bias) = fit_baseline(&ratings, pc.reg_item, pc.reg_user);
                let (walk, rest) = rayon::join(
                    || {
                        timed(&|| {
                            Fitted::Walk(cooccur::fit(
                                &ratings,
                                &config.item_model,
                                pc,
                                &item_bias,
                                &user_bias,
                                caps,
                            ))
                        })
                    },
                    || {
                        rayon::join(
                            || {
                                timed(&|| {
                                    Fitted::Ease(Ease::fit(
                                        &ratings,
                                        &config.ease,
                                        config.max_user_items,
                                    ))
                                })
                            },
                            || {
                                timed(&|| {
                                    Fitted::Factors(sgd_factors(
                                        &ratings, &item_bias, &user_bias, pc,
                                    ))
                                })
                            },
                        )
                    },
                );
                (item_bias, user_bias, walk, rest, ms(t))
            },
        );
        let (
            item_bias,
            user_bias,
            (walk, walk_ms),
            ((ease, ease_ms), (factors, predictor_ms)),
            collaborative_ms,
        ) = collab;
        let (Fitted::Walk((items, sims)), Fitted::Ease(ease), Fitted::Factors(factors)) =
            (walk, ease, factors)
        else {
            unreachable!("each task returns its own stage")
        };
        let t = Instant::now();
        let uk = &config.user_knn;
        let caps = QueryCaps {
            max_postings: config.max_postings,
            budget: QUERY_BUDGET,
        };
        let neighbour_cache = NeighbourCache::build(
            &ratings,
            uk,
            config.neighbours,
            caps,
            config.max_query_items,
            config.cache_neighbours_max_users,
        );
        let neighbours_ms = ms(t);
        let predictor = Predictor::fit(&ratings, pc, item_bias, &user_bias, sims, factors);
        let timings = FitTimings {
            index_ms,
            content_ms,
            collaborative_ms,
            walk_ms,
            ease_ms,
            predictor_ms,
            neighbours_ms,
            total_ms: ms(start),
        };
        tracing::debug!(
            ?timings,
            items = catalog.len(),
            users = ratings.n_users(),
            "recommender fitted"
        );
        Self {
            catalog,
            ratings,
            content,
            items,
            ease,
            predictor,
            neighbour_cache,
            config: config.clone(),
            timings,
        }
    }

    /// Index of an item id.
    pub fn item_index(&self, id: i64) -> Option<u32> {
        self.catalog.index.get(id)
    }

    pub fn title(&self, i: u32) -> &str {
        &self.catalog.items[i as usize].title
    }
}
