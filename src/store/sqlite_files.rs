//! The files of a SQLite database on disk (the database, its `-wal` and `-shm`, their folder)
//! and the start-up check that this process can write all of them.
//!
//! Why check first: SQLite opens a file it cannot write read-only without a word, so a
//! read-only database or `-wal` turns every later write into an error; and the `-shm` file is
//! mapped into memory with `mmap(MAP_SHARED)`, so if it cannot be written while the bot runs
//! (made read-only or immutable, or its disk fails) the kernel answers the next write to the
//! mapping with SIGBUS and the process dies without a message. Refusing at start names the
//! file and the fix; [`SqliteFiles::explain_sigbus`] makes a crash later say why.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::bail;
use sqlx::sqlite::SqliteConnectOptions;

/// Where one SQLite database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqliteFiles {
    db: PathBuf,
}

impl SqliteFiles {
    /// The files behind a `sqlite:` URL; `None` for other databases, for in-memory ones and
    /// for URLs that open the file read-only on purpose (`mode=ro`, `immutable=1`).
    pub fn from_url(url: &str) -> Option<Self> {
        if !url.starts_with("sqlite:") || url.contains(":memory:") {
            return None;
        }
        let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
        if query
            .split('&')
            .any(|p| p == "mode=ro" || p == "mode=memory" || p == "immutable=1")
        {
            return None;
        }
        let options = SqliteConnectOptions::from_str(url).ok()?;
        Some(Self {
            db: options.get_filename().to_path_buf(),
        })
    }

    pub fn new(db: impl Into<PathBuf>) -> Self {
        Self { db: db.into() }
    }

    pub fn db(&self) -> &Path {
        &self.db
    }

    fn with_suffix(&self, suffix: &str) -> PathBuf {
        let mut name = self.db.clone().into_os_string();
        name.push(suffix);
        PathBuf::from(name)
    }

    pub fn wal(&self) -> PathBuf {
        self.with_suffix("-wal")
    }

    pub fn shm(&self) -> PathBuf {
        self.with_suffix("-shm")
    }

    /// `<database>.state` (see `state_file`).
    pub fn state(&self) -> PathBuf {
        self.with_suffix(".state")
    }

    /// The folder holding the database ("." for a bare file name).
    pub fn dir(&self) -> PathBuf {
        match self.db.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    pub fn exists(&self) -> bool {
        self.db.exists()
    }

    /// Fails with one clear sentence when this process could not write the database: its
    /// folder missing or read-only, or the database, `-wal` or `-shm` not writable. Uses
    /// `access(2)`, so it answers for this process's user — root included, which ignores
    /// permission bits but not a read-only file system or an immutable file.
    pub fn check_writable(&self) -> anyhow::Result<()> {
        let dir = self.dir();
        if !dir.is_dir() {
            bail!(
                "the folder {} for the database {} does not exist: create it or fix \
                 [database] url (a missing folder is often a volume that is not mounted)",
                dir.display(),
                self.db.display()
            );
        }
        if let Err(why) = writable(&dir, true) {
            bail!(
                "the folder {} holding the database is not writable by this process ({}): {why}. \
                 SQLite creates its -wal and -shm files there; {}",
                dir.display(),
                whoami(),
                fix(why, &dir)
            );
        }
        for file in [self.db.clone(), self.wal(), self.shm()] {
            match std::fs::symlink_metadata(&file) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => bail!("cannot inspect {}: {e}", file.display()),
                Ok(m) if !m.is_file() && !m.file_type().is_symlink() => {
                    bail!("{} is not a regular file", file.display())
                }
                Ok(_) => {}
            }
            if let Err(why) = writable(&file, false) {
                bail!(
                    "{} is not writable by this process ({}): {why}. SQLite would open the \
                     database read-only and every write would fail (a -shm file that turns \
                     read-only while the bot runs even crashes it with SIGBUS); {}",
                    file.display(),
                    whoami(),
                    fix(why, &file)
                );
            }
        }
        Ok(())
    }

