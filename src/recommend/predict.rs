//! Rating prediction ("what would I rate this?", RMSE), kept apart from ranking. Baseline
//! μ + b_u + b_i (regularised, as Koren's), plus two residual models blended: item
//! neighbours with shrunk Pearson-baseline similarity (KNNBaseline) and latent factors
//! learned by SGD on the baseline residuals. The user side (b_u and the user's factor vector)
//! is folded in from the CURRENT ratings at request time, so new ratings count at once.

use rand::{Rng, SeedableRng, rngs::StdRng};

use super::matrix::{Csr, Interactions};
use super::topk::TopK;
use crate::config::PredictorConfig;

#[derive(Clone, Debug, Default)]
pub struct Predictor {
    pub mu: f32,
    pub item_bias: Vec<f32>,
    /// Training users' biases (their residuals feed the user-neighbour term).
    pub user_bias: Vec<f32>,
    /// items × items shrunk Pearson-baseline similarity, positive, top-N per row.
    pub sims: Csr,
    /// items × factors, row-major.
    pub factors: Vec<f32>,
    pub n_factors: usize,
    pub cfg: PredictorConfig,
}

/// Which residual terms to add to the baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Terms {
    Baseline,
    /// Baseline + neighbour residual over content similarities (the content method).
    Content,
    /// Baseline + neighbour residual over rating similarities (the collaborative method).
    Neighbours,
    /// Baseline + rating neighbours + latent factors (the hybrid and the bot).
    All,
}

/// One user's folded-in state: bias, residuals by item index (sorted), factor vector and
/// shrunk Pearson-baseline similarity to every training user (dense, 0 = none).
#[derive(Clone, Debug, Default)]
pub struct UserFold {
    pub bias: f32,
    pub residuals: Vec<(u32, f32)>,
    pub factors: Vec<f32>,
    pub user_sims: Vec<f32>,
}

/// The baseline μ + b_u + b_i by alternating least squares (a few sweeps converge).
pub fn fit_baseline(x: &Interactions, reg_item: f32, reg_user: f32) -> (Vec<f32>, Vec<f32>) {
    let mu = x.global_mean;
    let mut bi = vec![0f32; x.n_items()];
    let mut bu = vec![0f32; x.n_users()];
    for _ in 0..10 {
        for (i, b) in bi.iter_mut().enumerate() {
            let (us, rs) = x.by_item.row(i);
            let s: f32 = us
                .iter()
                .zip(rs)
                .map(|(&u, &r)| r - mu - bu[u as usize])
                .sum();
            *b = s / (reg_item + us.len() as f32);
        }
        for (u, b) in bu.iter_mut().enumerate() {
            let (is, rs) = x.by_user.row(u);
            let s: f32 = is
                .iter()
                .zip(rs)
                .map(|(&i, &r)| r - mu - bi[i as usize])
                .sum();
            *b = s / (reg_user + is.len() as f32);
        }
    }
    (bi, bu)
}

impl Predictor {
    /// `sims` come from `cooccur::fit`, `factors` from `sgd_factors`, with the baseline
    /// from `fit_baseline`.
    pub fn fit(
        x: &Interactions,
        cfg: &PredictorConfig,
        item_bias: Vec<f32>,
        user_bias: &[f32],
        sims: Csr,
        factors: Vec<f32>,
    ) -> Self {
        Self {
            mu: x.global_mean,
            item_bias,
            user_bias: user_bias.to_vec(),
            sims,
            factors,
            n_factors: cfg.factors,
            cfg: cfg.clone(),
        }
    }

    /// Folds a user's current ratings (item index, stars; sorted by index) into a `UserFold`.
    /// `self_user` (the caller's own training row) is never their own neighbour.
    pub fn fold(
        &self,
        x: &Interactions,
        rated: &[(u32, f32)],
        self_user: Option<u32>,
        terms: Terms,
    ) -> UserFold {
        let n = rated.len() as f32;
        let bias = rated
            .iter()
            .map(|&(i, r)| r - self.mu - self.item_bias[i as usize])
            .sum::<f32>()
            / (self.cfg.reg_user + n);
        let residuals: Vec<(u32, f32)> = rated
            .iter()
            .map(|&(i, r)| (i, r - self.mu - bias - self.item_bias[i as usize]))
            .collect();
        // A model fitted on no ratings has no factor rows: fold nothing rather than index them.
        let has_factors = self.factors.len() == self.item_bias.len() * self.n_factors;
        let factors =
            if terms == Terms::All && self.n_factors > 0 && has_factors && !rated.is_empty() {
                self.fold_factors(&residuals)
            } else {
                Vec::new()
            };
        let user_sims = if terms == Terms::All && self.cfg.user_knn_weight != 0.0 {
            self.user_similarities(x, &residuals, self_user)
        } else {
            Vec::new()
        };
        UserFold {
            bias,
            residuals,
            factors,
            user_sims,
        }
    }

