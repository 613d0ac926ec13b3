//! Things a user can do by pressing a button (or typing a console shortcut).
//!
//! An [`Action`] travels through the platform inside a button: [`Action::encode`] turns it into
//! a short ASCII string that fits both Discord's `custom_id` (≤ 100 chars) and Telegram's
//! `callback_data` (≤ 64 bytes), and [`Action::decode`] turns what the platform hands back into
//! an action again. The codec lives in [`codec`]; this file owns the vocabulary and labels.

mod codec;

pub use codec::{ActionDecodeError, MAX_ENCODED_LEN};
use serde::{Deserialize, Serialize};

use crate::{Genre, PublicMovieId, Region, Stars};

/// A button press about films named by their [`PublicMovieId`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Store a rating for a movie.
    Rate {
        movie: PublicMovieId,
        stars: Stars,
    },
    /// Recommend movies similar to this one.
    MoreLikeThis {
        movie: PublicMovieId,
    },
    /// Show streaming/rent/buy providers; `None` means the user's stored region.
    WhereToWatch {
        movie: PublicMovieId,
        region: Option<Region>,
    },
    WatchlistAdd {
        movie: PublicMovieId,
    },
    WatchlistRemove {
        movie: PublicMovieId,
    },
    /// Show the user's watchlist.
    ShowWatchlist,
    /// Show a movie's details card.
    Details {
        movie: PublicMovieId,
    },
    /// "Not that one": hide this movie from the user's recommendations.
    NotInterested {
        movie: PublicMovieId,
    },
    /// Take back the user's rating of this movie (e.g. a removed Discord reaction).
    Unrate {
        movie: PublicMovieId,
    },
    /// Undo a rating the bot read from an opinion ("Titanic was awful"): back to the
    /// `previous` stars, or to no rating when there was none.
    UndoRating {
        movie: PublicMovieId,
        previous: Option<Stars>,
    },
    /// Go to page `page` (0-based) of the result set the core remembers as `query`.
    /// `query` is a small id the core hands out, never the query text, so the action stays
    /// short whatever the user typed.
    NextPage {
        query: u32,
        page: u16,
    },
    /// Like [`Action::NextPage`], labelled as going back.
    PrevPage {
        query: u32,
        page: u16,
    },
    /// A first-contact genre choice.
    PickGenre {
        genre: Genre,
    },
    /// Done choosing: show personal picks now.
    ShowPicks,
    /// Yes, really delete everything stored about me.
    ConfirmForget,
    /// An imported file's row named several films: apply it (its rating or watchlist entry)
    /// to this one. `staging` is the staged row's id the core handed out.
    ImportPick {
        staging: i64,
        movie: PublicMovieId,
    },
    /// Dismiss a pending confirmation.
    Cancel,
    /// Undo a lasting exclusion ("never show me X", "less of this"): `exclusion` is its
    /// stored id (only its owner's press removes it); `slot` numbers it in the list it was
    /// shown in (`/profile`), 0 for the one just made.
    Unexclude {
        exclusion: i64,
        slot: u8,
    },
    /// A step of the movie night `night` (its stored id): sign up, drop out, pick, vote, close.
    Night {
        night: i64,
        step: NightStep,
    },
    /// Set whether the presser streams on TMDb's watch provider `provider` (8 is Netflix).
    /// It carries the wanted state, not "flip", so a redelivered or doubled press changes
    /// nothing more. Its button text comes with it in the reply ([`crate::reply::Toggle`]).
    SetService {
        provider: u32,
        on: bool,
    },
}

/// What a movie-night button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "step", content = "slot", rename_all = "snake_case")]
pub enum NightStep {
    /// "I'm in".
    Join,
    /// "I'm out".
    Leave,
    /// The organiser asks for the shortlist (the vote starts).
    Pick,
    /// A vote for the shortlist's film at this place (1-based).
    Vote(u8),
    /// The organiser closes the vote.
    Close,
    /// No more "How was it?" messages after movie nights, for the presser.
    Quiet,
}

