//! The slash commands moviebot registers, declared once (names and option names are the ones
//! the chat core reads), and which of them answer privately.

use moviebot_protocol::{CompletionField, Genre};
use serenity::all::{CommandOptionType, CreateCommand, CreateCommandOption};

/// Moods the core understands (its mood words).
pub const MOODS: [&str; 10] = [
    "feel-good",
    "funny",
    "scary",
    "romantic",
    "suspenseful",
    "sad",
    "mind-bending",
    "epic",
    "dark",
    "relaxing",
];

/// Decades offered by `/recommend decade:` (the core parses "from the 1990s").
pub const DECADES: [&str; 11] = [
    "1920s", "1930s", "1940s", "1950s", "1960s", "1970s", "1980s", "1990s", "2000s", "2010s",
    "2020s",
];

/// Commands whose answers only the asker should see. Decided before the core answers, because
/// a deferred response fixes its visibility.
pub const PERSONAL: [&str; 3] = ["profile", "watchlist", "forgetme"];

fn string(name: &str, description: &str) -> CreateCommandOption {
    CreateCommandOption::new(CommandOptionType::String, name, description)
}

fn title(description: &str) -> CreateCommandOption {
    string("title", description)
        .required(true)
        .set_autocomplete(true)
        .max_length(100)
}

/// Every command, as sent to Discord's bulk overwrite.
pub fn definitions() -> Vec<CreateCommand> {
    let genre = Genre::ALL
        .iter()
        .fold(string("genre", "A genre to pick from"), |opt, g| {
            opt.add_string_choice(g.name(), g.name())
        });
    let mood = MOODS
        .iter()
        .fold(string("mood", "What you're in the mood for"), |opt, m| {
            opt.add_string_choice(*m, *m)
        });
    let decade = DECADES
        .iter()
        .fold(string("decade", "Only films from this decade"), |opt, d| {
            opt.add_string_choice(*d, *d)
        });
    vec![
        CreateCommand::new("start").description("Say hello and pick a few genres you like"),
        CreateCommand::new("help").description("What moviebot can do"),
        CreateCommand::new("recommend")
            .description("Films picked for you, optionally by genre, mood or decade")
            .add_option(genre)
            .add_option(mood)
            .add_option(decade),
        CreateCommand::new("similar")
            .description("Films similar to one you name")
            .add_option(title("The film to find similar ones to")),
        CreateCommand::new("movie")
            .description("Details about a film")
            .add_option(title("The film to show")),
        CreateCommand::new("search")
            .description("Search films by title or description")
            .add_option(
                string(
                    "query",
                    "Words from a title, or a request like \"90s heist\"",
                )
                .required(true)
                .max_length(200),
            ),
        CreateCommand::new("trending")
            .description("What's popular right now")
            .add_option(
                string("window", "Trending today or this week")
                    .add_string_choice("today", "day")
                    .add_string_choice("this week", "week"),
            ),
        CreateCommand::new("rate")
            .description("Rate a film from 0.5 to 5 stars")
            .add_option(title("The film you watched"))
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::Number,
                    "stars",
                    "Your rating: 0.5 to 5 in half stars",
                )
                .required(true)
                .min_number_value(0.5)
                .max_number_value(5.0),
            ),
        CreateCommand::new("providers")
            .description("Where to stream, rent or buy a film")
            .add_option(title("The film to look up"))
            .add_option(
                string(
                    "region",
                    "Two-letter country code such as GB (default: yours)",
                )
                .set_autocomplete(true)
                .min_length(2)
                .max_length(2),
            ),
        CreateCommand::new("watchlist").description("Your watchlist (only you see it)"),
        CreateCommand::new("profile")
            .description("Your ratings and tastes as moviebot knows them (only you see it)"),
        CreateCommand::new("ask")
            .description("Ask in your own words, e.g. \"90s action with Keanu Reeves\"")
            .add_option(
                string("text", "What you'd like to watch")
                    .required(true)
                    .max_length(500),
            ),
        CreateCommand::new("group")
            .description("Picks for this server's raters that none of them has rated yet"),
        CreateCommand::new("forgetme")
            .description("Delete everything moviebot stores about you (asks to confirm)"),
    ]
}

/// Which completion an autocompleted option asks for.
pub fn completion_field(option: &str) -> Option<CompletionField> {
    match option {
        "title" => Some(CompletionField::Title),
        "region" => Some(CompletionField::Region),
        "genre" => Some(CompletionField::Genre),
        "person" => Some(CompletionField::Person),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn check_options(cmd: &str, options: &[Value]) {
        assert!(options.len() <= 25, "{cmd}: too many options");
        for o in options {
            let name = o["name"].as_str().unwrap();
            let desc = o["description"].as_str().unwrap_or_default();
            assert!((1..=100).contains(&desc.chars().count()), "{cmd}.{name}");
            assert!(
                name.len() <= 32 && name == name.to_lowercase(),
                "{cmd}.{name}"
            );
            let choices = o["choices"].as_array().map(Vec::len).unwrap_or(0);
            assert!(choices <= 25, "{cmd}.{name}: {choices} choices");
            if o["autocomplete"] == true {
                assert!(completion_field(name).is_some(), "{cmd}.{name}");
                assert_eq!(choices, 0, "{cmd}.{name}: autocomplete excludes choices");
            }
        }
    }

    #[test]
    fn every_command_and_option_is_described_within_limits() {
        let json = serde_json::to_value(definitions()).unwrap();
        let cmds = json.as_array().unwrap();
        assert_eq!(cmds.len(), 14);
        for c in cmds {
            let name = c["name"].as_str().unwrap();
            assert!((1..=32).contains(&name.len()) && name == name.to_lowercase());
            let desc = c["description"].as_str().unwrap();
            assert!((1..=100).contains(&desc.chars().count()), "{name}");
            check_options(
                name,
                c["options"].as_array().map(Vec::as_slice).unwrap_or(&[]),
            );
        }
        let rate = cmds.iter().find(|c| c["name"] == "rate").unwrap();
        assert_eq!(rate["options"][1]["min_value"], 0.5);
        assert_eq!(rate["options"][1]["max_value"], 5.0);
        assert_eq!(rate["options"][1]["type"], 10);
    }
}
