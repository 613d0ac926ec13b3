//! A command from the words after it, for platforms that only have text (Telegram, the
//! console): "/rate Heat 4.5", "/providers Dune GB". Lenient like a person: anything a command
//! does not take is ignored rather than refused.

use super::{
    Arg, ArgProblem, Command, CommandError, CommandName, FilmRef, ImportFormat, Member, Minutes,
    StartsIn, invalid,
};
use crate::{Genre, Mood, Region};

pub(super) fn parse(name: CommandName, text: &str) -> Result<Command, CommandError> {
    let spec = name.spec().name;
    let arg = |arg: &'static str| move |p: ArgProblem| invalid(spec, arg, p);
    Ok(match name {
        CommandName::Start => Command::Start {
            payload: Arg::from_value(Some(text)).map_err(arg("payload"))?,
        },
        CommandName::Help => Command::Help,
        CommandName::Recommend => Command::Recommend {
            genre: None,
            mood: None,
            decade: None,
            services_only: None,
            words: Arg::from_value(Some(text)).map_err(arg("words"))?,
        },
        CommandName::Similar => Command::Similar {
            title: FilmRef(text.into()),
        },
        CommandName::Movie => Command::Movie {
            title: FilmRef(text.into()),
        },
        CommandName::Search => Command::Search {
            query: Arg::from_value(Some(text)).map_err(arg("query"))?,
        },
        CommandName::Trending => Command::Trending {
            window: Arg::from_value(Some(text)).map_err(arg("window"))?,
        },
        CommandName::Rate => {
            let (title, stars) = split_trailing_stars(text);
            Command::Rate {
                title: FilmRef(title.into()),
                stars: Arg::from_value(stars).map_err(arg("stars"))?,
            }
        }
        CommandName::Providers => {
            let (title, region) = split_trailing_region(text);
            Command::Providers {
                title: FilmRef(title.into()),
                region,
            }
        }
        CommandName::Services => Command::Services,
        CommandName::Watchlist => Command::Watchlist,
        CommandName::Profile => Command::Profile,
        CommandName::Ask => Command::Ask {
            text: Arg::from_value(Some(text)).map_err(arg("text"))?,
        },
        CommandName::Group => Command::Group,
        // Lenient: each word that is a mood, a genre, a runtime ("120") or a time from now
        // ("2h") fills that option; "/movienight comedy 120 2h".
        CommandName::Movienight => {
            let words: Vec<&str> = text.split_whitespace().collect();
            Command::Movienight {
                mood: words.iter().find_map(|w| Mood::from_name(w)),
                genre: words.iter().find_map(|w| Genre::from_name(w)),
                runtime: words
                    .iter()
                    .filter(|w| w.chars().all(|c| c.is_ascii_digit()) || w.ends_with("min"))
                    .find_map(|w| Minutes::parse(w).ok()),
                starts_in: words
                    .iter()
                    .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()) && !w.ends_with("min"))
                    .find_map(|w| StartsIn::read(w)),
            }
        }
        // Words only name someone (the Telegram adapter fills in the member a command replies
        // to or mentions); an identified member never comes from typed text.
        CommandName::Compare => Command::Compare {
            member: (!text.is_empty()).then(|| Member::Named(text.to_owned())),
        },
        CommandName::Forgetme => Command::Forgetme,
        // The file comes with the message (a Telegram document), never in its words.
        CommandName::Import => Command::Import {
            file: None,
            format: text
                .split_whitespace()
                .find_map(|w| ImportFormat::parse(w).ok()),
        },
        CommandName::Export => Command::Export,
        CommandName::Link => Command::Link {
            code: Arg::from_value(Some(text)).map_err(arg("code"))?,
        },
        CommandName::Unlink => Command::Unlink {
            platform: Arg::from_value(Some(text)).map_err(arg("platform"))?,
        },
    })
}

/// "Heat 4.5" → ("Heat", Some("4.5")); a last word that is not a number stays in the title.
fn split_trailing_stars(text: &str) -> (&str, Option<&str>) {
    match text.rsplit_once(char::is_whitespace) {
        Some((head, tail)) if tail.trim_end_matches(['★', '*']).parse::<f32>().is_ok() => {
            (head.trim(), Some(tail))
        }
        _ => (text, None),
    }
}

/// "Dune GB" → ("Dune", Some(GB)).
fn split_trailing_region(text: &str) -> (&str, Option<Region>) {
    match text.rsplit_once(char::is_whitespace) {
        Some((head, tail)) if tail.len() == 2 => match Region::parse(tail) {
            Some(r) => (head.trim(), Some(r)),
            None => (text, None),
        },
        _ => (text, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{SearchQuery, TrendWindow, Words};
    use crate::{PublicMovieId, Stars};

    fn text(name: &str, args: &str) -> Result<Command, CommandError> {
        Command::from_text(name, args)
    }

    #[test]
    fn splits_the_words_after_a_command() {
        assert_eq!(
            text("rate", "Heat 4.5").unwrap(),
            Command::Rate {
                title: FilmRef("Heat".into()),
                stars: Stars::new(4.5)
            }
        );
        assert_eq!(
            text("rate", "Se7en").unwrap(),
            Command::Rate {
                title: FilmRef("Se7en".into()),
                stars: None
            }
        );
        assert!(matches!(
            text("rate", "Heat 4.3"),
            Err(CommandError::Invalid { ref arg, .. }) if arg == "stars"
        ));
        assert_eq!(
            text("where", "Dune gb").unwrap(),
            Command::Providers {
                title: FilmRef("Dune".into()),
                region: Region::parse("GB")
            }
        );
        assert_eq!(
            text("providers", "Up").unwrap(),
            Command::Providers {
                title: FilmRef("Up".into()),
                region: None
            }
        );
        assert_eq!(
            text("search", "alien").unwrap(),
            Command::Search {
                query: SearchQuery("alien".into())
            }
        );
        assert_eq!(
            text("popular", "today").unwrap(),
            Command::Trending {
                window: Some(TrendWindow::Day)
            }
        );
        assert_eq!(
            text("picks", "scary comedy").unwrap(),
            Command::Recommend {
                genre: None,
                mood: None,
                decade: None,
                services_only: None,
                words: Words("scary comedy".into())
            }
        );
        assert_eq!(text("help", "me please").unwrap(), Command::Help);
    }

    #[test]
    fn start_opens_a_film_only_for_a_numeric_payload() {
        let film = |p: &str| match text("start", p).unwrap() {
            Command::Start { payload } => payload.film,
            other => panic!("{other:?}"),
        };
        assert_eq!(film("550"), Some(PublicMovieId(550)));
        assert_eq!(film("ref-abc"), None);
        assert_eq!(film(""), None);
        assert!(matches!(
            text("frobnicate", "x"),
            Err(CommandError::Unknown { ref name }) if name == "frobnicate"
        ));
    }
}
