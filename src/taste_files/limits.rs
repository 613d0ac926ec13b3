//! How much an uploaded file may hold, and why a file is refused: each [`FileError`] reads
//! as one sentence a chat user can act on.

/// The limits one import runs under (the defaults suit a chat upload and the REST body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The uploaded file itself.
    pub max_file_bytes: usize,
    /// Entries a ZIP may list (Letterboxd exports hold a few dozen, plus one per list).
    pub max_zip_entries: usize,
    /// What one ZIP entry that is read may decompress to.
    pub max_entry_bytes: u64,
    /// What all the entries read may decompress to together.
    pub max_unzipped_bytes: u64,
    /// Rows over all files (a very busy Letterboxd diary holds ~10,000).
    pub max_rows: usize,
}

pub const MB: usize = 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 10 * MB,
            max_zip_entries: 2_000,
            max_entry_bytes: 20 * MB as u64,
            max_unzipped_bytes: 50 * MB as u64,
            max_rows: 100_000,
        }
    }
}

/// Why a file cannot be imported at all (a bad row is not this: it is counted and skipped).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("That file is empty.")]
    Empty,
    #[error("That file is too big: the limit is {} MB.", .limit / MB)]
    TooBig { limit: usize },
    #[error(
        "I can't read that file: it isn't a Letterboxd export (ZIP or CSV), an IMDb ratings or \
         watchlist CSV, or a moviebot export."
    )]
    Unrecognised,
    #[error("That looks like {found}, not {asked}.")]
    WrongFormat {
        asked: &'static str,
        found: &'static str,
    },
    #[error("That ZIP file is damaged or incomplete; try downloading the export again.")]
    BrokenZip,
    #[error("That ZIP file is password-protected or uses a compression I can't read.")]
    UnsupportedZip,
    #[error("That ZIP holds too many files (over {limit}); send the export as Letterboxd made it.")]
    TooManyEntries { limit: usize },
    #[error("That ZIP holds a file with an unsafe name ({name:?}); I only read plain exports.")]
    UnsafePath { name: String },
    #[error("That ZIP unpacks to more than {} MB; send the export as Letterboxd made it.", .limit / MB as u64)]
    UnzipsTooLarge { limit: u64 },
    #[error("That ZIP holds no ratings.csv, watchlist.csv, watched.csv or diary.csv.")]
    NothingToImport,
    #[error("That file has too many rows (over {limit}).")]
    TooManyRows { limit: usize },
    #[error("{file} has no {column} column, so I can't read it.")]
    MissingColumn { file: String, column: &'static str },
    #[error("That moviebot export is damaged: {0}")]
    BadExport(String),
}
