//! Telegram's side of the commands declared once in `moviebot_protocol::Command`: the menu
//! for setMyCommands (descriptions from the declaration's doc comments) and `/name@bot args`
//! messages parsed into typed commands.

use moviebot_protocol::{Command, CommandError};
use teloxide::types::BotCommand;

/// The menu for setMyCommands: every command, by its name (1–32 of `a-z 0-9 _`).
pub fn menu() -> Vec<BotCommand> {
    Command::SPECS
        .iter()
        .map(|spec| BotCommand::new(spec.name, spec.description()))
        .collect()
}

/// What a `/…` message amounts to.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// A command for us: typed, or why it is not understood (the core answers either).
    Command(Result<Command, CommandError>),
    /// `/cmd@otherbot`: another bot's business.
    OtherBot,
    /// Not a command at all.
    NotCommand,
}

/// Parses `text` as a command addressed to `bot_username` (or to no bot in particular).
pub fn parse(text: &str, bot_username: &str) -> Parsed {
    let text = text.trim_start();
    if !text.starts_with('/') || text.len() < 2 {
        return Parsed::NotCommand;
    }
    let (head, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let (name, bot) = head[1..].split_once('@').unwrap_or((&head[1..], ""));
    if !bot.is_empty() && !bot_username.is_empty() && !bot.eq_ignore_ascii_case(bot_username) {
        return Parsed::OtherBot;
    }
    if name.is_empty() {
        return Parsed::NotCommand;
    }
    let name = name.to_lowercase();
    let rest = if name == "start" {
        start_payload(rest)
    } else {
        rest.trim().to_owned()
    };
    Parsed::Command(Command::from_text(&name, &rest))
}

/// A `/start` deep-link payload (`t.me/bot?start=movie_550`): `movie_550`, `m550` and `550`
/// all mean film 550; anything else (a referral tag) passes through unchanged.
fn start_payload(payload: &str) -> String {
    let p = payload.trim();
    let id = p
        .strip_prefix("movie_")
        .or_else(|| p.strip_prefix("movie-"))
        .or_else(|| p.strip_prefix('m'))
        .unwrap_or(p);
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
        id.to_owned()
    } else {
        p.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use moviebot_protocol::command::{FilmRef, StartPayload};
    use moviebot_protocol::{PublicMovieId, Stars};

    use super::*;

    fn cmd(name: &str, args: &str) -> Parsed {
        Parsed::Command(Command::from_text(name, args))
    }

    #[test]
    fn parses_commands_for_this_bot_only() {
        assert_eq!(
            parse("/help", "MovieBot"),
            Parsed::Command(Ok(Command::Help))
        );
        assert_eq!(parse("/similar  Heat ", "MovieBot"), cmd("similar", "Heat"));
        assert_eq!(
            parse("/rate@moviebot Heat 4.5", "MovieBot"),
            Parsed::Command(Ok(Command::Rate {
                title: FilmRef("Heat".into()),
                stars: Stars::new(4.5)
            }))
        );
        assert_eq!(parse("/rate@OtherBot Heat 4", "MovieBot"), Parsed::OtherBot);
        assert_eq!(
            parse("/frobnicate x", "MovieBot"),
            Parsed::Command(Err(CommandError::Unknown {
                name: "frobnicate".into()
            }))
        );
        assert_eq!(parse("/frob@OtherBot", "MovieBot"), Parsed::OtherBot);
        assert_eq!(parse("hello", "MovieBot"), Parsed::NotCommand);
        assert_eq!(parse("/", "MovieBot"), Parsed::NotCommand);
    }

    #[test]
    fn start_payload_carries_a_movie_id() {
        let start = |film| {
            Parsed::Command(Ok(Command::Start {
                payload: StartPayload { film },
            }))
        };
        assert_eq!(
            parse("/start movie_550", "B"),
            start(Some(PublicMovieId(550)))
        );
        assert_eq!(parse("/start m550", "B"), start(Some(PublicMovieId(550))));
        assert_eq!(parse("/start ref-abc", "B"), start(None));
        assert_eq!(parse("/start", "B"), start(None));
    }

    #[test]
    fn every_command_is_in_the_menu_with_a_description() {
        let menu = menu();
        assert_eq!(menu.len(), Command::SPECS.len());
        assert!(menu.iter().all(|c| {
            (1..=256).contains(&c.description.chars().count())
                && !c.command.starts_with('/')
                && c.command.len() <= 32
        }));
        assert!(menu.iter().any(|c| c.command == "forgetme"));
    }
}
