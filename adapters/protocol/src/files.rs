//! Files in both directions: an [`Upload`] a user attached (a Letterboxd ZIP, an IMDb CSV),
//! downloaded by the adapter before the core sees the event, and a [`FileOut`] the core sends
//! back (an export). Bytes never go through JSON: both are skipped when events and replies
//! are serialized.

/// The most bytes of one upload the core accepts; adapters check a file's declared size
/// against it before downloading and stop reading past it.
pub const MAX_UPLOAD_BYTES: u64 = 10 * 1024 * 1024;

/// A file the user attached to the event, already downloaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The file name the user's client gave it ("letterboxd-ada-2026.zip").
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A file the core sends with a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOut {
    /// A plain file name ("moviebot-ada.json"): letters, digits, `-`, `_` and `.`.
    pub name: String,
    /// Its MIME type ("application/json", "text/csv").
    pub mime: String,
    pub bytes: Vec<u8>,
    /// One line about it, shown with the file where the platform can.
    pub caption: String,
}

/// Why an attached file could not be fetched, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("that file is {size} bytes; the most I can read is 10 MB")]
    TooBig { size: u64 },
    #[error("I couldn't download that file ({0}); please send it again")]
    Download(String),
}

/// Says what a long answer is doing ("Importing… 1,200 of 5,000 rows"); adapters that can
/// edit a message show the latest line. Cheap to call often: adapters throttle.
pub type Progress = std::sync::Arc<dyn Fn(String) + Send + Sync>;
