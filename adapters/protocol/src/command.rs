//! The bot's commands, declared once. Each variant of [`Command`] is one command with typed
//! arguments; its doc comment is its help text and the arguments' doc comments describe them.
//! Discord's registration and Telegram's command menu are derived from [`Command::SPECS`], and
//! the core matches [`Command`] exhaustively, so a new command is one variant here, one
//! handler in the core, and the compiler points at what else must change.
//!
//! - `arg`: argument types ([`FilmRef`], [`Stars`](crate::Stars), [`Decade`], …) and how each
//!   is offered and parsed.
//! - `text`: a command from the words after it (Telegram, the console).

mod arg;
mod text;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use arg::{
    Arg, ArgKind, ArgProblem, Attachment, Choice, Decade, FilmRef, ImportFormat, LinkCode, Member,
    Minutes, SearchQuery, StartPayload, StartsIn, TrendWindow, Words,
};

use crate::{CompletionField, Genre, Mood, Platform, Region, Stars};

/// One argument of a command, as a platform should offer it.
#[derive(Debug, Clone, Copy)]
pub struct ArgSpec {
    /// The option name (Discord) and the field name in [`Command`].
    pub name: &'static str,
    doc: &'static [&'static str],
    pub kind: ArgKind,
    /// Platforms with forms (Discord) ask for it before sending; text commands may still
    /// leave it out, and the core asks for it then.
    pub required: bool,
    pub autocomplete: Option<CompletionField>,
    /// Only given in text (a deep-link payload, free words): not a Discord option.
    pub hidden: bool,
}

impl ArgSpec {
    /// The argument's description: its doc comment, on one line.
    pub fn description(&self) -> String {
        one_line(self.doc)
    }
}

/// One command: its name, help text and arguments.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub name: &'static str,
    /// Other names that mean the same command in text ("/picks" for "/recommend").
    pub aliases: &'static [&'static str],
    doc: &'static [&'static str],
    pub args: &'static [ArgSpec],
    /// Its answer is for the asker only (a Discord ephemeral response, decided before the core
    /// answers because a deferred response fixes its visibility).
    pub private: bool,
}

impl CommandSpec {
    /// The command's help text: its doc comment, on one line.
    pub fn description(&self) -> String {
        one_line(self.doc)
    }

    /// The argument called `name`.
    pub fn arg(&self, name: &str) -> Option<&'static ArgSpec> {
        self.args.iter().find(|a| a.name == name)
    }

    /// The arguments a platform offers as options (not the text-only ones).
    pub fn options(&self) -> impl Iterator<Item = &'static ArgSpec> {
        self.args.iter().filter(|a| !a.hidden)
    }
}

