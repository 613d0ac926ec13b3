//! Secrets from files: every secret setting `KEY` also accepts `KEY_file`, the path of a file
//! holding the value — `token_file = "/run/secrets/discord_token"` in bot.toml,
//! `MOVIEBOT_DISCORD__TOKEN_FILE` or `DISCORD_TOKEN_FILE` in the environment (the `*_FILE`
//! convention of container platforms), `%d/...` with systemd's `LoadCredential=`.
//!
//! The file is read once at load; one trailing line break is not part of the value. Giving
//! both the value and the file is an error naming both; a file that cannot be read is an error
//! naming the file and the setting, never the contents.

use std::io::Read;
use std::path::Path;

use super::ConfigError;

/// The settings that may hold secrets, as (section, key).
pub const SECRET_KEYS: &[(&str, &str)] = &[
    ("database", "url"),
    ("tmdb", "api_key"),
    ("tmdb", "read_access_token"),
    ("discord", "token"),
    ("discord", "public_key"),
    ("telegram", "token"),
    ("telegram", "secret_token"),
    ("sidecar", "admin_token"),
];

/// Suffix of the setting that names a secret's file.
pub const FILE_SUFFIX: &str = "_file";

/// No secret is this long; a bigger file is the wrong file (or `/dev/zero`).
const MAX_SECRET_BYTES: u64 = 64 * 1024;

/// A value read from a file: the dotted key it set and how to name its origin in errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromFile {
    pub key: String,
    pub origin: String,
}

/// Replaces each `KEY_file` in `table` by `KEY` holding the file's contents. `source` names
/// where a dotted key's value came from (the config file or an environment variable).
pub fn resolve(
    table: &mut toml::Table,
    source: &dyn Fn(&str) -> String,
) -> Result<Vec<FromFile>, ConfigError> {
    let mut resolved = Vec::new();
    for (section, key) in SECRET_KEYS {
        let Some(toml::Value::Table(t)) = table.get_mut(*section) else {
            continue;
        };
        let file_key = format!("{key}{FILE_SUFFIX}");
        let Some(path) = t.remove(&file_key) else {
            continue;
        };
        let dotted = format!("{section}.{key}");
        let dotted_file = format!("{section}.{file_key}");
        let path = match path {
            toml::Value::String(p) => p,
            // An all-digit name from the environment arrives as a number.
            toml::Value::Integer(i) => i.to_string(),
            _ => {
                return Err(ConfigError(format!(
                    "{}: {dotted_file}: expected the path of a file holding {dotted}",
                    source(&dotted_file)
                )));
            }
        };
        // Empty means unset, as for the value itself (an empty `*_FILE` variable).
        if path.is_empty() {
            continue;
        }
        let has_value = match t.get(*key) {
            None => false,
            Some(toml::Value::String(s)) => !s.is_empty(),
            Some(_) => true,
        };
        if has_value {
            return Err(ConfigError(format!(
                "{dotted} is set ({}) and so is {dotted_file} ({}): give the value or the file, \
                 not both",
                source(&dotted),
                source(&dotted_file)
            )));
        }
        let value = read_secret(Path::new(&path)).map_err(|why| {
            ConfigError(format!(
                "{}: {dotted_file}: cannot read {path}: {why}",
                source(&dotted_file)
            ))
        })?;
        t.insert((*key).to_string(), toml::Value::String(value));
        resolved.push(FromFile {
            key: dotted,
            origin: format!(
                "file {path} (named by {dotted_file}, {})",
                source(&dotted_file)
            ),
        });
    }
    Ok(resolved)
}

/// The file's text without its trailing line break(s); errors say why, never what it holds.
fn read_secret(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_SECRET_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_SECRET_BYTES {
        return Err(format!(
            "longer than {} KiB, so not a secret",
            MAX_SECRET_BYTES / 1024
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    let value = text.trim_end_matches(['\n', '\r']);
    if value.is_empty() {
        return Err("the file is empty".into());
    }
    Ok(value.to_string())
}
