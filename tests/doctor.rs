//! `moviebot doctor`, run as the real binary against a `bot.toml` in a temp dir, a SQLite file
//! migrated as `moviebot migrate` leaves it, and the local fakes: TMDb
//! (`support::fake_tmdb`), Discord's REST API (`moviebot_discord::testing::FakeRest`) and
//! Telegram's Bot API (`moviebot_telegram::fake_api`). A good configuration passes every
//! check with exit code 0; each broken one fails its own line, names what to change, and
//! exits 1; a configuration that does not load exits 2.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use moviebot::store::Store;
use moviebot_discord::testing::{self as discord, FakeRest};
use moviebot_discord::{DiscordSettings, RetryPolicy};
use moviebot_telegram::fake_api::FakeApi;
use serde_json::json;
use support::fake_tmdb::{FAKE_KEY, FakeTmdb, Fault};

const DISCORD_TOKEN: &str = "discord-bot-token-for-tests";
const TELEGRAM_TOKEN: &str = "123456:TEST-TOKEN";
const WEBHOOK: &str = "https://bot.example/telegram/webhook";

/// A working directory with a migrated database and a `bot.toml` built setting by setting.
struct Setup {
    dir: tempfile::TempDir,
    toml: toml::Table,
    env: Vec<(String, String)>,
}

impl Setup {
    /// A migrated SQLite database with the embedded catalog, nothing else configured.
    async fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("moviebot.db");
        let store = Store::open(&format!("sqlite://{}", db.display()), 2)
            .await
            .unwrap();
        moviebot::catalog::ensure_loaded(&store).await.unwrap();
        let user = store.create_user("ada").await.unwrap();
        let heat = store
            .movie_by_tmdb(949)
            .await
            .unwrap()
            .expect("Heat is in the catalog");
        store
            .upsert_rating(
                user.id,
                heat.id,
                moviebot_protocol::Stars::new(4.5).unwrap(),
            )
            .await
            .unwrap();
        store.close().await;
        let mut setup = Setup {
            dir,
            toml: toml::Table::new(),
            env: Vec::new(),
        };
        setup.set("database", "url", format!("sqlite://{}", db.display()));
        setup
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("moviebot.db")
    }

    fn set(&mut self, section: &str, key: &str, value: impl Into<toml::Value>) -> &mut Self {
        self.toml
            .entry(section)
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            .as_table_mut()
            .unwrap()
            .insert(key.into(), value.into());
        self
    }

    fn tmdb(&mut self, fake: &FakeTmdb, key: &str) -> &mut Self {
        self.set("tmdb", "api_key", key)
            .set("tmdb", "base_url", fake.base_url.as_str())
    }

    fn discord(&mut self, fake: &FakeRest, token: &str) -> &mut Self {
        let app_id = i64::try_from(discord::APP_ID).unwrap();
        self.set("discord", "token", token)
            .set("discord", "application_id", app_id)
            .set("discord", "api_base", fake.base.as_str())
    }

    fn telegram(&mut self, fake: &FakeApi) -> &mut Self {
        self.set("telegram", "token", TELEGRAM_TOKEN)
            .set("telegram", "api_url", fake.url.as_str())
    }

    /// Runs `moviebot doctor ARGS` in the directory; (exit code, stdout).
    async fn doctor(&self, args: &[&str]) -> (i32, String) {
        let (code, stdout, stderr) = self.run(args).await;
        assert!(
            stderr.is_empty() || code == 0 || !stderr.contains("panicked"),
            "{stderr}"
        );
        (code, stdout)
    }

    /// Runs `moviebot doctor ARGS` with a clean environment; (exit code, stdout, stderr).
    async fn run(&self, args: &[&str]) -> (i32, String, String) {
        std::fs::write(self.dir.path().join("bot.toml"), self.toml.to_string()).unwrap();
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_moviebot"));
        cmd.arg("doctor")
            .args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .kill_on_drop(true);
        let out = tokio::time::timeout(Duration::from_secs(60), cmd.output())
            .await
            .expect("doctor finishes")
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        eprintln!("{stdout}{stderr}");
        (out.status.code().unwrap_or(-1), stdout, stderr)
    }
}

