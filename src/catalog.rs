//! Where the films in `movies` come from: the catalog compiled into the binary, importers for
//! MovieLens and Wikipedia data dumps, and TMDb — its films as rows (`from_tmdb`), its lists
//! pulled with details (`sync`, `moviebot sync`) and kept fresh under `moviebot run`
//! (`refresh`: trending daily, popular and top rated weekly). `row_match` finds the stored
//! film a row of an uploaded Letterboxd or IMDb file names.

pub mod embedded;
pub mod from_tmdb;
pub mod genres;
pub mod import_report;
pub mod index;
pub mod movielens;
pub mod refresh;
pub mod row_match;
pub mod sync;
pub mod titles;
pub mod wikipedia;

pub use embedded::{CatalogFilm, ensure_loaded, films};
