//! `moviebot doctor`: checks what a running bot depends on — the configuration, the database,
//! TMDb, Discord and Telegram — and prints one line per check (`ok`, `warn` or `FAIL`, what
//! was checked, and for a problem what to change), then a summary.
//!
//! Exit code: 0 when nothing failed (warnings do not fail), 1 when a check failed, 2 when the
//! configuration cannot be loaded. Every HTTP call goes through the configured base URLs with
//! a short timeout, and nothing is changed anywhere but the database's write-check timestamp.
//!
//! One file per family of checks: [`database`], [`tmdb`], [`discord`], [`telegram`]; [`http`]
//! is their shared short-timeout client.

pub(super) mod database;
mod discord;
mod http;
mod telegram;
mod tmdb;

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use clap::Args;
use secrecy::ExposeSecret;

use super::ExitStatus;
use crate::config::{Config, DiscordMode, Loaded, Origin, TelegramMode};

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Seconds to wait for each remote service (TMDb, Discord, Telegram) and the database.
    #[arg(long, default_value_t = 5, value_name = "SECS",
        value_parser = clap::value_parser!(u64).range(1..=120))]
    pub timeout: u64,
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "FAIL",
        }
    }
}

/// One printed line: what was checked, what was found and, for a problem, what to change.
#[derive(Debug, Clone)]
pub struct Check {
    pub status: Status,
    pub name: &'static str,
    pub detail: String,
    pub fix: Option<String>,
}

/// The checks so far, in the order they ran.
#[derive(Debug, Default)]
pub struct Report {
    pub checks: Vec<Check>,
}

impl Report {
    pub fn ok(&mut self, name: &'static str, detail: impl Into<String>) {
        self.push(Status::Ok, name, detail.into(), None);
    }

    pub fn warn(&mut self, name: &'static str, detail: impl Into<String>, fix: impl Into<String>) {
        self.push(Status::Warn, name, detail.into(), Some(fix.into()));
    }

    pub fn fail(&mut self, name: &'static str, detail: impl Into<String>, fix: impl Into<String>) {
        self.push(Status::Fail, name, detail.into(), Some(fix.into()));
    }

    fn push(&mut self, status: Status, name: &'static str, detail: String, fix: Option<String>) {
        let check = Check {
            status,
            name,
            detail,
            fix,
        };
        // Printed as it happens, so a slow check shows where the time goes.
        say(&line(&check));
        self.checks.push(check);
    }

    fn count(&self, status: Status) -> usize {
        self.checks.iter().filter(|c| c.status == status).count()
    }

    fn summary(&self) -> String {
        let (ok, warn, fail) = (
            self.count(Status::Ok),
            self.count(Status::Warn),
            self.count(Status::Fail),
        );
        let mut s = format!(
            "{ok} ok, {warn} warning{}, {fail} failed",
            if warn == 1 { "" } else { "s" }
        );
        if fail > 0 {
            s.push_str(": fix the FAIL lines above, then run `moviebot doctor` again");
        }
        s
    }
}

/// Prints one line of the report; a closed stdout (`moviebot doctor | head`) is not an error
/// worth a panic: the exit code still tells.
fn say(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

/// `ok    database.files       …  → fix`
fn line(check: &Check) -> String {
    let mut out = format!(
        "{:<4}  {:<22} {}",
        check.status.label(),
        check.name,
        check.detail
    );
    if let Some(fix) = &check.fix {
        let _ = write!(out, " → {fix}");
    }
    out
}

/// Runs every check and prints the report; the exit status says how it went.
pub async fn run(config_path: Option<&Path>, args: &DoctorArgs) -> anyhow::Result<()> {
    let mut report = Report::default();
    let loaded = match Config::load(config_path) {
        Ok(loaded) => loaded,
        Err(e) => {
            report.fail(
                "config",
                format!("cannot be loaded: {e}"),
                "change the setting named above (bot.toml, --config PATH or the variable), then \
                 run `moviebot doctor` again",
            );
            say("configuration error: no other check ran");
            return Err(ExitStatus(2).into());
        }
    };
    let timeout = Duration::from_secs(args.timeout);
    check_config(&mut report, &loaded);
    let config = &loaded.config;
    database::check(&mut report, &config.database, timeout).await;
    tmdb::check(&mut report, &config.tmdb, timeout).await;
    let client = http::client(timeout);
    discord::check(&mut report, &config.discord, &client).await;
    telegram::check(&mut report, &config.telegram, &client).await;
    say(&report.summary());
    if report.count(Status::Fail) > 0 {
        return Err(ExitStatus(1).into());
    }
    Ok(())
}

/// Where the configuration came from, and what it turns on.
fn check_config(report: &mut Report, loaded: &Loaded) {
    let mut detail = match &loaded.origin {
        Origin::File(p) => format!("loaded from {}", p.display()),
        Origin::Defaults => "no bot.toml: built-in defaults".to_string(),
    };
    if !loaded.env_vars.is_empty() {
        let _ = write!(detail, "; environment: {}", loaded.env_vars.join(", "));
    }
    if !loaded.secret_files.is_empty() {
        let _ = write!(
            detail,
            "; secrets from files: {}",
            loaded.secret_files.join(", ")
        );
    }
    report.ok("config", detail);

    let c = &loaded.config;
    let mut platforms = Vec::new();
    if c.discord.enabled() {
        platforms.push(match c.discord.mode {
            DiscordMode::Gateway => "Discord (gateway)",
            DiscordMode::Interactions => "Discord (interactions endpoint)",
        });
    }
    if c.telegram.enabled() {
        platforms.push(match c.telegram.mode {
            TelegramMode::Polling => "Telegram (long polling)",
            TelegramMode::Webhook => "Telegram (webhook)",
        });
    }
    let sidecar = &c.sidecar;
    let auth = match &sidecar.admin_token {
        Some(t) => format!(
            "admin token set ({} characters)",
            t.expose_secret().chars().count()
        ),
        None => "no admin token: writes are open to local clients (loopback only)".into(),
    };
    report.ok(
        "config.sidecar",
        format!("REST sidecar on http://{}, {auth}", sidecar.bind),
    );
    if platforms.is_empty() {
        report.ok(
            "config.platforms",
            "no chat platform configured: only the REST sidecar and `moviebot chat` answer \
             (set [discord] token or [telegram] token to add one)",
        );
    } else {
        report.ok("config.platforms", platforms.join(", "));
    }
}
