//! `moviebot run` as a real child process, for the crash and shutdown suites: a `bot.toml` of
//! its own in a temp dir, a database that outlives the process (a SQLite file in that dir, or
//! a fresh PostgreSQL database), the sidecar on 127.0.0.1:0 (`MOVIEBOT_SIDECAR__BIND`; the
//! bound address is read from the banner), started again on the same database after a kill.
//! Signals go to the child by its handle (its pid), never by name.
#![allow(dead_code)]

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use moviebot::store::Store;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How long a start may take before the test gives up (a liveness bound, not a measurement:
/// the first start loads the embedded catalog; a debug build on a busy machine is slow).
const START_PATIENCE: Duration = Duration::from_secs(120);
/// How long a signalled process may take to exit before the test gives up.
const EXIT_PATIENCE: Duration = Duration::from_secs(60);

/// Where a bot lives between its processes: the working directory with `bot.toml`, the log
/// every start appends to, and the database.
pub struct BotHome {
    dir: tempfile::TempDir,
    pub database_url: String,
    toml: String,
    starts: u32,
}

impl BotHome {
    /// A home on a SQLite file inside it.
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = format!("sqlite://{}", dir.path().join("bot.db").display());
        Self::new(dir, database_url)
    }

    /// A home on a brand-new PostgreSQL database, or None (with a note) when no server is set.
    pub async fn postgres() -> Option<Self> {
        let url = super::fresh_postgres_url().await?;
        Some(Self::new(tempfile::tempdir().expect("temp dir"), url))
    }

    fn new(dir: tempfile::TempDir, database_url: String) -> Self {
        Self {
            dir,
            database_url,
            toml: String::new(),
            starts: 0,
        }
    }

    /// Settings added to `bot.toml` (beside `[database] url`).
    pub fn toml(mut self, text: &str) -> Self {
        self.toml.push_str(text);
        self.toml.push('\n');
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("run.log")
    }

    /// The last `lines` lines the processes wrote to stderr, for failure messages.
    pub fn log_tail(&self, lines: usize) -> String {
        let mut text = String::new();
        if let Ok(mut f) = File::open(self.log_path()) {
            let _ = f.read_to_string(&mut text);
        }
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }

    /// Starts `moviebot run` here and waits until `/healthz` answers 200.
    pub async fn start(&mut self) -> Bot {
        self.starts += 1;
        let config = self.dir.path().join("bot.toml");
        let toml = format!("[database]\nurl = {:?}\n{}", self.database_url, self.toml);
        std::fs::write(&config, toml).expect("write bot.toml");
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .expect("open run.log");
        let mut command = Command::new(env!("CARGO_BIN_EXE_moviebot"));
        command
            .arg("--config")
            .arg(&config)
            .arg("run")
            .current_dir(self.dir.path())
            // Nothing from the test's environment (a DATABASE_URL, a real token) leaks in.
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env(
                "RUST_LOG",
                std::env::var("MOVIEBOT_CHILD_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .env("MOVIEBOT_SIDECAR__BIND", "127.0.0.1:0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .kill_on_drop(true);
        let mut child = command.spawn().expect("start moviebot run");
        let stdout = child.stdout.take().expect("piped stdout");
        let banner = Arc::new(Mutex::new(Vec::<String>::new()));
        let (addr_tx, addr_rx) = tokio::sync::oneshot::channel::<String>();
        let lines = banner.clone();
        tokio::spawn(async move {
            let mut addr_tx = Some(addr_tx);
            let mut reader = BufReader::new(stdout).lines();
            while let Ok(Some(line)) = reader.next_line().await {
                if let Some(addr) = sidecar_address(&line)
                    && let Some(tx) = addr_tx.take()
                {
                    let _ = tx.send(addr);
                }
                lines.lock().unwrap().push(line);
            }
        });
        let base = match tokio::time::timeout(START_PATIENCE, addr_rx).await {
            Ok(Ok(addr)) => format!("http://{addr}"),
            Ok(Err(_)) => {
                let status = child.wait().await.expect("wait for moviebot");
                panic!(
                    "moviebot run (start {}) exited with {status} before listening; stdout: \
                     {:?}\nlog:\n{}",
                    self.starts,
                    banner.lock().unwrap(),
                    self.log_tail(30)
                );
            }
            Err(_) => panic!("moviebot run did not listen within {START_PATIENCE:?}"),
        };
        let bot = Bot {
            child,
            base,
            stdout: banner,
        };
        bot.wait_healthy(self).await;
        bot
    }

    /// The database, opened from the test while no process runs on it.
    pub async fn open_store(&self) -> Store {
        Store::open(&self.database_url, 2)
            .await
            .expect("open the bot's database")
    }
}

/// "moviebot is running: REST sidecar on http://127.0.0.1:PORT (…)" → "127.0.0.1:PORT".
fn sidecar_address(line: &str) -> Option<String> {
    let rest = line.split_once("REST sidecar on http://")?.1;
    Some(rest.split_whitespace().next()?.to_owned())
}

/// One running `moviebot run`.
pub struct Bot {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    stdout: Arc<Mutex<Vec<String>>>,
}

impl Bot {
    pub fn pid(&self) -> u32 {
        self.child.id().expect("the process is running")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// What the process printed on stdout so far.
    pub fn stdout(&self) -> Vec<String> {
        self.stdout.lock().unwrap().clone()
    }

    async fn wait_healthy(&self, home: &BotHome) {
        let client = reqwest::Client::new();
        let deadline = tokio::time::Instant::now() + START_PATIENCE;
        loop {
            let answer = client
                .get(self.url("/healthz"))
                .timeout(Duration::from_secs(5))
                .send()
                .await;
            if let Ok(r) = answer
                && r.status() == 200
            {
                return;
            }
            if tokio::time::Instant::now() > deadline {
                panic!(
                    "/healthz did not answer 200 within {START_PATIENCE:?}; log:\n{}",
                    home.log_tail(30)
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// SIGKILL (by the child handle) and reap; returns once the process is gone.
    pub async fn sigkill(mut self) -> ExitStatus {
        self.child.start_kill().expect("SIGKILL moviebot");
        self.reap().await
    }

    /// SIGTERM (to the child's pid) and wait for it to exit.
    pub async fn sigterm(mut self) -> ExitStatus {
        let pid = nix::unistd::Pid::from_raw(self.pid() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).expect("SIGTERM moviebot");
        self.reap().await
    }

    async fn reap(&mut self) -> ExitStatus {
        tokio::time::timeout(EXIT_PATIENCE, self.child.wait())
            .await
            .unwrap_or_else(|_| panic!("moviebot did not exit within {EXIT_PATIENCE:?}"))
            .expect("wait for moviebot")
    }
}
