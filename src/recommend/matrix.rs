//! Compressed sparse rows and the indexed rating matrix (`Interactions`) every model shares:
//! items are indexed in ascending id order, so "lower index" means "lower movie id", which is
//! the evaluation's tie-break for free.

use rayon::prelude::*;

use super::ids::IdIndex;

/// Row-compressed sparse matrix of `f32` with column indices sorted within each row.
#[derive(Clone, Debug, Default)]
pub struct Csr {
    pub indptr: Vec<usize>,
    pub indices: Vec<u32>,
    pub values: Vec<f32>,
}

impl Csr {
    /// Builds from (row, col, value) triplets; duplicate cells keep the last value given.
    pub fn from_triplets(n_rows: usize, mut triplets: Vec<(u32, u32, f32)>) -> Self {
        // Stable sort keeps input order among duplicates, so "last wins" is well defined.
        triplets.sort_by_key(|&(r, c, _)| (r, c));
        let mut indptr = vec![0usize; n_rows + 1];
        let mut indices = Vec::with_capacity(triplets.len());
        let mut values = Vec::with_capacity(triplets.len());
        let mut last: Option<(u32, u32)> = None;
        for (r, c, v) in triplets {
            if last == Some((r, c)) {
                *values.last_mut().expect("duplicate follows a value") = v;
                continue;
            }
            last = Some((r, c));
            indptr[r as usize + 1] += 1;
            indices.push(c);
            values.push(v);
        }
        for r in 0..n_rows {
            indptr[r + 1] += indptr[r];
        }
        Self {
            indptr,
            indices,
            values,
        }
    }

    pub fn n_rows(&self) -> usize {
        self.indptr.len().saturating_sub(1)
    }

    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    #[inline]
    pub fn row(&self, r: usize) -> (&[u32], &[f32]) {
        let (a, b) = (self.indptr[r], self.indptr[r + 1]);
        (&self.indices[a..b], &self.values[a..b])
    }

    #[inline]
    pub fn row_len(&self, r: usize) -> usize {
        self.indptr[r + 1] - self.indptr[r]
    }

    /// The transpose, with `n_cols` rows.
    pub fn transpose(&self, n_cols: usize) -> Self {
        let mut indptr = vec![0usize; n_cols + 1];
        for &c in &self.indices {
            indptr[c as usize + 1] += 1;
        }
        for c in 0..n_cols {
            indptr[c + 1] += indptr[c];
        }
        let mut next = indptr.clone();
        let mut indices = vec![0u32; self.nnz()];
        let mut values = vec![0f32; self.nnz()];
        // Rows are visited in order, so each transposed row comes out sorted.
        for r in 0..self.n_rows() {
            let (cols, vals) = self.row(r);
            for (&c, &v) in cols.iter().zip(vals) {
                let slot = &mut next[c as usize];
                indices[*slot] = r as u32;
                values[*slot] = v;
                *slot += 1;
            }
        }
        Self {
            indptr,
            indices,
            values,
        }
    }

    /// Adds `weight(r)·v` to `out[c]` for every entry (c, v) of the given rows, with
    /// `(row, r)` pairs from `rows`; the next rows are prefetched while one is summed.
    #[inline]
    pub fn scatter_rows(&self, rows: &[(u32, f32)], weight: impl Fn(f32) -> f32, out: &mut [f32]) {
        const AHEAD: usize = 4;
        for &(j, _) in rows.iter().take(AHEAD) {
            let (c, v) = self.row(j as usize);
            super::simd::prefetch(c);
            super::simd::prefetch(v);
        }
        for (k, &(j, r)) in rows.iter().enumerate() {
            if let Some(&(next, _)) = rows.get(k + AHEAD) {
                let (c, v) = self.row(next as usize);
                super::simd::prefetch(c);
                super::simd::prefetch(v);
            }
            let w = weight(r);
            if w == 0.0 {
                continue;
            }
            let (cols, vals) = self.row(j as usize);
            for (&i, &x) in cols.iter().zip(vals) {
                out[i as usize] += w * x;
            }
        }
    }

    /// Every row cut to an evenly strided sample of at most `cap` entries, or None when no
    /// row is longer than `cap`. Sampled once and stored contiguously, so walks over it stay
    /// in cache instead of striding across long rows.
    pub fn sampled(&self, cap: usize) -> Option<Self> {
        if (0..self.n_rows()).all(|r| self.row_len(r) <= cap) {
            return None;
        }
        let mut out = Csr {
            indptr: Vec::with_capacity(self.indptr.len()),
            ..Csr::default()
        };
        out.indptr.push(0);
        for r in 0..self.n_rows() {
            let (cols, vals) = self.row(r);
            for p in super::neighbours::strided(cols.len(), cap) {
                out.indices.push(cols[p]);
                out.values.push(vals[p]);
            }
            out.indptr.push(out.indices.len());
        }
        Some(out)
    }

