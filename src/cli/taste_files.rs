//! `moviebot import letterboxd|imdb|moviebot FILE --user NAME` and `moviebot export --user
//! NAME [--out DIR]`: a user's taste files in and out through the same service the chat
//! and the REST API use (`ChatCore::imports`), with a progress bar.

use std::path::PathBuf;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::app::open_store_with_catalog;
use crate::chat::ChatCore;
use crate::chat::imports::{ImportProgress, ImportReport, ImportStage};
use crate::config::Config;
use crate::domain::UserId;
use crate::store::{Store, StoreError};
use crate::taste_files::{FileError, ImportFormat};

#[derive(Debug, clap::Args)]
pub struct FileImportArgs {
    /// The file: a Letterboxd export ZIP or one of its CSVs, an IMDb ratings or watchlist
    /// CSV, or a moviebot export JSON.
    pub file: PathBuf,
    /// Whose taste it is: a username (`console:NAME` is tried too, the name `moviebot chat
    /// --user NAME` rates under); created when nobody has it.
    #[arg(long)]
    pub user: String,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The username (or the name given to `moviebot chat --user`).
    #[arg(long)]
    pub user: String,
    /// Where to write the JSON and the Letterboxd CSV.
    #[arg(long, default_value = ".")]
    pub out: PathBuf,
}

/// The stored user named `name` (or `console:name`); created when `create`.
async fn user_named(store: &Store, name: &str, create: bool) -> anyhow::Result<UserId> {
    for candidate in [name.to_string(), format!("console:{name}")] {
        if let Some(u) = store.user_by_name(&candidate).await? {
            return Ok(u.id);
        }
    }
    anyhow::ensure!(create, "no user named {name:?}");
    match store.create_user(name).await {
        Ok(u) => Ok(u.id),
        Err(StoreError::UsernameTaken) => {
            Ok(store.user_by_name(name).await?.context("user vanished")?.id)
        }
        Err(e) => Err(e.into()),
    }
}

fn bar() -> ProgressBar {
    let pb = ProgressBar::new(1);
    pb.set_style(
        ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    pb
}

fn show(pb: &ProgressBar, p: ImportProgress) {
    pb.set_message(match p.stage {
        ImportStage::Reading => "reading",
        ImportStage::AskingTmdb => "asking TMDb",
        ImportStage::Matching => "matching",
        ImportStage::Saving => "saving",
    });
    pb.set_length(p.total as u64);
    pb.set_position(p.done as u64);
}

pub async fn import(
    config: &Config,
    format: ImportFormat,
    args: &FileImportArgs,
) -> anyhow::Result<()> {
    let store = open_store_with_catalog(config).await?;
    let core = ChatCore::from_config(store.clone(), config).await?;
    let limit = core.imports().limits().max_file_bytes;
    let size = std::fs::metadata(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?
        .len();
    if size > limit as u64 {
        anyhow::bail!("{}", FileError::TooBig { limit });
    }
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let user = user_named(&store, &args.user, true).await?;
    let name = args.file.file_name().and_then(|n| n.to_str());
    let pb = bar();
    let report = core
        .imports()
        .import_named(user, format, name, &bytes, |p| show(&pb, p))
        .await;
    pb.finish_and_clear();
    let report = report.map_err(|e| anyhow::anyhow!("{}", e.user_message()))?;
    print!("{}", render(&report));
    Ok(())
}

/// The report as the command line prints it.
pub fn render(r: &ImportReport) -> String {
    let mut out = format!("{} (in {:.1} s)\n", r.summary(), r.seconds);
    for m in &r.malformed {
        out.push_str(&format!(
            "unreadable: {}:{}: {}\n",
            m.file, m.line, m.reason
        ));
    }
    for t in r.not_found.iter().take(50) {
        out.push_str(&format!("not found: {}{}\n", t.title, year(t.year)));
    }
    if r.not_found_count > 50 {
        out.push_str(&format!(
            "... and {} more not found\n",
            r.not_found_count - 50
        ));
    }
    for a in &r.ambiguous {
        let options: Vec<String> = a
            .candidates
            .iter()
            .map(|c| format!("{}{} [{}]", c.title, year(c.year), c.movie_id))
            .collect();
        out.push_str(&format!(
            "to choose (in chat): {}{}: {}\n",
            a.title,
            year(a.year),
            options.join(" | ")
        ));
    }
    out
}

fn year(y: Option<i32>) -> String {
    y.map(|y| format!(" ({y})")).unwrap_or_default()
}

pub async fn export(config: &Config, args: &ExportArgs) -> anyhow::Result<()> {
    let store = open_store_with_catalog(config).await?;
    let core = ChatCore::from_config(store.clone(), config).await?;
    let user = user_named(&store, &args.user, false).await?;
    let export = core.imports().export(user).await?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    for (name, bytes) in [
        (&export.json_name, &export.json),
        (&export.csv_name, &export.letterboxd_csv),
    ] {
        let path = args.out.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    println!(
        "{} ratings, {} on the watchlist",
        export.doc.ratings.len(),
        export.doc.watchlist.len()
    );
    Ok(())
}
