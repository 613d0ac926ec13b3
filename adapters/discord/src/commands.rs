//! Discord's slash commands, derived from the protocol's one declaration of them
//! (`moviebot_protocol::Command::SPECS`): names, descriptions from its doc comments, typed
//! options with their limits, choices and autocomplete.

use moviebot_protocol::Command;
use moviebot_protocol::command::{ArgKind, ArgSpec, CommandSpec};
use serenity::all::{CommandOptionType, CreateCommand, CreateCommandOption};

fn option(arg: &ArgSpec) -> CreateCommandOption {
    let description = arg.description();
    let option = match arg.kind {
        ArgKind::Text { min_len, max_len } => {
            let o = CreateCommandOption::new(CommandOptionType::String, arg.name, description);
            // Discord's minimum length is 0 by default; only a real minimum is worth sending.
            let o = if min_len > 1 {
                o.min_length(min_len)
            } else {
                o
            };
            o.max_length(max_len)
        }
        ArgKind::Number { min, max } => {
            CreateCommandOption::new(CommandOptionType::Number, arg.name, description)
                .min_number_value(min)
                .max_number_value(max)
        }
        ArgKind::Choice(choices) => choices().into_iter().fold(
            CreateCommandOption::new(CommandOptionType::String, arg.name, description),
            |o, c| o.add_string_choice(c.label, c.value),
        ),
        ArgKind::Attachment => {
            CreateCommandOption::new(CommandOptionType::Attachment, arg.name, description)
        }
        ArgKind::Boolean => {
            CreateCommandOption::new(CommandOptionType::Boolean, arg.name, description)
        }
        ArgKind::Member => CreateCommandOption::new(CommandOptionType::User, arg.name, description),
    };
    // Only what differs from Discord's defaults (optional, no autocomplete) is sent.
    match (arg.required, arg.autocomplete.is_some()) {
        (true, true) => option.required(true).set_autocomplete(true),
        (true, false) => option.required(true),
        (false, true) => option.set_autocomplete(true),
        (false, false) => option,
    }
}

fn command(spec: &CommandSpec) -> CreateCommand {
    spec.options().fold(
        CreateCommand::new(spec.name).description(spec.description()),
        |c, arg| c.add_option(option(arg)),
    )
}

/// Every command, as sent to Discord's bulk overwrite.
pub fn definitions() -> Vec<CreateCommand> {
    Command::SPECS.iter().map(command).collect()
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
                assert!(
                    Command::find(cmd)
                        .and_then(|s| s.arg(name))
                        .and_then(|a| a.autocomplete)
                        .is_some(),
                    "{cmd}.{name}"
                );
                assert_eq!(choices, 0, "{cmd}.{name}: autocomplete excludes choices");
            }
        }
    }

    #[test]
    fn every_command_and_option_is_described_within_limits() {
        let json = serde_json::to_value(definitions()).unwrap();
        let cmds = json.as_array().unwrap();
        assert_eq!(cmds.len(), Command::SPECS.len());
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
        let import = cmds.iter().find(|c| c["name"] == "import").unwrap();
        assert_eq!(import["options"][0]["type"], 11, "an attachment option");
        assert_eq!(import["options"][0]["required"], true);
        let compare = cmds.iter().find(|c| c["name"] == "compare").unwrap();
        assert_eq!(compare["options"][0]["name"], "member");
        assert_eq!(compare["options"][0]["type"], 6, "a user option");
        assert_eq!(compare["options"][0]["required"], true);
    }
}