    /// Makes a SIGBUS (see the module comment) print what most likely happened before the
    /// process dies of it, instead of only "Bus error". Installed once per process; the
    /// signal still ends the process (the default action runs after the note).
    pub fn explain_sigbus(&self) {
        sigbus::install(&self.db);
    }
}

/// The database file a pool opened, by device and inode, so a file deleted or replaced while
/// the app runs is noticed on the next connection handed out instead of being written to.
///
/// SQLite keeps writing to a deleted file it has open (in WAL mode it never checks), so
/// every write after an `rm` would be acknowledged and then lost with the inode; and a new
/// connection would create a fresh empty file at the path. The pool calls [`Self::check`]
/// before handing out a connection and after opening one; a mismatch fails the request as
/// an outage (503) until a restart, where the start-up check takes over.
#[derive(Debug, Default)]
pub struct FileIdentity {
    path: PathBuf,
    opened: std::sync::OnceLock<(u64, u64)>,
}

/// The error a changed database file gives (inside `sqlx::Error::Io`).
#[derive(Debug, thiserror::Error)]
#[error("the database file {0} was deleted or replaced while the bot ran; restart it")]
pub struct FileMoved(pub String);

impl FileIdentity {
    pub fn new(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            opened: Default::default(),
        }
    }

    /// Remembers the file now at the path as the one in use.
    pub fn record(&self) {
        if let Some(id) = identity(&self.path) {
            let _ = self.opened.set(id);
        }
    }

    /// Fails when the file at the path is not the one recorded (nothing recorded: passes).
    pub fn check(&self) -> Result<(), sqlx::Error> {
        let Some(opened) = self.opened.get() else {
            return Ok(());
        };
        if identity(&self.path).as_ref() == Some(opened) {
            return Ok(());
        }
        let moved = FileMoved(self.path.display().to_string());
        Err(sqlx::Error::Io(std::io::Error::other(moved)))
    }
}

#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_: &Path) -> Option<(u64, u64)> {
    None
}

/// Why a path is not writable, as `access(2)` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NotWritable {
    Denied,
    Immutable,
    ReadOnlyFs,
    Other(i32),
}

impl std::fmt::Display for NotWritable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotWritable::Denied => f.write_str("permission denied"),
            NotWritable::Immutable => f.write_str("operation not permitted (an immutable file?)"),
            NotWritable::ReadOnlyFs => f.write_str("it is on a read-only file system"),
            NotWritable::Other(errno) => write!(f, "{}", std::io::Error::from_raw_os_error(*errno)),
        }
    }
}

fn fix(why: NotWritable, path: &Path) -> String {
    let p = path.display();
    match why {
        NotWritable::Denied => format!(
            "give this user write access (e.g. `chown {} {p}` or `chmod u+w {p}`)",
            uid()
        ),
        NotWritable::Immutable => format!("clear the immutable flag (`chattr -i {p}`)"),
        NotWritable::ReadOnlyFs => "mount the file system read-write".to_string(),
        NotWritable::Other(_) => "fix the file or its disk".to_string(),
    }
}

#[cfg(unix)]
fn writable(path: &Path, dir: bool) -> Result<(), NotWritable> {
    use nix::errno::Errno;
    use nix::unistd::{AccessFlags, access};
    let mut mode = AccessFlags::R_OK | AccessFlags::W_OK;
    if dir {
        mode |= AccessFlags::X_OK;
    }
    access(path, mode).map_err(|e| match e {
        Errno::EACCES => NotWritable::Denied,
        Errno::EPERM => NotWritable::Immutable,
        Errno::EROFS => NotWritable::ReadOnlyFs,
        other => NotWritable::Other(other as i32),
    })
}

#[cfg(not(unix))]
fn writable(path: &Path, _dir: bool) -> Result<(), NotWritable> {
    match std::fs::metadata(path) {
        Ok(m) if m.permissions().readonly() => Err(NotWritable::Denied),
        _ => Ok(()),
    }
}

