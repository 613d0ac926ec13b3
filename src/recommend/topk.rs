//! Bounded top-k selection: one comparison per rejected candidate, an insertion for the rare
//! accepted one. Order is score descending, then index ascending, which is the evaluation's
//! "lower movieId first" because item indices follow id order.

/// `a` ranks before `b`.
#[inline]
pub fn better(a: (f32, u32), b: (f32, u32)) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
}

/// Keeps the best `k` (score, index) pairs seen so far, best first.
#[derive(Clone, Debug, Default)]
pub struct TopK {
    k: usize,
    items: Vec<(f32, u32)>,
}

impl TopK {
    pub fn new(k: usize) -> Self {
        Self {
            k,
            items: Vec::with_capacity(k + 1),
        }
    }

    /// Empties and resizes for reuse without reallocating.
    pub fn reset(&mut self, k: usize) {
        self.k = k;
        self.items.clear();
    }

    #[inline]
    pub fn push(&mut self, score: f32, idx: u32) {
        if self.k == 0 || score.is_nan() {
            return;
        }
        if self.items.len() == self.k {
            let worst = self.items[self.k - 1];
            if !better((score, idx), worst) {
                return;
            }
            self.items.pop();
        }
        let pos = self.items.partition_point(|&e| better(e, (score, idx)));
        self.items.insert(pos, (score, idx));
    }

    /// Pushes `scores[i]` for every i, skipping `-inf` (non-candidates). Chunks that cannot
    /// beat the current k-th best are rejected by one vectorised comparison.
    pub fn push_all(&mut self, scores: &[f32]) {
        const W: usize = 32;
        if self.k == 0 {
            return;
        }
        // Each chunk's maximum in one vectorised pass. The k-th best chunk maximum is a lower
        // bound on the k-th best score (k chunks each hold a score at least that high), so
        // only chunks reaching it need a closer look.
        let maxima: Vec<f32> = scores.chunks(W).map(super::simd::max).collect();
        let floor = if maxima.len() > self.k {
            let mut m = maxima.clone();
            let (_, kth, _) = m.select_nth_unstable_by(self.k - 1, |a, b| b.total_cmp(a));
            *kth
        } else {
            f32::NEG_INFINITY
        };
        for (c, chunk) in scores.chunks(W).enumerate() {
            let top = maxima[c];
            let bar = if self.items.len() < self.k {
                floor
            } else {
                self.items[self.k - 1].0.max(floor)
            };
            if top < bar || top == f32::NEG_INFINITY {
                continue;
            }
            for (j, &v) in chunk.iter().enumerate() {
                if v >= bar && v != f32::NEG_INFINITY {
                    self.push(v, (c * W + j) as u32);
                }
            }
        }
    }

    pub fn as_slice(&self) -> &[(f32, u32)] {
        &self.items
    }

    pub fn into_vec(self) -> Vec<(f32, u32)> {
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_best_with_low_index_ties() {
        let mut t = TopK::new(3);
        for (s, i) in [(1.0, 5), (3.0, 9), (3.0, 2), (0.5, 1), (2.0, 7), (3.0, 4)] {
            t.push(s, i);
        }
        assert_eq!(t.as_slice(), &[(3.0, 2), (3.0, 4), (3.0, 9)]);
        t.reset(2);
        t.push(1.0, 1);
        t.push(f32::NAN, 0);
        assert_eq!(t.as_slice(), &[(1.0, 1)]);
    }

    #[test]
    fn push_all_matches_push() {
        let scores: Vec<f32> = (0..100)
            .map(|i| ((i * 37) % 11) as f32)
            .chain([f32::NEG_INFINITY; 5])
            .collect();
        let (mut a, mut b) = (TopK::new(7), TopK::new(7));
        a.push_all(&scores);
        for (i, &v) in scores.iter().enumerate() {
            if v != f32::NEG_INFINITY {
                b.push(v, i as u32);
            }
        }
        assert_eq!(a.as_slice(), b.as_slice());
        let mut c = TopK::new(200);
        c.push_all(&scores);
        assert_eq!(c.as_slice().len(), 100);
    }
}
