//! Command arguments: what each argument type is (text, number, one of fixed choices), how a
//! platform should offer it, and how a value arrives as text from any platform.

use serde::{Deserialize, Serialize};

use crate::{CompletionField, Genre, Mood, Platform, PublicMovieId, Region, Stars};

/// One fixed choice of an argument: `label` is shown, `value` is sent back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub label: &'static str,
    pub value: &'static str,
}

/// How an argument is entered.
#[derive(Debug, Clone, Copy)]
pub enum ArgKind {
    /// Free text of `min_len..=max_len` characters.
    Text { min_len: u16, max_len: u16 },
    /// A number in `min..=max`.
    Number { min: f64, max: f64 },
    /// One of fixed choices (at most 25, Discord's limit).
    Choice(fn() -> Vec<Choice>),
    /// A file the user attaches (Discord's attachment option; on Telegram a document sent with
    /// the command as its caption). Text never carries one.
    Attachment,
    /// Yes or no (Discord's boolean option; in text "true"/"yes"/"on" or "false"/"no"/"off").
    Boolean,
    /// Another person in the conversation (Discord's user option; on Telegram the author of
    /// the message the command replies to, or a text mention). See [`Member`].
    Member,
}

/// Why an argument's value was refused (shown to the user after "Hmm, ").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{0}")]
pub struct ArgProblem(pub String);

/// A type a command argument can have.
pub trait Arg: Sized {
    const KIND: ArgKind;
    /// The completion a platform may offer while the user types it.
    const AUTOCOMPLETE: Option<CompletionField> = None;
    const REQUIRED: bool = true;

    /// The argument from its text (a Discord option value rendered as text, or the words of a
    /// Telegram/console command).
    fn parse(value: &str) -> Result<Self, ArgProblem>;

    /// The argument when it was not given. Required text arguments are empty rather than an
    /// error, so the core can ask for them in its own words ("Which film?"); the others are
    /// only ever taken as `Option`s, which are `None` when missing.
    fn missing() -> Result<Self, ArgProblem> {
        Err(ArgProblem("a value is needed".into()))
    }

    /// As [`Arg::parse`], or [`Arg::missing`] for no value or an empty one.
    fn from_value(value: Option<&str>) -> Result<Self, ArgProblem> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => Self::parse(v),
            None => Self::missing(),
        }
    }
}

impl<T: Arg> Arg for Option<T> {
    const KIND: ArgKind = T::KIND;
    const AUTOCOMPLETE: Option<CompletionField> = T::AUTOCOMPLETE;
    const REQUIRED: bool = false;

    fn parse(value: &str) -> Result<Self, ArgProblem> {
        T::parse(value).map(Some)
    }

    fn missing() -> Result<Self, ArgProblem> {
        Ok(None)
    }
}

/// Declares a text argument type: a string newtype with its length limits and completion.
macro_rules! text_arg {
    ($(#[doc = $doc:literal])+ $name:ident, $min:expr, $max:expr, $complete:expr) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl Arg for $name {
            const KIND: ArgKind = ArgKind::Text {
                min_len: $min,
                max_len: $max,
            };
            const AUTOCOMPLETE: Option<CompletionField> = $complete;

            fn parse(value: &str) -> Result<Self, ArgProblem> {
                Ok(Self(value.trim().to_owned()))
            }

            fn missing() -> Result<Self, ArgProblem> {
                Ok(Self::default())
            }
        }
    };
}

text_arg!(
    /// A film: a title ("Heat", "Heat (1995)") or the public id an autocomplete handed out.
    /// Empty when the user gave none.
    FilmRef, 1, 100, Some(CompletionField::Title)
);
text_arg!(
    /// Words to search titles for ("alien", or a request such as "90s heist").
    SearchQuery, 1, 200, None
);
text_arg!(
    /// A request in the user's own words.
    Words, 1, 500, None
);
text_arg!(
    /// A link code as the user typed it ("ABCD-EFGH"); the core reads and checks it. Empty
    /// when the user gave none (they want a code).
    LinkCode, 1, 32, None
);

/// The platforms a person can link (the REST API's users are linked by an admin's code).
impl Arg for Platform {
    const KIND: ArgKind = ArgKind::Choice(|| {
        [Platform::Discord, Platform::Telegram, Platform::Console]
            .iter()
            .map(|p| Choice {
                label: p.as_str(),
                value: p.as_str(),
            })
            .collect()
    });

