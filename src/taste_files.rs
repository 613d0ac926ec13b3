//! Taste files: what people export from Letterboxd and IMDb, and what `moviebot export`
//! writes, read into neutral rows (title, year, ids, rating, date) and written back out.
//! Pure: bytes in, rows out — no store, no network — so the fuzz target and the property
//! tests drive exactly what production runs on an uploaded file.
//!
//! - `limits`: the size, entry and row limits, and [`FileError`], the one-line reasons a
//!   file is refused.
//! - `container`: ZIP or text, read from memory within the limits (no zip bombs, no unsafe
//!   entry names); `text`: bytes as text (BOMs, UTF-16, Latin-1).
//! - `letterboxd`, `imdb`, `moviebot_json`: each format's columns as [`FileRow`]s;
//!   `detect`: which one a file is; `columns`: header lookup shared by the CSV formats.
//! - `ids`, `dates`: IMDb ids (`tt` + at least seven digits) and calendar dates.
//! - `letterboxd_csv`: the CSV that Letterboxd's importer reads, for the export.

mod columns;
mod container;
pub mod dates;
mod detect;
pub mod ids;
mod imdb;
mod letterboxd;
pub mod letterboxd_csv;
mod limits;
pub mod moviebot_json;
mod rows;
mod text;

pub use detect::{ImportFormat, parse};
pub use limits::{FileError, Limits};
pub use rows::{FileRow, Malformed, ParsedFile, RowKind, SourceFormat};
