//! The parser's output: the intent, its filters, and the follow-up data the conversation layer
//! acts on. The serde names of [`Intent`], [`Mood`] and [`IntentFilters`] are a public
//! contract (the REST sidecar returns them), so rename variants freely but never their strings.

use serde::{Deserialize, Serialize};

/// What the user asked for, most specific reading first (see `classify.rs` for the order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    Greeting,
    Help,
    Genre,
    Actor,
    SimilarMovie,
    Mood,
    Trending,
    TimePeriod,
    /// Personal picks: "what should I watch?".
    Recommend,
    /// "tell me about Inception".
    MovieInfo,
    /// "where can I stream Dune?".
    Providers,
    /// "I'd give Heat 4.5 stars".
    Rate,
    Watchlist,
    /// A statement of taste or place: "I love horror", "I'm in the UK".
    Preference,
    Unknown,
}

impl Intent {
    pub const ALL: [Intent; 15] = [
        Intent::Greeting,
        Intent::Help,
        Intent::Genre,
        Intent::Actor,
        Intent::SimilarMovie,
        Intent::Mood,
        Intent::Trending,
        Intent::TimePeriod,
        Intent::Recommend,
        Intent::MovieInfo,
        Intent::Providers,
        Intent::Rate,
        Intent::Watchlist,
        Intent::Preference,
        Intent::Unknown,
    ];

    /// The contract name, e.g. `similar_movie`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Intent::Greeting => "greeting",
            Intent::Help => "help",
            Intent::Genre => "genre",
            Intent::Actor => "actor",
            Intent::SimilarMovie => "similar_movie",
            Intent::Mood => "mood",
            Intent::Trending => "trending",
            Intent::TimePeriod => "time_period",
            Intent::Recommend => "recommend",
            Intent::MovieInfo => "movie_info",
            Intent::Providers => "providers",
            Intent::Rate => "rate",
            Intent::Watchlist => "watchlist",
            Intent::Preference => "preference",
            Intent::Unknown => "unknown",
        }
    }
}

/// How the user wants to feel: declared in the protocol, because adapters offer moods as
/// choices too.
pub use moviebot_protocol::Mood;

/// What to look for. Field names are a public contract; every field is always serialized.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IntentFilters {
    /// TMDb genre names ("Science Fiction"), in the order the user mentioned them.
    pub genres: Vec<String>,
    /// An actor or director: the catalog's name when resolved, else the user's words.
    pub person: Option<String>,
    /// The film to find neighbours of: canonical title when resolved, else the user's words.
    pub similar_to: Option<String>,
    /// The film the request is about (info, providers, rating, watchlist), same rules.
    pub title: Option<String>,
    pub mood: Option<Mood>,
    /// Inclusive release-year bounds.
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    /// Inclusive runtime bounds in minutes ("under two hours" → `runtime_max` 120).
    pub runtime_min: Option<u32>,
    pub runtime_max: Option<u32>,
    /// Original languages as ISO 639-1 codes ("danish films" → `["da"]`), TMDb's
    /// `original_language` values.
    pub languages: Vec<String>,
    /// TMDb genre names the films must not have ("no westerns").
    pub exclude_genres: Vec<String>,
    /// People who must not be in the cast or direct ("without Adam Sandler"): the catalog's
    /// name when resolved, else the user's words.
    pub exclude_people: Vec<String>,
    /// Films that must not be shown ("but not Titanic"), same rules as `title`.
    pub exclude_titles: Vec<String>,
    /// The highest US MPA certification allowed: one of `G`, `PG`, `PG-13`, `R`, `NC-17`.
    pub certification_max: Option<String>,
    /// Lowest TMDb vote average (0–10) for "top rated", "well reviewed", "hidden gems".
    pub min_vote: Option<f32>,
    /// "hidden gems", "underrated": a high score from few votes.
    pub hidden_gems: bool,
    /// "all the Alien films", "the Toy Story series": the whole collection of the film in
    /// `title` is wanted, so the one-film-per-collection rule does not apply. The parser
    /// gives such a message the movie_info intent (the film is named like "tell me about
    /// Alien"); the conversation answers a series before looking at the intent.
    pub series: bool,
    /// Only films the user can stream: on their own services, or on the services named.
    #[serde(default)]
    pub streaming: Option<StreamLimit>,
}

/// Which streaming services a list is limited to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamLimit {
    /// The user's own services (`/services`).
    Mine,
    /// These services (TMDb provider ids), named in the message.
    Named(Vec<i64>),
}

/// The US MPA certifications, mildest first.
pub const CERTIFICATIONS: [&str; 5] = ["G", "PG", "PG-13", "R", "NC-17"];

