//! Loader tests: defaults, file, environment precedence, and the one-line errors.

use std::io::Write;
use std::path::Path;

use secrecy::ExposeSecret;

use super::*;

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

fn load(text: Option<&str>, env: &[(&str, &str)]) -> Result<Loaded, ConfigError> {
    let f = text.map(file);
    Config::load_with(
        f.as_ref().map(|f| f.path()),
        Path::new("/nonexistent/bot.toml"),
        &vars(env),
    )
}

#[test]
fn defaults_without_file() {
    let loaded = load(None, &[]).unwrap();
    assert_eq!(loaded.origin, Origin::Defaults);
    let c = loaded.config;
    assert_eq!(c.database.url, "sqlite://moviebot.db");
    assert_eq!(c.sidecar.bind, "127.0.0.1:8080");
    assert!(!c.discord.enabled() && !c.telegram.enabled() && !c.tmdb.has_credentials());
    assert_eq!(c.recommender.collaborative_weight, 0.6);
}

#[test]
fn the_example_file_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("bot.example.toml");
    let loaded = Config::load_with(Some(&path), Path::new("/nonexistent"), &[]).unwrap();
    assert_eq!(loaded.config.tmdb.cache_hours, 24);
}

#[test]
fn env_overrides_file_and_conventional_names() {
    let c = load(
        Some("[database]\nurl = \"sqlite://a.db\"\n[sidecar]\nbind = \"127.0.0.1:9000\"\n"),
        &[
            ("DATABASE_URL", "sqlite://b.db"),
            ("MOVIEBOT_SIDECAR__BIND", "127.0.0.1:9100"),
            ("MOVIEBOT_RECOMMENDER__NEIGHBOURS", "25"),
            ("TMDB_API_KEY", "12345"),
            ("MOVIEBOT_TEST_POSTGRES_URL", "postgres://ignored"),
            ("MOVIEBOT_SOMETHING", "ignored too"),
        ],
    )
    .unwrap()
    .config;
    assert_eq!(c.database.url, "sqlite://b.db");
    assert_eq!(c.sidecar.bind, "127.0.0.1:9100");
    assert_eq!(c.recommender.neighbours, 25);
    // An all-digit key still reads as a string.
    assert_eq!(c.tmdb.api_key.unwrap().expose_secret(), "12345");
}

#[test]
fn moviebot_form_wins_over_conventional() {
    let c = load(
        None,
        &[
            ("MOVIEBOT_DATABASE__URL", "sqlite://x.db"),
            ("DATABASE_URL", "sqlite://y.db"),
        ],
    )
    .unwrap()
    .config;
    assert_eq!(c.database.url, "sqlite://x.db");
}

#[test]
fn unknown_key_names_file_and_key() {
    let f = file("[recommender]\nneighbors = 30\n");
    let err = Config::load_with(Some(f.path()), Path::new("/x"), &[]).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains(&f.path().display().to_string()), "{msg}");
    assert!(msg.contains("neighbors"), "{msg}");
    assert!(!msg.contains('\n'), "one line: {msg}");
}

