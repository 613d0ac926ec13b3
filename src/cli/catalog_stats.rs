//! `moviebot catalog stats`: what the database holds, and the embedded catalog's spread by
//! decade and genre.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::catalog::{self, genres::TMDB_GENRES};
use crate::store::Store;

pub async fn render(store: &Store) -> anyhow::Result<String> {
    let mut out = String::new();
    let counts = store.movie_counts().await?;
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    writeln!(out, "database ({:?}):", store.backend())?;
    writeln!(out, "  movies   {total:>7}")?;
    for (source, n) in &counts {
        writeln!(out, "    {source:<10} {n:>7}")?;
    }
    writeln!(out, "  users    {:>7}", store.count_users().await?)?;
    writeln!(out, "  ratings  {:>7}", store.count_ratings().await?)?;

    let films = catalog::films();
    writeln!(out, "embedded catalog: {} films", films.len())?;
    let mut decades: BTreeMap<i32, usize> = BTreeMap::new();
    for f in films {
        *decades.entry(f.year / 10 * 10).or_default() += 1;
    }
    let line: Vec<String> = decades.iter().map(|(d, n)| format!("{d}s {n}")).collect();
    writeln!(out, "  by decade: {}", line.join(", "))?;
    let line: Vec<String> = TMDB_GENRES
        .iter()
        .map(|(_, g)| {
            let n = films
                .iter()
                .filter(|f| f.genres.iter().any(|x| x == g))
                .count();
            format!("{g} {n}")
        })
        .collect();
    writeln!(out, "  by genre: {}", line.join(", "))?;
    Ok(out)
}
