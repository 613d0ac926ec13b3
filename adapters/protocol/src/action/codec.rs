//! The compact string form of an [`Action`].
//!
//! Format: `mb1:<kind>[:<field>…]`, ASCII only, e.g. `mb1:r:550:45` (rate movie 550 ★4.5).
//! `mb1` is the format version: a later format gets a new prefix and this decoder keeps
//! answering old buttons still sitting in chat history. Stars are written in tenths (`45`)
//! because that reads like the rating. The longest action (`ImportPick` with two `i64::MIN`s)
//! is 47 bytes, well under the 64-byte budget, so there is room for a future field.
//!
//! Decoding is strict: exactly one canonical string per action (no `+5`, no `007`, no spare
//! fields), checked by re-encoding. A button can only carry what we minted, so anything else
//! is tampering or corruption and is refused rather than guessed at.

use std::fmt::Write as _;
use std::str::FromStr;

use super::{Action, NightStep};
use crate::{Genre, Region, Stars};

/// The most bytes an encoded action may take: Telegram's `callback_data` limit, the tighter
/// of the two platforms.
pub const MAX_ENCODED_LEN: usize = 64;

const VERSION: &str = "mb1";

/// Why a string is not an encoded action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ActionDecodeError {
    #[error("empty action")]
    Empty,
    #[error("action is {0} bytes, longer than any encoded action")]
    TooLong(usize),
    #[error("action contains characters outside printable ASCII")]
    NotAscii,
    #[error("unsupported action format version")]
    UnsupportedVersion,
    #[error("unknown action kind")]
    UnknownKind,
    #[error("wrong number of fields for this action")]
    WrongFieldCount,
    #[error("field `{0}` is not a valid number")]
    BadNumber(&'static str),
    #[error("field `{0}` is out of range")]
    OutOfRange(&'static str),
    #[error("action is not in canonical form")]
    NotCanonical,
}

impl Action {
    /// The compact form: ASCII, at most [`MAX_ENCODED_LEN`] bytes, and decodable by
    /// [`Action::decode`] back into an equal action.
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(32);
        out.push_str(VERSION);
        out.push(':');
        // Writing to a String cannot fail.
        let _ = match self {
            Action::Rate { movie, stars } => {
                write!(out, "r:{movie}:{}", u16::from(stars.halves()) * 5)
            }
            Action::MoreLikeThis { movie } => write!(out, "m:{movie}"),
            Action::WhereToWatch { movie, region } => match region {
                Some(region) => write!(out, "w:{movie}:{region}"),
                None => write!(out, "w:{movie}"),
            },
            Action::WatchlistAdd { movie } => write!(out, "a:{movie}"),
            Action::WatchlistRemove { movie } => write!(out, "d:{movie}"),
            Action::ShowWatchlist => write!(out, "l"),
            Action::Details { movie } => write!(out, "i:{movie}"),
            Action::NotInterested { movie } => write!(out, "x:{movie}"),
            Action::Unrate { movie } => write!(out, "u:{movie}"),
            Action::UndoRating { movie, previous } => match previous {
                Some(stars) => write!(out, "z:{movie}:{}", u16::from(stars.halves()) * 5),
                None => write!(out, "z:{movie}"),
            },
            Action::NextPage { query, page } => write!(out, "n:{query}:{page}"),
            Action::PrevPage { query, page } => write!(out, "p:{query}:{page}"),
            Action::PickGenre { genre } => write!(out, "g:{}", genre.tmdb_id()),
            Action::ShowPicks => write!(out, "s"),
            Action::ConfirmForget => write!(out, "f"),
            Action::ImportPick { staging, movie } => write!(out, "k:{staging}:{movie}"),
            Action::Cancel => write!(out, "c"),
            Action::Unexclude { exclusion, slot } => match slot {
                0 => write!(out, "e:{exclusion}"),
                n => write!(out, "e:{exclusion}:{n}"),
            },
            Action::Night { night, step } => match step {
                NightStep::Join => write!(out, "v:{night}:j"),
                NightStep::Leave => write!(out, "v:{night}:o"),
                NightStep::Pick => write!(out, "v:{night}:p"),
                NightStep::Close => write!(out, "v:{night}:c"),
                NightStep::Quiet => write!(out, "v:{night}:q"),
                NightStep::Vote(slot) => write!(out, "v:{night}:{slot}"),
            },
            Action::SetService { provider, on } => write!(out, "t:{provider}:{}", u8::from(*on)),
        };
        debug_assert!(out.len() <= MAX_ENCODED_LEN && out.is_ascii());
        out
    }

    /// Parses what [`Action::encode`] produced; anything else is an error, never a panic.
    pub fn decode(encoded: &str) -> Result<Action, ActionDecodeError> {
        if encoded.is_empty() {
            return Err(ActionDecodeError::Empty);
        }
        if encoded.len() > MAX_ENCODED_LEN {
            return Err(ActionDecodeError::TooLong(encoded.len()));
        }
        if !encoded.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ActionDecodeError::NotAscii);
        }
        let mut fields = encoded.split(':');
        if fields.next() != Some(VERSION) {
            return Err(ActionDecodeError::UnsupportedVersion);
        }
        let kind = fields.next().ok_or(ActionDecodeError::UnknownKind)?;
        let rest: Vec<&str> = fields.collect();
        let action = decode_fields(kind, &rest)?;
        // One string per action: reject equivalent spellings we never mint.
        if action.encode() != encoded {
            return Err(ActionDecodeError::NotCanonical);
        }
        Ok(action)
    }
}

