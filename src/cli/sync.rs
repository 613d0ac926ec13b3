//! `moviebot sync`: fill the catalog from TMDb, with a progress bar.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::catalog::sync;
use crate::config::Config;
use crate::tmdb::CachedTmdb;

pub async fn run(config: &Config, pages: u32) -> anyhow::Result<()> {
    anyhow::ensure!(
        config.tmdb.has_credentials(),
        "moviebot sync needs TMDb: set [tmdb] api_key or read_access_token in bot.toml \
         (or the TMDB_API_KEY environment variable)"
    );
    let store = crate::app::open_store_with_catalog(config).await?;
    let before = total(&store).await?;
    let tmdb = CachedTmdb::from_config(&config.tmdb, store.clone())?;
    let bar = ProgressBar::new_spinner().with_message("reading TMDb's lists");
    let summary = sync::pull(
        &tmdb,
        pages,
        |n| {
            bar.set_length(n as u64);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} films ({eta} left)")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
        },
        || bar.inc(1),
    )
    .await
    .context("TMDb sync failed")?;
    bar.finish_and_clear();
    let after = total(&store).await?;
    println!("{summary}; the catalog went from {before} to {after} films");
    Ok(())
}

async fn total(store: &crate::store::Store) -> anyhow::Result<i64> {
    Ok(store.movie_counts().await?.iter().map(|(_, n)| n).sum())
}
