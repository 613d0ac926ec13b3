//! What users tell the bot about their taste: ratings (each one also tells the model a new
//! rating arrived), the watchlist, stated preferences and lasting exclusions. Reads come from the store's
//! per-user cache, so a turn rarely waits on the database for them.

mod import;

use std::sync::Arc;

use moviebot_protocol::Stars;

use crate::domain::{MovieId, UserId};
use crate::recommend::Recommender;
use crate::store::{Exclusion, NewExclusion, Preferences, Store, StoreError, StoredRating};

/// The ratings, watchlist and preferences service.
pub struct Ratings {
    store: Store,
    recommender: Arc<Recommender>,
}

impl Ratings {
    pub fn new(store: Store, recommender: Arc<Recommender>) -> Self {
        Self { store, recommender }
    }

    /// Stores (or replaces) a rating; the model counts it towards its next refit.
    pub async fn rate(&self, user: UserId, movie: MovieId, stars: Stars) -> Result<(), StoreError> {
        self.store.upsert_rating(user, movie, stars).await?;
        self.recommender.note_rating();
        Ok(())
    }

    /// Removes a rating; `false` when there was none.
    pub async fn unrate(&self, user: UserId, movie: MovieId) -> Result<bool, StoreError> {
        let removed = self.store.delete_rating(user, movie).await?;
        if removed {
            self.recommender.note_rating();
        }
        Ok(removed)
    }

    /// A user's ratings, newest first.
    pub async fn of(&self, user: UserId) -> Result<Vec<StoredRating>, StoreError> {
        self.store.ratings_of(user).await
    }

    /// As [`Ratings::of`], shared with the cache (no copy).
    pub async fn shared(&self, user: UserId) -> Result<Arc<Vec<StoredRating>>, StoreError> {
        self.store.ratings_shared(user).await
    }

    /// The user's rating of one film.
    pub async fn stars_for(
        &self,
        user: UserId,
        movie: MovieId,
    ) -> Result<Option<Stars>, StoreError> {
        Ok(self
            .shared(user)
            .await?
            .iter()
            .find(|r| r.movie == movie)
            .map(|r| r.rating))
    }

    pub async fn preferences(&self, user: UserId) -> Result<Preferences, StoreError> {
        self.store.preferences(user).await
    }

    pub async fn preferences_shared(&self, user: UserId) -> Result<Arc<Preferences>, StoreError> {
        self.store.preferences_shared(user).await
    }

    pub async fn set_preferences(&self, user: UserId, p: &Preferences) -> Result<(), StoreError> {
        self.store.set_preferences(user, p).await
    }

    /// The user's region, if they told us one.
    pub async fn region(&self, user: UserId) -> Result<Option<String>, StoreError> {
        Ok(self.preferences_shared(user).await?.region.clone())
    }

    pub async fn watchlist(&self, user: UserId) -> Result<Vec<MovieId>, StoreError> {
        self.store.watchlist(user).await
    }

    /// Adds a film; `false` when it was already there.
    pub async fn watchlist_add(&self, user: UserId, movie: MovieId) -> Result<bool, StoreError> {
        self.store.watchlist_add(user, movie).await
    }

    /// Removes a film; `false` when it was not there.
    pub async fn watchlist_remove(&self, user: UserId, movie: MovieId) -> Result<bool, StoreError> {
        self.store.watchlist_remove(user, movie).await
    }

    /// The films the user never wants again and what they want less of.
    pub async fn exclusions(&self, user: UserId) -> Result<Arc<Vec<Exclusion>>, StoreError> {
        self.store.exclusions_shared(user).await
    }

    /// Stores an exclusion; `false` when it was already there.
    pub async fn exclude(
        &self,
        user: UserId,
        new: &NewExclusion,
    ) -> Result<(Exclusion, bool), StoreError> {
        self.store.add_exclusion(user, new).await
    }

    /// Undoes one of the user's exclusions; `None` when they have no such one.
    pub async fn unexclude(&self, user: UserId, id: i64) -> Result<Option<Exclusion>, StoreError> {
        self.store.remove_exclusion(user, id).await
    }
}
