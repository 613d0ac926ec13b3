//! Content model: TF-IDF item vectors and each item's top-N cosine neighbours. A user's
//! content score for film i is `Σ_j (r_j − mean)·cos(j, i)` over the films j they rated —
//! the dot product of the mean-centred profile with i's vector, restricted to each rated
//! film's nearest neighbours so a request touches n_rated × N entries, not the catalog.
//! The token postings are kept too, so a film the fit never saw can be projected into the
//! same space (`project`) and get a neighbour row of its own.

use super::catalog::Catalog;
use super::matrix::Csr;
use super::neighbours::{self, Caps};
use super::tfidf::{TfIdf, item_tokens};
use crate::config::ContentConfig;

mod project;

pub use project::Cosines;

/// Cosines at or below this are not neighbours (shared only by rounding).
const MIN_COSINE: f32 = 1e-6;

#[derive(Clone, Debug, Default)]
pub struct ContentModel {
    pub tfidf: TfIdf,
    /// items × items cosine, top-N per row, sorted by column.
    pub neighbours: Csr,
    /// tokens × items: the transpose of `tfidf.matrix`, kept so a film the fit never saw
    /// can find the films sharing its tokens (see `project`).
    pub postings: Csr,
    /// Postings longer than this were walked by an even sample when finding neighbours;
    /// a projection samples the same entries, so it reproduces a fitted row exactly.
    pub max_posting: usize,
}

impl ContentModel {
    pub fn fit(cat: &Catalog, cfg: &ContentConfig) -> Self {
        let docs: Vec<Vec<String>> = cat.items.iter().map(item_tokens).collect();
        let tfidf = TfIdf::fit(&docs);
        let postings = tfidf.matrix.transpose(tfidf.idf.len());
        let caps = Caps {
            max_forward: usize::MAX,
            max_back: cfg.max_posting,
        };
        let [neighbours] = neighbours::build::<1, 1>(
            &tfidf.matrix,
            &postings,
            caps,
            [cfg.neighbours],
            |_, _, x, _, y| [x * y],
            |_, _, a| [(a[0] > MIN_COSINE).then_some(a[0])],
        );
        Self {
            tfidf,
            neighbours,
            postings,
            max_posting: cfg.max_posting,
        }
    }

    /// Adds `Σ_j (r_j − mean)·cos(j, i)` to `out[i]`.
    pub fn score_into(&self, rated: &[(u32, f32)], mean: f32, out: &mut [f32]) {
        self.neighbours.scatter_rows(rated, |r| r - mean, out);
    }

    /// Cosine similarity from the neighbour lists (0 when not among the top N).
    pub fn similarity(&self, a: u32, b: u32) -> f32 {
        self.neighbours.get(a as usize, b).unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::data::ItemMeta;

    #[test]
    fn profile_scores_follow_hand_numbers() {
        let mk = |id, g: &[&str]| ItemMeta {
            genres: g.iter().map(|s| s.to_string()).collect(),
            title: String::new(),
            ..ItemMeta::bare(id)
        };
        let cat = Catalog::build(vec![
            mk(1, &["Horror"]),
            mk(2, &["Horror", "Comedy"]),
            mk(3, &["Comedy"]),
        ]);
        let m = ContentModel::fit(&cat, &ContentConfig::default());
        // idf(horror) = idf(comedy) = ln(4/3)+1, so item 2 = (1,1)/√2: cos(1,2) = cos(2,3) = 1/√2.
        let c = 1.0 / 2f32.sqrt();
        assert!((m.similarity(0, 1) - c).abs() < 1e-6);
        assert_eq!(m.similarity(0, 2), 0.0);
        // Rated item 1 with 5 and item 3 with 1 (mean 3): item 2 scores 2c − 2c = 0.
        let mut out = vec![0.0; 3];
        m.score_into(&[(0, 5.0), (2, 1.0)], 3.0, &mut out);
        assert!(out[1].abs() < 1e-6);
        assert_eq!((out[0], out[2]), (0.0, 0.0));
    }
}
