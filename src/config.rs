//! Configuration: `bot.toml` (or `--config PATH`) merged with environment overrides, then
//! validated. Every failure is one line naming the file or variable, the key and what is
//! expected; secrets are held in `SecretString` and never printed.

mod env;
mod recommender;
mod secrets;
mod sections;

pub use recommender::*;
pub use secrets::SECRET_KEYS;
pub use sections::*;

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Where a setting came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built-in defaults only (no file found).
    Defaults,
    File(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Defaults => f.write_str("built-in defaults"),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A configuration error, already phrased as the one line the user sees.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// The whole configuration. Unknown keys are errors so typos are caught at start.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub database: DatabaseConfig,
    pub tmdb: TmdbConfig,
    pub discord: DiscordConfig,
    pub telegram: TelegramConfig,
    pub sidecar: SidecarConfig,
    pub recommender: RecommenderConfig,
    pub limits: LimitsConfig,
}

/// The loaded configuration with where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    pub origin: Origin,
    /// The environment variables that set a value, in the order applied.
    pub env_vars: Vec<String>,
    /// The secret settings whose value was read from a file (`discord.token`, ...).
    pub secret_files: Vec<String>,
}

impl Config {
    /// Loads `explicit` if given, else `./bot.toml` when present, else the defaults; then applies
    /// the process environment and validates.
    pub fn load(explicit: Option<&Path>) -> Result<Loaded, ConfigError> {
        let vars: Vec<(String, String)> = std::env::vars().collect();
        Self::load_with(explicit, Path::new("bot.toml"), &vars)
    }

    /// As [`Config::load`], with the fallback file and the environment given (for tests).
    pub fn load_with(
        explicit: Option<&Path>,
        fallback: &Path,
        vars: &[(String, String)],
    ) -> Result<Loaded, ConfigError> {
        let (origin, text) = match explicit {
            Some(path) => (Origin::File(path.into()), Some(read(path)?)),
            None if fallback.exists() => (Origin::File(fallback.into()), Some(read(fallback)?)),
            None => (Origin::Defaults, None),
        };
        Self::from_text(origin, text.as_deref(), vars)
    }

    /// The configuration in `text` (the file's contents; `None` without a file) with the
    /// environment `vars` applied, validated; `origin` names the file in errors.
    pub(crate) fn from_text(
        origin: Origin,
        text: Option<&str>,
        vars: &[(String, String)],
    ) -> Result<Loaded, ConfigError> {
        let mut table = match text {
            Some(t) => toml::from_str::<toml::Table>(t).map_err(|e| {
                ConfigError(format!(
                    "{origin}: not valid TOML: {}",
                    e.message().replace('\n', " ")
                ))
            })?,
            None => toml::Table::new(),
        };
        let applied = env::apply(&mut table, vars);
        // Where a key's value came from: the variable that set it, else the file (or the
        // defaults, with the variables that changed them, so the admin knows where to look).
        let source = |key: &str| {
            if let Some((_, var)) = applied.iter().find(|(k, _)| k == key) {
                return format!("environment variable {var}");
            }
            match &origin {
                Origin::Defaults if !applied.is_empty() => {
                    let vars: Vec<&str> = applied.iter().map(|(_, v)| v.as_str()).collect();
                    format!("built-in defaults with {}", vars.join(", "))
                }
                other => other.to_string(),
            }
        };
        // Secrets given as files (`token_file`, `MOVIEBOT_DISCORD__TOKEN_FILE`) become values;
        // an error about such a value names the file it came from.
        let from_files = secrets::resolve(&mut table, &source)?;
        let source = |key: &str| match from_files.iter().find(|f| f.key == key) {
            Some(f) => f.origin.clone(),
            None => source(key),
        };
        let config: Config =
            serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(|e| {
                let key = e.path().to_string();
                let source = source(&key);
                // serde's message may carry a second "in `section`" line: keep one line.
                let inner = e.inner().to_string();
                let first = inner.lines().next().unwrap_or_default();
                ConfigError(format!("{source}: {key}: {first}"))
            })?;
        config
            .validate()
            .map_err(|(key, msg)| ConfigError(format!("{}: {key}: {msg}", source(key))))?;
        Ok(Loaded {
            config,
            origin,
            env_vars: applied.into_iter().map(|(_, var)| var).collect(),
            secret_files: from_files.into_iter().map(|f| f.key).collect(),
        })
    }

    /// Cross-field checks serde cannot express. Returns (key, what is expected).
    fn validate(&self) -> Result<(), (&'static str, String)> {
        self.database.validate()?;
        self.tmdb.validate()?;
        self.discord.validate()?;
        self.telegram.validate()?;
        self.sidecar.validate()?;
        self.recommender.validate()?;
        self.limits.validate()?;
        Ok(())
    }
}

fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path)
        .map_err(|e| ConfigError(format!("{}: cannot read config file: {e}", path.display())))
}

#[cfg(test)]
mod tests;
