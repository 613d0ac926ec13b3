//! Evaluation metrics exactly as EVAL.md defines them: P@k = hits/k, R@k = hits/|relevant|,
//! HR@k = any hit, NDCG@k with binary gain, discount 1/log2(rank+1) and the ideal DCG over
//! min(|relevant|, k) hits; RMSE/MAE over clipped predictions; percentiles as numpy's
//! default (linear interpolation).

use std::collections::HashSet;

/// Per-user ranking metrics of one top-k list.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RankScores {
    pub precision: f64,
    pub recall: f64,
    pub ndcg: f64,
    pub hit: f64,
}

/// Scores `recs` (best first; only the first `k` count) against the relevant set.
pub fn rank_scores(recs: &[i64], relevant: &HashSet<i64>, k: usize) -> RankScores {
    if relevant.is_empty() || k == 0 {
        return RankScores::default();
    }
    let mut hits = 0usize;
    let mut dcg = 0f64;
    for (pos, item) in recs.iter().take(k).enumerate() {
        if relevant.contains(item) {
            hits += 1;
            dcg += 1.0 / ((pos + 2) as f64).log2();
        }
    }
    let ideal: f64 = (0..relevant.len().min(k))
        .map(|p| 1.0 / ((p + 2) as f64).log2())
        .sum();
    RankScores {
        precision: hits as f64 / k as f64,
        recall: hits as f64 / relevant.len() as f64,
        ndcg: dcg / ideal,
        hit: if hits > 0 { 1.0 } else { 0.0 },
    }
}

/// Root mean squared error and mean absolute error of (prediction, truth) pairs.
pub fn rmse_mae(pairs: &[(f32, f32)]) -> (f64, f64) {
    if pairs.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let n = pairs.len() as f64;
    let se: f64 = pairs.iter().map(|&(p, t)| ((p - t) as f64).powi(2)).sum();
    let ae: f64 = pairs.iter().map(|&(p, t)| ((p - t) as f64).abs()).sum();
    ((se / n).sqrt(), ae / n)
}

/// The q-th percentile (0–100) of `values`, linearly interpolated like numpy.
pub fn percentile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let pos = q / 100.0 * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranking_metrics_by_hand() {
        let rel: HashSet<i64> = [2, 5, 9].into_iter().collect();
        // Hits at ranks 2 and 4 of 4 shown, k = 4.
        let s = rank_scores(&[1, 2, 3, 5, 9], &rel, 4);
        assert_eq!(s.precision, 0.5);
        assert!((s.recall - 2.0 / 3.0).abs() < 1e-12);
        let dcg = 1.0 / 3f64.log2() + 1.0 / 5f64.log2();
        let idcg = 1.0 + 1.0 / 3f64.log2() + 1.0 / 4f64.log2();
        assert!((s.ndcg - dcg / idcg).abs() < 1e-12);
        assert_eq!(s.hit, 1.0);
        // One relevant item at rank 1: perfect NDCG with a short ideal.
        let one: HashSet<i64> = [7].into_iter().collect();
        assert_eq!(rank_scores(&[7, 1], &one, 10).ndcg, 1.0);
        assert_eq!(rank_scores(&[1, 2], &one, 10), RankScores::default());
    }

    #[test]
    fn errors_and_percentiles() {
        let (rmse, mae) = rmse_mae(&[(3.0, 4.0), (5.0, 3.0)]);
        assert!((rmse - (2.5f64).sqrt()).abs() < 1e-12);
        assert!((mae - 1.5).abs() < 1e-12);
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&v, 50.0), 3.0);
        assert!((percentile(&v, 99.0) - 4.96).abs() < 1e-12);
    }
}
