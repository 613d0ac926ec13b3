//! Secrets from files: `KEY_file` in bot.toml, `MOVIEBOT_SECTION__KEY_FILE` and the
//! conventional `*_FILE` variables; the errors name the setting and the file, never the value.

use super::*;

/// A file holding `text`, kept alive by the returned guard.
fn secret_file(text: &str) -> (tempfile::NamedTempFile, String) {
    let f = file(text);
    let path = f.path().display().to_string();
    (f, path)
}

#[test]
fn a_token_file_in_bot_toml_is_read_without_its_trailing_newline() {
    let (_f, path) = secret_file("discord-secret-token\n");
    let (_g, crlf) = secret_file("tmdb-key-from-windows\r\n");
    let toml = format!(
        "[discord]\ntoken_file = \"{path}\"\napplication_id = 42\n\
         [tmdb]\napi_key_file = \"{crlf}\"\n"
    );
    let c = load(Some(&toml), &[]).unwrap().config;
    assert_eq!(
        c.discord.token.unwrap().expose_secret(),
        "discord-secret-token"
    );
    assert_eq!(
        c.tmdb.api_key.unwrap().expose_secret(),
        "tmdb-key-from-windows"
    );
}

#[test]
fn only_line_breaks_are_trimmed() {
    let (_f, path) = secret_file("  inner spaces stay \n\n");
    let c = load(None, &[("MOVIEBOT_TMDB__READ_ACCESS_TOKEN_FILE", &path)])
        .unwrap()
        .config;
    assert_eq!(
        c.tmdb.read_access_token.unwrap().expose_secret(),
        "  inner spaces stay "
    );
}

#[test]
fn every_secret_setting_accepts_a_file_from_the_environment() {
    let values = [
        (
            "database",
            "url",
            "postgres://bot:pa55word@db:5432/moviebot",
        ),
        ("tmdb", "api_key", "k3y"),
        ("tmdb", "read_access_token", "t0ken"),
        ("discord", "token", "d1scord"),
        ("discord", "public_key", &"ab".repeat(32)),
        ("telegram", "token", "123:ABC"),
        ("telegram", "secret_token", "webhook_secret-1"),
        ("sidecar", "admin_token", "a-long-admin-token-here"),
    ];
    assert_eq!(
        values.len(),
        SECRET_KEYS.len(),
        "a secret setting is untested"
    );
    let mut guards = Vec::new();
    let mut env = vec![("MOVIEBOT_DISCORD__APPLICATION_ID".to_string(), "42".into())];
    for (section, key, value) in values {
        assert!(SECRET_KEYS.contains(&(section, key)), "{section}.{key}");
        let (guard, path) = secret_file(&format!("{value}\n"));
        guards.push(guard);
        let var = format!(
            "MOVIEBOT_{}__{}_FILE",
            section.to_uppercase(),
            key.to_uppercase()
        );
        env.push((var, path));
    }
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let c = load(None, &pairs).unwrap().config;
    assert_eq!(c.database.url, values[0].2);
    assert_eq!(c.tmdb.api_key.unwrap().expose_secret(), "k3y");
    assert_eq!(c.tmdb.read_access_token.unwrap().expose_secret(), "t0ken");
    assert_eq!(c.discord.token.unwrap().expose_secret(), "d1scord");
    assert_eq!(c.discord.public_key.unwrap(), "ab".repeat(32));
    assert_eq!(c.telegram.token.unwrap().expose_secret(), "123:ABC");
    assert_eq!(
        c.telegram.secret_token.unwrap().expose_secret(),
        "webhook_secret-1"
    );
    assert_eq!(
        c.sidecar.admin_token.unwrap().expose_secret(),
        "a-long-admin-token-here"
    );
}

#[test]
fn conventional_file_variables() {
    let (_a, db) = secret_file("sqlite://from-file.db\n");
    let (_b, tmdb) = secret_file("tmdb-from-file\n");
    let (_c, discord) = secret_file("discord-from-file\n");
    let (_d, telegram) = secret_file("1:telegram-from-file\n");
    let c = load(
        None,
        &[
            ("DATABASE_URL_FILE", &db),
            ("TMDB_API_KEY_FILE", &tmdb),
            ("DISCORD_TOKEN_FILE", &discord),
            ("MOVIEBOT_DISCORD__APPLICATION_ID", "7"),
            ("TELEGRAM_BOT_TOKEN_FILE", &telegram),
        ],
    )
    .unwrap()
    .config;
    assert_eq!(c.database.url, "sqlite://from-file.db");
    assert_eq!(c.tmdb.api_key.unwrap().expose_secret(), "tmdb-from-file");
    assert_eq!(
        c.discord.token.unwrap().expose_secret(),
        "discord-from-file"
    );
    assert_eq!(
        c.telegram.token.unwrap().expose_secret(),
        "1:telegram-from-file"
    );
}