/// The line of check `name` (`FAIL  tmdb.key  …`).
fn line<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find(|l| l.split_whitespace().nth(1) == Some(name))
        .unwrap_or_else(|| panic!("no {name} line in:\n{out}"))
}

fn status<'a>(out: &'a str, name: &str) -> &'a str {
    line(out, name).split_whitespace().next().unwrap()
}

/// Registers the commands as `moviebot run` does at start (the adapter's bulk overwrite).
async fn register_commands(fake: &FakeRest, guild: Option<u64>) {
    let mut settings = DiscordSettings::new(discord::APP_ID, discord::public_key_hex());
    settings.token = Some(DISCORD_TOKEN.into());
    settings.api_base = Some(fake.base.clone());
    settings.retry = RetryPolicy {
        max_attempts: Some(1),
        ..RetryPolicy::default()
    };
    let rest = moviebot_discord::rest::Rest::new(&settings);
    let n = rest.register_commands(guild).await.unwrap();
    assert_eq!(n, moviebot_protocol::Command::SPECS.len());
}

/// Every platform configured against healthy fakes: TMDb with the right key, Discord with the
/// right token and its commands registered, Telegram polling with no webhook.
async fn good() -> (Setup, FakeTmdb, FakeRest, FakeApi) {
    let tmdb = FakeTmdb::start().await;
    let rest = FakeRest::start(Vec::new()).await;
    rest.require_token(DISCORD_TOKEN);
    register_commands(&rest, None).await;
    let telegram = FakeApi::start().await;
    telegram.require_token(TELEGRAM_TOKEN);
    let mut setup = Setup::new().await;
    setup
        .tmdb(&tmdb, FAKE_KEY)
        .discord(&rest, DISCORD_TOKEN)
        .telegram(&telegram);
    (setup, tmdb, rest, telegram)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_configuration_passes_every_check() {
    let (setup, tmdb, rest, telegram) = good().await;
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 0, "{out}");
    let checks: Vec<&str> = out.lines().filter(|l| !l.contains(" ok, ")).collect();
    for l in &checks {
        assert!(l.starts_with("ok  "), "not ok: {l}");
    }
    for name in [
        "config",
        "config.sidecar",
        "config.platforms",
        "database.files",
        "database.connect",
        "database.integrity",
        "database.migrations",
        "database.contents",
        "database.writable",
        "tmdb.key",
        "tmdb.limits",
        "discord.token",
        "discord.application",
        "discord.intents",
        "discord.endpoint",
        "discord.commands",
        "telegram.token",
        "telegram.webhook",
    ] {
        assert_eq!(status(&out, name), "ok", "{name}");
    }
    assert_eq!(checks.len(), 18, "{out}");
    assert!(line(&out, "database.contents").contains("1 user, 1 rating, 710 films"));
    assert!(line(&out, "telegram.token").contains("@MovieBot"));
    let all = moviebot_protocol::Command::SPECS.len();
    assert!(
        line(&out, "discord.commands").contains(&format!("all {all} commands registered globally"))
    );
    assert!(out.ends_with("18 ok, 0 warnings, 0 failed\n"), "{out}");
    // It asked each service through the configured base URLs, and changed nothing.
    assert_eq!(tmdb.calls("/configuration"), 1);
    let paths: Vec<String> = rest.requests().iter().map(|r| r.path.clone()).collect();
    assert!(
        paths.contains(&"/api/v10/users/@me".to_string()),
        "{paths:?}"
    );
    assert!(
        !rest.requests().iter().skip(1).any(|r| r.method != "GET"),
        "doctor only reads: {paths:?}"
    );
    let methods: Vec<String> = telegram.calls().iter().map(|c| c.method.clone()).collect();
    assert_eq!(methods, ["getMe", "getWebhookInfo"]);
    // No secret on the screen.
    for secret in [FAKE_KEY, DISCORD_TOKEN, TELEGRAM_TOKEN] {
        assert!(!out.contains(secret), "{secret} printed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_tmdb_key_fails_with_the_401_and_the_setting_to_change() {
    let tmdb = FakeTmdb::start().await;
    let mut setup = Setup::new().await;
    setup.tmdb(&tmdb, "not-the-key");
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    let l = line(&out, "tmdb.key");
    assert!(l.starts_with("FAIL") && l.contains("401"), "{l}");
    assert!(
        l.contains("[tmdb] api_key") && l.contains("TMDB_API_KEY"),
        "{l}"
    );
    assert!(!out.contains("not-the-key"));
    assert!(out.ends_with("failed: fix the FAIL lines above, then run `moviebot doctor` again\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_tmdb_is_unreachable_within_the_timeout() {
    let tmdb = FakeTmdb::start().await;
    tmdb.fail_always(Fault::Slow(Duration::from_secs(10)));
    let mut setup = Setup::new().await;
    setup.tmdb(&tmdb, FAKE_KEY);
    let (code, out) = setup.doctor(&["--timeout", "1"]).await;
    assert_eq!(code, 1, "{out}");
    let l = line(&out, "tmdb.key");
    assert!(l.contains("unreachable") && l.contains("within 1 s"), "{l}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_discord_token_fails_and_stops_the_discord_checks() {
    let rest = FakeRest::start(Vec::new()).await;
    rest.require_token(DISCORD_TOKEN);
    let mut setup = Setup::new().await;
    setup.discord(&rest, "someone-elses-token");
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    let l = line(&out, "discord.token");
    assert!(l.starts_with("FAIL") && l.contains("401"), "{l}");
    assert!(l.contains("[discord] token (DISCORD_TOKEN)"), "{l}");
    assert!(!out.contains("discord.commands"), "{out}");
    assert!(!out.contains("someone-elses-token"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unregistered_or_stale_commands_say_how_to_register_them() {
    let rest = FakeRest::start(Vec::new()).await;
    let mut setup = Setup::new().await;
    setup.discord(&rest, DISCORD_TOKEN);
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    let l = line(&out, "discord.commands");
    assert!(
        l.starts_with("FAIL") && l.contains("no slash commands registered globally"),
        "{l}"
    );
    assert!(l.contains("start `moviebot run` once"), "{l}");

    // Registered to a guild, then one of them changed on Discord's side, plus a stranger.
    setup.set("discord", "guild_id", 77_i64);
    register_commands(&rest, Some(77)).await;
    let path = format!(
        "/api/v10/applications/{}/guilds/77/commands",
        discord::APP_ID
    );
    let mut commands = rest.state.commands.lock().unwrap()[&path].clone();
    let rate = commands.iter().position(|c| c["name"] == "rate").unwrap();
    commands[rate]["options"][1]["max_value"] = json!(10);
    commands.remove(0);
    commands.push(json!({"name": "legacy", "description": "old", "type": 1}));
    rest.set_commands(&path, commands);
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    let l = line(&out, "discord.commands");
    assert!(
        l.contains("in guild 77") && l.contains("out of date /rate"),
        "{l}"
    );
    let first = moviebot_protocol::Command::SPECS[0].name;
    assert!(
        l.contains(&format!(
            "{} of moviebot's {} commands registered in guild 77: missing /{first}",
            moviebot_protocol::Command::SPECS.len() - 1,
            moviebot_protocol::Command::SPECS.len()
        )),
        "{l}"
    );

    // Only the stranger left over: a warning, which does not fail.
    register_commands(&rest, Some(77)).await;
    let mut commands = rest.state.commands.lock().unwrap()[&path].clone();
    commands.push(json!({"name": "legacy", "description": "old", "type": 1}));
    rest.set_commands(&path, commands);
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 0, "{out}");
    assert!(line(&out, "discord.commands").starts_with("warn"), "{out}");
    assert!(line(&out, "discord.commands").contains("/legacy"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_application_id_and_the_interactions_url_must_fit_the_token_and_mode() {
    let rest = FakeRest::start(Vec::new()).await;
    register_commands(&rest, None).await;
    let mut setup = Setup::new().await;
    setup.discord(&rest, DISCORD_TOKEN);
    setup.set("discord", "application_id", 42_i64);
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    let l = line(&out, "discord.application");
    assert!(
        l.contains(&format!("application_id = {}", discord::APP_ID)),
        "{l}"
    );

    // Gateway mode, but Discord posts interactions to a URL: none arrive over the gateway.
    setup.discord(&rest, DISCORD_TOKEN);
    rest.state.application.lock().unwrap()["interactions_endpoint_url"] =
        json!("https://bot.example/discord/interactions");
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    let l = line(&out, "discord.endpoint");
    assert!(
        l.starts_with("FAIL") && l.contains("none arrive over the gateway"),
        "{l}"
    );

    // Interactions mode with no URL: Discord sends nothing.
    rest.state.application.lock().unwrap()["interactions_endpoint_url"] = json!(null);
    setup.set("discord", "mode", "interactions").set(
        "discord",
        "public_key",
        discord::public_key_hex(),
    );
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    assert!(line(&out, "discord.intents").contains("no intents needed"));
    let l = line(&out, "discord.endpoint");
    assert!(
        l.starts_with("FAIL") && l.contains("/discord/interactions"),
        "{l}"
    );

    // A URL that accepts anything (here the fake REST API, which answers every POST with
    // 200) is not checking signatures.
    let url = format!("{}/discord/interactions", rest.base);
    rest.state.application.lock().unwrap()["interactions_endpoint_url"] = json!(url);
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    assert!(line(&out, "discord.endpoint").contains("accepted a PING with a wrong signature"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_interactions_url_of_a_running_bot_refuses_a_badly_signed_ping() {
    let rest = FakeRest::start(Vec::new()).await;
    register_commands(&rest, None).await;
    let app = support::app::TestApp::builder()
        .discord_interactions()
        .build()
        .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/discord/interactions",
        listener.local_addr().unwrap()
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.serve(listener, async {
        let _ = stopped.await;
    }));
    rest.state.application.lock().unwrap()["interactions_endpoint_url"] = json!(url);
    let mut setup = Setup::new().await;
    setup
        .discord(&rest, DISCORD_TOKEN)
        .set("discord", "mode", "interactions")
        .set("discord", "public_key", discord::public_key_hex());
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 0, "{out}");
    let l = line(&out, "discord.endpoint");
    assert!(
        l.starts_with("ok") && l.contains("refuses a badly signed PING (401)"),
        "{l}"
    );
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_token_and_webhook() {
    let fake = FakeApi::start().await;
    fake.require_token(TELEGRAM_TOKEN);
    let mut setup = Setup::new().await;
    setup
        .telegram(&fake)
        .set("telegram", "token", "123456:WRONG");
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    let l = line(&out, "telegram.token");
    assert!(
        l.starts_with("FAIL") && l.contains("401 Unauthorized"),
        "{l}"
    );
    assert!(l.contains("TELEGRAM_BOT_TOKEN"), "{l}");
    assert!(!out.contains("WRONG"), "{out}");

    // Webhook mode, but Telegram delivers elsewhere.
    fake.set_webhook("https://old-host.example/telegram/webhook");
    setup
        .telegram(&fake)
        .set("telegram", "mode", "webhook")
        .set("telegram", "webhook_url", WEBHOOK)
        .set("telegram", "secret_token", "webhook_Secret-0123");
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    let l = line(&out, "telegram.webhook");
    assert!(
        l.starts_with("FAIL")
            && l.contains("delivers to https://old-host.example/telegram/webhook")
            && l.contains(WEBHOOK),
        "{l}"
    );

    // The right URL, but Telegram's last delivery failed: a warning with Telegram's words.
    fake.set_webhook(WEBHOOK);
    fake.set_webhook_error(moviebot::store::now() - 60, "Connection refused");
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 0, "{out}");
    let l = line(&out, "telegram.webhook");
    assert!(
        l.starts_with("warn") && l.contains("Connection refused"),
        "{l}"
    );

    // Polling while a webhook is set: getUpdates is refused until `moviebot run` deletes it.
    setup.set("telegram", "mode", "polling");
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 0, "{out}");
    let l = line(&out, "telegram.webhook");
    assert!(
        l.starts_with("warn") && l.contains("refuses getUpdates"),
        "{l}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_database_fails_and_is_not_created() {
    let setup = Setup::new().await;
    std::fs::remove_file(setup.db()).unwrap();
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    let l = line(&out, "database.files");
    assert!(l.starts_with("FAIL") && l.contains("no database at"), "{l}");
    assert!(
        l.contains("moviebot migrate") && l.contains("backup"),
        "{l}"
    );
    assert!(!setup.db().exists(), "doctor must not create the database");
    assert!(!out.contains("database.connect"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_database_fails_the_write_probe() {
    let mut setup = Setup::new().await;
    let url = format!("sqlite://{}?mode=ro", setup.db().display());
    setup.set("database", "url", url);
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    assert_eq!(status(&out, "database.contents"), "ok", "{out}");
    let l = line(&out, "database.writable");
    assert!(l.starts_with("FAIL") && l.contains("readonly"), "{l}");
}

/// The uid of this process (the owner of a file it creates).
fn my_uid(dir: &Path) -> u32 {
    use std::os::unix::fs::MetadataExt;
    let probe = dir.join(".uid");
    std::fs::write(&probe, "").unwrap();
    let uid = std::fs::metadata(&probe).unwrap().uid();
    std::fs::remove_file(probe).unwrap();
    uid
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_the_bots_user_cannot_write_fail() {
    use std::os::unix::fs::PermissionsExt;
    let setup = Setup::new().await;
    let dir = setup.dir.path();
    // A stale -shm left behind read-only (as after a restore by another user).
    let shm = PathBuf::from(format!("{}-shm", setup.db().display()));
    std::fs::write(&shm, vec![0u8; 32 * 1024]).unwrap();
    let root = my_uid(dir) == 0;
    std::fs::write(dir.join("bot.toml"), setup.toml.to_string()).unwrap();
    let mode = if root { 0o644 } else { 0o444 };
    for f in [setup.db(), shm.clone(), dir.join("bot.toml")] {
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    if root {
        // Root writes anything: check as `nobody`, who may read but not write.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_moviebot"));
    cmd.arg("doctor").current_dir(dir).env_clear();
    if root {
        use std::os::unix::process::CommandExt;
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let l = line(&stdout, "database.files");
    assert!(l.starts_with("FAIL"), "{l}");
    assert!(l.contains("moviebot.db is not writable"), "{l}");
    assert!(
        l.contains("moviebot.db-shm is not writable") && l.contains("SIGBUS"),
        "{l}"
    );
    if root {
        assert!(l.contains("directory"), "{l}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_that_is_not_a_database_fails_the_integrity_check() {
    let setup = Setup::new().await;
    std::fs::write(
        setup.db(),
        "this is not a SQLite database, just text\n".repeat(200),
    )
    .unwrap();
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    let bad = out
        .lines()
        .find(|l| l.starts_with("FAIL"))
        .expect("a failure");
    assert!(
        bad.contains("database.connect") || bad.contains("database.integrity"),
        "{out}"
    );
    assert!(bad.contains("not a database"), "{bad}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_unknown_to_this_build_fail_and_pending_ones_warn() {
    let setup = Setup::new().await;
    let url = format!("sqlite://{}", setup.db().display());
    let store = Store::connect(&url, 1).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (29990101000000, 'from the future', TRUE, X'00', 1)",
    )
    .execute(store.pool())
    .await
    .unwrap();
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    let l = line(&out, "database.migrations");
    assert!(
        l.contains("29990101000000") && l.contains("newer moviebot"),
        "{l}"
    );

    sqlx::query("DELETE FROM _sqlx_migrations")
        .execute(store.pool())
        .await
        .unwrap();
    store.close().await;
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 0, "{out}");
    let all = moviebot::store::migrator(moviebot::store::Backend::Sqlite)
        .iter()
        .count();
    let pending = format!("0 applied, {all} pending");
    let l = line(&out, "database.migrations");
    assert!(
        l.starts_with("warn") && l.contains(&pending) && l.contains("init"),
        "{l}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configuration_that_does_not_load_exits_2_with_one_line() {
    let mut setup = Setup::new().await;
    setup.set("sidecar", "bind", "0.0.0.0:8080");
    let (code, out, stderr) = setup.run(&[]).await;
    assert_eq!(code, 2, "{out}");
    let l = line(&out, "config");
    assert!(
        l.starts_with("FAIL") && l.contains("sidecar.admin_token"),
        "{l}"
    );
    assert!(out.contains("no other check ran"), "{out}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_from_files_are_reported_and_used() {
    let (mut setup, _tmdb, _rest, _telegram) = good().await;
    let secret = setup.dir.path().join("discord_token");
    std::fs::write(&secret, format!("{DISCORD_TOKEN}\n")).unwrap();
    setup.toml["discord"]
        .as_table_mut()
        .unwrap()
        .remove("token");
    setup.env.push((
        "MOVIEBOT_DISCORD__TOKEN_FILE".into(),
        secret.display().to_string(),
    ));
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 0, "{out}");
    let l = line(&out, "config");
    assert!(
        l.contains("MOVIEBOT_DISCORD__TOKEN_FILE")
            && l.contains("secrets from files: discord.token"),
        "{l}"
    );
    assert_eq!(status(&out, "discord.token"), "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_are_json_lines_when_asked() {
    let mut setup = Setup::new().await;
    setup
        .env
        .push(("MOVIEBOT_LOG_FORMAT".into(), "json".into()));
    setup.env.push(("RUST_LOG".into(), "debug".into()));
    let (code, _, stderr) = setup.run(&[]).await;
    assert_eq!(code, 0);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(!lines.is_empty(), "debug logging printed nothing");
    for l in lines {
        let v: serde_json::Value =
            serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"));
        assert!(v["level"].is_string() && v["timestamp"].is_string(), "{l}");
    }

    setup.env[0].1 = "yaml".into();
    let (code, out, stderr) = setup.run(&[]).await;
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        stderr.contains("MOVIEBOT_LOG_FORMAT") && stderr.contains("text or json"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_the_database_checks_pass() {
    let Some(url) = support::fresh_postgres_url().await else {
        return;
    };
    let store = Store::open(&url, 2).await.unwrap();
    moviebot::catalog::ensure_loaded(&store).await.unwrap();
    store.close().await;
    let mut setup = Setup::new().await;
    setup.set("database", "url", url.as_str());
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 0, "{out}");
    for name in [
        "database.connect",
        "database.migrations",
        "database.contents",
        "database.writable",
    ] {
        assert_eq!(status(&out, name), "ok", "{name}");
    }
    assert!(line(&out, "database").contains("PostgreSQL at postgres://"));

    // A database that only takes reads (as a standby would) fails the write probe.
    let name = url.rsplit('/').next().unwrap();
    let store = Store::connect(&url, 1).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "ALTER DATABASE {name} SET default_transaction_read_only = on"
    )))
    .execute(store.pool())
    .await
    .unwrap();
    store.close().await;
    let (code, out) = setup.doctor(&[]).await;
    assert_eq!(code, 1, "{out}");
    let l = line(&out, "database.writable");
    assert!(l.starts_with("FAIL") && l.contains("read-only"), "{l}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthcheck_exits_0_while_the_sidecar_answers_and_1_when_it_is_gone() {
    let app = support::app::TestApp::builder().build().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.serve(listener, async {
        let _ = stopped.await;
    }));
    let healthcheck = || async {
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_moviebot"))
            .arg("healthcheck")
            .env_clear()
            .env("MOVIEBOT_SIDECAR__BIND", addr.to_string())
            .env("MOVIEBOT_DATABASE__URL", "sqlite::memory:")
            .output()
            .await
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    let (code, text) = healthcheck().await;
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains(&format!("healthy: http://{addr}/healthz")),
        "{text}"
    );

    let _ = stop.send(());
    server.await.unwrap().unwrap();
    let (code, text) = healthcheck().await;
    assert_eq!(code, Some(1), "{text}");
    assert!(text.starts_with("error: http://"), "{text}");
}
