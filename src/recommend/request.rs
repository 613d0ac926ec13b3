//! What a caller passes in (`UserInput`, `Preferences`, `Method`) and gets back (`Pick`,
//! `GroupPick`). The caller reads the user's ratings fresh from the store for every request,
//! which is what makes a new rating count before the next model rebuild.

use serde::{Deserialize, Serialize};

use super::data::ItemMeta;
use super::reason::Reason;

/// Cold-start preferences, used when the user has rated nothing the model knows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Preferences {
    pub genres: Vec<String>,
    /// Favourite actors or directors.
    pub people: Vec<String>,
}

/// One user's state at request time.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UserInput {
    /// The user's id in the rating data, when they have one: keeps them out of their own
    /// neighbourhood (their stored row would otherwise be their own nearest neighbour).
    pub user: Option<i64>,
    /// Current ratings as (item id, stars 0.5–5).
    pub ratings: Vec<(i64, f32)>,
    /// Items never to recommend ("not that one", already seen).
    pub excluded: Vec<i64>,
    pub preferences: Preferences,
    /// Rated films the model does not know yet (fetched live since the last fit), with
    /// their metadata and stars: projected into the content space, they move the user's
    /// picks before the next fit. An id the model turns out to know counts as a rating.
    #[serde(default)]
    pub outside: Vec<(ItemMeta, f32)>,
}

impl UserInput {
    pub fn with_ratings(user: Option<i64>, ratings: Vec<(i64, f32)>) -> Self {
        Self {
            user,
            ratings,
            ..Self::default()
        }
    }
}

/// Which scorer ranks the candidates; the bot uses `Hybrid`, eval compares all four.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Popularity,
    Content,
    Collaborative,
    Hybrid,
}

impl Method {
    pub const ALL: [Method; 4] = [
        Method::Popularity,
        Method::Content,
        Method::Collaborative,
        Method::Hybrid,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Method::Popularity => "popularity",
            Method::Content => "content",
            Method::Collaborative => "collaborative",
            Method::Hybrid => "hybrid",
        }
    }
}

impl std::str::FromStr for Method {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Method::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                anyhow::anyhow!("unknown method {s:?} (popularity, content, collaborative, hybrid)")
            })
    }
}

/// One recommended film with its score (comparable within one answer only) and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pick {
    pub item: i64,
    pub score: f32,
    pub reason: Reason,
}

/// A film for a group, with a reason for each member (same order as the members given).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupPick {
    pub item: i64,
    pub score: f32,
    pub reasons: Vec<Reason>,
}