fn decode_fields(kind: &str, fields: &[&str]) -> Result<Action, ActionDecodeError> {
    use ActionDecodeError as E;
    let action = match (kind, fields) {
        ("r", [movie, tenths]) => Action::Rate {
            movie: number(movie, "movie")?,
            stars: stars(tenths)?,
        },
        ("z", [movie]) => Action::UndoRating {
            movie: number(movie, "movie")?,
            previous: None,
        },
        ("z", [movie, tenths]) => Action::UndoRating {
            movie: number(movie, "movie")?,
            previous: Some(stars(tenths)?),
        },
        ("m", [movie]) => Action::MoreLikeThis {
            movie: number(movie, "movie")?,
        },
        ("w", [movie]) => Action::WhereToWatch {
            movie: number(movie, "movie")?,
            region: None,
        },
        ("w", [movie, region]) => Action::WhereToWatch {
            movie: number(movie, "movie")?,
            region: Some(Region::parse(region).ok_or(E::OutOfRange("region"))?),
        },
        ("a", [movie]) => Action::WatchlistAdd {
            movie: number(movie, "movie")?,
        },
        ("d", [movie]) => Action::WatchlistRemove {
            movie: number(movie, "movie")?,
        },
        ("l", []) => Action::ShowWatchlist,
        ("i", [movie]) => Action::Details {
            movie: number(movie, "movie")?,
        },
        ("x", [movie]) => Action::NotInterested {
            movie: number(movie, "movie")?,
        },
        ("u", [movie]) => Action::Unrate {
            movie: number(movie, "movie")?,
        },
        ("n", [query, page]) => Action::NextPage {
            query: number(query, "query")?,
            page: number(page, "page")?,
        },
        ("p", [query, page]) => Action::PrevPage {
            query: number(query, "query")?,
            page: number(page, "page")?,
        },
        ("g", [id]) => Action::PickGenre {
            genre: Genre::from_tmdb_id(number(id, "genre")?).ok_or(E::OutOfRange("genre"))?,
        },
        ("s", []) => Action::ShowPicks,
        ("f", []) => Action::ConfirmForget,
        ("k", [staging, movie]) => Action::ImportPick {
            staging: number(staging, "staging")?,
            movie: number(movie, "movie")?,
        },
        ("c", []) => Action::Cancel,
        ("e", [id]) => Action::Unexclude {
            exclusion: number(id, "exclusion")?,
            slot: 0,
        },
        ("e", [id, slot]) => Action::Unexclude {
            exclusion: number(id, "exclusion")?,
            slot: number(slot, "slot")?,
        },
        ("v", [night, step]) => Action::Night {
            night: number(night, "night")?,
            step: match *step {
                "j" => NightStep::Join,
                "o" => NightStep::Leave,
                "p" => NightStep::Pick,
                "c" => NightStep::Close,
                "q" => NightStep::Quiet,
                slot => {
                    let slot: u8 = number(slot, "step")?;
                    if !(1..=NightStep::MAX_SLOT).contains(&slot) {
                        return Err(E::OutOfRange("step"));
                    }
                    NightStep::Vote(slot)
                }
            },
        },
        ("t", [provider, on]) => Action::SetService {
            provider: number(provider, "provider")?,
            on: match *on {
                "1" => true,
                "0" => false,
                _ => return Err(E::OutOfRange("on")),
            },
        },
        (
            "r" | "m" | "w" | "a" | "d" | "l" | "i" | "x" | "u" | "z" | "n" | "p" | "g" | "s" | "f"
            | "c" | "k" | "e" | "v" | "t",
            _,
        ) => {
            return Err(E::WrongFieldCount);
        }
        _ => return Err(E::UnknownKind),
    };
    Ok(action)
}

/// Stars written in tenths ("45" for ★4.5).
fn stars(tenths: &str) -> Result<Stars, ActionDecodeError> {
    let tenths: u16 = number(tenths, "stars")?;
    tenths
        .is_multiple_of(5)
        .then(|| u8::try_from(tenths / 5).ok())
        .flatten()
        .and_then(Stars::from_halves)
        .ok_or(ActionDecodeError::OutOfRange("stars"))
}

fn number<T: FromStr>(field: &str, name: &'static str) -> Result<T, ActionDecodeError> {
    field
        .parse()
        .map_err(|_| ActionDecodeError::BadNumber(name))
}