    /// Shrunk Pearson-baseline similarity of the folded user to every training user who
    /// shares a film, via the item → raters index.
    fn user_similarities(
        &self,
        x: &Interactions,
        residuals: &[(u32, f32)],
        self_user: Option<u32>,
    ) -> Vec<f32> {
        let nu = x.n_users();
        let mut acc = vec![[0f32; 4]; nu];
        for &(j, e) in residuals {
            let (users, rs) = x.by_item.row(j as usize);
            let bj = self.mu + self.item_bias[j as usize];
            for (&v, &r) in users.iter().zip(rs) {
                let ev = r - bj - self.user_bias[v as usize];
                let a = &mut acc[v as usize];
                a[0] += e * ev;
                a[1] += e * e;
                a[2] += ev * ev;
                a[3] += 1.0;
            }
        }
        let shrink = self.cfg.user_knn_shrinkage;
        let mut sims: Vec<f32> = acc
            .iter()
            .map(|a| {
                let den = (a[1] * a[2]).sqrt();
                if a[3] < 2.0 || den == 0.0 {
                    0.0
                } else {
                    ((a[3] - 1.0) / (a[3] - 1.0 + shrink) * a[0] / den).max(0.0)
                }
            })
            .collect();
        if let Some(u) = self_user {
            sims[u as usize] = 0.0;
        }
        sims
    }

    /// User-KNN residual: `Σ s_v e_vi / Σ s_v` over the k most similar raters v of `i`.
    fn user_residual(&self, x: &Interactions, fold: &UserFold, i: u32) -> f32 {
        let (users, rs) = x.by_item.row(i as usize);
        let mut top = TopK::new(self.cfg.user_knn_k);
        for (p, &v) in users.iter().enumerate() {
            let s = fold.user_sims[v as usize];
            if s > 0.0 {
                top.push(s, p as u32);
            }
        }
        let bi = self.mu + self.item_bias[i as usize];
        let (mut num, mut den) = (0f32, 0f32);
        for &(s, p) in top.as_slice() {
            let v = users[p as usize] as usize;
            num += s * (rs[p as usize] - bi - self.user_bias[v]);
            den += s;
        }
        if den > 0.0 { num / den } else { 0.0 }
    }

    /// Ridge regression of the residuals on the item factors: (QᵀQ + λnI) p = Qᵀe.
    fn fold_factors(&self, residuals: &[(u32, f32)]) -> Vec<f32> {
        let f = self.n_factors;
        let mut a = vec![0f64; f * f];
        let mut b = vec![0f64; f];
        for &(i, e) in residuals {
            let q = &self.factors[i as usize * f..(i as usize + 1) * f];
            for r in 0..f {
                b[r] += (q[r] * e) as f64;
                for c in 0..=r {
                    a[r * f + c] += (q[r] * q[c]) as f64;
                }
            }
        }
        let lambda = (self.cfg.fold_reg * residuals.len() as f32) as f64;
        for r in 0..f {
            a[r * f + r] += lambda.max(1e-6);
        }
        cholesky_solve(&mut a, &mut b, f);
        b.into_iter().map(|v| v as f32).collect()
    }

    /// The terms of the full prediction for item `i`: baseline, item-neighbour residual,
    /// user-neighbour residual, latent-factor residual (offline blend fitting uses them).
    pub fn components(&self, x: &Interactions, fold: &UserFold, i: u32) -> [f32; 4] {
        let base = self.mu + fold.bias + self.item_bias[i as usize];
        let items = knn_residual(&self.sims, self.cfg.knn_k, fold, i);
        let users = if fold.user_sims.is_empty() {
            0.0
        } else {
            self.user_residual(x, fold, i)
        };
        let factors = if fold.factors.is_empty() {
            0.0
        } else {
            let q = &self.factors[i as usize * self.n_factors..(i as usize + 1) * self.n_factors];
            q.iter().zip(&fold.factors).map(|(a, b)| a * b).sum::<f32>()
        };
        [base, items, users, factors]
    }

    /// Predicted stars for item `i`, clipped to [0.5, 5]; `content` are the content
    /// similarities used by `Terms::Content`.
    pub fn predict(
        &self,
        x: &Interactions,
        fold: &UserFold,
        i: u32,
        terms: Terms,
        content: &Csr,
    ) -> f32 {
        let base = self.mu + fold.bias + self.item_bias[i as usize];
        let p = match terms {
            Terms::Baseline => base,
            Terms::Content => base + knn_residual(content, self.cfg.knn_k, fold, i),
            Terms::Neighbours => base + knn_residual(&self.sims, self.cfg.knn_k, fold, i),
            Terms::All => {
                let [b, items, users, factors] = self.components(x, fold, i);
                let c = &self.cfg;
                b + c.knn_weight * items + c.user_knn_weight * users + c.factor_weight * factors
            }
        };
        p.clamp(0.5, 5.0)
    }
}