impl NightStep {
    /// The most films a shortlist offers.
    pub const MAX_SLOT: u8 = 5;
}

impl Action {
    /// Button text: short, and the same on every platform.
    pub fn label(&self) -> String {
        match self {
            Action::Rate { stars, .. } => format!("★{stars}"),
            Action::MoreLikeThis { .. } => "More like this".into(),
            Action::WhereToWatch { .. } => "Where to watch".into(),
            Action::WatchlistAdd { .. } => "+ Watchlist".into(),
            Action::WatchlistRemove { .. } => "− Watchlist".into(),
            Action::ShowWatchlist => "My watchlist".into(),
            Action::Details { .. } => "Details".into(),
            Action::NotInterested { .. } => "Not for me".into(),
            Action::Unrate { .. } => "Remove rating".into(),
            Action::UndoRating { .. } => "↩ Undo".into(),
            Action::NextPage { .. } => "Next ▶".into(),
            Action::PrevPage { .. } => "◀ Prev".into(),
            Action::PickGenre { genre } => genre.name().into(),
            Action::ShowPicks => "Show my picks".into(),
            Action::ConfirmForget => "Yes, forget me".into(),
            Action::ImportPick { .. } => "✓ This one".into(),
            Action::Cancel => "Cancel".into(),
            Action::Unexclude { slot: 0, .. } => "↩ Undo".into(),
            Action::Unexclude { slot, .. } => format!("↩ Undo {slot}"),
            Action::Night { step, .. } => match step {
                NightStep::Join => "I'm in".into(),
                NightStep::Leave => "I'm out".into(),
                NightStep::Pick => "Pick".into(),
                NightStep::Vote(slot) => format!("Vote {slot}"),
                NightStep::Close => "Close".into(),
                NightStep::Quiet => "Don't ask me again".into(),
            },
            Action::SetService { on: true, .. } => "Turn on".into(),
            Action::SetService { on: false, .. } => "Turn off".into(),
        }
    }

    /// The movie this action is about, if any (adapters use it to de-duplicate buttons).
    pub fn movie(&self) -> Option<PublicMovieId> {
        match *self {
            Action::Rate { movie, .. }
            | Action::MoreLikeThis { movie }
            | Action::WhereToWatch { movie, .. }
            | Action::WatchlistAdd { movie }
            | Action::WatchlistRemove { movie }
            | Action::Details { movie }
            | Action::NotInterested { movie }
            | Action::Unrate { movie }
            | Action::UndoRating { movie, .. } => Some(movie),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_like_buttons() {
        let rate = |s| Action::Rate {
            movie: PublicMovieId(1),
            stars: Stars::new(s).unwrap(),
        };
        assert_eq!(rate(4.0).label(), "★4");
        assert_eq!(rate(4.5).label(), "★4.5");
        assert_eq!(
            Action::MoreLikeThis {
                movie: PublicMovieId(1)
            }
            .label(),
            "More like this"
        );
        assert_eq!(
            Action::WatchlistAdd {
                movie: PublicMovieId(1)
            }
            .label(),
            "+ Watchlist"
        );
        assert_eq!(Action::NextPage { query: 1, page: 2 }.label(), "Next ▶");
        assert_eq!(
            Action::PickGenre {
                genre: Genre::ScienceFiction
            }
            .label(),
            "Science Fiction"
        );
    }

    #[test]
    fn serde_form_is_tagged_and_round_trips() {
        let action = Action::WhereToWatch {
            movie: PublicMovieId(550),
            region: Region::parse("gb"),
        };
        let json = serde_json::to_string(&action).unwrap();
        assert_eq!(
            json,
            r#"{"type":"where_to_watch","movie":550,"region":"GB"}"#
        );
        assert_eq!(serde_json::from_str::<Action>(&json).unwrap(), action);
    }
}
