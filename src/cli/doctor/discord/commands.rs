//! The registered slash commands against the ones `moviebot run` registers (derived from
//! `Command::SPECS` by `moviebot_discord::commands::definitions`). Discord echoes a command
//! with its own fields (ids, version, defaults made explicit), so both sides are compared on
//! what we send: names, descriptions, types and options, with Discord's defaults filled in.

use serde_json::{Value, json};

use super::Api;
use crate::cli::doctor::Report;
use crate::config::DiscordConfig;

const REGISTER: &str = "start `moviebot run` once: it registers the commands at start-up \
                        (bulk overwrite)";

pub async fn check(report: &mut Report, api: &Api<'_>, config: &DiscordConfig) {
    let app = config.application_id.unwrap_or(0);
    let (path, scope) = match config.guild_id {
        Some(guild) => (
            format!("/applications/{app}/guilds/{guild}/commands"),
            format!("in guild {guild}"),
        ),
        None => (
            format!("/applications/{app}/commands"),
            "globally".to_string(),
        ),
    };
    let Some(registered) = api.get(report, "discord.commands", &path).await else {
        return;
    };
    let registered = registered.as_array().cloned().unwrap_or_default();
    let expected = serde_json::to_value(moviebot_discord::commands::definitions())
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    let diff = compare(&expected, &registered);
    if registered.is_empty() {
        report.fail(
            "discord.commands",
            format!("no slash commands registered {scope}"),
            REGISTER,
        );
    } else if !diff.missing.is_empty() || !diff.stale.is_empty() {
        let mut parts = Vec::new();
        if !diff.missing.is_empty() {
            parts.push(format!("missing {}", slashed(&diff.missing)));
        }
        if !diff.stale.is_empty() {
            parts.push(format!("out of date {}", slashed(&diff.stale)));
        }
        report.fail(
            "discord.commands",
            format!(
                "{} of moviebot's {} commands registered {scope}: {}",
                expected.len() - diff.missing.len(),
                expected.len(),
                parts.join("; ")
            ),
            REGISTER,
        );
    } else if !diff.extra.is_empty() {
        report.warn(
            "discord.commands",
            format!(
                "all {} commands registered {scope} and up to date, plus {} that moviebot does \
                 not define",
                expected.len(),
                slashed(&diff.extra)
            ),
            "the next `moviebot run` removes them (bulk overwrite); nothing to do unless \
             another bot shares this application",
        );
    } else {
        report.ok(
            "discord.commands",
            format!(
                "all {} commands registered {scope} and up to date",
                expected.len()
            ),
        );
    }
}

fn slashed(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("/{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Command names by how they differ.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Diff {
    pub missing: Vec<String>,
    pub stale: Vec<String>,
    pub extra: Vec<String>,
}

/// Compares command lists by name, each command on its comparable fields.
pub fn compare(expected: &[Value], registered: &[Value]) -> Diff {
    let name = |c: &Value| c["name"].as_str().unwrap_or_default().to_string();
    let mut diff = Diff::default();
    for e in expected {
        match registered.iter().find(|r| name(r) == name(e)) {
            None => diff.missing.push(name(e)),
            Some(r) if comparable(r) != comparable(e) => diff.stale.push(name(e)),
            Some(_) => {}
        }
    }
    for r in registered {
        if !expected.iter().any(|e| name(e) == name(r)) {
            diff.extra.push(name(r));
        }
    }
    diff
}

/// A command as we define it, with Discord's defaults filled in.
fn comparable(command: &Value) -> Value {
    json!({
        "name": command["name"],
        "description": command["description"].as_str().unwrap_or_default(),
        "type": command["type"].as_u64().unwrap_or(1),
        "options": options(&command["options"]),
    })
}

fn options(options: &Value) -> Vec<Value> {
    let Some(list) = options.as_array() else {
        return Vec::new();
    };
    list.iter()
        .map(|o| {
            let choices: Vec<Value> = o["choices"]
                .as_array()
                .map(|c| c.iter().map(|c| json!([c["name"], c["value"]])).collect())
                .unwrap_or_default();
            json!({
                "type": o["type"],
                "name": o["name"],
                "description": o["description"].as_str().unwrap_or_default(),
                "required": o["required"].as_bool().unwrap_or(false),
                "autocomplete": o["autocomplete"].as_bool().unwrap_or(false),
                "choices": choices,
                "min_value": o["min_value"].as_f64(),
                "max_value": o["max_value"].as_f64(),
                "min_length": o["min_length"].as_u64(),
                "max_length": o["max_length"].as_u64(),
                "options": self::options(&o["options"]),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours() -> Vec<Value> {
        serde_json::to_value(moviebot_discord::commands::definitions())
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    /// What Discord answers for a command it stored: our fields plus its own, defaults
    /// spelled out (`required: false`, `type: 1`), numbers as it keeps them.
    fn as_discord_echoes(c: &Value, id: u64) -> Value {
        let mut c = c.clone();
        c["id"] = json!(id.to_string());
        c["application_id"] = json!("1");
        c["version"] = json!("1");
        c["type"] = json!(1);
        c["default_member_permissions"] = Value::Null;
        c["nsfw"] = json!(false);
        if let Some(opts) = c["options"].as_array_mut() {
            for o in opts {
                if o.get("required").is_none() {
                    o["required"] = json!(false);
                }
            }
        }
        c
    }

    #[test]
    fn discords_echo_of_our_commands_is_up_to_date() {
        let expected = ours();
        let registered: Vec<Value> = expected
            .iter()
            .enumerate()
            .map(|(i, c)| as_discord_echoes(c, i as u64))
            .collect();
        assert_eq!(compare(&expected, &registered), Diff::default());
    }

    #[test]
    fn missing_changed_and_foreign_commands_are_told_apart() {
        let expected = ours();
        let mut registered: Vec<Value> = expected[1..].to_vec();
        registered[0]["description"] = json!("an older wording");
        registered.push(json!({"name": "legacy", "description": "old", "type": 1}));
        let diff = compare(&expected, &registered);
        assert_eq!(diff.missing, vec![expected[0]["name"].as_str().unwrap()]);
        assert_eq!(diff.stale, vec![expected[1]["name"].as_str().unwrap()]);
        assert_eq!(diff.extra, vec!["legacy"]);
    }

    #[test]
    fn a_changed_option_limit_is_out_of_date() {
        let expected = ours();
        let rate = expected.iter().position(|c| c["name"] == "rate").unwrap();
        let mut registered = expected.clone();
        registered[rate]["options"][1]["max_value"] = json!(10);
        assert_eq!(compare(&expected, &registered).stale, vec!["rate"]);
    }
}