/// KNNBaseline residual: `Σ s_ij e_j / Σ s_ij` over the k most similar rated films j.
pub fn knn_residual(sims: &Csr, k: usize, fold: &UserFold, i: u32) -> f32 {
    let (cols, ss) = sims.row(i as usize);
    let rated = &fold.residuals;
    let mut top = TopK::new(k);
    let (mut a, mut b) = (0, 0);
    while a < cols.len() && b < rated.len() {
        match cols[a].cmp(&rated[b].0) {
            std::cmp::Ordering::Less => a += 1,
            std::cmp::Ordering::Greater => b += 1,
            std::cmp::Ordering::Equal => {
                top.push(ss[a], b as u32);
                a += 1;
                b += 1;
            }
        }
    }
    let (mut num, mut den) = (0f32, 0f32);
    for &(s, b) in top.as_slice() {
        num += s * rated[b as usize].1;
        den += s;
    }
    if den > 0.0 { num / den } else { 0.0 }
}

/// SGD on `r − b_ui ≈ p_u·q_i`; only the item factors are kept (users are folded in later).
/// Epochs shrink on very large data so a fit stays within `max_factor_updates`.
pub fn sgd_factors(x: &Interactions, bi: &[f32], bu: &[f32], cfg: &PredictorConfig) -> Vec<f32> {
    let f = cfg.factors;
    if f == 0 || x.by_user.nnz() == 0 {
        return Vec::new();
    }
    let mut rng = StdRng::seed_from_u64(42);
    let init = 0.1 / (f as f32).sqrt();
    let mut p: Vec<f32> = (0..x.n_users() * f)
        .map(|_| rng.random_range(-init..init))
        .collect();
    let mut q: Vec<f32> = (0..x.n_items() * f)
        .map(|_| rng.random_range(-init..init))
        .collect();
    let nnz = x.by_user.nnz();
    let epochs = cfg.epochs.min((cfg.max_factor_updates / nnz).max(1));
    let mut order: Vec<u32> = (0..x.n_users() as u32).collect();
    let (lr, reg) = (cfg.learning_rate, cfg.reg_factors);
    let mu = x.global_mean;
    for _ in 0..epochs {
        // Shuffling users (not single ratings) keeps memory access mostly sequential.
        for k in (1..order.len()).rev() {
            order.swap(k, rng.random_range(0..=k));
        }
        for &u in &order {
            let (items, rs) = x.by_user.row(u as usize);
            let pu = &mut p[u as usize * f..(u as usize + 1) * f];
            for (&i, &r) in items.iter().zip(rs) {
                let qi = &mut q[i as usize * f..(i as usize + 1) * f];
                let pred: f32 = pu.iter().zip(qi.iter()).map(|(a, b)| a * b).sum();
                let err = r - mu - bu[u as usize] - bi[i as usize] - pred;
                for d in 0..f {
                    let (pd, qd) = (pu[d], qi[d]);
                    pu[d] += lr * (err * qd - reg * pd);
                    qi[d] += lr * (err * pd - reg * qd);
                }
            }
        }
    }
    q
}

/// Solves `A x = b` in place for symmetric positive definite A (lower triangle used).
pub fn cholesky_solve(a: &mut [f64], b: &mut [f64], n: usize) {
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        let d = d.max(1e-12).sqrt();
        a[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / d;
        }
    }
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i * n + k] * b[k];
        }
        b[i] = s / a[i * n + i];
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= a[k * n + i] * b[k];
        }
        b[i] = s / a[i * n + i];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_solves_small_system() {
        // [[4,2],[2,3]] x = [2, 5] → x = [-0.5, 2].
        let mut a = vec![4.0, 0.0, 2.0, 3.0];
        let mut b = vec![2.0, 5.0];
        cholesky_solve(&mut a, &mut b, 2);
        assert!((b[0] + 0.5).abs() < 1e-12 && (b[1] - 2.0).abs() < 1e-12);
    }

    #[test]
    fn knn_residual_weights_by_similarity() {
        // Item 0's neighbours: 1 (0.5), 2 (0.25), 3 (0.1); user rated 1 and 2 and 4.
        let sims = Csr::from_triplets(1, vec![(0, 1, 0.5), (0, 2, 0.25), (0, 3, 0.1)]);
        let fold = UserFold {
            bias: 0.0,
            residuals: vec![(1, 1.0), (2, -1.0), (4, 3.0)],
            factors: vec![],
            user_sims: vec![],
        };
        // (0.5·1 − 0.25·1)/(0.75) = 1/3; with k = 1 only the closest: 1.
        assert!((knn_residual(&sims, 40, &fold, 0) - 1.0 / 3.0).abs() < 1e-6);
        assert!((knn_residual(&sims, 1, &fold, 0) - 1.0).abs() < 1e-6);
    }
}