    fn parse(value: &str) -> Result<Self, ArgProblem> {
        match value.trim().to_lowercase().as_str() {
            "terminal" => Ok(Platform::Console),
            v => v.parse().map_err(|_| {
                ArgProblem(format!(
                    "\"{value}\" isn't a platform (discord, telegram or console)"
                ))
            }),
        }
    }
}

impl Arg for bool {
    const KIND: ArgKind = ArgKind::Boolean;

    fn parse(value: &str) -> Result<Self, ArgProblem> {
        match value.trim().to_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => Ok(true),
            "false" | "no" | "off" | "0" => Ok(false),
            _ => Err(ArgProblem(format!("\"{value}\" isn't yes or no"))),
        }
    }
}

impl Arg for Stars {
    const KIND: ArgKind = ArgKind::Number { min: 0.5, max: 5.0 };

    fn parse(value: &str) -> Result<Self, ArgProblem> {
        let v = value.trim().trim_end_matches(['★', '*']);
        let number: f64 = v
            .parse()
            .map_err(|_| ArgProblem(format!("\"{value}\" isn't a number of stars")))?;
        Stars::exact(number).map_err(|e| ArgProblem(e.to_string()))
    }
}

impl Arg for Region {
    const KIND: ArgKind = ArgKind::Text {
        min_len: 2,
        max_len: 2,
    };
    const AUTOCOMPLETE: Option<CompletionField> = Some(CompletionField::Region);

    fn parse(value: &str) -> Result<Self, ArgProblem> {
        Region::parse(value.trim()).ok_or_else(|| {
            ArgProblem(format!(
                "\"{value}\" isn't a two-letter country code such as GB"
            ))
        })
    }
}

impl Arg for Genre {
    const KIND: ArgKind = ArgKind::Choice(|| {
        Genre::ALL
            .iter()
            .map(|g| Choice {
                label: g.name(),
                value: g.name(),
            })
            .collect()
    });

    fn parse(value: &str) -> Result<Self, ArgProblem> {
        Genre::from_name(value).ok_or_else(|| ArgProblem(format!("I don't know the genre {value}")))
    }
}

impl Arg for Mood {
    const KIND: ArgKind = ArgKind::Choice(|| {
        Mood::ALL
            .iter()
            .map(|m| Choice {
                label: m.label(),
                value: m.label(),
            })
            .collect()
    });

    fn parse(value: &str) -> Result<Self, ArgProblem> {
        Mood::from_name(value).ok_or_else(|| ArgProblem(format!("I don't know the mood {value}")))
    }
}

/// A decade such as the 1990s, by its first year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Decade(pub u16);

impl Decade {
    /// The decades offered as choices.
    const LABELS: [&'static str; 11] = [
        "1920s", "1930s", "1940s", "1950s", "1960s", "1970s", "1980s", "1990s", "2000s", "2010s",
        "2020s",
    ];

    /// "1990s".
    pub fn label(self) -> String {
        format!("{}s", self.0)
    }
}

impl Arg for Decade {
    const KIND: ArgKind = ArgKind::Choice(|| {
        Decade::LABELS
            .iter()
            .map(|l| Choice { label: l, value: l })
            .collect()
    });

    fn parse(value: &str) -> Result<Self, ArgProblem> {
        let digits = value.trim().trim_end_matches(['s', 'S']);
        match digits.parse::<u16>() {
            Ok(y) if (1870..=2100).contains(&y) && y % 10 == 0 => Ok(Decade(y)),
            _ => Err(ArgProblem(format!(
                "\"{value}\" isn't a decade such as 1990s"
            ))),
        }
    }
}

/// What "trending" covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendWindow {
    Day,
    #[default]
    Week,
}

impl Arg for TrendWindow {
    const KIND: ArgKind = ArgKind::Choice(|| {
        vec![
            Choice {
                label: "today",
                value: "day",
            },
            Choice {
                label: "this week",
                value: "week",
            },
        ]
    });

    /// Lenient on purpose: anything but "day"/"today" means the week.
    fn parse(value: &str) -> Result<Self, ArgProblem> {
        Ok(match value.trim().to_lowercase().as_str() {
            "day" | "today" => TrendWindow::Day,
            _ => TrendWindow::Week,
        })
    }

    fn missing() -> Result<Self, ArgProblem> {
        Ok(TrendWindow::Week)
    }
}

