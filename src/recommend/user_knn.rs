//! User-based KNN computed at request time from the user's CURRENT ratings: an inverted
//! index (item → raters) yields every user sharing a film, cosine similarity with optional
//! mean-centring and significance shrinkage picks the K closest, and their films are scored
//! by `Σ sim^α · r_vi`. Nothing about the asking user is precomputed, so a rating given a
//! second ago already counts.

use super::matrix::Interactions;
use super::neighbours::strided;
use super::topk::TopK;
use crate::config::UserKnnConfig;

use rayon::prelude::*;

/// Reusable per-thread buffers sized to the user count.
#[derive(Clone, Debug, Default)]
pub struct UserScratch {
    /// Per user: (dot product with the query, co-rated count), packed so one visit touches
    /// one cache line.
    acc: Vec<(f32, u32)>,
    touched: Vec<u32>,
    top: TopK,
}

impl UserScratch {
    fn fit(&mut self, n_users: usize) {
        if self.acc.len() != n_users {
            self.acc = vec![(0.0, 0); n_users];
            self.touched.clear();
        }
    }
}

/// Accumulates `q · r_v` (r_v centred on v's mean when `means` is given) for every rater v
/// of one film.
#[inline]
fn visit(s: &mut UserScratch, q: f32, users: &[u32], vals: &[f32], means: Option<&[f32]>) {
    for (&v, &r) in users.iter().zip(vals) {
        let slot = &mut s.acc[v as usize];
        if slot.1 == 0 {
            s.touched.push(v);
        }
        let rv = match means {
            Some(m) => r - m[v as usize],
            None => r,
        };
        slot.0 += q * rv;
        slot.1 += 1;
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
    let means = cfg.centred.then_some(&x.user_mean[..]);
    let mut users_buf: Vec<u32> = Vec::new();
    let mut vals_buf: Vec<f32> = Vec::new();
    for &(j, r) in rated {
        let q = r - centre;
        let (users, vals) = x.by_item.row(j as usize);
        if users.len() <= per_item {
            visit(s, q, users, vals, means);
        } else {
            // Very popular film: an even sample of its raters.
            users_buf.clear();
            vals_buf.clear();
            for p in strided(users.len(), per_item) {
                users_buf.push(users[p]);
                vals_buf.push(vals[p]);
            }
            visit(s, q, &users_buf, &vals_buf, means);
        }
    }
    let norms = if cfg.centred {
        &x.user_norm_centred
    } else {
        &x.user_norm
    };
    for &v in &s.touched {
        let vi = v as usize;
        let (dot, n) = s.acc[vi];
        s.acc[vi] = (0.0, 0);
        if Some(v) == exclude_user || norms[vi] == 0.0 {
            continue;
        }
        let n = n as f32;
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

/// Order-sensitive fingerprint of a rating list (item index, stars).
pub fn fingerprint(rated: &[(u32, f32)]) -> u64 {
    rated.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &(i, r)| {
        (h ^ (((i as u64) << 32) | r.to_bits() as u64)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every training user's neighbours as of the fit, keyed by a fingerprint of the ratings
/// they were computed from. A request whose ratings are unchanged since the fit (most of
/// them) reuses the list, bit-identical to computing it; a changed list misses and the
/// request computes afresh, so new ratings still count at once.
#[derive(Clone, Debug, Default)]
pub struct NeighbourCache {
    fingerprints: Vec<u64>,
    lists: Vec<Vec<(f32, u32)>>,
}

impl NeighbourCache {
    /// Runs `neighbours` for each training user on their stored ratings (sampled exactly as a
    /// request would be), in parallel; skipped (empty) above `max_users`.
    pub fn build(
        x: &Interactions,
        cfg: &UserKnnConfig,
        k: usize,
        caps: QueryCaps,
        max_query_items: usize,
        max_users: usize,
    ) -> Self {
        if x.n_users() > max_users {
            return Self::default();
        }
        let (fingerprints, lists) = (0..x.n_users())
            .into_par_iter()
            .map_init(UserScratch::default, |s, u| {
                let (items, vals) = x.by_user.row(u);
                let rated: Vec<(u32, f32)> =
                    items.iter().copied().zip(vals.iter().copied()).collect();
                let query = query_sample(&rated, max_query_items);
                let list = neighbours(x, cfg, k, caps, &query, Some(u as u32), s).to_vec();
                (fingerprint(&query), list)
            })
            .unzip();
        Self {
            fingerprints,
            lists,
        }
    }

    /// The cached neighbours of training user `u` if `query` is what they were built from.
    pub fn get(&self, u: Option<u32>, query: &[(u32, f32)]) -> Option<&[(f32, u32)]> {
        let u = u? as usize;
        let fp = *self.fingerprints.get(u)?;
        (fp == fingerprint(query)).then(|| self.lists[u].as_slice())
    }
}

/// The ratings a request scores from: all of them, or an even sample of `cap` for very
/// heavy raters.
pub fn query_sample(rated: &[(u32, f32)], cap: usize) -> std::borrow::Cow<'_, [(u32, f32)]> {
    if rated.len() > cap {
        std::borrow::Cow::Owned(strided(rated.len(), cap).map(|p| rated[p]).collect())
    } else {
        std::borrow::Cow::Borrowed(rated)
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