fn one_line(doc: &[&str]) -> String {
    doc.iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why a command could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum CommandError {
    /// No command has this name (lowercase, no slash).
    #[error("unknown command /{name}")]
    Unknown { name: String },
    /// An argument's value is not acceptable.
    #[error("/{command} {arg}: {problem}")]
    Invalid {
        command: String,
        arg: String,
        problem: ArgProblem,
    },
}

fn invalid(command: &str, arg: &str, problem: ArgProblem) -> CommandError {
    CommandError::Invalid {
        command: command.into(),
        arg: arg.into(),
        problem,
    }
}

macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])+
        #[command(name = $name:literal $(, alias = $alias:literal)* $(, private = $private:literal)?)]
        $variant:ident $({
            $(
                $(#[doc = $adoc:literal])+
                $(#[arg($aflag:ident)])?
                $arg:ident : $aty:ty
            ),* $(,)?
        })?
    ),* $(,)?) => {
        /// A command with its arguments, however the platform delivered it.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "command", rename_all = "snake_case")]
        pub enum Command {
            $(
                $(#[doc = $doc])+
                $variant $({ $( $(#[doc = $adoc])+ $arg: $aty ),* })?
            ),*
        }

        /// A command's name, without its arguments.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum CommandName {
            $( $variant ),*
        }

        impl CommandName {
            pub const ALL: &'static [CommandName] = &[$(CommandName::$variant),*];

            /// The command's declaration.
            pub fn spec(self) -> &'static CommandSpec {
                &Command::SPECS[self as usize]
            }
        }

        impl Command {
            /// Every command, in the order they are offered.
            pub const SPECS: &'static [CommandSpec] = &[$(
                CommandSpec {
                    name: $name,
                    aliases: &[$($alias),*],
                    doc: &[$($doc),+],
                    args: &[$($(
                        ArgSpec {
                            name: stringify!($arg),
                            doc: &[$($adoc),+],
                            kind: <$aty as Arg>::KIND,
                            required: commands!(@required <$aty as Arg>::REQUIRED, $($aflag)?),
                            autocomplete: <$aty as Arg>::AUTOCOMPLETE,
                            hidden: commands!(@hidden $($aflag)?),
                        }
                    ),*)?],
                    private: commands!(@bool $($private)?),
                }
            ),*];

            pub fn name(&self) -> CommandName {
                match self {
                    $( Command::$variant { .. } => CommandName::$variant ),*
                }
            }

            /// The command's declaration.
            pub fn spec(&self) -> &'static CommandSpec {
                self.name().spec()
            }

            /// A command from named option values (Discord; values rendered as text).
            pub fn from_options(
                name: &str,
                options: &BTreeMap<String, String>,
            ) -> Result<Command, CommandError> {
                #[allow(unused_variables)]
                let get = |arg: &str| options.get(arg).map(String::as_str);
                match CommandName::find(name) {
                    $(
                        Some(CommandName::$variant) => Ok(Command::$variant $({ $(
                            $arg: <$aty as Arg>::from_value(get(stringify!($arg)))
                                .map_err(|p| invalid($name, stringify!($arg), p))?
                        ),* })?),
                    )*
                    None => Err(CommandError::Unknown { name: name.to_lowercase() }),
                }
            }
        }
    };
    (@hidden hidden) => { true };
    (@hidden $($other:ident)?) => { false };
    (@required $default:expr, required) => { true };
    (@required $default:expr, $($other:ident)?) => { $default };
    (@bool $b:literal) => { $b };
    (@bool) => { false };
}

