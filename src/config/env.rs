//! Environment overrides: `MOVIEBOT_<SECTION>__<KEY>` plus the conventional names
//! (`DATABASE_URL`, `TMDB_API_KEY`, `DISCORD_TOKEN`, `TELEGRAM_BOT_TOKEN`, and each with
//! `_FILE` for a secret kept in a file: see `secrets`).
//!
//! Only names of the `SECTION__KEY` shape are configuration, so test settings such as
//! `MOVIEBOT_TEST_POSTGRES_URL` pass through untouched.

/// Conventional variables and the key they set. The `MOVIEBOT_` form wins when both are set.
const CONVENTIONAL: &[(&str, &str, &str)] = &[
    ("DATABASE_URL", "database", "url"),
    ("TMDB_API_KEY", "tmdb", "api_key"),
    ("DISCORD_TOKEN", "discord", "token"),
    ("TELEGRAM_BOT_TOKEN", "telegram", "token"),
    // The `*_FILE` convention of container platforms: the value is in that file.
    ("DATABASE_URL_FILE", "database", "url_file"),
    ("TMDB_API_KEY_FILE", "tmdb", "api_key_file"),
    ("DISCORD_TOKEN_FILE", "discord", "token_file"),
    ("TELEGRAM_BOT_TOKEN_FILE", "telegram", "token_file"),
];

/// Applies overrides to `table`; returns `(dotted key, variable name)` for each one applied, so
/// an error can name the variable rather than the file.
pub fn apply(table: &mut toml::Table, vars: &[(String, String)]) -> Vec<(String, String)> {
    let mut applied = Vec::new();
    for (var, section, key) in CONVENTIONAL {
        if let Some((_, value)) = vars.iter().find(|(k, _)| k == var) {
            set(table, section, key, value);
            applied.push((format!("{section}.{key}"), var.to_string()));
        }
    }
    for (var, value) in vars {
        let Some(rest) = var.strip_prefix("MOVIEBOT_") else {
            continue;
        };
        let Some((section, key)) = rest.split_once("__") else {
            continue;
        };
        if section.is_empty() || key.is_empty() || key.contains("__") {
            continue;
        }
        let (section, key) = (section.to_ascii_lowercase(), key.to_ascii_lowercase());
        set(table, &section, &key, value);
        applied.retain(|(k, _)| *k != format!("{section}.{key}"));
        applied.push((format!("{section}.{key}"), var.clone()));
    }
    applied
}

fn set(table: &mut toml::Table, section: &str, key: &str, raw: &str) {
    let entry = table
        .entry(section.to_string())
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if let toml::Value::Table(t) = entry {
        t.insert(key.to_string(), scalar(raw));
    }
}

/// An environment value as the TOML scalar it spells (`8080`, `0.5`, `true`), else a string.
/// String-typed settings accept numbers too (see `sections::lenient_string`), so an all-digit
/// token still works.
fn scalar(raw: &str) -> toml::Value {
    let trimmed = raw.trim();
    if let Ok(i) = trimmed.parse::<i64>() {
        return toml::Value::Integer(i);
    }
    if let Ok(f) = trimmed.parse::<f64>()
        && f.is_finite()
        && trimmed.chars().any(|c| c.is_ascii_digit())
    {
        return toml::Value::Float(f);
    }
    match trimmed {
        "true" => toml::Value::Boolean(true),
        "false" => toml::Value::Boolean(false),
        _ if trimmed.starts_with('[') => toml::from_str::<toml::Table>(&format!("v = {trimmed}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or_else(|| toml::Value::String(raw.to_string())),
        _ => toml::Value::String(raw.to_string()),
    }
}
