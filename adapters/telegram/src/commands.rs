//! The bot's commands, declared once: the `BotCommands` derive registers them with
//! setMyCommands (descriptions are the menu text) and parses `/name@bot args`.

use teloxide::types::BotCommand;
use teloxide::utils::command::{BotCommands, ParseError};

/// The menu for setMyCommands. The derive writes names with their slash ("/start"); the Bot
/// API wants 1–32 of `a-z 0-9 _`, so the slash goes.
pub fn menu() -> Vec<BotCommand> {
    Command::bot_commands()
        .into_iter()
        .map(|c| BotCommand::new(c.command.trim_start_matches('/'), c.description))
        .collect()
}

/// The commands moviebot answers. Every one takes the rest of the line as free text, so an
/// unexpected argument never turns a command into an error.
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(
    rename_rule = "lowercase",
    description = "moviebot finds films you'll like:"
)]
pub enum Command {
    #[command(description = "welcome and examples")]
    Start(String),
    #[command(description = "what I can do")]
    Help(String),
    #[command(description = "personal picks (optionally: a mood, genre or decade)")]
    Recommend(String),
    #[command(description = "films like a title: /similar Heat")]
    Similar(String),
    #[command(description = "a film's card: /movie Heat")]
    Movie(String),
    #[command(description = "search titles: /search alien")]
    Search(String),
    #[command(description = "trending films (day or week)")]
    Trending(String),
    #[command(description = "rate a film: /rate Heat 4.5")]
    Rate(String),
    #[command(description = "where to watch: /providers Dune GB")]
    Providers(String),
    #[command(description = "your watchlist")]
    Watchlist(String),
    #[command(description = "your ratings and tastes")]
    Profile(String),
    #[command(description = "picks for everyone in this group")]
    Group(String),
    #[command(description = "ask in plain words: /ask 90s sci-fi")]
    Ask(String),
    #[command(description = "delete everything stored about you")]
    Forgetme(String),
}

impl Command {
    /// The core's command name and the argument text.
    pub fn into_parts(self) -> (&'static str, String) {
        let (name, args) = match self {
            Command::Start(a) => ("start", start_payload(&a)),
            Command::Help(a) => ("help", a),
            Command::Recommend(a) => ("recommend", a),
            Command::Similar(a) => ("similar", a),
            Command::Movie(a) => ("movie", a),
            Command::Search(a) => ("search", a),
            Command::Trending(a) => ("trending", a),
            Command::Rate(a) => ("rate", a),
            Command::Providers(a) => ("providers", a),
            Command::Watchlist(a) => ("watchlist", a),
            Command::Profile(a) => ("profile", a),
            Command::Group(a) => ("group", a),
            Command::Ask(a) => ("ask", a),
            Command::Forgetme(a) => ("forgetme", a),
        };
        (name, args.trim().to_owned())
    }
}

/// What a `/…` message amounts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// A command for us (known or not: the core answers unknown ones helpfully).
    Command { name: String, args: String },
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
    match Command::parse(text, bot_username) {
        Ok(cmd) => {
            let (name, args) = cmd.into_parts();
            return Parsed::Command {
                name: name.into(),
                args,
            };
        }
        Err(ParseError::WrongBotName(_)) if !bot_username.is_empty() => return Parsed::OtherBot,
        Err(_) => {}
    }
    // Unknown (or unparsable) command: split it ourselves so the core can answer.
    let (head, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let (name, bot) = head[1..].split_once('@').unwrap_or((&head[1..], ""));
    if !bot.is_empty() && !bot_username.is_empty() && !bot.eq_ignore_ascii_case(bot_username) {
        return Parsed::OtherBot;
    }
    if name.is_empty() {
        return Parsed::NotCommand;
    }
    Parsed::Command {
        name: name.to_lowercase(),
        args: rest.trim().to_owned(),
    }
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
    use super::*;

    fn cmd(name: &str, args: &str) -> Parsed {
        Parsed::Command {
            name: name.into(),
            args: args.into(),
        }
    }

    #[test]
    fn parses_commands_for_this_bot_only() {
        assert_eq!(parse("/help", "MovieBot"), cmd("help", ""));
        assert_eq!(parse("/similar  Heat ", "MovieBot"), cmd("similar", "Heat"));
        assert_eq!(
            parse("/rate@moviebot Heat 4.5", "MovieBot"),
            cmd("rate", "Heat 4.5")
        );
        assert_eq!(parse("/rate@OtherBot Heat 4", "MovieBot"), Parsed::OtherBot);
        assert_eq!(parse("/frobnicate x", "MovieBot"), cmd("frobnicate", "x"));
        assert_eq!(parse("/frob@OtherBot", "MovieBot"), Parsed::OtherBot);
        assert_eq!(parse("hello", "MovieBot"), Parsed::NotCommand);
        assert_eq!(parse("/", "MovieBot"), Parsed::NotCommand);
    }

    #[test]
    fn start_payload_carries_a_movie_id() {
        assert_eq!(parse("/start movie_550", "B"), cmd("start", "550"));
        assert_eq!(parse("/start m550", "B"), cmd("start", "550"));
        assert_eq!(parse("/start ref-abc", "B"), cmd("start", "ref-abc"));
        assert_eq!(parse("/start", "B"), cmd("start", ""));
    }

    #[test]
    fn every_command_is_registered_with_a_description() {
        let cmds = Command::bot_commands();
        assert_eq!(cmds.len(), 14);
        assert!(cmds.iter().all(|c| !c.description.is_empty()));
        assert!(
            cmds.iter()
                .any(|c| c.command == "/forgetme" || c.command == "forgetme")
        );
    }
}