/// `/start`'s payload: a film to open (Telegram deep links, `t.me/bot?start=550`); any other
/// payload (a referral tag) is kept but opens nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartPayload {
    pub film: Option<PublicMovieId>,
}

impl Arg for StartPayload {
    const KIND: ArgKind = ArgKind::Text {
        min_len: 1,
        max_len: 64,
    };

    fn parse(value: &str) -> Result<Self, ArgProblem> {
        Ok(StartPayload {
            film: value.parse().ok(),
        })
    }

    fn missing() -> Result<Self, ArgProblem> {
        Ok(StartPayload::default())
    }
}

/// An attached file, by the name its platform gave (Discord's option value is the attachment
/// id until the adapter has downloaded it). The bytes travel in
/// [`IncomingEvent::uploads`](crate::IncomingEvent::uploads).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Attachment(pub String);

impl Arg for Attachment {
    const KIND: ArgKind = ArgKind::Attachment;

    fn parse(value: &str) -> Result<Self, ArgProblem> {
        Ok(Attachment(value.trim().to_owned()))
    }
}

/// Where an imported file comes from; detected from the file when not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    Letterboxd,
    Imdb,
    /// moviebot's own export (JSON).
    Moviebot,
}

impl ImportFormat {
    pub const ALL: [ImportFormat; 3] = [
        ImportFormat::Letterboxd,
        ImportFormat::Imdb,
        ImportFormat::Moviebot,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::Letterboxd => "letterboxd",
            ImportFormat::Imdb => "imdb",
            ImportFormat::Moviebot => "moviebot",
        }
    }

    fn label(self) -> &'static str {
        match self {
            ImportFormat::Letterboxd => "Letterboxd",
            ImportFormat::Imdb => "IMDb",
            ImportFormat::Moviebot => "moviebot export",
        }
    }
}

impl Arg for ImportFormat {
    const KIND: ArgKind = ArgKind::Choice(|| {
        ImportFormat::ALL
            .iter()
            .map(|f| Choice {
                label: f.label(),
                value: f.name(),
            })
            .collect()
    });

    fn parse(value: &str) -> Result<Self, ArgProblem> {
        let v = value.trim().to_lowercase();
        ImportFormat::ALL
            .into_iter()
            .find(|f| f.name() == v || f.label().to_lowercase() == v)
            .ok_or_else(|| {
                ArgProblem(format!(
                    "\"{value}\" isn't a format I import (letterboxd, imdb or moviebot)"
                ))
            })
    }
}

/// A runtime limit in minutes ("120", "120min").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Minutes(pub u16);

impl Minutes {
    pub const MIN: u16 = 30;
    pub const MAX: u16 = 400;
}

impl Arg for Minutes {
    const KIND: ArgKind = ArgKind::Number {
        min: Minutes::MIN as f64,
        max: Minutes::MAX as f64,
    };

    fn parse(value: &str) -> Result<Self, ArgProblem> {
        let v = value.trim().to_lowercase();
        let digits = v
            .trim_end_matches("minutes")
            .trim_end_matches("mins")
            .trim_end_matches("min")
            .trim_end_matches('m')
            .trim();
        match digits.parse::<f64>() {
            Ok(n) if n.fract() == 0.0 && (Self::MIN as f64..=Self::MAX as f64).contains(&n) => {
                Ok(Minutes(n as u16))
            }
            _ => Err(ArgProblem(format!(
                "\"{value}\" isn't a runtime between {} and {} minutes",
                Self::MIN,
                Self::MAX
            ))),
        }
    }
}

/// How long until something starts, in minutes: "90", "90m", "2h", "1h30", "1h 30m", "in 2
/// hours". At most a week ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StartsIn(pub u32);

impl StartsIn {
    pub const MAX_MINUTES: u32 = 7 * 24 * 60;