impl FromStr for Action {
    type Err = ActionDecodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::decode(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PublicMovieId;

    #[test]
    fn encodes_the_documented_examples() {
        let rate = Action::Rate {
            movie: PublicMovieId(550),
            stars: Stars::new(4.5).unwrap(),
        };
        assert_eq!(rate.encode(), "mb1:r:550:45");
        assert_eq!(Action::decode("mb1:r:550:45"), Ok(rate));
        assert_eq!(
            Action::WhereToWatch {
                movie: PublicMovieId(27205),
                region: Region::parse("gb")
            }
            .encode(),
            "mb1:w:27205:GB"
        );
        assert_eq!(
            Action::PickGenre {
                genre: Genre::Horror
            }
            .encode(),
            "mb1:g:27"
        );
        let undo = Action::UndoRating {
            movie: PublicMovieId(597),
            previous: Stars::new(3.5),
        };
        assert_eq!(undo.encode(), "mb1:z:597:35");
        assert_eq!(Action::decode("mb1:z:597:35"), Ok(undo));
        assert_eq!(
            Action::decode("mb1:z:597"),
            Ok(Action::UndoRating {
                movie: PublicMovieId(597),
                previous: None
            })
        );
        assert_eq!(
            Action::decode("mb1:u:1:2"),
            Err(ActionDecodeError::WrongFieldCount)
        );
        let undo = Action::Unexclude {
            exclusion: 12,
            slot: 3,
        };
        assert_eq!(undo.encode(), "mb1:e:12:3");
        assert_eq!(Action::decode("mb1:e:12:3"), Ok(undo));
        assert_eq!(
            Action::decode("mb1:e:12"),
            Ok(Action::Unexclude {
                exclusion: 12,
                slot: 0
            })
        );
        assert_eq!(
            Action::decode("mb1:e:12:0"),
            Err(ActionDecodeError::NotCanonical)
        );
    }

    #[test]
    fn the_longest_action_fits_comfortably() {
        let longest = Action::Rate {
            movie: PublicMovieId(i64::MIN),
            stars: Stars::MAX,
        };
        assert_eq!(longest.encode().len(), 29);
        let pick = Action::ImportPick {
            staging: i64::MIN,
            movie: PublicMovieId(i64::MIN),
        };
        assert_eq!(pick.encode().len(), 47, "{}", pick.encode());
        assert_eq!(Action::decode(&pick.encode()), Ok(pick));
    }

    #[test]
    fn movie_night_steps_round_trip_and_refuse_what_was_never_minted() {
        for step in [
            NightStep::Join,
            NightStep::Leave,
            NightStep::Pick,
            NightStep::Close,
            NightStep::Quiet,
            NightStep::Vote(1),
            NightStep::Vote(5),
        ] {
            let a = Action::Night { night: 7, step };
            assert_eq!(Action::decode(&a.encode()), Ok(a));
        }
        assert_eq!(
            Action::Night {
                night: 7,
                step: NightStep::Vote(3)
            }
            .encode(),
            "mb1:v:7:3"
        );
        assert_eq!(
            Action::decode("mb1:v:7:0"),
            Err(ActionDecodeError::OutOfRange("step"))
        );
        assert_eq!(
            Action::decode("mb1:v:7:6"),
            Err(ActionDecodeError::OutOfRange("step"))
        );
        assert_eq!(
            Action::decode("mb1:v:7:x"),
            Err(ActionDecodeError::BadNumber("step"))
        );
        assert_eq!(
            Action::decode("mb1:v:7"),
            Err(ActionDecodeError::WrongFieldCount)
        );
    }

    #[test]
    fn a_service_toggle_carries_the_wanted_state() {
        let on = Action::SetService {
            provider: 8,
            on: true,
        };
        assert_eq!(on.encode(), "mb1:t:8:1");
        assert_eq!(Action::decode("mb1:t:8:1"), Ok(on));
        assert_eq!(
            Action::decode("mb1:t:337:0"),
            Ok(Action::SetService {
                provider: 337,
                on: false
            })
        );
        let widest = Action::SetService {
            provider: u32::MAX,
            on: false,
        };
        assert_eq!(widest.encode().len(), 18);
        assert_eq!(Action::decode(&widest.encode()), Ok(widest));
        assert_eq!(
            Action::decode("mb1:t:8:2"),
            Err(ActionDecodeError::OutOfRange("on"))
        );
        assert_eq!(
            Action::decode("mb1:t:8"),
            Err(ActionDecodeError::WrongFieldCount)
        );
        assert_eq!(
            Action::decode("mb1:t:-8:1"),
            Err(ActionDecodeError::BadNumber("provider"))
        );
        assert_eq!(
            Action::decode("mb1:t:08:1"),
            Err(ActionDecodeError::NotCanonical)
        );
    }

    #[test]
    fn an_import_pick_names_the_staged_row_and_the_film() {
        let pick = Action::ImportPick {
            staging: 42,
            movie: PublicMovieId(949),
        };
        assert_eq!(pick.encode(), "mb1:k:42:949");
        assert_eq!(Action::decode("mb1:k:42:949"), Ok(pick));
        assert_eq!(
            Action::decode("mb1:k:42"),
            Err(ActionDecodeError::WrongFieldCount)
        );
        assert_eq!(
            Action::decode("mb1:k:042:949"),
            Err(ActionDecodeError::NotCanonical)
        );
    }
}
