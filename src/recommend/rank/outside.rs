//! Rated films the model does not know (`UserInput::outside`: fetched live since the last
//! fit): resolving them against one model and their part in the content score. Each is
//! projected into the fitted content space, and its projected neighbour row then counts
//! exactly as a known rated film's stored row does. Nothing here runs when `outside` is empty.

use super::super::content::Cosines;
use super::super::data::ItemMeta;
use super::super::model::Model;
use super::Resolved;

/// An outside film resolved against the model.
#[derive(Clone, Debug)]
pub struct Projected {
    pub meta: ItemMeta,
    pub stars: f32,
    /// Top content neighbours (item index, cosine), sorted by index: the shape of a row of
    /// `ContentModel::neighbours`, never empty.
    pub row: Vec<(u32, f32)>,
}

impl Projected {
    /// Adds `(stars − mean)·cos(self, i)` to `out[i]`, as `ContentModel::score_into` does
    /// for a known film.
    pub fn score_into(&self, mean: f32, out: &mut [f32]) {
        let w = self.stars - mean;
        if w == 0.0 {
            return;
        }
        for &(i, c) in &self.row {
            out[i as usize] += w * c;
        }
    }

    /// Cosine to item `i` (0 when not among the neighbours kept).
    pub fn similarity(&self, i: u32) -> f32 {
        self.row
            .binary_search_by_key(&i, |e| e.0)
            .map_or(0.0, |p| self.row[p].1)
    }
}

impl Model {
    /// Folds `outside` into `r`, the last entry per id winning as in `ratings`. An id the
    /// model knows (it was refitted since the caller looked) becomes an ordinary rating
    /// unless `ratings` rated it already; the rest are projected, and those that find
    /// neighbours are kept. The mean is recomputed over every rating, outside ones included.
    pub(super) fn resolve_outside(&self, outside: &[(ItemMeta, f32)], r: &mut Resolved) {
        let mut order: Vec<usize> = (0..outside.len()).collect();
        order.sort_by_key(|&k| (outside[k].0.id, std::cmp::Reverse(k)));
        order.dedup_by_key(|k| outside[*k].0.id);
        // Back to the caller's order, so scores sum in a stable, input-defined order.
        order.sort_unstable();
        let n = self.config.content.neighbours;
        let (mut sum, mut count) = (0f32, 0usize);
        let mut cos = Cosines::default();
        for k in order {
            let (meta, stars) = &outside[k];
            match self.item_index(meta.id) {
                Some(i) => {
                    if let Err(p) = r.rated.binary_search_by_key(&i, |x| x.0) {
                        r.rated.insert(p, (i, *stars));
                    }
                }
                None => {
                    sum += stars;
                    count += 1;
                    self.content.cosines(meta, None, &mut cos);
                    let row = cos.top(n);
                    if !row.is_empty() {
                        r.outside.push(Projected {
                            meta: meta.clone(),
                            stars: *stars,
                            row,
                        });
                    }
                }
            }
        }
        sum += r.rated.iter().map(|x| x.1).sum::<f32>();
        r.mean = self.damped_mean(sum, r.rated.len() + count);
    }
}