    /// Value at (r, c) by binary search in the sorted row.
    pub fn get(&self, r: usize, c: u32) -> Option<f32> {
        let (cols, vals) = self.row(r);
        cols.binary_search(&c).ok().map(|i| vals[i])
    }
}

/// The rating matrix indexed both ways.
#[derive(Clone, Debug, Default)]
pub struct Interactions {
    pub user_ids: Vec<i64>,
    pub user_index: IdIndex,
    /// users × items.
    pub by_user: Csr,
    /// items × users.
    pub by_item: Csr,
    pub user_mean: Vec<f32>,
    /// L2 norm of each user's raw rating row.
    pub user_norm: Vec<f32>,
    /// L2 norm of each user's mean-centred row.
    pub user_norm_centred: Vec<f32>,
    pub global_mean: f32,
}

impl Interactions {
    /// `ratings` are (user id, item index, rating, timestamp); the latest of duplicates wins.
    pub fn build(n_items: usize, ratings: Vec<(i64, u32, f32, i64)>) -> Self {
        let mut user_ids: Vec<i64> = ratings.iter().map(|r| r.0).collect();
        user_ids.par_sort_unstable();
        user_ids.dedup();
        let user_index = IdIndex::new(&user_ids);
        let mut rows: Vec<(u32, u32, f32, i64)> = ratings
            .into_par_iter()
            .map(|r| (user_index.get(r.0).expect("indexed above"), r.1, r.2, r.3))
            .collect();
        // One parallel sort by (user, item, time): the last of a duplicate run is the latest.
        rows.par_sort_unstable_by_key(|r| (r.0, r.1, r.3));
        let n_users = user_ids.len();
        let mut by_user = Csr {
            indptr: vec![0; n_users + 1],
            indices: Vec::with_capacity(rows.len()),
            values: Vec::with_capacity(rows.len()),
        };
        for (k, &(u, i, v, _)) in rows.iter().enumerate() {
            if rows.get(k + 1).is_some_and(|n| n.0 == u && n.1 == i) {
                continue;
            }
            by_user.indptr[u as usize + 1] += 1;
            by_user.indices.push(i);
            by_user.values.push(v);
        }
        drop(rows);
        for u in 0..n_users {
            by_user.indptr[u + 1] += by_user.indptr[u];
        }
        let by_item = by_user.transpose(n_items);
        let mut user_mean = vec![0f32; n_users];
        let mut user_norm = vec![0f32; n_users];
        let mut user_norm_centred = vec![0f32; n_users];
        let mut total = 0f64;
        for u in 0..n_users {
            let (_, vals) = by_user.row(u);
            let sum: f32 = vals.iter().sum();
            total += sum as f64;
            let mean = if vals.is_empty() {
                0.0
            } else {
                sum / vals.len() as f32
            };
            user_mean[u] = mean;
            user_norm[u] = vals.iter().map(|v| v * v).sum::<f32>().sqrt();
            user_norm_centred[u] = vals
                .iter()
                .map(|v| (v - mean) * (v - mean))
                .sum::<f32>()
                .sqrt();
        }
        let global_mean = if by_user.nnz() == 0 {
            3.5
        } else {
            (total / by_user.nnz() as f64) as f32
        };
        Self {
            user_ids,
            user_index,
            by_user,
            by_item,
            user_mean,
            user_norm,
            user_norm_centred,
            global_mean,
        }
    }

    pub fn n_users(&self) -> usize {
        self.user_ids.len()
    }

    pub fn n_items(&self) -> usize {
        self.by_item.n_rows()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csr_builds_and_transposes() {
        let m = Csr::from_triplets(2, vec![(1, 2, 5.0), (0, 1, 3.0), (0, 0, 1.0), (0, 1, 4.0)]);
        assert_eq!(m.row(0), (&[0u32, 1][..], &[1.0f32, 4.0][..]));
        assert_eq!(m.row(1), (&[2u32][..], &[5.0f32][..]));
        let t = m.transpose(3);
        assert_eq!(t.row(1), (&[0u32][..], &[4.0f32][..]));
        assert_eq!(t.row(2), (&[1u32][..], &[5.0f32][..]));
        assert_eq!(t.get(0, 0), Some(1.0));
        assert_eq!(t.get(0, 1), None);
    }

    #[test]
    fn latest_duplicate_rating_wins() {
        let x = Interactions::build(2, vec![(7, 0, 2.0, 10), (7, 0, 5.0, 20), (3, 1, 4.0, 1)]);
        assert_eq!(x.user_ids, vec![3, 7]);
        assert_eq!(x.by_user.row(1).1, &[5.0]);
        assert_eq!(x.user_mean, vec![4.0, 5.0]);
        assert!((x.global_mean - 4.5).abs() < 1e-6);
    }
}
