//! Request-time scoring: resolve the caller's ratings to indices, run the component scorers
//! into per-thread scratch arrays, normalise each component over the allowed candidates
//! (min-max, per user), blend, and select the top k. Filters and exclusions are applied
//! while scoring, so the k returned are the best k that satisfy them.

use std::cell::RefCell;

use super::catalog::Catalog;
use super::filters::{CompiledFilter, Filters};
use super::model::Model;
use super::request::{Method, Pick, Preferences, UserInput};
use super::simd::min_max_with_zero;
use super::topk::TopK;
use super::user_knn::{self, QueryCaps, UserScratch, query_sample};

pub mod outside;

pub use outside::Projected;

/// Tiny popularity prior added to every personalised score: orders films that no component
/// scored (a niche filter) by popularity instead of by id, without reordering scored ones.
const TIE_PRIOR: f32 = 1e-4;

/// Postings walked per user-KNN query in total (see `QueryCaps`).
pub const QUERY_BUDGET: usize = 1_000_000;

/// The caller's input resolved against one model.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    /// (item index, stars), sorted by index, one per item (the last given wins).
    pub rated: Vec<(u32, f32)>,
    pub excluded: Vec<u32>,
    pub self_user: Option<u32>,
    pub mean: f32,
    pub preferences: Preferences,
    /// Rated films the model does not know, projected; empty (unallocated) for most users.
    pub outside: Vec<Projected>,
}

/// How the candidates were scored, which decides the kind of reason given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    Personal,
    Preferences,
    Popularity,
}

/// Per-thread buffers reused by every request on that thread.
#[derive(Default)]
pub struct Scratch {
    pub user: UserScratch,
    pub neighbours: Vec<(f32, u32)>,
    pub uknn: Vec<f32>,
    pub item: Vec<f32>,
    /// EASE scores on the model's own M films.
    pub ease_buf: Vec<f32>,
    pub content: Vec<f32>,
    pub blocked: Vec<bool>,
    /// The user's stars by item index (0 = unrated), for explanations.
    pub stars: Vec<f32>,
    /// Every item's final score; `-inf` marks non-candidates.
    pub scores: Vec<f32>,
    pub top: TopK,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch buffers.
pub fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|s| f(&mut s.borrow_mut()))
}

#[derive(Clone, Copy)]
struct Range {
    lo: f32,
    hi: f32,
}

impl Range {
    /// Min and max of `v` together with 0.
    fn of(v: &[f32]) -> Range {
        let (lo, hi) = min_max_with_zero(v);
        Range { lo, hi }
    }

    /// Scale and offset mapping [lo, hi] to [0, weight]; a flat component contributes nothing.
    fn affine(self, weight: f32) -> (f32, f32) {
        if self.hi > self.lo {
            let s = weight / (self.hi - self.lo);
            (s, -self.lo * s)
        } else {
            (0.0, 0.0)
        }
    }
}

fn reset(v: &mut Vec<f32>, n: usize) {
    v.clear();
    v.resize(n, 0.0);
}

/// Pseudo-ratings at the global mean added to a user's own when centring their profile.
const MEAN_DAMPING: f32 = 1.0;

impl Model {
    /// The caller's input against this model, outside films projected.
    pub fn resolve(&self, input: &UserInput) -> Resolved {
        let mut r = self.resolve_known(input);
        if !input.outside.is_empty() {
            self.resolve_outside(&input.outside, &mut r);
        }
        r
    }

    /// As `resolve`, ignoring `outside` (what rating prediction needs: it has no use for
    /// content projections, so it does not pay for them).
    pub fn resolve_known(&self, input: &UserInput) -> Resolved {
        let mut rated: Vec<(u32, f32)> = input
            .ratings
            .iter()
            .filter_map(|&(id, r)| self.item_index(id).map(|i| (i, r)))
            .collect();
        // Stable sort + keep-last dedup: a re-rating later in the list replaces the earlier.
        rated.sort_by_key(|r| r.0);
        let mut dedup: Vec<(u32, f32)> = Vec::with_capacity(rated.len());
        for r in rated {
            match dedup.last_mut() {
                Some(last) if last.0 == r.0 => *last = r,
                _ => dedup.push(r),
            }
        }
        let sum: f32 = dedup.iter().map(|r| r.1).sum();
        let mean = self.damped_mean(sum, dedup.len());
        Resolved {
            excluded: input
                .excluded
                .iter()
                .filter_map(|&id| self.item_index(id))
                .collect(),
            self_user: input.user.and_then(|u| self.ratings.user_index.get(u)),
            rated: dedup,
            mean,
            preferences: input.preferences.clone(),
            outside: Vec::new(),
        }
    }

