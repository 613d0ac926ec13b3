//! User-based KNN computed at request time from the user's CURRENT ratings: an inverted
//! index (item → raters) yields every user sharing a film, cosine similarity with optional
//! mean-centring and significance shrinkage picks the K closest, and their films are scored
//! by `Σ sim^α · r_vi`. Nothing about the asking user is precomputed, so a rating given a
//! second ago already counts.

use super::config::UserKnnConfig;
use super::matrix::Interactions;
use super::neighbours::strided;
use super::topk::TopK;

/// Reusable per-thread buffers sized to the user count.
#[derive(Clone, Debug, Default)]
pub struct UserScratch {
    dot: Vec<f32>,
    count: Vec<u32>,
    touched: Vec<u32>,
    top: TopK,
}

impl UserScratch {
    fn fit(&mut self, n_users: usize) {
        if self.dot.len() != n_users {
            self.dot = vec![0.0; n_users];
            self.count = vec![0; n_users];
            self.touched.clear();
        }
    }
}

/// Request-time query limits (see `RecommenderConfig::max_postings`).
#[derive(Clone, Copy, Debug)]
pub struct QueryCaps {
    pub max_postings: usize,
    /// Total postings walked per request, spread over the user's films.
    pub budget: usize,
}

/// The K most similar users to `rated` (item index, stars), best first, as (sim, user).
pub fn neighbours<'a>(
    x: &Interactions,
    cfg: &UserKnnConfig,
    k: usize,
    caps: QueryCaps,
    rated: &[(u32, f32)],
    exclude_user: Option<u32>,
    s: &'a mut UserScratch,
) -> &'a [(f32, u32)] {
    s.fit(x.n_users());
    s.top.reset(k);
    if rated.is_empty() {
        return s.top.as_slice();
    }
    let mean = rated.iter().map(|r| r.1).sum::<f32>() / rated.len() as f32;
    let centre = if cfg.centred { mean } else { 0.0 };
    let qnorm = rated
        .iter()
        .map(|r| (r.1 - centre).powi(2))
        .sum::<f32>()
        .sqrt();
    if qnorm == 0.0 {
        return s.top.as_slice();
    }
    let per_item = caps.max_postings.min((caps.budget / rated.len()).max(50));
    for &(j, r) in rated {
        let q = r - centre;
        let (users, vals) = x.by_item.row(j as usize);
        for p in strided(users.len(), per_item) {
            let v = users[p] as usize;
            if s.count[v] == 0 {
                s.touched.push(v as u32);
            }
            s.count[v] += 1;
            let rv = if cfg.centred {
                vals[p] - x.user_mean[v]
            } else {
                vals[p]
            };
            s.dot[v] += q * rv;
        }
    }
    let norms = if cfg.centred {
        &x.user_norm_centred
    } else {
        &x.user_norm
    };
    for &v in &s.touched {
        let vi = v as usize;
        let (dot, n) = (s.dot[vi], s.count[vi] as f32);
        s.dot[vi] = 0.0;
        s.count[vi] = 0;
        if Some(v) == exclude_user || norms[vi] == 0.0 {
            continue;
        }
        let sim = dot / (qnorm * norms[vi]) * (n / (n + cfg.shrinkage));
        if sim > 0.0 {
            s.top.push(sim, v);
        }
    }
    s.touched.clear();
    s.top.as_slice()
}

/// Adds `Σ_v sim_v^α · r_vi` (or `sim^α` when implicit) to `out[i]` over the neighbours.
pub fn score_into(x: &Interactions, cfg: &UserKnnConfig, nbrs: &[(f32, u32)], out: &mut [f32]) {
    for &(sim, v) in nbrs {
        let w = if cfg.exponent == 1.0 {
            sim
        } else {
            sim.powf(cfg.exponent)
        };
        let (items, vals) = x.by_user.row(v as usize);
        if cfg.implicit {
            for &i in items {
                out[i as usize] += w;
            }
        } else {
            for (&i, &r) in items.iter().zip(vals) {
                out[i as usize] += w * r;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knn_on_a_tiny_matrix() {
        // Users 10: (0:5, 1:3), 20: (0:4, 2:2), 30: (1:1, 2:5). Query (0:5, 1:3) as a new user.
        let x = Interactions::build(
            3,
            vec![
                (10, 0, 5.0, 0),
                (10, 1, 3.0, 0),
                (20, 0, 4.0, 0),
                (20, 2, 2.0, 0),
                (30, 1, 1.0, 0),
                (30, 2, 5.0, 0),
            ],
        );
        let cfg = UserKnnConfig::default();
        let caps = QueryCaps {
            max_postings: 100,
            budget: 1000,
        };
        let mut s = UserScratch::default();
        let q = [(0, 5.0), (1, 3.0)];
        let nb = neighbours(&x, &cfg, 2, caps, &q, Some(0), &mut s).to_vec();
        // cos(q, u20) = 20/(√34·√20) = 0.76696; cos(q, u30) = 3/(√34·√26) = 0.10090; u10 excluded.
        assert_eq!(nb.iter().map(|n| n.1).collect::<Vec<_>>(), vec![1, 2]);
        assert!((nb[0].0 - 20.0 / (34f32.sqrt() * 20f32.sqrt())).abs() < 1e-6);
        assert!((nb[1].0 - 3.0 / (34f32.sqrt() * 26f32.sqrt())).abs() < 1e-6);
        let mut out = vec![0.0; 3];
        score_into(&x, &cfg, &nb, &mut out);
        // Item 2: 0.76696·2 + 0.10090·5.
        assert!((out[2] - (nb[0].0 * 2.0 + nb[1].0 * 5.0)).abs() < 1e-5);
        // Shrinkage 1: sims scale by n/(n+1) with n = 1 co-rated film each.
        let shr = UserKnnConfig {
            shrinkage: 1.0,
            ..cfg
        };
        let nb2 = neighbours(&x, &shr, 2, caps, &q, Some(0), &mut s).to_vec();
        assert!((nb2[0].0 - nb[0].0 / 2.0).abs() < 1e-6);
    }
}