    /// The duration in `text`, if it is one (used for words in a text command too).
    pub fn read(text: &str) -> Option<StartsIn> {
        let t = text.trim().to_lowercase();
        let t = t.strip_prefix("in ").unwrap_or(&t).replace(' ', "");
        if t.is_empty() {
            return None;
        }
        let mut minutes: u32 = 0;
        let mut number = String::new();
        let mut saw_unit = false;
        let mut rest = t.as_str();
        while let Some(c) = rest.chars().next() {
            if c.is_ascii_digit() {
                number.push(c);
                rest = &rest[1..];
                continue;
            }
            let n: u32 = number.parse().ok()?;
            number.clear();
            let unit_len = ["hours", "hour", "hrs", "hr", "h"]
                .iter()
                .find(|u| rest.starts_with(*u))
                .map(|u| (u.len(), 60))
                .or_else(|| {
                    ["minutes", "minute", "mins", "min", "m"]
                        .iter()
                        .find(|u| rest.starts_with(*u))
                        .map(|u| (u.len(), 1))
                });
            let (len, per) = unit_len?;
            minutes = minutes.checked_add(n.checked_mul(per)?)?;
            rest = &rest[len..];
            saw_unit = true;
        }
        if !number.is_empty() {
            let n: u32 = number.parse().ok()?;
            // "1h30": minutes after hours; a bare number is minutes.
            minutes = minutes.checked_add(n)?;
        }
        let _ = saw_unit;
        (1..=Self::MAX_MINUTES)
            .contains(&minutes)
            .then_some(StartsIn(minutes))
    }
}

impl Arg for StartsIn {
    const KIND: ArgKind = ArgKind::Text {
        min_len: 1,
        max_len: 20,
    };

    fn parse(value: &str) -> Result<Self, ArgProblem> {
        StartsIn::read(value).ok_or_else(|| {
            ArgProblem(format!(
                "\"{value}\" isn't a time from now such as 90m or 2h (at most a week)"
            ))
        })
    }
}

#[cfg(test)]
mod time_arg_tests {
    use super::*;

    #[test]
    fn minutes_and_starts_in_read_like_people_write_them() {
        assert_eq!(Minutes::parse("120").unwrap(), Minutes(120));
        assert_eq!(Minutes::parse("95min").unwrap(), Minutes(95));
        assert!(Minutes::parse("10").is_err());
        assert!(Minutes::parse("12.5").is_err());
        assert_eq!(StartsIn::read("90"), Some(StartsIn(90)));
        assert_eq!(StartsIn::read("90m"), Some(StartsIn(90)));
        assert_eq!(StartsIn::read("2h"), Some(StartsIn(120)));
        assert_eq!(StartsIn::read("1h30"), Some(StartsIn(90)));
        assert_eq!(StartsIn::read("1h 30m"), Some(StartsIn(90)));
        assert_eq!(StartsIn::read("in 2 hours"), Some(StartsIn(120)));
        assert_eq!(StartsIn::read("0"), None);
        assert_eq!(StartsIn::read("tonight"), None);
        assert_eq!(StartsIn::read("9999h"), None);
        assert_eq!(StartsIn::read("h"), None);
    }
}
/// Another person a command is about (`/compare`), as the platform identified them.
///
/// Discord sends a user option's value as the user's id and the user (and their server
/// nickname) in the interaction's resolved data; the adapter folds them into one option value
/// with [`Member::option_value`]. Telegram identifies a person by the message a command
/// replies to or by a text mention; words alone ("@ada", "Ada") only name someone, and
/// Telegram gives bots no way to look a username up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Member {
    /// Someone the platform identified: their platform id (as in
    /// [`PlatformUser::id`](crate::PlatformUser::id)), the name it shows for them, and
    /// whether the account is a bot.
    User { id: String, name: String, bot: bool },
    /// Only words naming someone; the platform did not say who.
    Named(String),
}

impl Member {
    /// A platform-identified person as an option value for
    /// [`Command::from_options`](crate::Command::from_options): a JSON object, read back by
    /// [`Arg::parse`].
    pub fn option_value(id: &str, name: &str, bot: bool) -> String {
        serde_json::json!({"id": id, "name": name, "bot": bot}).to_string()
    }

    /// The name to address them by.
    pub fn name(&self) -> &str {
        match self {
            Member::User { name, .. } | Member::Named(name) => name,
        }
    }
}

impl Arg for Member {
    const KIND: ArgKind = ArgKind::Member;

    /// An [`Member::option_value`] object is an identified user; anything else is a name.
    fn parse(value: &str) -> Result<Self, ArgProblem> {
        #[derive(Deserialize)]
        struct Identified {
            id: String,
            name: String,
            bot: bool,
        }
        let value = value.trim();
        Ok(match serde_json::from_str::<Identified>(value) {
            Ok(u) if !u.id.is_empty() => Member::User {
                id: u.id,
                name: u.name,
                bot: u.bot,
            },
            _ => Member::Named(value.to_owned()),
        })
    }
}