commands! {
    /// Say hello and pick a few genres you like
    #[command(name = "start")]
    Start {
        /// A film to open (a deep link's payload)
        #[arg(hidden)]
        payload: StartPayload,
    },
    /// What moviebot can do
    #[command(name = "help")]
    Help,
    /// Films picked for you, optionally by genre, mood or decade
    #[command(name = "recommend", alias = "picks")]
    Recommend {
        /// A genre to pick from
        genre: Option<Genre>,
        /// What you're in the mood for
        mood: Option<Mood>,
        /// Only films from this decade
        decade: Option<Decade>,
        /// Only films you can stream on your services (set them with /services)
        services_only: Option<bool>,
        /// Anything else, in your own words
        #[arg(hidden)]
        words: Words,
    },
    /// Films similar to one you name
    #[command(name = "similar")]
    Similar {
        /// The film to find similar ones to
        title: FilmRef,
    },
    /// Details about a film
    #[command(name = "movie", alias = "info")]
    Movie {
        /// The film to show
        title: FilmRef,
    },
    /// Search films by title or description
    #[command(name = "search")]
    Search {
        /// Words from a title, or a request like "90s heist"
        query: SearchQuery,
    },
    /// What's popular right now
    #[command(name = "trending", alias = "popular")]
    Trending {
        /// Trending today or this week
        window: Option<TrendWindow>,
    },
    /// Rate a film from 0.5 to 5 stars
    #[command(name = "rate")]
    Rate {
        /// The film you watched
        title: FilmRef,
        /// Your rating: 0.5 to 5 in half stars
        #[arg(required)]
        stars: Option<Stars>,
    },
    /// Where to stream, rent or buy a film
    #[command(name = "providers", alias = "where")]
    Providers {
        /// The film to look up
        title: FilmRef,
        /// Two-letter country code such as GB (default: yours)
        region: Option<Region>,
    },
    /// The streaming services you pay for, as toggles (only you see it)
    #[command(name = "services", private = true)]
    Services,
    /// Your watchlist (only you see it)
    #[command(name = "watchlist", private = true)]
    Watchlist,
    /// Your ratings and tastes as moviebot knows them (only you see it)
    #[command(name = "profile", private = true)]
    Profile,
    /// Ask in your own words, e.g. "90s action with Keanu Reeves"
    #[command(name = "ask")]
    Ask {
        /// What you'd like to watch
        text: Words,
    },
    /// Picks for this server's raters that none of them has rated yet
    #[command(name = "group")]
    Group,
    /// Plan a movie night here: members sign up, you pick the shortlist, everyone votes
    #[command(name = "movienight")]
    Movienight {
        /// What you're in the mood for
        mood: Option<Mood>,
        /// A genre to pick from
        genre: Option<Genre>,
        /// The longest film you'll watch, in minutes
        runtime: Option<Minutes>,
        /// When it starts, e.g. 90m or 2h: voting closes then
        starts_in: Option<StartsIn>,
    },
    /// How your taste compares with another member's (on Telegram, send it as a reply to them)
    #[command(name = "compare")]
    Compare {
        /// The member of this server to compare your taste with
        #[arg(required)]
        member: Option<Member>,
    },
    /// Delete everything moviebot stores about you (asks to confirm)
    #[command(name = "forgetme", private = true)]
    Forgetme,
    /// Import your ratings and watchlist from Letterboxd or IMDb (attach the export file)
    #[command(name = "import", private = true)]
    Import {
        /// Your Letterboxd export (.zip or .csv) or IMDb ratings/watchlist (.csv), 10 MB at most
        #[arg(required)]
        file: Option<Attachment>,
        /// Where the file comes from (found out from the file when left out)
        format: Option<ImportFormat>,
    },
    /// Everything moviebot stores about you, as files sent only to you
    #[command(name = "export", private = true)]
    Export,
    /// Link your accounts: get a code here, then send /link CODE on another platform
    #[command(name = "link", private = true)]
    Link {
        /// The code /link gave you on your other platform (leave out to get one)
        code: LinkCode,
    },
    /// Separate this account (or the one you name) from your linked accounts again
    #[command(name = "unlink", private = true)]
    Unlink {
        /// The platform whose account to separate (default: this one)
        platform: Option<Platform>,
    },
}

