//! CSV headers read by name, whatever their case, spacing or order, and records read with
//! every field trimmed; a short row reads its missing fields as empty.

use csv::StringRecord;

use super::{FileError, FileRow, ParsedFile};

/// Where each wanted column is in a header.
pub struct Header {
    names: Vec<String>,
}

fn key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Header {
    pub fn new(record: &StringRecord) -> Self {
        Self {
            names: record.iter().map(key).collect(),
        }
    }

    /// The first of `names` the header has ("Watched Date" matches "watcheddate").
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.names.iter().position(|h| *h == key(n)))
    }

    pub fn has(&self, name: &str) -> bool {
        self.find(&[name]).is_some()
    }
}

/// A field of a record, trimmed; empty when the column is missing or the row is short.
pub fn field(record: &StringRecord, at: Option<usize>) -> &str {
    at.and_then(|i| record.get(i)).unwrap_or("").trim()
}

/// A CSV reader over text: a header row, flexible row lengths, quotes as Excel writes them.
pub fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes())
}

/// The header of `text`, when its first line reads as one.
pub fn header_of(text: &str) -> Option<Header> {
    let mut r = reader(text);
    let h = r.headers().ok()?;
    (h.len() > 1).then(|| Header::new(h))
}

/// A year field: four digits (1870–2200), or the year of a date.
pub fn year(text: &str) -> Option<i32> {
    let y: i32 = text.get(..4)?.parse().ok()?;
    (text.len() == 4 || text.as_bytes().get(4) == Some(&b'-'))
        .then_some(y)
        .filter(|y| (1870..=2200).contains(y))
}

/// What one record became.
pub enum Read {
    Row(Box<FileRow>),
    /// Not a film (a TV series on IMDb): counted, not imported.
    NotAFilm,
    /// Nothing there (a blank line).
    Blank,
    Bad(String),
}

/// Reads every record of `text` after its header with `row`, adding rows and bad lines to
/// `out`; stops with [`FileError::TooManyRows`] past the limit.
pub fn each_record(
    text: &str,
    file: &str,
    out: &mut ParsedFile,
    max_rows: usize,
    mut row: impl FnMut(&StringRecord, u64) -> Read,
) -> Result<(), FileError> {
    let mut r = reader(text);
    let mut record = StringRecord::new();
    let mut lines = LineCounter::new(text);
    loop {
        let before = r.position().byte();
        match r.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let start = record.position().map_or(before, |p| p.byte());
                let line = lines.line_at(start);
                match row(&record, line) {
                    Read::Row(found) => out.rows.push(*found),
                    Read::NotAFilm => out.non_movies += 1,
                    Read::Blank => {}
                    Read::Bad(reason) => out.bad(file, line, reason),
                }
            }
            Err(e) => {
                let line = lines.line_at(before);
                out.bad(file, line, e.to_string());
                // A broken quote leaves the reader where it cannot go on sensibly.
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    return Ok(());
                }
            }
        }
        if out.row_count() > max_rows {
            return Err(FileError::TooManyRows { limit: max_rows });
        }
    }
}

/// 1-based line numbers of byte offsets, counted as a text editor shows them: the csv
/// crate's own count runs one behind after blank lines and CRLF endings.
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of the first character at or after `offset` that is not a line break
    /// (offsets only grow).
    fn line_at(&mut self, offset: u64) -> u64 {
        let mut end = (offset as usize).min(self.text.len());
        while end < self.text.len() && matches!(self.text[end], b'\r' | b'\n') {
            end += 1;
        }
        if end > self.at {
            self.line += self.text[self.at..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.at = end;
        }
        self.line
    }
}
