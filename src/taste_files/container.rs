//! The upload as files: a ZIP read from memory (never written to disk), or the bytes as one
//! file. A ZIP is trusted for nothing: the entry count is capped, every entry name must be a
//! plain relative path (no `..`, no absolute or drive paths, no control characters or
//! backslashes), and each entry read is cut off past its limit while it decompresses, so a
//! size the archive lies about costs no more than the limit.

use std::io::{Cursor, Read};

use super::letterboxd::Kind;
use super::{FileError, Limits};

/// One file of the upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path inside the ZIP ("ratings.csv", "export-2024/diary.csv").
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Whether `bytes` start like a ZIP (a local file header or an empty archive's end record).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Folders of a Letterboxd export whose files are not the account's current state (deleted
/// entries, likes, lists), and macOS's resource forks.
const IGNORED_FOLDERS: &[&str] = &["deleted", "orphaned", "likes", "lists", "__macosx"];

/// A plain relative path: what any exporter writes.
fn safe(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.chars().any(char::is_control)
        && name.as_bytes().get(1).is_none_or(|&b| b != b':')
        && name.split('/').all(|part| part != ".." && part != ".")
}

fn broken(e: zip::result::ZipError) -> FileError {
    use zip::result::ZipError as Z;
    match e {
        Z::UnsupportedArchive(_) | Z::InvalidPassword | Z::CompressionMethodNotSupported(_) => {
            FileError::UnsupportedZip
        }
        _ => FileError::BrokenZip,
    }
}

/// The CSV files of a ZIP worth reading: Letterboxd's own (ratings, watchlist, watched,
/// diary) at the shallowest folder holding any, outside the ignored folders; failing
/// those, every CSV at the shallowest level (an IMDb export zipped by hand).
pub fn unzip(bytes: &[u8], limits: &Limits) -> Result<Vec<Entry>, FileError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    if archive.len() > limits.max_zip_entries {
        return Err(FileError::TooManyEntries {
            limit: limits.max_zip_entries,
        });
    }
    // (index, name, depth, a Letterboxd file?)
    let mut csvs = Vec::new();
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).map_err(broken)?;
        let name = match file.name() {
            Ok(n) => n.into_owned(),
            Err(_) => String::from_utf8_lossy(file.name_raw()).into_owned(),
        };
        if !safe(&name) || file.enclosed_name().is_none() {
            return Err(FileError::UnsafePath {
                name: name.chars().take(80).collect(),
            });
        }
        if file.is_dir() || !name.to_ascii_lowercase().ends_with(".csv") {
            continue;
        }
        let folders: Vec<&str> = name.split('/').collect();
        let folders = &folders[..folders.len() - 1];
        if folders
            .iter()
            .any(|f| IGNORED_FOLDERS.contains(&f.to_ascii_lowercase().as_str()))
        {
            continue;
        }
        csvs.push((i, name.clone(), folders.len(), Kind::of(&name).is_some()));
    }
    let letterboxd = csvs.iter().any(|c| c.3);
    let chosen: Vec<&(usize, String, usize, bool)> =
        csvs.iter().filter(|c| c.3 || !letterboxd).collect();
    let Some(depth) = chosen.iter().map(|c| c.2).min() else {
        return Err(FileError::NothingToImport);
    };
    let mut total = 0u64;
    let mut out = Vec::new();
    for (i, name, _, _) in chosen.into_iter().filter(|c| c.2 == depth) {
        let file = archive.by_index(*i).map_err(broken)?;
        if file.encrypted() {
            return Err(FileError::UnsupportedZip);
        }
        let too_large = FileError::UnzipsTooLarge {
            limit: limits.max_unzipped_bytes,
        };
        let room = limits
            .max_entry_bytes
            .min(limits.max_unzipped_bytes.saturating_sub(total));
        if file.size() > room {
            return Err(too_large);
        }
        let mut buf = Vec::new();
        file.take(room + 1)
            .read_to_end(&mut buf)
            .map_err(|_| FileError::BrokenZip)?;
        if buf.len() as u64 > room {
            return Err(too_large);
        }
        total += buf.len() as u64;
        out.push(Entry {
            name: name.clone(),
            bytes: buf,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::safe;

    #[test]
    fn only_plain_relative_names_are_safe() {
        for ok in ["ratings.csv", "export/diary.csv", "a b/c.csv"] {
            assert!(safe(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../ratings.csv",
            "a/../../b.csv",
            "./x.csv",
            "C:/x.csv",
            "a\\b.csv",
            "a\u{0}b.csv",
            "a\nb.csv",
        ] {
            assert!(!safe(bad), "{bad:?}");
        }
    }
}