impl CommandName {
    /// The command called `name` (or one of its aliases), ignoring ASCII case.
    pub fn find(name: &str) -> Option<CommandName> {
        let name = name.trim().trim_start_matches('/');
        CommandName::ALL.iter().copied().find(|c| {
            let spec = c.spec();
            spec.name.eq_ignore_ascii_case(name)
                || spec.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
    }
}

impl Command {
    /// The declaration of the command called `name` (or an alias).
    pub fn find(name: &str) -> Option<&'static CommandSpec> {
        CommandName::find(name).map(CommandName::spec)
    }

    /// A command from the text after it (Telegram, the console): `/rate Heat 4.5` is
    /// `from_text("rate", "Heat 4.5")`.
    pub fn from_text(name: &str, text: &str) -> Result<Command, CommandError> {
        match CommandName::find(name) {
            Some(c) => text::parse(c, text.trim()),
            None => Err(CommandError::Unknown {
                name: name.trim().to_lowercase(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PublicMovieId;

    #[test]
    fn every_command_is_declared_with_help_text() {
        assert_eq!(Command::SPECS.len(), CommandName::ALL.len());
        for (spec, name) in Command::SPECS.iter().zip(CommandName::ALL) {
            assert_eq!(name.spec().name, spec.name);
            assert!((1..=100).contains(&spec.description().chars().count()));
            for a in spec.args {
                assert!((1..=100).contains(&a.description().chars().count()));
            }
        }
        let rate = Command::find("rate").unwrap();
        assert_eq!(rate.description(), "Rate a film from 0.5 to 5 stars");
        assert!(rate.arg("title").unwrap().required);
        // Required where a platform has forms; in text, a missing rating is asked for.
        assert!(rate.arg("stars").unwrap().required);
        assert!(Command::find("PICKS").is_some_and(|s| s.name == "recommend"));
        assert!(Command::find("profile").unwrap().private);
        assert!(!Command::find("rate").unwrap().private);
        assert_eq!(Command::find("start").unwrap().options().count(), 0);
    }

    #[test]
    fn options_become_typed_arguments() {
        let opts: BTreeMap<String, String> = [("title", "Heat"), ("stars", "4.5")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(
            Command::from_options("rate", &opts).unwrap(),
            Command::Rate {
                title: FilmRef("Heat".into()),
                stars: Stars::new(4.5),
            }
        );
        let bad: BTreeMap<String, String> = [("title".to_string(), "Heat".to_string())]
            .into_iter()
            .chain([("stars".to_string(), "4.3".to_string())])
            .collect();
        assert!(matches!(
            Command::from_options("rate", &bad),
            Err(CommandError::Invalid { ref arg, .. }) if arg == "stars"
        ));
        let mood: BTreeMap<String, String> = [("mood".to_string(), "feel-good".to_string())]
            .into_iter()
            .collect();
        assert!(matches!(
            Command::from_options("recommend", &mood).unwrap(),
            Command::Recommend {
                mood: Some(Mood::FeelGood),
                genre: None,
                ..
            }
        ));
        assert_eq!(
            Command::from_options("frobnicate", &BTreeMap::new()),
            Err(CommandError::Unknown {
                name: "frobnicate".into()
            })
        );
    }

    #[test]
    fn a_member_option_is_an_identified_user_and_words_only_name_someone() {
        let opts: BTreeMap<String, String> = [(
            "member".to_string(),
            Member::option_value("1500000000000000002", "bob \"the\" builder", false),
        )]
        .into_iter()
        .collect();
        assert_eq!(
            Command::from_options("compare", &opts).unwrap(),
            Command::Compare {
                member: Some(Member::User {
                    id: "1500000000000000002".into(),
                    name: "bob \"the\" builder".into(),
                    bot: false,
                })
            }
        );
        assert_eq!(
            Command::from_options("compare", &BTreeMap::new()).unwrap(),
            Command::Compare { member: None }
        );
        let spec = Command::find("compare").unwrap();
        assert!(matches!(spec.arg("member").unwrap().kind, ArgKind::Member));
        assert!(spec.arg("member").unwrap().required);
        // Typed text never identifies anyone, even when it looks like an option value.
        let forged = Member::option_value("7", "Eve", false);
        assert_eq!(
            Command::from_text("compare", &forged).unwrap(),
            Command::Compare {
                member: Some(Member::Named(forged))
            }
        );
        assert_eq!(
            Command::from_text("compare", " @ada ").unwrap(),
            Command::Compare {
                member: Some(Member::Named("@ada".into()))
            }
        );
        assert_eq!(
            Command::from_text("compare", "").unwrap(),
            Command::Compare { member: None }
        );
        for member in [
            Member::Named("Ada".into()),
            Member::User {
                id: "7".into(),
                name: "Eve".into(),
                bot: true,
            },
        ] {
            let compare = Command::Compare {
                member: Some(member),
            };
            let json = serde_json::to_value(&compare).unwrap();
            assert_eq!(json["command"], "compare");
            assert_eq!(serde_json::from_value::<Command>(json).unwrap(), compare);
        }
    }

    #[test]
    fn commands_serialize_with_their_name() {
        let json = serde_json::to_value(Command::Help).unwrap();
        assert_eq!(json["command"], "help");
        let start = Command::Start {
            payload: StartPayload {
                film: Some(PublicMovieId(550)),
            },
        };
        let json = serde_json::to_value(&start).unwrap();
        let back: Command = serde_json::from_value(json).unwrap();
        assert_eq!(back, start);
    }
}