/// A reply to the previous result rather than a new query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUp {
    /// "more", "next", "keep going": the next page of the last result.
    More,
    /// "back", "previous": the page before.
    Previous,
    /// "another one like that", "more like the second one".
    MoreLikeThat,
    /// "not that one", "seen it": drop the film from the results (and never recommend it
    /// again).
    NotThatOne,
    /// "never show me Titanic", "never recommend that again": the film (`filters.title`, or
    /// a card of the last list) is never recommended again.
    Never,
    /// "less of this", "fewer films like Titanic": show less of what sets the film apart (a
    /// down-weight on its genre or director, not a ban).
    LessLikeThis,
    /// "what about the 90s?", "make it scarier", "only ones under 2 hours", "without Nicolas
    /// Cage", "something newer": the last request again with what this message changes (its
    /// filters, [`ParsedIntent::shift`]); the rest of the last request's filters are kept.
    Refine,
}

/// A change relative to the last request's filters ("something newer").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shift {
    /// "something newer", "more recent ones".
    Newer,
    /// "something older", "older ones".
    Older,
    /// "shorter ones".
    Shorter,
    /// "longer ones".
    Longer,
}

/// A watchlist sub-command. `title` is `None` when the user pointed at the last result ("add
/// it to my watchlist"); [`ParsedIntent::pick`] then says which card, if they said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum WatchlistCommand {
    Show,
    Add { title: Option<String> },
    Remove { title: Option<String> },
}

/// What a statement of taste or place said ("I love horror and sci-fi", "my favourite actor
/// is Tom Hanks", "I'm in the UK", "I hate musicals").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreferenceDetails {
    pub liked_genres: Vec<String>,
    pub disliked_genres: Vec<String>,
    pub favourite_person: Option<String>,
    /// Two-letter region code, e.g. "GB".
    pub region: Option<String>,
}

/// What the user asked to leave out ("no horror", "nothing too sad").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusions {
    pub genres: Vec<String>,
    pub moods: Vec<Mood>,
}

impl Exclusions {
    pub fn is_empty(&self) -> bool {
        self.genres.is_empty() && self.moods.is_empty()
    }
}

/// How a film the user named was resolved, so the conversation can say "I don't know that
/// film — did you mean …?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilmRef {
    /// The user's own words.
    pub words: String,
    /// The catalog's title, when the lexicon found one.
    pub canonical: Option<String>,
    pub year: Option<i32>,
    /// Whether the words named the film exactly (not a fuzzy guess).
    pub exact: bool,
}

/// How a person the user named was resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRef {
    pub words: String,
    pub canonical: Option<String>,
    pub exact: bool,
}

/// Everything the parser understood from one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedIntent {
    pub intent: Intent,
    pub filters: IntentFilters,
    /// Stars for a rating, already rounded to a half star in 0.5–5.0.
    pub rating: Option<f32>,
    pub follow_up: Option<FollowUp>,
    /// Which card of the last reply the user pointed at, 1-based ("like 3", "the second one").
    pub pick: Option<u8>,
    /// The user pointed at the last card of their last list ("give the last one 3").
    pub pick_last: bool,
    /// How a [`FollowUp::Refine`] moves the last request, when it says so relatively.
    pub shift: Option<Shift>,
    /// The rating was read from an opinion ("Titanic was awful" → 1★), not stated as stars,
    /// so the reply says what was stored and offers an undo. The intent is then rate, and the
    /// film is `filters.title` or a card ([`Self::pick`], [`Self::pick_last`]); the scale is
    /// documented in `opinion.rs`.
    pub opinion: bool,
    pub watchlist: Option<WatchlistCommand>,
    /// Present when the message stated a taste or a region.
    pub preference: Option<PreferenceDetails>,
    /// A region named anywhere ("where can I stream Dune in the UK"), two letters.
    pub region: Option<String>,
    pub exclude: Exclusions,
    /// "for all of us", "for the group": the group recommender should answer.
    pub for_group: bool,
    /// Resolution details for `filters.title`, else for `filters.similar_to`.
    pub film: Option<FilmRef>,
    /// Resolution details for `filters.person`.
    pub person: Option<PersonRef>,
}

impl ParsedIntent {
    /// An `unknown` intent with nothing else set.
    pub fn unknown() -> Self {
        Self {
            intent: Intent::Unknown,
            filters: IntentFilters::default(),
            rating: None,
            follow_up: None,
            pick: None,
            pick_last: false,
            shift: None,
            opinion: false,
            watchlist: None,
            preference: None,
            region: None,
            exclude: Exclusions::default(),
            for_group: false,
            film: None,
            person: None,
        }
    }
}
