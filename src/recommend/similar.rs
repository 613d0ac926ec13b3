//! "Movies like X": blends X's content neighbours (cosine) with its item-graph neighbours
//! (people who liked X also liked…), each scaled to [0, 1] by X's strongest link, inside the
//! filters; when X has few links, popular films sharing a genre with X fill the list. An X
//! the model does not know yet is projected into the content space instead.

use super::content::Cosines;
use super::data::ItemMeta;
use super::filters::{CompiledFilter, Filters};
use super::model::Model;
use super::reason::Reason;
use super::request::Pick;
use super::topk::TopK;

impl Model {
    pub fn similar(&self, item: i64, filters: &Filters, k: usize) -> Vec<Pick> {
        let Some(x) = self.item_index(item) else {
            return Vec::new();
        };
        let cat = &self.catalog;
        let f = CompiledFilter::new(filters, cat);
        let (cw, tw) = (self.config.collaborative_weight, self.config.content_weight);
        let (gc, gw) = self.items.lists.row(x as usize);
        let (cc, cs) = self.content.neighbours.row(x as usize);
        let gmax = gw.iter().copied().fold(0f32, f32::max);
        // Both rows are sorted by column: merge them.
        let mut merged: Vec<(u32, f32, f32)> = Vec::with_capacity(gc.len() + cc.len());
        let (mut a, mut b) = (0, 0);
        while a < gc.len() || b < cc.len() {
            let ga = gc.get(a).copied().unwrap_or(u32::MAX);
            let cb = cc.get(b).copied().unwrap_or(u32::MAX);
            let j = ga.min(cb);
            let g = if ga == j {
                gw[a] / gmax.max(f32::MIN_POSITIVE)
            } else {
                0.0
            };
            let c = if cb == j { cs[b] } else { 0.0 };
            a += usize::from(ga == j);
            b += usize::from(cb == j);
            merged.push((j, cw * g, tw * c));
        }
        let mut top = TopK::new(k);
        for &(j, g, c) in &merged {
            if j != x && f.allows(cat, j) {
                top.push((g + c) * f.boost(cat, j), j);
            }
        }
        let mut picks: Vec<Pick> = top
            .as_slice()
            .iter()
            .map(|&(score, j)| {
                let (_, g, c) = merged[merged
                    .binary_search_by_key(&j, |m| m.0)
                    .expect("merged holds picks")];
                let title = cat.items[x as usize].title.clone();
                let reason = if c >= g {
                    Reason::LikeTitle {
                        title,
                        aspect: super::explain::aspect(
                            &cat.items[j as usize],
                            &cat.items[x as usize],
                        ),
                    }
                } else {
                    Reason::AlsoLiked { title }
                };
                Pick {
                    item: cat.items[j as usize].id,
                    score,
                    reason,
                }
            })
            .collect();
        self.fill_popular(&f, cat.genre_bits[x as usize], Some(x), k, &mut picks);
        picks
    }

    /// "Movies like X" for an X the model does not know (fetched live since the last fit):
    /// X is projected into the fitted TF-IDF space and the films nearest by cosine are
    /// returned (never X's own id, should the catalog have it), then the popular fill.
    pub fn similar_to_meta(&self, x: &ItemMeta, filters: &Filters, k: usize) -> Vec<Pick> {
        let cat = &self.catalog;
        let f = CompiledFilter::new(filters, cat);
        let own = self.item_index(x.id);
        let mut cos = Cosines::default();
        self.content.cosines(x, own, &mut cos);
        let mut top = TopK::new(k);
        for (j, c) in cos.iter() {
            if f.allows(cat, j) {
                top.push(c * f.boost(cat, j), j);
            }
        }
        let mut picks: Vec<Pick> = top
            .as_slice()
            .iter()
            .map(|&(score, j)| Pick {
                item: cat.items[j as usize].id,
                score,
                reason: Reason::LikeTitle {
                    title: x.title.clone(),
                    aspect: super::explain::aspect(&cat.items[j as usize], x),
                },
            })
            .collect();
        // Genres the catalog does not know simply share nothing.
        let genres = cat.any_genre_mask(&x.genres);
        self.fill_popular(&f, genres, own, k, &mut picks);
        picks
    }

    /// Tops `picks` up to `k` with popular films sharing most of `genres` (score 0), so a
    /// film with few links still gets a full list.
    fn fill_popular(
        &self,
        f: &CompiledFilter,
        genres: u64,
        skip: Option<u32>,
        k: usize,
        picks: &mut Vec<Pick>,
    ) {
        if picks.len() >= k {
            return;
        }
        let cat = &self.catalog;
        let mut fill = TopK::new(k - picks.len());
        for j in 0..cat.len() as u32 {
            if Some(j) == skip
                || !f.allows(cat, j)
                || picks.iter().any(|p| cat.index.get(p.item) == Some(j))
            {
                continue;
            }
            let shared = (cat.genre_bits[j as usize] & genres).count_ones() as f32;
            fill.push(shared + cat.popularity_norm[j as usize], j);
        }
        picks.extend(fill.as_slice().iter().map(|&(_, j)| Pick {
            item: cat.items[j as usize].id,
            score: 0.0,
            reason: Reason::Popular,
        }));
    }
}
