//! Files in the terminal: `/import PATH` reads a local export file (up to the upload limit)
//! and sends it with the command; files in a reply (an export) are saved in the current
//! folder, never over an existing file.

use std::path::{Path, PathBuf};

use moviebot_protocol::command::Attachment;
use moviebot_protocol::{Command, FileOut, Incoming, MAX_UPLOAD_BYTES, Upload};

/// For `/import PATH [format]`: the command naming the file, and the file. Anything else is
/// passed through untouched; a path that cannot be read is an error in words.
pub fn attach(line: &str, incoming: Incoming) -> Result<(Incoming, Option<Upload>), String> {
    let Incoming::Command(Command::Import { file: None, format }) = &incoming else {
        return Ok((incoming, None));
    };
    let words = line
        .trim()
        .split_once(char::is_whitespace)
        .map_or("", |(_, rest)| rest.trim());
    // The path is everything but a trailing format word ("~/ratings.csv imdb").
    let path = match words.rsplit_once(char::is_whitespace) {
        Some((head, tail))
            if format.is_some() && tail.eq_ignore_ascii_case(format.map_or("", |f| f.name())) =>
        {
            head
        }
        _ => words,
    };
    if path.is_empty() {
        return Ok((incoming, None));
    }
    let path = expand(path);
    let size = std::fs::metadata(&path)
        .map_err(|e| format!("I can't read {}: {e}", path.display()))?
        .len();
    if size > MAX_UPLOAD_BYTES {
        return Err(format!(
            "{} is {size} bytes; the most I can read is 10 MB",
            path.display()
        ));
    }
    let bytes =
        std::fs::read(&path).map_err(|e| format!("I can't read {}: {e}", path.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let command = Command::Import {
        file: Some(Attachment(name.clone())),
        format: *format,
    };
    Ok((Incoming::Command(command), Some(Upload { name, bytes })))
}

fn expand(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// Saves each file in `dir` (a free name: "moviebot-ada.json", then "moviebot-ada (2).json"…);
/// returns one line per file saying where it went.
pub fn save(dir: &Path, files: &[FileOut]) -> Vec<String> {
    files
        .iter()
        .map(|f| {
            let path = free_name(dir, &f.name);
            match std::fs::write(&path, &f.bytes) {
                Ok(()) => format!(
                    "Saved {} ({} bytes): {}",
                    path.display(),
                    f.bytes.len(),
                    f.caption
                ),
                Err(e) => format!("Could not save {}: {e}", path.display()),
            }
        })
        .collect()
}

fn free_name(dir: &Path, name: &str) -> PathBuf {
    // Only the last component: a name from the core never leaves `dir`.
    let name = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let first = dir.join(&name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s.to_string(), format!(".{e}")),
        None => (name.clone(), String::new()),
    };
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}){ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use moviebot_protocol::command::ImportFormat;

    #[test]
    fn import_reads_the_named_file_and_keeps_the_format() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ratings.csv");
        std::fs::write(&path, "Const,Your Rating\n").unwrap();
        let line = format!("/import {} imdb", path.display());
        let incoming = Incoming::Command(Command::from_text("import", &line[8..]).unwrap());
        let (incoming, upload) = attach(&line, incoming).unwrap();
        assert_eq!(
            incoming,
            Incoming::Command(Command::Import {
                file: Some(Attachment("ratings.csv".into())),
                format: Some(ImportFormat::Imdb)
            })
        );
        assert_eq!(upload.unwrap().bytes, b"Const,Your Rating\n");
        let missing = Incoming::Command(Command::Import {
            file: None,
            format: None,
        });
        assert!(
            attach("/import /no/such/file.csv", missing)
                .unwrap_err()
                .contains("can't read")
        );
    }

    #[test]
    fn saved_files_never_overwrite_or_escape_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str| FileOut {
            name: name.into(),
            mime: "text/csv".into(),
            bytes: b"x".to_vec(),
            caption: "c".into(),
        };
        save(
            dir.path(),
            &[file("a.csv"), file("a.csv"), file("../../etc/evil.csv")],
        );
        assert!(dir.path().join("a.csv").exists());
        assert!(dir.path().join("a (2).csv").exists());
        assert!(dir.path().join("evil.csv").exists());
    }
}
