//! One walk over co-rated item pairs that feeds two models at once: the RP3beta item graph
//! (ranking) and the shrunk Pearson-baseline item similarities (rating prediction). The
//! walk (Σ_u |I_u|² pair visits) dominates fit time, so sharing it halves that cost.

use super::item_model::ItemGraph;
use super::matrix::{Csr, Interactions};
use super::neighbours::{self, Caps};
use crate::config::{ItemModelConfig, PredictorConfig};

/// Returns the item graph and the predictor's similarity lists. `item_bias`/`user_bias`
/// are the fitted baseline (residuals e_ui = r_ui − μ − b_u − b_i feed the Pearson part).
pub fn fit(
    x: &Interactions,
    items: &ItemModelConfig,
    pred: &PredictorConfig,
    item_bias: &[f32],
    user_bias: &[f32],
    caps: Caps,
) -> (ItemGraph, Csr) {
    let (user_step, item_step, penalty) = ItemGraph::factors(x, items);
    let mu = x.global_mean;
    let shrink = pred.knn_shrinkage;
    let [graph, sims] = neighbours::build::<5, 2>(
        &x.by_item,
        &x.by_user,
        caps,
        [items.neighbours, pred.knn_neighbours],
        |i, u, ri, j, rj| {
            let bu = mu + user_bias[u as usize];
            let (a, b) = (ri - bu - item_bias[i], rj - bu - item_bias[j as usize]);
            [user_step[u as usize], a * b, a * a, b * b, 1.0]
        },
        |i, j, a| {
            let walk = Some(a[0] * item_step[i] * penalty[j as usize]);
            let (n, den) = (a[4], (a[2] * a[3]).sqrt());
            let pearson = if n < 2.0 || den == 0.0 {
                None
            } else {
                let s = (n - 1.0) / (n - 1.0 + shrink) * a[1] / den;
                (s > 0.0).then_some(s)
            };
            [walk, pearson]
        },
    );
    (ItemGraph { lists: graph }, sims)
}
