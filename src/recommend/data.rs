//! Plain input types the recommender is built from: rating rows, item metadata and the
//! `Dataset` that bundles them. Nothing here knows about the database or MovieLens files,
//! so the store, the importer and the evaluation all feed the model the same way.

use serde::{Deserialize, Serialize};

/// One explicit rating: `item` is the bot's internal movie id (the MovieLens movieId in eval).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub user: i64,
    pub item: i64,
    /// 0.5–5.0 stars.
    pub rating: f32,
    /// Unix seconds; only used to keep the latest of duplicate rows.
    pub timestamp: i64,
}

/// What the recommender knows about a movie besides its ratings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemMeta {
    pub id: i64,
    pub title: String,
    pub year: Option<i32>,
    pub genres: Vec<String>,
    pub keywords: Vec<String>,
    pub cast: Vec<String>,
    pub director: Option<String>,
    pub overview: String,
    /// TMDb-style popularity; only breaks ties between equally rated-count items.
    pub popularity: f32,
    pub vote_average: f32,
    pub vote_count: i64,
    pub adult: bool,
    /// Minutes, when known.
    pub runtime: Option<u32>,
    /// ISO 639-1 code of the original language, when known.
    pub language: Option<String>,
    /// US MPA certification ("PG-13", or "NR" for unrated), when known.
    pub certification: Option<String>,
    /// The collection (franchise) the film belongs to, when it belongs to one.
    pub collection: Option<String>,
}

impl ItemMeta {
    /// A bare entry for an item known only from ratings.
    pub fn bare(id: i64) -> Self {
        Self {
            id,
            title: format!("#{id}"),
            ..Self::default()
        }
    }
}

/// Everything a model is fitted from.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub items: Vec<ItemMeta>,
    pub ratings: Vec<Rating>,
}

impl Dataset {
    pub fn new(items: Vec<ItemMeta>, ratings: Vec<Rating>) -> Self {
        Self { items, ratings }
    }
}