    /// The mean of `n` ratings summing to `sum`, damped toward the global mean: with one
    /// rating (or all ratings equal) a raw mean would centre the content profile to zero and
    /// ignore the user.
    fn damped_mean(&self, sum: f32, n: usize) -> f32 {
        if n == 0 {
            0.0
        } else {
            (sum + MEAN_DAMPING * self.predictor.mu) / (n as f32 + MEAN_DAMPING)
        }
    }

    /// Ranks candidates for one user; the `Recommender` facade calls this.
    pub fn rank(
        &self,
        input: &UserInput,
        filters: &Filters,
        k: usize,
        offset: usize,
        method: Method,
    ) -> Vec<Pick> {
        let r = self.resolve(input);
        let f = CompiledFilter::new(filters, &self.catalog);
        with_scratch(|s| {
            let basis = self.score(&r, &f, method, s);
            let picked = self.top_varied(&f, k, offset, s);
            // Only the rated entries are set and reset, so the table stays all-zero between
            // requests without a full clear.
            if s.stars.len() != self.catalog.len() {
                s.stars = vec![0.0; self.catalog.len()];
            }
            for &(i, v) in &r.rated {
                s.stars[i as usize] = v;
            }
            let picks = picked
                .into_iter()
                .map(|(score, i)| Pick {
                    item: self.catalog.items[i as usize].id,
                    score,
                    reason: self.explain(&r, i, basis, method, &s.neighbours, Some(&s.stars)),
                })
                .collect();
            for &(i, _) in &r.rated {
                s.stars[i as usize] = 0.0;
            }
            picks
        })
    }

    /// The best `offset + k` scored films, then the `k` after `offset`; with
    /// one-per-collection, a film whose collection already appeared higher in the list is
    /// passed over (so every page of the list holds each franchise once at most).
    fn top_varied(
        &self,
        f: &CompiledFilter,
        k: usize,
        offset: usize,
        s: &mut Scratch,
    ) -> Vec<(f32, u32)> {
        let want = offset + k;
        let facts = &self.catalog.facts;
        if !f.one_per_collection() || !self.catalog.any_collection {
            s.top.reset(want);
            s.top.push_all(&s.scores);
            return s.top.as_slice().iter().skip(offset).copied().collect();
        }
        // Most lists lose a film or two to a repeated collection: ask for a few more, and
        // twice as many again in the rare case that was not enough.
        let mut take = want + want / 2 + 4;
        loop {
            s.top.reset(take);
            s.top.push_all(&s.scores);
            let found = s.top.as_slice();
            let mut seen: Vec<u32> = Vec::new();
            let mut kept: Vec<(f32, u32)> = Vec::with_capacity(want);
            for &(score, i) in found {
                let c = facts[i as usize].collection;
                if c != 0 {
                    if seen.contains(&c) {
                        continue;
                    }
                    seen.push(c);
                }
                kept.push((score, i));
                if kept.len() == want {
                    break;
                }
            }
            if kept.len() == want || found.len() < take || take >= self.catalog.len() {
                return kept.into_iter().skip(offset).collect();
            }
            take = (take * 2).min(self.catalog.len());
        }
    }

    /// Marks what may not be recommended: adult films (unless allowed), the filters'
    /// rejects, and the user's rated and excluded films.
    fn mask(&self, r: &Resolved, f: &CompiledFilter, s: &mut Scratch) {
        let cat = &self.catalog;
        s.blocked.clear();
        if f.excludes_adult() {
            s.blocked.extend_from_slice(&cat.adult);
        } else {
            s.blocked.resize(cat.len(), false);
        }
        if !f.is_trivial() {
            f.block_rejects(cat, &mut s.blocked);
        }
        for &(i, _) in &r.rated {
            s.blocked[i as usize] = true;
        }
        for &i in &r.excluded {
            s.blocked[i as usize] = true;
        }
    }

