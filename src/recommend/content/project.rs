//! Projection of a film the fit never saw (fetched live since the last fit) into the fitted
//! TF-IDF space: its tokens weighted as a fitted row would be, then the same walk over the
//! postings that `ContentModel::fit` makes, so it meets only films sharing a token and gets
//! the cosines a fitted row would get. A catalog film projects onto its own stored row.

use super::super::data::ItemMeta;
use super::super::neighbours::strided;
use super::super::tfidf::item_tokens;
use super::{ContentModel, MIN_COSINE};

/// One projected film's cosines: dense by item index plus the items touched, so a buffer
/// reused for the next film is cleared in time proportional to what the last one touched.
#[derive(Clone, Debug, Default)]
pub struct Cosines {
    dense: Vec<f32>,
    touched: Vec<u32>,
}

impl Cosines {
    /// (item index, cosine) of every film above the neighbour threshold, in walk order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, f32)> + '_ {
        self.touched
            .iter()
            .map(|&j| (j, self.dense[j as usize]))
            .filter(|e| e.1 > MIN_COSINE)
    }

    /// The best `n`, sorted by index: a row of `ContentModel::neighbours`, selected the way
    /// the fit selects one (so ties at the cut fall the same way too).
    pub fn top(&self, n: usize) -> Vec<(u32, f32)> {
        let mut list: Vec<(u32, f32)> = self.iter().collect();
        if list.len() > n {
            if n > 0 {
                list.select_nth_unstable_by(n - 1, |x, y| y.1.total_cmp(&x.1));
            }
            list.truncate(n);
        }
        list.sort_unstable_by_key(|e| e.0);
        list
    }

    fn reset(&mut self, n_items: usize) {
        if self.dense.len() == n_items {
            for &j in &self.touched {
                self.dense[j as usize] = 0.0;
            }
        } else {
            self.dense = vec![0.0; n_items];
        }
        self.touched.clear();
    }
}

impl ContentModel {
    /// X's top-`n` content neighbours (item index, cosine), sorted by index — the shape of a
    /// row of `neighbours`. Tokens the fitted vocabulary lacks are ignored. An X that is
    /// itself in the catalog finds itself at cosine 1; `project_except` leaves it out.
    pub fn project(&self, x: &ItemMeta, n: usize) -> Vec<(u32, f32)> {
        self.project_except(x, n, None)
    }

    /// As `project`, never listing item `except` (X's own index, when the catalog has it).
    pub fn project_except(&self, x: &ItemMeta, n: usize, except: Option<u32>) -> Vec<(u32, f32)> {
        let mut c = Cosines::default();
        self.cosines(x, except, &mut c);
        c.top(n)
    }

    /// Fills `out` with X's cosine to every film sharing one of its tokens (except
    /// `except`). Long postings are walked by the fit's even sample, which bounds the work
    /// to tokens × `max_posting` and keeps the cosines those of the stored rows.
    pub fn cosines(&self, x: &ItemMeta, except: Option<u32>, out: &mut Cosines) {
        out.reset(self.tfidf.matrix.n_rows());
        for (u, w) in self.tfidf.vector(&item_tokens(x)) {
            let (items, vals) = self.postings.row(u as usize);
            for p in strided(items.len(), self.max_posting) {
                let j = items[p];
                if Some(j) == except {
                    continue;
                }
                // Every weight is positive, so a slot still at 0 has not been touched.
                let add = w * vals[p];
                let slot = &mut out.dense[j as usize];
                if *slot == 0.0 && add != 0.0 {
                    out.touched.push(j);
                }
                *slot += add;
            }
        }
    }
}
