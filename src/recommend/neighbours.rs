//! Precomputed neighbour lists by sparse co-occurrence: for every row `i` of a matrix, walk
//! its columns and each column's rows (`i → u → j`), accumulate per-pair statistics in a
//! per-thread dense scratch, and keep the best `n_keep` pairs. Used for item–item
//! collaborative graphs, the rating predictor's item similarities and content neighbours.
//! Postings longer than the caps are walked by an even stride, which is what keeps a
//! 25M-rating fit inside a minute: the lists become approximate exactly where data is dense.

use rayon::prelude::*;

use super::matrix::Csr;

/// Walk limits: `max_postings` entries of a row of `forward`, `max_back` of a row of `back`.
#[derive(Clone, Copy, Debug)]
pub struct Caps {
    pub max_forward: usize,
    pub max_back: usize,
}

/// Evenly strided sample of at most `cap` positions out of `len` (all of them when it fits).
/// The stride is 32.32 fixed point: a multiply and a shift per position, no division.
#[inline]
pub fn strided(len: usize, cap: usize) -> impl Iterator<Item = usize> {
    let take = len.min(cap.max(1));
    let step = if take == 0 {
        0
    } else {
        ((len as u64) << 32) / take as u64
    };
    (0..take as u64).map(move |k| ((k * step) >> 32) as usize)
}

/// For each row i of `forward` (rows × mids) with `back` = its transpose (mids × rows):
/// `acc[j] += pair(i, u, x_iu, j, x_ju)` over shared mids u, then `finish(i, j, acc[j])`
/// gives the weight of (i, j) in each of `B` outputs (None drops it), of which the best
/// `n_keep[b]` per row are kept. One walk can so feed several models. Returns B matrices
/// rows × rows with columns sorted.
pub fn build<const A: usize, const B: usize>(
    forward: &Csr,
    back: &Csr,
    caps: Caps,
    n_keep: [usize; B],
    pair: impl Fn(usize, u32, f32, u32, f32) -> [f32; A] + Sync,
    finish: impl Fn(usize, u32, &[f32; A]) -> [Option<f32>; B] + Sync,
) -> [Csr; B] {
    let n = forward.n_rows();
    let fwd_sampled = forward.sampled(caps.max_forward);
    let back_sampled = back.sampled(caps.max_back);
    let forward = fwd_sampled.as_ref().unwrap_or(forward);
    let back = back_sampled.as_ref().unwrap_or(back);
    let rows: Vec<[Vec<(u32, f32)>; B]> = (0..n)
        .into_par_iter()
        .map_init(
            || {
                let kept: [Vec<(u32, f32)>; B] = std::array::from_fn(|_| Vec::new());
                (vec![[0f32; A]; n], Vec::<u32>::new(), vec![false; n], kept)
            },
            |(acc, touched, seen, kept), i| {
                let (mids, xs) = forward.row(i);
                for (&u, &x_iu) in mids.iter().zip(xs) {
                    let (js, ys) = back.row(u as usize);
                    for (q, &j) in js.iter().enumerate() {
                        if j as usize == i {
                            continue;
                        }
                        if !seen[j as usize] {
                            seen[j as usize] = true;
                            touched.push(j);
                        }
                        let add = pair(i, u, x_iu, j, ys[q]);
                        let slot = &mut acc[j as usize];
                        for a in 0..A {
                            slot[a] += add[a];
                        }
                    }
                }
                for list in kept.iter_mut() {
                    list.clear();
                }
                for &j in touched.iter() {
                    let ws = finish(i, j, &acc[j as usize]);
                    for (list, w) in kept.iter_mut().zip(ws) {
                        if let Some(w) = w {
                            list.push((j, w));
                        }
                    }
                    acc[j as usize] = [0.0; A];
                    seen[j as usize] = false;
                }
                touched.clear();
                // Linear-time selection of the best n_keep, then column order.
                std::array::from_fn(|b| {
                    let list = &mut kept[b];
                    // Weight order only (total_cmp is an integer compare); ties keep no
                    // particular order, but the input order is deterministic.
                    if list.len() > n_keep[b] {
                        if n_keep[b] > 0 {
                            list.select_nth_unstable_by(n_keep[b] - 1, |x, y| y.1.total_cmp(&x.1));
                        }
                        list.truncate(n_keep[b]);
                    }
                    let mut out = list.clone();
                    out.sort_unstable_by_key(|&(j, _)| j);
                    out
                })
            },
        )
        .collect();
    std::array::from_fn(|b| {
        let total = rows.iter().map(|r| r[b].len()).sum();
        let mut indptr = Vec::with_capacity(n + 1);
        indptr.push(0);
        let mut indices = Vec::with_capacity(total);
        let mut values = Vec::with_capacity(total);
        for row in &rows {
            for &(j, w) in &row[b] {
                indices.push(j);
                values.push(w);
            }
            indptr.push(indices.len());
        }
        Csr {
            indptr,
            indices,
            values,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_neighbours_on_a_tiny_matrix() {
        // Items × users, binary. Items 0 and 1 share users {0,1}; item 2 has user 2 only.
        let items = Csr::from_triplets(
            3,
            vec![
                (0, 0, 1.0),
                (0, 1, 1.0),
                (1, 0, 1.0),
                (1, 1, 1.0),
                (1, 2, 1.0),
                (2, 2, 1.0),
            ],
        );
        let users = items.transpose(3);
        let norms = [2f32.sqrt(), 3f32.sqrt(), 1.0];
        let caps = Caps {
            max_forward: 100,
            max_back: 100,
        };
        let [lists] = build::<1, 1>(
            &items,
            &users,
            caps,
            [5],
            |_, _, x, _, y| [x * y],
            |i, j, a| [Some(a[0] / (norms[i] * norms[j as usize]))],
        );
        // cos(0,1) = 2/(√2·√3) = 0.8165; cos(1,2) = 1/√3 = 0.5774; 0 and 2 share nobody.
        assert_eq!(lists.row(0).0, &[1]);
        assert!((lists.row(0).1[0] - 2.0 / 6f32.sqrt()).abs() < 1e-6);
        assert_eq!(lists.row(1).0, &[0, 2]);
        assert!((lists.row(1).1[1] - 1.0 / 3f32.sqrt()).abs() < 1e-6);
        assert_eq!(lists.row(2).0, &[1]);
    }

    #[test]
    fn strided_samples_evenly() {
        assert_eq!(strided(3, 10).collect::<Vec<_>>(), vec![0, 1, 2]);
        assert_eq!(strided(10, 5).collect::<Vec<_>>(), vec![0, 2, 4, 6, 8]);
    }
}