#[test]
fn an_empty_file_variable_means_unset() {
    let c = load(None, &[("TMDB_API_KEY_FILE", "")]).unwrap().config;
    assert!(c.tmdb.api_key.is_none());
}

#[test]
fn value_and_file_together_is_an_error_naming_both() {
    let (_f, path) = secret_file("from-the-file\n");
    let toml = "[telegram]\ntoken = \"inline-secret-value\"\n";
    let err = load(Some(toml), &[("MOVIEBOT_TELEGRAM__TOKEN_FILE", &path)])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("telegram.token ") && err.contains("telegram.token_file"),
        "{err}"
    );
    assert!(err.contains("MOVIEBOT_TELEGRAM__TOKEN_FILE"), "{err}");
    assert!(!err.contains("inline-secret-value") && !err.contains("from-the-file"));
    assert!(!err.contains('\n'), "one line: {err}");

    // The conventional variable and the bot.toml file setting collide the same way.
    let config = file(&format!("[tmdb]\napi_key_file = \"{path}\"\n"));
    let err = Config::load_with(
        Some(config.path()),
        Path::new("/nonexistent/bot.toml"),
        &vars(&[("TMDB_API_KEY", "env-secret")]),
    )
    .unwrap_err()
    .to_string();
    let config_path = config.path().display().to_string();
    assert!(
        err.contains("tmdb.api_key ") && err.contains("TMDB_API_KEY") && err.contains(&config_path),
        "{err}"
    );
    assert!(!err.contains("env-secret"), "{err}");
}

#[test]
fn an_unreadable_file_names_the_file_and_the_setting() {
    let err = load(
        None,
        &[("MOVIEBOT_SIDECAR__ADMIN_TOKEN_FILE", "/run/secrets/nope")],
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("/run/secrets/nope")
            && err.contains("sidecar.admin_token_file")
            && err.contains("MOVIEBOT_SIDECAR__ADMIN_TOKEN_FILE"),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    let toml = format!(
        "[discord]\ntoken_file = \"{}\"\napplication_id = 1\n",
        dir.path().display()
    );
    let err = load(Some(&toml), &[]).unwrap_err().to_string();
    assert!(
        err.contains("discord.token_file") && err.contains(&dir.path().display().to_string()),
        "{err}"
    );
}

#[test]
fn an_empty_or_binary_file_is_refused() {
    let (_f, empty) = secret_file("\n");
    let err = load(None, &[("TELEGRAM_BOT_TOKEN_FILE", &empty)])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("empty") && err.contains("TELEGRAM_BOT_TOKEN_FILE"),
        "{err}"
    );

    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(&[0xff, 0xfe, b'x']).unwrap();
    let path = f.path().display().to_string();
    let err = load(None, &[("TMDB_API_KEY_FILE", &path)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("not UTF-8") && err.contains(&path), "{err}");
}

#[test]
fn a_bad_value_from_a_file_names_the_file_not_the_value() {
    let (_f, path) = secret_file("no spaces allowed here\n");
    let toml = format!(
        "[telegram]\ntoken = \"1:x\"\nmode = \"webhook\"\n\
         webhook_url = \"https://bot.example/telegram/webhook\"\nsecret_token_file = \"{path}\"\n"
    );
    let err = load(Some(&toml), &[]).unwrap_err().to_string();
    assert!(
        err.contains(&path)
            && err.contains("telegram.secret_token_file")
            && err.contains("telegram.secret_token:"),
        "{err}"
    );
    assert!(!err.contains("no spaces allowed"), "{err}");
}

#[test]
fn only_secret_settings_take_a_file() {
    let (_f, path) = secret_file("127.0.0.1:9000\n");
    let err = load(None, &[("MOVIEBOT_SIDECAR__BIND_FILE", &path)])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("sidecar.bind_file") && err.contains("unknown field"),
        "{err}"
    );
}
