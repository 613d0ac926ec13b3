//! EASE (Steck 2019) on the most-rated items: B = I − P·diag(1/diag P) with
//! P = (XᵀX + λI)⁻¹ over binary interactions, diag(B) = 0. A user's score for j is
//! `Σ_{i rated} B_ij`. The dense M×M inverse is why it is limited to the top `max_items`
//! films (rarer ones are left to the neighbour models): at M = 1,500 it is 9 MB and a
//! Gauss-Jordan inversion of M³ flops, row updates spread over rayon.

use rayon::prelude::*;

use super::matrix::Interactions;
use super::neighbours::strided;
use super::simd::{add_assign, axpy_neg};
use crate::config::EaseConfig;

#[derive(Clone, Debug, Default)]
pub struct Ease {
    /// Item index of each model position (the top-M by rating count, ascending index).
    pub items: Vec<u32>,
    /// Model position of each item index, `u32::MAX` outside the model.
    pub pos: Vec<u32>,
    /// M × M row-major weights, row = rated item, column = scored item.
    pub weights: Vec<f32>,
}

/// In-place Gauss–Jordan inverse of a symmetric positive definite matrix (no pivoting
/// needed for SPD), rows updated in parallel.
pub fn invert_spd(a: &mut [f32], m: usize) {
    let mut pivot_row = vec![0f32; m];
    for k in 0..m {
        let p = a[k * m + k];
        a[k * m + k] = 1.0;
        for v in &mut a[k * m..(k + 1) * m] {
            *v /= p;
        }
        pivot_row.copy_from_slice(&a[k * m..(k + 1) * m]);
        let pr = &pivot_row;
        a.par_chunks_mut(m)
            .enumerate()
            .with_min_len(64)
            .for_each(|(i, row)| {
                if i != k {
                    let f = row[k];
                    if f != 0.0 {
                        row[k] = 0.0;
                        axpy_neg(row, f, pr);
                    }
                }
            });
    }
}

impl Ease {
    /// `max_user_items` caps each user's films in the Gram matrix (strided sample).
    pub fn fit(x: &Interactions, cfg: &EaseConfig, max_user_items: usize) -> Self {
        let n = x.n_items();
        let mut by_pop: Vec<u32> = (0..n as u32)
            .filter(|&i| x.by_item.row_len(i as usize) > 0)
            .collect();
        by_pop.sort_by_key(|&i| (std::cmp::Reverse(x.by_item.row_len(i as usize)), i));
        by_pop.truncate(cfg.max_items);
        by_pop.sort_unstable();
        let items = by_pop;
        let m = items.len();
        let mut pos = vec![u32::MAX; n];
        for (p, &i) in items.iter().enumerate() {
            pos[i as usize] = p as u32;
        }
        if m == 0 {
            return Self {
                items,
                pos,
                weights: Vec::new(),
            };
        }
        // Gram matrix of binary interactions over the kept items: per-thread partial sums.
        let chunk = x
            .n_users()
            .div_ceil(rayon::current_num_threads().max(1))
            .max(1);
        let partials: Vec<Vec<f32>> = (0..x.n_users())
            .collect::<Vec<_>>()
            .par_chunks(chunk)
            .map(|users| {
                let mut g = vec![0f32; m * m];
                let mut kept: Vec<usize> = Vec::new();
                let mut row: Vec<usize> = Vec::new();
                for &u in users {
                    kept.clear();
                    kept.extend(
                        x.by_user
                            .row(u)
                            .0
                            .iter()
                            .map(|&i| pos[i as usize])
                            .filter(|&p| p != u32::MAX)
                            .map(|p| p as usize),
                    );
                    row.clear();
                    row.extend(strided(kept.len(), max_user_items).map(|q| kept[q]));
                    for &a in &row {
                        let g_row = &mut g[a * m..(a + 1) * m];
                        for &b in &row {
                            g_row[b] += 1.0;
                        }
                    }
                }
                g
            })
            .collect();
        let mut parts = partials.into_iter();
        let mut g = parts.next().unwrap_or_else(|| vec![0f32; m * m]);
        for p in parts {
            for (a, b) in g.iter_mut().zip(p) {
                *a += b;
            }
        }
        for d in 0..m {
            g[d * m + d] += cfg.lambda;
        }
        invert_spd(&mut g, m);
        // B_ij = −P_ij / P_jj, zero diagonal.
        let diag: Vec<f32> = (0..m).map(|d| g[d * m + d]).collect();
        g.par_chunks_mut(m).enumerate().for_each(|(i, row)| {
            for (j, v) in row.iter_mut().enumerate() {
                *v = if i == j { 0.0 } else { -*v / diag[j] };
            }
        });
        Self {
            items,
            pos,
            weights: g,
        }
    }

