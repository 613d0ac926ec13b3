//! What the core answers: text, movie cards, buttons and paging.

use serde::{Deserialize, Serialize};

use crate::{Action, FileOut, PublicMovieId, Region, Stars};

/// The core's answer to one event. Adapters render it in their platform's idiom (embeds and
/// buttons, captions and inline keyboards, numbered text) and may drop what their platform
/// cannot show, but never invent content.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// Short, friendly text; may be empty when the cards speak for themselves.
    pub text: String,
    /// At most one page of movies (the core sends five or fewer).
    pub cards: Vec<MovieCard>,
    /// Buttons for the whole reply (paging, genre choices, confirmations); per-movie buttons
    /// live on each card.
    pub actions: Vec<Action>,
    /// Present when `cards` is one page of a longer result.
    pub page: Option<Page>,
    /// Show only to the user who asked, where the platform can (Discord ephemeral messages).
    pub ephemeral: bool,
    /// A caveat to show less prominently than `text`, e.g. "data may be stale".
    pub notice: Option<String>,
    /// The event was already handled once (a platform redelivery): adapters send nothing.
    #[serde(default)]
    pub duplicate: bool,
    /// What the answer changed, when an adapter may show it in place (redraw the pressed
    /// card's stars, a short toast) instead of reading it out of the cards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Files to send with the answer, privately (an export). Adapters that cannot send files
    /// say so in words.
    #[serde(skip)]
    pub files: Vec<FileOut>,
    /// On/off buttons that name what they switch (`/services`: "✓ Netflix"), shown before
    /// `actions`. A press answers with the same list redrawn, which adapters show in place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub toggles: Vec<Toggle>,
}

/// One on/off button: its action sets the other state, its label says the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toggle {
    /// Pressing it: the state to switch to.
    pub action: Action,
    /// What it switches ("Netflix").
    pub name: String,
    /// Whether it is on now.
    pub on: bool,
}

impl Toggle {
    /// Button text: "✓ Netflix" when on, the bare name when off.
    pub fn label(&self) -> String {
        if self.on {
            format!("✓ {}", self.name)
        } else {
            self.name.clone()
        }
    }
}

impl Reply {
    /// A plain text reply.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    pub fn with_cards(mut self, cards: impl IntoIterator<Item = MovieCard>) -> Self {
        self.cards.extend(cards);
        self
    }

    pub fn with_actions(mut self, actions: impl IntoIterator<Item = Action>) -> Self {
        self.actions.extend(actions);
        self
    }

    pub fn with_page(mut self, page: Page) -> Self {
        self.page = Some(page);
        self
    }

    pub fn with_notice(mut self, notice: impl Into<String>) -> Self {
        self.notice = Some(notice.into());
        self
    }

    /// The answer to a redelivered event: it had its effect the first time, so adapters must
    /// not answer again.
    pub fn duplicate() -> Self {
        Self {
            text: "Already done — that one reached me twice.".into(),
            ephemeral: true,
            duplicate: true,
            ..Self::default()
        }
    }

    pub fn with_file(mut self, file: FileOut) -> Self {
        self.files.push(file);
        self
    }

    pub fn with_outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = Some(outcome);
        self
    }

    pub fn with_toggles(mut self, toggles: impl IntoIterator<Item = Toggle>) -> Self {
        self.toggles.extend(toggles);
        self
    }

    pub fn ephemeral(mut self) -> Self {
        self.ephemeral = true;
        self
    }
}

/// What an answer did to one film for the user who asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Outcome {
    /// The user's rating of `movie` is now `stars`: a card of it may show them.
    Rated {
        movie: PublicMovieId,
        title: String,
        stars: Stars,
    },
    /// The user has no rating of `movie` any more (`removed`: there was one).
    Unrated {
        movie: PublicMovieId,
        title: String,
        removed: bool,
    },
    /// The reply's text and buttons replace the message whose button was pressed, for
    /// everyone who sees it (a movie night's sign-up list or tally); the presser alone is told
    /// `toast`. Cards in the reply come as a new message where a platform cannot edit them in.
    /// `pin`: keep the message at the top of the chat where the platform allows (a movie
    /// night's result).
    Updated { toast: String, pin: bool },
}

impl Outcome {
    /// The film whose rating changed (none for an update of a shared message).
    pub fn movie(&self) -> Option<PublicMovieId> {
        match self {
            Outcome::Rated { movie, .. } | Outcome::Unrated { movie, .. } => Some(*movie),
            Outcome::Updated { .. } => None,
        }
    }

    /// The user's rating of the film after this answer.
    pub fn stars(&self) -> Option<Stars> {
        match self {
            Outcome::Rated { stars, .. } => Some(*stars),
            Outcome::Unrated { .. } | Outcome::Updated { .. } => None,
        }
    }
}

/// Where a page sits in its result set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// 0-based page number.
    pub index: u16,
    /// Whether a next page exists.
    pub has_more: bool,
}

/// One movie as a reply shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MovieCard {
    pub id: PublicMovieId,
    pub title: String,
    pub year: Option<i32>,
    /// Minutes.
    pub runtime: Option<u32>,
    /// TMDb's vote average, 0–10.
    pub score: Option<f32>,
    /// TMDb genre names.
    pub genres: Vec<String>,
    /// A short overview (the core trims it to fit every platform's card).
    pub overview: String,
    pub poster_url: Option<String>,
    pub providers: Option<Providers>,
    /// Why this movie was picked ("Because you liked Heat").
    pub why: Option<String>,
    /// The asking user's own rating, if they rated it.
    pub user_rating: Option<Stars>,
    /// Buttons for this movie.
    pub actions: Vec<Action>,
}

impl MovieCard {
    pub fn new(id: PublicMovieId, title: impl Into<String>) -> Self {
        Self {
            id,
            title: title.into(),
            ..Self::default()
        }
    }

    /// "Heat (1995)", or just the title when the year is unknown.
    pub fn heading(&self) -> String {
        match self.year {
            Some(year) => format!("{} ({year})", self.title),
            None => self.title.clone(),
        }
    }
}

/// Where a movie can be watched in one region (TMDb's watch-provider data, from JustWatch —
/// adapters must show that attribution with it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Providers {
    pub region: Region,
    /// Provider names for flat-rate streaming.
    pub stream: Vec<String>,
    pub rent: Vec<String>,
    pub buy: Vec<String>,
    /// TMDb's watch page for the movie in this region.
    pub link: Option<String>,
}

impl Providers {
    pub fn is_empty(&self) -> bool {
        self.stream.is_empty() && self.rent.is_empty() && self.buy.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_fill_the_reply() {
        let mut card = MovieCard::new(PublicMovieId(949), "Heat");
        card.year = Some(1995);
        card.actions = vec![Action::MoreLikeThis {
            movie: PublicMovieId(949),
        }];
        let reply = Reply::text("Here you go")
            .with_cards([card])
            .with_actions([Action::NextPage { query: 3, page: 1 }])
            .with_page(Page {
                index: 0,
                has_more: true,
            })
            .with_notice("data may be stale")
            .ephemeral();
        assert_eq!(reply.cards[0].heading(), "Heat (1995)");
        assert!(reply.ephemeral);
        let json = serde_json::to_string(&reply).unwrap();
        assert_eq!(serde_json::from_str::<Reply>(&json).unwrap(), reply);
    }
}
