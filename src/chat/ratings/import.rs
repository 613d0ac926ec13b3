//! Ratings and watchlist entries from an imported file: written in one transaction, each
//! rating counted towards the model's next refit as a rating made in chat is.

use super::Ratings;
use crate::domain::{MovieId, UserId};
use crate::store::{DatedRating, StoreError};

impl Ratings {
    /// Stores imported ratings (as of their dates; a rating changed later stays) and
    /// watchlist entries.
    pub async fn import(
        &self,
        user: UserId,
        ratings: &[DatedRating],
        watchlist: &[(MovieId, i64)],
    ) -> Result<(), StoreError> {
        if ratings.is_empty() && watchlist.is_empty() {
            return Ok(());
        }
        self.store.import_taste(user, ratings, watchlist).await?;
        for _ in ratings {
            self.recommender.note_rating();
        }
        Ok(())
    }
}