#[test]
fn wrong_type_from_env_names_the_variable() {
    let err = load(None, &[("MOVIEBOT_RECOMMENDER__NEIGHBOURS", "lots")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("MOVIEBOT_RECOMMENDER__NEIGHBOURS") && err.contains("recommender.neighbours"),
        "{err}"
    );
}

#[test]
fn unknown_section_from_env_is_an_error() {
    let err = load(None, &[("MOVIEBOT_DATABSE__URL", "sqlite://x.db")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("databse"), "{err}");
}

#[test]
fn weights_must_sum_to_one() {
    let err = load(Some("[recommender]\ncollaborative_weight = 0.5\n"), &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("must be 1.0"), "{err}");
}

#[test]
fn unreadable_file_is_one_line() {
    let err = Config::load_with(Some(Path::new("/nonexistent/x.toml")), Path::new("/x"), &[])
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("/nonexistent/x.toml: cannot read"), "{err}");
}

#[test]
fn bad_toml_is_one_line() {
    let err = load(Some("[database\nurl = 1"), &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("not valid TOML") && !err.contains('\n'),
        "{err}"
    );
}

#[test]
fn public_bind_needs_admin_token_and_secrets_stay_hidden() {
    let err = load(None, &[("MOVIEBOT_SIDECAR__BIND", "0.0.0.0:8080")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("sidecar.admin_token"), "{err}");
    let c = load(
        None,
        &[
            ("MOVIEBOT_SIDECAR__BIND", "0.0.0.0:8080"),
            ("MOVIEBOT_SIDECAR__ADMIN_TOKEN", "hunter2-secret-0123456789"),
        ],
    )
    .unwrap()
    .config;
    assert!(!format!("{c:?}").contains("hunter2-secret"));
}

#[test]
fn admin_tokens_must_be_sendable_and_long_enough_for_a_public_bind() {
    let with = |bind: &str, token: &str| {
        load(
            None,
            &[
                ("MOVIEBOT_SIDECAR__BIND", bind),
                ("MOVIEBOT_SIDECAR__ADMIN_TOKEN", token),
            ],
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    };
    for short in ["x", "hunter2", "fifteen-chars-x"] {
        let err = with("0.0.0.0:8080", short).unwrap_err();
        assert!(
            err.contains("sidecar.admin_token") && err.contains("16"),
            "{err}"
        );
        assert!(
            !err.contains(short),
            "the token itself is never printed: {err}"
        );
    }
    for unsendable in ["   ", " padded-token-0123456789", "tab\there-0123456789"] {
        let err = with("127.0.0.1:8080", unsendable).unwrap_err();
        assert!(err.contains("sidecar.admin_token"), "{err}");
    }
    // The error names the variable that set the value, or the ones that changed the defaults.
    let err = with("0.0.0.0:8080", "short").unwrap_err();
    assert!(
        err.starts_with("environment variable MOVIEBOT_SIDECAR__ADMIN_TOKEN"),
        "{err}"
    );
    let err = load(None, &[("MOVIEBOT_SIDECAR__BIND", "0.0.0.0:8080")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("MOVIEBOT_SIDECAR__BIND"), "{err}");
    // On loopback a short token is the admin's choice.
    assert!(with("127.0.0.1:8080", "x").is_ok());
    assert!(with("0.0.0.0:8080", "sixteen-chars-ok").is_ok());
}

#[test]
fn cache_hours_capped_by_tmdb_terms() {
    let err = load(Some("[tmdb]\ncache_hours = 10000\n"), &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("tmdb.cache_hours"), "{err}");
}

#[test]
fn discord_needs_its_application_id_and_a_key_for_interactions() {
    let err = load(Some("[discord]\ntoken = \"t\"\n"), &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("discord.application_id"), "{err}");
    let err = load(
        Some("[discord]\ntoken = \"t\"\napplication_id = 7\nmode = \"interactions\"\n"),
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("discord.public_key"), "{err}");
    let err = load(
        Some("[discord]\ntoken = \"t\"\napplication_id = 7\napi_base = \"not a url\"\n"),
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("discord.api_base"), "{err}");

    // Interactions mode answers with only the key (commands registered elsewhere).
    let key = "ab".repeat(32);
    let c = load(
        Some(&format!(
            "[discord]\napplication_id = 7\nmode = \"interactions\"\npublic_key = \"{key}\"\n"
        )),
        &[],
    )
    .unwrap()
    .config;
    assert!(c.discord.enabled() && c.discord.token.is_none());
    // Gateway mode needs the token; the key alone does not switch Discord on.
    let c = load(Some(&format!("[discord]\npublic_key = \"{key}\"\n")), &[])
        .unwrap()
        .config;
    assert!(!c.discord.enabled());
    let c = load(
        None,
        &[
            ("DISCORD_TOKEN", "t"),
            ("MOVIEBOT_DISCORD__APPLICATION_ID", "7"),
        ],
    )
    .unwrap()
    .config;
    assert!(c.discord.enabled());
}

#[test]
fn telegram_webhook_needs_url_and_secret() {
    let err = load(
        Some("[telegram]\ntoken = \"1:a\"\nmode = \"webhook\"\nsecret_token = \"s\"\n"),
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("telegram.webhook_url"), "{err}");
    let err = load(
        Some("[telegram]\ntoken = \"1:a\"\nmode = \"webhook\"\nwebhook_url = \"https://x.example/telegram/webhook\"\n"),
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("telegram.secret_token"), "{err}");
    let err = load(Some("[telegram]\ntoken = \"1:a\"\napi_url = \"::\"\n"), &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("telegram.api_url"), "{err}");
    let c = load(None, &[("TELEGRAM_BOT_TOKEN", "1:a")]).unwrap().config;
    assert!(c.telegram.enabled() && c.telegram.mode == TelegramMode::Polling);
}

#[test]
fn user_cache_seconds_defaults_to_five_and_is_bounded() {
    assert_eq!(
        load(None, &[]).unwrap().config.database.user_cache_seconds,
        5
    );
    let c = load(None, &[("MOVIEBOT_DATABASE__USER_CACHE_SECONDS", "0")]).unwrap();
    assert_eq!(c.config.database.user_cache_seconds, 0);
    let err = load(Some("[database]\nuser_cache_seconds = 7200\n"), &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("database.user_cache_seconds"), "{err}");
}

#[test]
fn tmdb_refresh_defaults_and_bounds() {
    let c = load(None, &[]).unwrap().config.tmdb;
    assert!(c.refresh);
    assert_eq!(
        (
            c.refresh_trending_hours,
            c.refresh_lists_hours,
            c.refresh_pages
        ),
        (24, 168, 2)
    );
    for (text, key) in [
        ("refresh_trending_hours = 0", "tmdb.refresh_trending_hours"),
        ("refresh_lists_hours = 0", "tmdb.refresh_lists_hours"),
        ("refresh_pages = 0", "tmdb.refresh_pages"),
        ("refresh_pages = 501", "tmdb.refresh_pages"),
    ] {
        let err = load(Some(&format!("[tmdb]\n{text}\n")), &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(key) && err.contains("expected"),
            "{text}: {err}"
        );
    }
    let c = load(
        Some("[tmdb]\nrefresh_pages = 500\nrefresh_lists_hours = 1\n"),
        &[("MOVIEBOT_TMDB__REFRESH", "false")],
    )
    .unwrap()
    .config
    .tmdb;
    assert!(!c.refresh && c.refresh_pages == 500 && c.refresh_lists_hours == 1);
}

#[test]
fn recommender_section_sets_only_its_own_keys() {
    let c = load(
        Some("[recommender]\ncollaborative_weight = 1\ncontent_weight = 0\n"),
        &[("MOVIEBOT_RECOMMENDER__REBUILD_AFTER_RATINGS", "7")],
    )
    .unwrap()
    .config
    .recommender;
    assert_eq!((c.collaborative_weight, c.content_weight), (1.0, 0.0));
    assert_eq!(c.rebuild_after_ratings, 7);
    assert_eq!(c.ease, RecommenderConfig::default().ease);
    // The model's internals keep their defaults: naming one is an unknown key.
    let err = load(Some("[recommender]\nmax_postings = 4\n"), &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("recommender.max_postings: unknown field"),
        "{err}"
    );
}

mod secrets;