    /// EASE scores by model position into `buf` (resized to M); false when the user rated
    /// none of the M films (all scores 0).
    pub fn accumulate(&self, rated: &[(u32, f32)], buf: &mut Vec<f32>) -> bool {
        let m = self.items.len();
        buf.clear();
        buf.resize(m, 0.0);
        let mut any = false;
        for &(i, _) in rated {
            let p = self.pos[i as usize];
            if p != u32::MAX {
                add_assign(buf, &self.weights[p as usize * m..(p as usize + 1) * m]);
                any = true;
            }
        }
        any
    }

    /// Adds the EASE score of every kept item to `out`, using `buf` (resized to M).
    pub fn score_into(&self, rated: &[(u32, f32)], buf: &mut Vec<f32>, out: &mut [f32]) {
        if self.accumulate(rated, buf) {
            for (&i, &v) in self.items.iter().zip(buf.iter()) {
                out[i as usize] += v;
            }
        }
    }

    /// Weight from rated item `from` to item `to` (0 outside the model).
    pub fn weight(&self, from: u32, to: u32) -> f32 {
        let (a, b) = (self.pos[from as usize], self.pos[to as usize]);
        if a == u32::MAX || b == u32::MAX {
            return 0.0;
        }
        self.weights[a as usize * self.items.len() + b as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_of_a_small_spd_matrix() {
        // [[4,2],[2,3]]⁻¹ = [[3,-2],[-2,4]]/8.
        let mut a = vec![4.0, 2.0, 2.0, 3.0];
        invert_spd(&mut a, 2);
        let want = [0.375, -0.25, -0.25, 0.5];
        for (x, y) in a.iter().zip(want) {
            assert!((x - y).abs() < 1e-6);
        }
    }

    #[test]
    fn ease_weights_by_hand() {
        // Users: {0,1}, {0,1}, {1,2}. G = [[2,2,0],[2,3,1],[0,1,1]] + λI with λ = 1.
        let x = Interactions::build(
            3,
            vec![
                (1, 0, 5.0, 0),
                (1, 1, 4.0, 0),
                (2, 0, 3.0, 0),
                (2, 1, 4.0, 0),
                (3, 1, 5.0, 0),
                (3, 2, 2.0, 0),
            ],
        );
        let e = Ease::fit(
            &x,
            &EaseConfig {
                max_items: 10,
                lambda: 1.0,
                weight: 0.3,
            },
            100,
        );
        // (G+I) = [[3,2,0],[2,4,1],[0,1,2]], det = 3·7 − 2·4 = 13;
        // P = adj/13: P00 = 7/13, P01 = −4/13, P11 = 6/13, P12 = −3/13, P22 = 8/13, P02 = 2/13.
        // B01 = −P01/P11 = 4/6; B10 = −P10/P00 = 4/7; B02 = −P02/P22 = −2/8.
        assert!((e.weight(0, 1) - 4.0 / 6.0).abs() < 1e-5);
        assert!((e.weight(1, 0) - 4.0 / 7.0).abs() < 1e-5);
        assert!((e.weight(0, 2) + 0.25).abs() < 1e-5);
        assert_eq!(e.weight(1, 1), 0.0);
        let mut out = vec![0.0; 3];
        e.score_into(&[(0, 5.0)], &mut Vec::new(), &mut out);
        assert!((out[1] - 4.0 / 6.0).abs() < 1e-5 && (out[2] + 0.25).abs() < 1e-5);
    }
}
