//! `Recommender`: the thread-safe facade the chat core shares behind an `Arc`. It holds the
//! current `Model` in an `ArcSwap`, so requests read it without locks while `rebuild` fits a
//! replacement elsewhere and swaps it in atomically.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use arc_swap::ArcSwap;
use tokio::sync::Notify;

use super::data::{Dataset, ItemMeta};
use super::filters::Filters;
use super::model::Model;
use super::predict::Terms;
use super::request::{GroupPick, Method, Pick, UserInput};
use crate::config::RecommenderConfig;

pub struct Recommender {
    model: ArcSwap<Model>,
    config: RecommenderConfig,
    /// Ratings recorded since the model in use was fitted.
    pending: AtomicU64,
    /// Wakes the rebuild task when `pending` reaches its threshold.
    pub(crate) wake: Notify,
}

impl Recommender {
    /// An empty model: every request answers with cold-start picks until the first rebuild.
    pub fn new(config: RecommenderConfig) -> Self {
        let model = Model::fit(&Dataset::default(), &config);
        Self::with_model(model, config)
    }

    /// Fits the first model right away (blocking; call from `spawn_blocking` in async code).
    pub fn from_dataset(data: &Dataset, config: RecommenderConfig) -> Self {
        let model = Model::fit(data, &config);
        Self::with_model(model, config)
    }

    fn with_model(model: Model, config: RecommenderConfig) -> Self {
        Self {
            model: ArcSwap::from_pointee(model),
            config,
            pending: AtomicU64::new(0),
            wake: Notify::new(),
        }
    }

    /// Fits a new model from `data` (CPU-heavy, blocking) and swaps it in; requests running
    /// meanwhile finish on the old one.
    pub fn rebuild(&self, data: &Dataset) {
        let model = Model::fit(data, &self.config);
        self.model.store(Arc::new(model));
    }

    /// Swaps in a model fitted elsewhere.
    pub fn install(&self, model: Model) {
        self.model.store(Arc::new(model));
    }

    /// The model in use (cheap; hold it only for the duration of a request).
    pub fn model(&self) -> Arc<Model> {
        self.model.load_full()
    }

    pub fn config(&self) -> &RecommenderConfig {
        &self.config
    }

    /// Records that a rating was stored; returns the count since the last rebuild. The
    /// rating itself already counts for its user, who passes it in `UserInput`.
    pub fn note_rating(&self) -> u64 {
        let n = self.pending.fetch_add(1, Ordering::Relaxed) + 1;
        self.wake.notify_one();
        n
    }

    /// Records that users were joined or separated (a link): enough pending changes that
    /// the background task refits at once, so a user who no longer exists leaves the model
    /// and a joined one is one row in it.
    pub fn note_users_changed(&self) {
        let at_least = u64::from(self.config.rebuild_after_ratings).max(1);
        let n = self.pending.load(Ordering::Relaxed);
        if n < at_least {
            self.pending.fetch_add(at_least - n, Ordering::Relaxed);
        }
        self.wake.notify_one();
    }

    /// Records that the catalog grew (new films stored): like a rating, it makes the next
    /// timed rebuild fit them, so they become candidates.
    pub fn note_catalog_change(&self) {
        self.note_rating();
    }

    pub fn pending_ratings(&self) -> u64 {
        self.pending.load(Ordering::Relaxed)
    }

    pub(crate) fn take_pending(&self, seen: u64) {
        self.pending
            .fetch_sub(seen.min(self.pending_ratings()), Ordering::Relaxed);
    }

    /// The top `k` hybrid picks after skipping `offset` (for "next page").
    pub fn recommend(
        &self,
        user: &UserInput,
        filters: &Filters,
        k: usize,
        offset: usize,
    ) -> Vec<Pick> {
        self.recommend_with(Method::Hybrid, user, filters, k, offset)
    }

    /// As `recommend`, with an explicit scorer (evaluation compares them).
    pub fn recommend_with(
        &self,
        method: Method,
        user: &UserInput,
        filters: &Filters,
        k: usize,
        offset: usize,
    ) -> Vec<Pick> {
        self.model.load().rank(user, filters, k, offset, method)
    }

    /// "Movies like X"; empty when X is unknown.
    pub fn similar_to(&self, item: i64, filters: &Filters, k: usize) -> Vec<Pick> {
        self.model.load().similar(item, filters, k)
    }

    /// "Movies like X" for an X the model does not know yet (fetched live since the last
    /// fit), from X's own metadata: the nearest films in the fitted content space.
    pub fn similar_to_meta(&self, x: &ItemMeta, filters: &Filters, k: usize) -> Vec<Pick> {
        self.model.load().similar_to_meta(x, filters, k)
    }

    /// Predicted stars (0.5–5) for `item`; independent of ranking.
    pub fn predict(&self, user: &UserInput, item: i64) -> f32 {
        self.predict_many(user, &[item])[0]
    }

    /// Predictions for several items, folding the user in once.
    pub fn predict_many(&self, user: &UserInput, items: &[i64]) -> Vec<f32> {
        self.model.load().predict_items(user, items, Terms::All)
    }

    /// Most-rated films within the filters.
    pub fn popular(&self, filters: &Filters, k: usize) -> Vec<Pick> {
        self.model
            .load()
            .rank(&UserInput::default(), filters, k, 0, Method::Popularity)
    }

    /// Picks for a group; see `group.rs` for the rules.
    pub fn recommend_group(
        &self,
        members: &[UserInput],
        filters: &Filters,
        k: usize,
    ) -> Vec<GroupPick> {
        self.model.load().rank_group(members, filters, k)
    }
}

impl Model {
    /// Predictions for `items` from the user's current ratings; unknown items get the
    /// user's baseline. `user.outside` is ignored: the predictor has no row for those films.
    pub fn predict_items(&self, user: &UserInput, items: &[i64], terms: Terms) -> Vec<f32> {
        let r = self.resolve_known(user);
        let fold = self
            .predictor
            .fold(&self.ratings, &r.rated, r.self_user, terms);
        items
            .iter()
            .map(|&id| match self.item_index(id) {
                Some(i) => {
                    self.predictor
                        .predict(&self.ratings, &fold, i, terms, &self.content.neighbours)
                }
                None => (self.predictor.mu + fold.bias).clamp(0.5, 5.0),
            })
            .collect()
    }
}