#[cfg(unix)]
fn uid() -> u32 {
    nix::unistd::geteuid().as_raw()
}

#[cfg(not(unix))]
fn uid() -> u32 {
    0
}

fn whoami() -> String {
    format!("user id {}", uid())
}

#[cfg(unix)]
mod sigbus {
    //! The SIGBUS note: the text is prepared before the handler is installed, and the handler
    //! only reads it and calls `write(2)`, both async-signal-safe.

    use std::path::Path;
    use std::sync::OnceLock;

    use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, Signal, sigaction};

    static NOTE: OnceLock<Vec<u8>> = OnceLock::new();

    pub(super) fn install(db: &Path) {
        let note = format!(
            "\nmoviebot: SIGBUS while using the SQLite database {db}: its {db}-shm file (mapped \
             into memory) could not be written — it was made read-only or immutable, shrunk, \
             or its disk failed while the bot ran. The process cannot continue. Fix the file \
             (owner, permissions, `lsattr`/`chattr -i`, free disk space) and start again; the \
             start-up check names what is wrong.\n",
            db = db.display()
        );
        if NOTE.set(note.into_bytes()).is_err() {
            return; // installed already
        }
        // SA_RESETHAND: after the note the default action runs when the fault repeats, so
        // the process still ends with SIGBUS (and a core dump where enabled).
        let action = SigAction::new(
            SigHandler::Handler(on_sigbus),
            SaFlags::SA_RESETHAND,
            SigSet::empty(),
        );
        // SAFETY: the handler is async-signal-safe (a static read and write(2)).
        if let Err(e) = unsafe { sigaction(Signal::SIGBUS, &action) } {
            tracing::debug!(error = %e, "could not install the SIGBUS note");
        }
    }

    extern "C" fn on_sigbus(_: nix::libc::c_int) {
        if let Some(note) = NOTE.get() {
            // SAFETY: fd 2 is stderr for the life of the process.
            let stderr = unsafe { std::os::fd::BorrowedFd::borrow_raw(2) };
            let _ = nix::unistd::write(stderr, note);
        }
    }
}

#[cfg(not(unix))]
mod sigbus {
    pub(super) fn install(_: &std::path::Path) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_urls() {
        let f = SqliteFiles::from_url("sqlite:///var/lib/moviebot/bot.db").unwrap();
        assert_eq!(f.db(), Path::new("/var/lib/moviebot/bot.db"));
        assert_eq!(f.shm(), Path::new("/var/lib/moviebot/bot.db-shm"));
        assert_eq!(f.wal(), Path::new("/var/lib/moviebot/bot.db-wal"));
        assert_eq!(f.state(), Path::new("/var/lib/moviebot/bot.db.state"));
        assert_eq!(f.dir(), Path::new("/var/lib/moviebot"));
        let f = SqliteFiles::from_url("sqlite://moviebot.db?mode=rwc").unwrap();
        assert_eq!(f.db(), Path::new("moviebot.db"));
        assert_eq!(f.dir(), Path::new("."));
        assert!(SqliteFiles::from_url("sqlite::memory:").is_none());
        assert!(SqliteFiles::from_url("sqlite://x.db?mode=ro").is_none());
        assert!(SqliteFiles::from_url("postgres://u@h/db").is_none());
    }

    #[test]
    fn a_missing_folder_is_named() {
        let f = SqliteFiles::new("/nonexistent-moviebot-dir/bot.db");
        let e = f.check_writable().unwrap_err().to_string();
        assert!(
            e.contains("/nonexistent-moviebot-dir") && e.contains("does not exist"),
            "{e}"
        );
    }

    #[test]
    fn a_writable_folder_passes() {
        let dir = tempfile::tempdir().unwrap();
        let f = SqliteFiles::new(dir.path().join("bot.db"));
        f.check_writable().unwrap();
        std::fs::write(f.db(), b"").unwrap();
        std::fs::write(f.shm(), b"").unwrap();
        f.check_writable().unwrap();
    }
}
