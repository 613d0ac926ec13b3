//! Where films come from before TMDb: the catalog compiled into the binary, and importers for
//! MovieLens and Wikipedia data dumps.

pub mod embedded;
pub mod genres;
pub mod import_report;
pub mod index;
pub mod movielens;
pub mod titles;
pub mod wikipedia;

pub use embedded::{CatalogFilm, ensure_loaded, films};