    /// Fills `s.scores` with every item's blended score, `-inf` where not a candidate.
    pub fn score(
        &self,
        r: &Resolved,
        f: &CompiledFilter,
        method: Method,
        s: &mut Scratch,
    ) -> Basis {
        let n = self.catalog.len();
        self.mask(r, f, s);
        s.neighbours.clear();
        let cat = &self.catalog;
        if method == Method::Popularity {
            s.scores.clear();
            s.scores.extend_from_slice(&cat.popularity);
            self.block_scores(r, self.needs_dense_block(f), s);
            if f.has_boost() {
                for (i, v) in s.scores.iter_mut().enumerate() {
                    *v *= f.boost(cat, i as u32);
                }
            }
            return Basis::Popularity;
        }
        let cfg = &self.config;
        let (cw, tw) = match method {
            Method::Collaborative => (1.0, 0.0),
            Method::Content => (0.0, 1.0),
            _ => (cfg.collaborative_weight, cfg.content_weight),
        };
        // Outside films reach only the content component: without it they say nothing.
        if r.rated.is_empty() && (r.outside.is_empty() || tw == 0.0) {
            return self.score_cold(&r.preferences, f, s);
        }
        let (iw, ew) = (cfg.item_model.weight, cfg.ease.weight);
        // Blend weight of each component; one with no weight is not computed at all.
        let weights = [cw * (1.0 - iw - ew).max(0.0), cw * iw, cw * ew, tw];
        for (comp, &w) in [&mut s.uknn, &mut s.item, &mut s.content]
            .into_iter()
            .zip([weights[0], weights[1], weights[3]].iter())
        {
            if w != 0.0 {
                reset(comp, n);
            }
        }
        // Very heavy raters are scored from an even sample of their films.
        let query = query_sample(&r.rated, cfg.max_query_items);
        let query = &query[..];
        if weights[0] != 0.0 {
            match self.neighbour_cache.get(r.self_user, query) {
                Some(cached) => s.neighbours.extend_from_slice(cached),
                None => {
                    let nb = user_knn::neighbours(
                        &self.ratings,
                        &cfg.user_knn,
                        cfg.neighbours,
                        self.query_caps(),
                        query,
                        r.self_user,
                        &mut s.user,
                    );
                    s.neighbours.extend_from_slice(nb);
                }
            }
            user_knn::score_into(&self.ratings, &cfg.user_knn, &s.neighbours, &mut s.uknn);
        }
        if weights[1] != 0.0 {
            self.items.score_into(query, &mut s.item);
        }
        if weights[3] != 0.0 {
            self.content.score_into(query, r.mean, &mut s.content);
            for o in &r.outside {
                o.score_into(r.mean, &mut s.content);
            }
        }
        // Non-candidates must not stretch the ranges: give them 0, the score of every film a
        // component did not touch (there are always some), so ranges over all films equal
        // ranges over the candidates — and the passes below run branch-free and vectorised.
        let dense_block = self.needs_dense_block(f);
        // EASE lives on its own M films: scored, masked and ranged there, then scattered.
        let (mut ease_scale, mut base) = (0.0, 0.0);
        if weights[2] != 0.0 && self.ease.accumulate(query, &mut s.ease_buf) {
            let buf = &mut s.ease_buf;
            if dense_block {
                for (v, &i) in buf.iter_mut().zip(&self.ease.items) {
                    *v = if s.blocked[i as usize] { 0.0 } else { *v };
                }
            } else {
                for &i in r.rated.iter().map(|x| &x.0).chain(&r.excluded) {
                    let p = self.ease.pos[i as usize];
                    if p != u32::MAX {
                        buf[p as usize] = 0.0;
                    }
                }
            }
            (ease_scale, base) = Range::of(buf).affine(weights[2]);
        }
        s.scores.clear();
        s.scores
            .extend(cat.popularity_norm.iter().map(|p| base + TIE_PRIOR * p));
        let comps = [&mut s.uknn, &mut s.item, &mut s.content];
        for (comp, &w) in comps
            .into_iter()
            .zip([weights[0], weights[1], weights[3]].iter())
        {
            if w == 0.0 {
                continue;
            }
            if dense_block {
                for (v, &b) in comp.iter_mut().zip(&s.blocked) {
                    *v = if b { 0.0 } else { *v };
                }
            } else {
                for &i in r.rated.iter().map(|x| &x.0).chain(&r.excluded) {
                    comp[i as usize] = 0.0;
                }
            }
            let (scale, offset) = Range::of(comp).affine(w);
            for (out, v) in s.scores.iter_mut().zip(comp.iter()) {
                *out += v * scale + offset;
            }
        }
        if ease_scale != 0.0 {
            for (&i, &v) in self.ease.items.iter().zip(&s.ease_buf) {
                s.scores[i as usize] += v * ease_scale;
            }
        }
        self.block_scores(r, dense_block, s);
        let (pb, rb) = if method == Method::Hybrid {
            (cfg.popularity_boost, cfg.recency_boost)
        } else {
            (0.0, 0.0)
        };
        if pb != 0.0 || rb != 0.0 {
            for (i, v) in s.scores.iter_mut().enumerate() {
                *v *= 1.0 + pb * cat.popularity_norm[i] + rb * cat.recency[i];
            }
        }
        let prefs = PrefMatch::new(cat, &r.preferences);
        if f.has_boost() || !prefs.is_empty() {
            for (i, v) in s.scores.iter_mut().enumerate() {
                *v *= f.boost(cat, i as u32) * prefs.boost(cat, i as u32);
            }
        }
        Basis::Personal
    }

