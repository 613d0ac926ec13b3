//! `/import` and `/export` in chat. The adapter has downloaded the attached file; it goes to
//! [`Imports`](super::imports::Imports), whose progress is put in words for the adapter to
//! show, and the report comes back as a sentence, the titles not found and the first film to
//! choose (as buttons). An export comes back as two files the adapter sends privately.

use moviebot_protocol::command::ImportFormat as Asked;
use moviebot_protocol::{FileOut, Progress, Reply};

use super::answers::Answers;
use super::core::Turn;
use super::imports::{ImportProgress, ImportReport, ImportStage};
use crate::taste_files::ImportFormat;

/// What `/import` says when no file came with it.
pub const IMPORT_HOW: &str = "Send me your export as a file: a Letterboxd ZIP (Settings → Data → \
    Export your data) or its ratings.csv / watchlist.csv, or IMDb's ratings or watchlist CSV \
    (Your ratings → ⋯ → Export), 10 MB at most. On Discord attach it to /import; on Telegram \
    send it to me as a document (in a group, with /import as its caption); in the terminal type \
    /import and the file's path.";

/// How many titles not found are named in the reply (the count is always exact).
const NOT_FOUND_LISTED: usize = 10;

fn format_of(asked: Option<Asked>) -> ImportFormat {
    match asked {
        None => ImportFormat::Auto,
        Some(Asked::Letterboxd) => ImportFormat::Letterboxd,
        Some(Asked::Imdb) => ImportFormat::Imdb,
        Some(Asked::Moviebot) => ImportFormat::Moviebot,
    }
}

/// "Matching 1,200 of 5,000 rows of ratings.csv…"
fn progress_line(name: &str, p: ImportProgress) -> String {
    match p.stage {
        ImportStage::Reading => format!("Reading {name}…"),
        ImportStage::AskingTmdb => format!("Looking films up on TMDb: {} of {}…", p.done, p.total),
        ImportStage::Matching => format!("Matching {} of {} rows of {name}…", p.done, p.total),
        ImportStage::Saving if p.done >= p.total => format!("Saved what {name} changes."),
        ImportStage::Saving => format!("Saving what {name} changes…"),
    }
}

/// The report in words: the summary, then the titles not found.
fn report_text(name: &str, report: &ImportReport) -> String {
    let mut text = format!("Imported {name}. {}", report.summary());
    if !report.not_found.is_empty() {
        let listed: Vec<String> = report
            .not_found
            .iter()
            .take(NOT_FOUND_LISTED)
            .map(|t| match t.year {
                Some(y) => format!("{} ({y})", t.title),
                None => t.title.clone(),
            })
            .collect();
        let more = report.not_found_count.saturating_sub(listed.len());
        text.push_str(&format!("\nNot found: {}", listed.join(", ")));
        if more > 0 {
            text.push_str(&format!(" and {more} more"));
        }
        text.push('.');
    }
    text
}

impl Answers {
    /// `/import`: the attached file, imported for the user.
    pub(super) async fn import_upload(
        &self,
        turn: &Turn<'_>,
        asked: Option<Asked>,
    ) -> anyhow::Result<Reply> {
        let Some(upload) = turn.uploads.first() else {
            return Ok(Reply::text(IMPORT_HOW).ephemeral());
        };
        let progress: Option<Progress> = turn.progress.cloned();
        let name = upload.name.clone();
        let report = self
            .imports
            .import_named(
                turn.user,
                format_of(asked),
                Some(&upload.name),
                &upload.bytes,
                move |p| {
                    if let Some(progress) = &progress {
                        progress(progress_line(&name, p));
                    }
                },
            )
            .await;
        let report = match report {
            Ok(report) => report,
            Err(e) => {
                tracing::info!(file = %upload.name, error = %e, "import refused");
                return Ok(Reply::text(format!(
                    "I couldn't import {}: {}",
                    upload.name,
                    e.user_message()
                ))
                .ephemeral());
            }
        };
        let text = report_text(&upload.name, &report);
        // The first film to choose comes with this answer; the others stay staged (7 days).
        Ok(match self.imports.choices(&report).into_iter().next() {
            Some(choice) => {
                let more = report.ambiguous.len() - 1;
                let later = if more > 0 {
                    format!(" ({more} more to choose after this one.)")
                } else {
                    String::new()
                };
                Reply {
                    text: format!("{text}\n\n{}{later}", choice.text),
                    ..choice
                }
            }
            None => Reply::text(text),
        }
        .ephemeral())
    }

    /// `/export`: everything stored about the user, as JSON and as Letterboxd's CSV.
    pub(super) async fn export_files(&self, turn: &Turn<'_>) -> anyhow::Result<Reply> {
        let export = self.imports.export(turn.user).await?;
        let d = &export.doc;
        Ok(Reply::text(format!(
            "Here is everything I store about you: {} ratings and {} films on your watchlist. \
             The JSON imports back with /import; the CSV is for Letterboxd's importer \
             (letterboxd.com/import).",
            d.ratings.len(),
            d.watchlist.len()
        ))
        .ephemeral()
        .with_file(FileOut {
            name: export.json_name,
            mime: "application/json".into(),
            bytes: export.json,
            caption: "Everything moviebot stores about you (JSON)".into(),
        })
        .with_file(FileOut {
            name: export.csv_name,
            mime: "text/csv".into(),
            bytes: export.letterboxd_csv,
            caption: "Your ratings for Letterboxd's importer (CSV)".into(),
        }))
    }
}
