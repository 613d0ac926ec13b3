//! The configuration loader (`moviebot::config`): arbitrary `bot.toml` text, plus environment
//! overrides written in it as `#env NAME=value` comment lines, through parsing, the
//! environment, deserialisation and validation as `moviebot run` loads it. Errors are fine —
//! one line each, as promised — panics are not; and a configuration that loads can be turned
//! into what start-up builds from it (the sidecar address, the adapters' settings, the
//! rebuild schedule) without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moviebot::platforms::{discord_settings, telegram_settings};
use moviebot::recommend::rebuild::RebuildPolicy;

fuzz_target!(|data: &[u8]| {
    // The file is read with read_to_string: anything not UTF-8 never reaches the parser.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let vars: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("#env "))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    match moviebot::fuzzing::config(text, &vars) {
        Ok(config) => {
            let _ = config.sidecar.addr();
            let _ = config.tmdb.has_credentials();
            if let Some(settings) = telegram_settings(&config.telegram) {
                let _ = settings.validate();
            }
            let _ = discord_settings(&config.discord);
            let _ = RebuildPolicy::from(&config.recommender);
        }
        Err(e) => assert!(!e.0.contains('\n'), "a two-line error: {e}"),
    }
});