    /// Limits of a request's user-KNN walk.
    pub fn query_caps(&self) -> QueryCaps {
        QueryCaps {
            max_postings: self.config.max_postings,
            budget: QUERY_BUDGET,
        }
    }

    /// Whether non-candidates go beyond the user's rated and excluded films (filters, or
    /// adult films in the catalog), so masking needs a pass over every film.
    fn needs_dense_block(&self, f: &CompiledFilter) -> bool {
        !f.is_trivial() || (f.excludes_adult() && self.catalog.any_adult)
    }

    /// Sets non-candidates' scores to `-inf`.
    fn block_scores(&self, r: &Resolved, dense: bool, s: &mut Scratch) {
        if dense {
            for (v, &b) in s.scores.iter_mut().zip(&s.blocked) {
                if b {
                    *v = f32::NEG_INFINITY;
                }
            }
        } else {
            for i in r
                .rated
                .iter()
                .map(|x| x.0)
                .chain(r.excluded.iter().copied())
            {
                s.scores[i as usize] = f32::NEG_INFINITY;
            }
        }
    }

    /// Scores unblocked items by a prior alone.
    fn fill_prior(&self, f: &CompiledFilter, s: &mut Scratch, prior: impl Fn(usize) -> f32) {
        s.scores.clear();
        s.scores.extend(
            s.blocked[..self.catalog.len()]
                .iter()
                .enumerate()
                .map(|(i, &blocked)| if blocked { f32::NEG_INFINITY } else { prior(i) }),
        );
        if f.has_boost() {
            for (i, v) in s.scores.iter_mut().enumerate() {
                *v *= f.boost(&self.catalog, i as u32);
            }
        }
    }

    /// No usable ratings: favourite genres and people, else popularity, within the filters.
    fn score_cold(&self, prefs: &Preferences, f: &CompiledFilter, s: &mut Scratch) -> Basis {
        let cat = &self.catalog;
        let m = PrefMatch::new(cat, prefs);
        if m.is_empty() {
            self.fill_prior(f, s, |i| cat.popularity[i]);
            return Basis::Popularity;
        }
        self.fill_prior(f, s, |i| {
            m.score(cat, i as u32) + 0.3 * cat.popularity_norm[i]
        });
        Basis::Preferences
    }
}

/// Favourite genres and people resolved to a genre mask and item lists.
pub struct PrefMatch {
    pub genres: u64,
    pub n_genres: u32,
    pub people: Vec<(String, Vec<u32>)>,
}

impl PrefMatch {
    pub fn new(cat: &Catalog, p: &Preferences) -> Self {
        let genres = cat.any_genre_mask(&p.genres);
        let people = p
            .people
            .iter()
            .map(|name| (name.clone(), cat.person_items(name)))
            .filter(|(_, items)| !items.is_empty())
            .collect();
        Self {
            genres,
            n_genres: genres.count_ones(),
            people,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.genres == 0 && self.people.is_empty()
    }

    /// Share of favourite genres matched, plus 1.5 for a favourite person.
    pub fn score(&self, cat: &Catalog, i: u32) -> f32 {
        let g = if self.n_genres > 0 {
            (cat.genre_bits[i as usize] & self.genres).count_ones() as f32 / self.n_genres as f32
        } else {
            0.0
        };
        g + if self.person(i).is_some() { 1.5 } else { 0.0 }
    }

    /// A favourite person in film `i`, if any.
    pub fn person(&self, i: u32) -> Option<&str> {
        self.people
            .iter()
            .find(|(_, items)| items.binary_search(&i).is_ok())
            .map(|(n, _)| n.as_str())
    }

    /// Mild multiplier on personalised scores for stated favourites.
    #[inline]
    pub fn boost(&self, cat: &Catalog, i: u32) -> f32 {
        if self.is_empty() {
            1.0
        } else {
            1.0 + 0.1 * self.score(cat, i)
        }
    }
}
