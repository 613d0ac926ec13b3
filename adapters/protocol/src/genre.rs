//! TMDb's movie genres, by name and by TMDb id.
//!
//! The names are TMDb's English names exactly ("Science Fiction", "TV Movie"), because the
//! intent parser, the catalog and the REST sidecar all exchange genres as these strings.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One of TMDb's nineteen movie genres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Genre {
    Action,
    Adventure,
    Animation,
    Comedy,
    Crime,
    Documentary,
    Drama,
    Family,
    Fantasy,
    History,
    Horror,
    Music,
    Mystery,
    Romance,
    ScienceFiction,
    TvMovie,
    Thriller,
    War,
    Western,
}

impl Genre {
    /// Every genre, in TMDb's alphabetical order.
    pub const ALL: [Genre; 19] = [
        Genre::Action,
        Genre::Adventure,
        Genre::Animation,
        Genre::Comedy,
        Genre::Crime,
        Genre::Documentary,
        Genre::Drama,
        Genre::Family,
        Genre::Fantasy,
        Genre::History,
        Genre::Horror,
        Genre::Music,
        Genre::Mystery,
        Genre::Romance,
        Genre::ScienceFiction,
        Genre::TvMovie,
        Genre::Thriller,
        Genre::War,
        Genre::Western,
    ];

    /// TMDb's English name, e.g. `"Science Fiction"`.
    pub const fn name(self) -> &'static str {
        match self {
            Genre::Action => "Action",
            Genre::Adventure => "Adventure",
            Genre::Animation => "Animation",
            Genre::Comedy => "Comedy",
            Genre::Crime => "Crime",
            Genre::Documentary => "Documentary",
            Genre::Drama => "Drama",
            Genre::Family => "Family",
            Genre::Fantasy => "Fantasy",
            Genre::History => "History",
            Genre::Horror => "Horror",
            Genre::Music => "Music",
            Genre::Mystery => "Mystery",
            Genre::Romance => "Romance",
            Genre::ScienceFiction => "Science Fiction",
            Genre::TvMovie => "TV Movie",
            Genre::Thriller => "Thriller",
            Genre::War => "War",
            Genre::Western => "Western",
        }
    }

    /// TMDb's numeric genre id (stable across TMDb's languages).
    pub const fn tmdb_id(self) -> u32 {
        match self {
            Genre::Action => 28,
            Genre::Adventure => 12,
            Genre::Animation => 16,
            Genre::Comedy => 35,
            Genre::Crime => 80,
            Genre::Documentary => 99,
            Genre::Drama => 18,
            Genre::Family => 10751,
            Genre::Fantasy => 14,
            Genre::History => 36,
            Genre::Horror => 27,
            Genre::Music => 10402,
            Genre::Mystery => 9648,
            Genre::Romance => 10749,
            Genre::ScienceFiction => 878,
            Genre::TvMovie => 10770,
            Genre::Thriller => 53,
            Genre::War => 10752,
            Genre::Western => 37,
        }
    }

    pub fn from_tmdb_id(id: u32) -> Option<Genre> {
        Genre::ALL.into_iter().find(|g| g.tmdb_id() == id)
    }

    /// The genre with this TMDb name, ignoring ASCII case (`"science fiction"` works; slang
    /// like "sci-fi" is the intent parser's business, not this).
    pub fn from_name(name: &str) -> Option<Genre> {
        let name = name.trim();
        Genre::ALL
            .into_iter()
            .find(|g| g.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Genre {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl From<Genre> for &'static str {
    fn from(genre: Genre) -> Self {
        genre.name()
    }
}

/// The string is not one of TMDb's genre names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown genre {0:?}")]
pub struct UnknownGenre(pub String);

impl TryFrom<String> for Genre {
    type Error = UnknownGenre;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Genre::from_name(&name).ok_or(UnknownGenre(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ids_round_trip() {
        for g in Genre::ALL {
            assert_eq!(Genre::from_name(g.name()), Some(g));
            assert_eq!(Genre::from_name(&g.name().to_uppercase()), Some(g));
            assert_eq!(Genre::from_tmdb_id(g.tmdb_id()), Some(g));
            let json = serde_json::to_string(&g).unwrap();
            assert_eq!(serde_json::from_str::<Genre>(&json).unwrap(), g);
        }
        assert_eq!(
            serde_json::to_string(&Genre::ScienceFiction).unwrap(),
            "\"Science Fiction\""
        );
        assert_eq!(Genre::from_name("sci-fi"), None);
        assert_eq!(Genre::from_tmdb_id(1), None);
    }
}
