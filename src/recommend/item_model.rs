//! Item-based collaborative model: the RP3beta item graph. `W_ij = Σ_u P(i→u)·P(u→j)` with
//! P(i→u) = (1/|U_i|)^α and P(u→j) = (1/|I_u|)^α, divided by pop_j^β so the walk does not
//! always end on blockbusters; top-N per row. A user's score for j is `Σ_{i rated} W_ij`.
//! It answers "people who liked X also loved Y" directly and costs n_rated × N per request.

use super::matrix::{Csr, Interactions};
use crate::config::ItemModelConfig;

#[derive(Clone, Debug, Default)]
pub struct ItemGraph {
    /// items × items, top-N per row, sorted by column.
    pub lists: Csr,
}

impl ItemGraph {
    /// Per-rating and per-item factors of the RP3beta walk, for `cooccur::fit`:
    /// (user step (1/|I_u|)^α, item step (1/|U_i|)^α, destination penalty pop^-β).
    pub fn factors(x: &Interactions, cfg: &ItemModelConfig) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
        let pop: Vec<f32> = (0..x.n_items())
            .map(|i| x.by_item.row_len(i) as f32)
            .collect();
        let user_step = (0..x.n_users())
            .map(|u| (1.0 / x.by_user.row_len(u).max(1) as f32).powf(cfg.alpha))
            .collect();
        let item_step = pop
            .iter()
            .map(|&p| (1.0 / p.max(1.0)).powf(cfg.alpha))
            .collect();
        let penalty = pop.iter().map(|&p| p.max(1.0).powf(-cfg.beta)).collect();
        (user_step, item_step, penalty)
    }

    /// Adds `Σ_{j rated} W_ji` to `out[i]`.
    pub fn score_into(&self, rated: &[(u32, f32)], out: &mut [f32]) {
        self.lists.scatter_rows(rated, |_| 1.0, out);
    }

    pub fn weight(&self, from: u32, to: u32) -> f32 {
        self.lists.get(from as usize, to).unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::neighbours::Caps;

    #[test]
    fn rp3beta_weights_by_hand() {
        // Users 1: items {0,1}; 2: items {0,1,2}. pop = (2,2,1).
        let x = Interactions::build(
            3,
            vec![
                (1, 0, 5.0, 0),
                (1, 1, 4.0, 0),
                (2, 0, 3.0, 0),
                (2, 1, 4.0, 0),
                (2, 2, 5.0, 0),
            ],
        );
        let cfg = ItemModelConfig {
            alpha: 1.0,
            beta: 0.5,
            neighbours: 10,
            weight: 0.5,
        };
        let caps = Caps {
            max_forward: 100,
            max_back: 100,
        };
        let pcfg = crate::config::PredictorConfig::default();
        let (g, _) = crate::recommend::cooccur::fit(&x, &cfg, &pcfg, &[0.0; 3], &[0.0; 2], caps);
        // W_01 = (1/2)·(1/2 + 1/3)·2^-0.5 ; W_02 = (1/2)·(1/3)·1 ; W_20 = 1·(1/3)·2^-0.5.
        let h = 2f32.powf(-0.5);
        assert!((g.weight(0, 1) - 0.5 * (0.5 + 1.0 / 3.0) * h).abs() < 1e-6);
        assert!((g.weight(0, 2) - 0.5 / 3.0).abs() < 1e-6);
        assert!((g.weight(2, 0) - h / 3.0).abs() < 1e-6);
        let mut out = vec![0.0; 3];
        g.score_into(&[(2, 5.0)], &mut out);
        assert!((out[0] - h / 3.0).abs() < 1e-6 && (out[1] - h / 3.0).abs() < 1e-6);
    }
}
