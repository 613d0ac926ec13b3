//! The command line: argument definitions (clap; doc comments are the help text) and one
//! function per command. `main.rs` only parses and calls [`run`].

mod backup;
mod catalog_stats;
mod doctor;
mod eval;
mod healthcheck;
mod run;
mod sync;
mod taste_files;
mod tmdb_tasks;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use moviebot_protocol::{Platform, PlatformUser};

use crate::app::{open_store, open_store_with_catalog};
use crate::catalog;
use crate::chat::ChatCore;
use crate::config::Config;
use crate::taste_files::ImportFormat;

/// moviebot: a movie-recommendation chat bot for Discord, Telegram and the terminal.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
pub struct Cli {
    /// Configuration file (default: ./bot.toml if present, else built-in defaults).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Start even though the SQLite database that held data is missing or empty, with a new
    /// empty one (use once, after a deliberate reset; also MOVIEBOT_DATABASE__FRESH=1).
    #[arg(long, global = true)]
    pub fresh_database: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bot: the REST sidecar and every chat platform whose token is configured.
    Run,
    /// Create or upgrade the database schema and load the embedded catalog.
    Migrate,
    /// Import a data set into the database.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Inspect the film catalog.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Chat with the bot in this terminal (reads lines from stdin when it is not a terminal).
    Chat {
        /// Who you are in the conversation (ratings are stored for this name).
        #[arg(long, default_value = "you")]
        user: String,
    },
    /// Evaluate the recommenders on MovieLens data (see EVAL.md for the protocol).
    Eval(eval::EvalArgs),
    /// Pull popular, top-rated and trending movies with details from TMDb into the catalog.
    Sync {
        /// Pages of each list to pull (20 films a page).
        #[arg(long, default_value_t = 3)]
        pages: u32,
    },
    /// Check the configuration, the database, TMDb, Discord and Telegram; one line per check
    /// with what to fix. Exit code 0: all good, 1: something failed, 2: bad configuration.
    Doctor(doctor::DoctorArgs),
    /// Copy the SQLite database to PATH while the bot runs (for PostgreSQL: prints the
    /// pg_dump command).
    Backup(backup::BackupArgs),
    /// GET /healthz on the configured sidecar: exit 0 when healthy, 1 otherwise.
    Healthcheck(healthcheck::HealthcheckArgs),
    /// Write everything stored about a user: a JSON (importable with `import moviebot`) and
    /// a CSV of their ratings that Letterboxd's importer reads.
    Export(taste_files::ExportArgs),
}

/// A command that printed its own report and asks for this exit code (`main` exits with it
/// and prints nothing more).
#[derive(Debug, thiserror::Error)]
#[error("exit status {0}")]
pub struct ExitStatus(pub u8);

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// MovieLens files (movies.csv, links.csv, tags.csv, ratings.csv) from DIR.
    Movielens {
        /// Folder holding the MovieLens CSV files.
        dir: PathBuf,
    },
    /// Wikipedia movie data (movies-1990s.json, ...) from DIR: enriches and adds films.
    Wikipedia {
        /// Folder holding the decade JSON files.
        dir: PathBuf,
    },
    /// A user's Letterboxd export (the ZIP, or ratings.csv, watchlist.csv, watched.csv,
    /// diary.csv): ratings, watchlist, films seen.
    Letterboxd(taste_files::FileImportArgs),
    /// A user's IMDb ratings or watchlist export (CSV); 1–10 becomes half stars.
    Imdb(taste_files::FileImportArgs),
    /// A user's `moviebot export` JSON (from this or another moviebot).
    Moviebot(taste_files::FileImportArgs),
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Counts of films, users and ratings in the database, and the embedded catalog's spread.
    Stats,
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    // The doctor reports a configuration that does not load instead of stopping at it.
    if let Command::Doctor(args) = &cli.command {
        return doctor::run(cli.config.as_deref(), args).await;
    }
    let loaded = Config::load(cli.config.as_deref())?;
    let mut config = loaded.config;
    config.database.fresh |= cli.fresh_database;
    tracing::debug!(origin = %loaded.origin, "configuration loaded");
    match cli.command {
        Command::Run => run::run(&config).await,
        Command::Migrate => {
            let store = open_store(&config).await?;
            let n = catalog::ensure_loaded(&store).await?;
            println!(
                "database ready ({:?}); embedded catalog: {}",
                store.backend(),
                if n == 0 {
                    "already loaded".to_string()
                } else {
                    format!("{n} films loaded")
                }
            );
            Ok(())
        }
        Command::Import(ImportCommand::Movielens { dir }) => {
            let store = open_store_with_catalog(&config).await?;
            let summary = catalog::movielens::import(&store, &dir).await?;
            summary.problems.print();
            println!("{summary}");
            Ok(())
        }
        Command::Import(ImportCommand::Wikipedia { dir }) => {
            let store = open_store_with_catalog(&config).await?;
            let summary = catalog::wikipedia::import(&store, &dir).await?;
            summary.problems.print();
            println!("{summary}");
            Ok(())
        }
        Command::Import(ImportCommand::Letterboxd(args)) => {
            taste_files::import(&config, ImportFormat::Letterboxd, &args).await
        }
        Command::Import(ImportCommand::Imdb(args)) => {
            taste_files::import(&config, ImportFormat::Imdb, &args).await
        }
        Command::Import(ImportCommand::Moviebot(args)) => {
            taste_files::import(&config, ImportFormat::Moviebot, &args).await
        }
        Command::Export(args) => taste_files::export(&config, &args).await,
        Command::Chat { user } => {
            let store = open_store_with_catalog(&config).await?;
            let core = ChatCore::from_config(store, &config).await?;
            let me = PlatformUser::new(Platform::Console, user.clone(), user);
            moviebot_console::run(core.as_ref(), me).await?;
            Ok(())
        }
        Command::Eval(args) => eval::run(args, &config),
        Command::Sync { pages } => sync::run(&config, pages).await,
        Command::Doctor(_) => unreachable!("handled before the configuration is loaded"),
        Command::Backup(args) => backup::run(&config, &args).await,
        Command::Healthcheck(args) => healthcheck::run(&config, &args).await,
        Command::Catalog(CatalogCommand::Stats) => {
            let store = open_store_with_catalog(&config).await?;
            print!("{}", catalog_stats::render(&store).await?);
            Ok(())
        }
    }
}

/// Test data location: `MOVIEBOT_TEST_DATA`, else `../shared/data` beside the repository.
pub fn test_data_dir() -> PathBuf {
    std::env::var_os("MOVIEBOT_TEST_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"))
}
