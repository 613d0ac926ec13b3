//! Why a film was picked, as data (so adapters may restyle it) that renders to one short
//! English line through `Display`.

use std::fmt;

use serde::Serialize;

/// What a recommended film shares with one the user rated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Aspect {
    SameDirector,
    SameCast(String),
    SameGenre(String),
    SimilarThemes,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Reason {
    /// "because you rated Heat 5★ — same director"
    BecauseYouRated {
        title: String,
        stars: f32,
        aspect: Aspect,
    },
    /// "people who liked Alien also loved it"
    AlsoLiked { title: String },
    /// "7 people with your taste loved it"
    SimilarUsers { count: usize },
    /// "like Heat — same director" (movies like X)
    LikeTitle { title: String, aspect: Aspect },
    /// "matches your love of horror"
    MatchesGenre { genre: String },
    /// "with Keanu Reeves, one of your favourites"
    FavouritePerson { name: String },
    /// "popular right now"
    Popular,
}

fn stars(s: f32) -> String {
    if s.fract() == 0.0 {
        format!("{s:.0}★")
    } else {
        format!("{s:.1}★")
    }
}

impl fmt::Display for Aspect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Aspect::SameDirector => write!(f, "same director"),
            Aspect::SameCast(name) => write!(f, "also with {name}"),
            Aspect::SameGenre(g) => write!(f, "also {}", g.to_lowercase()),
            Aspect::SimilarThemes => write!(f, "similar themes"),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::BecauseYouRated {
                title,
                stars: s,
                aspect,
            } => {
                write!(f, "because you rated {title} {} — {aspect}", stars(*s))
            }
            Reason::AlsoLiked { title } => write!(f, "people who liked {title} also loved it"),
            Reason::SimilarUsers { count: 1 } => write!(f, "someone with your taste loved it"),
            Reason::SimilarUsers { count } => write!(f, "{count} people with your taste loved it"),
            Reason::LikeTitle { title, aspect } => write!(f, "like {title} — {aspect}"),
            Reason::MatchesGenre { genre } => {
                write!(f, "matches your love of {}", genre.to_lowercase())
            }
            Reason::FavouritePerson { name } => write!(f, "with {name}, one of your favourites"),
            Reason::Popular => write!(f, "popular right now"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_short_lines() {
        let r = Reason::BecauseYouRated {
            title: "Heat".into(),
            stars: 5.0,
            aspect: Aspect::SameDirector,
        };
        assert_eq!(r.to_string(), "because you rated Heat 5★ — same director");
        assert_eq!(
            Reason::AlsoLiked {
                title: "Alien".into()
            }
            .to_string(),
            "people who liked Alien also loved it"
        );
        assert_eq!(Reason::Popular.to_string(), "popular right now");
        assert_eq!(
            Reason::MatchesGenre {
                genre: "Horror".into()
            }
            .to_string(),
            "matches your love of horror"
        );
        let half = Reason::BecauseYouRated {
            title: "X".into(),
            stars: 3.5,
            aspect: Aspect::SameGenre("Drama".into()),
        };
        assert_eq!(half.to_string(), "because you rated X 3.5★ — also drama");
    }
}
