//! The Wikipedia importer's reading and matching stages (`moviebot import wikipedia` minus the
//! store): arbitrary bytes as a decade file (`movies-2020s.json`), parsed as the importer
//! parses it and each film matched against the stored films (the embedded catalog) and turned
//! into the change it would make. Nothing panics, and every change keeps its promises: an
//! added film has a title, at most five cast names, and an overview only with its attribution;
//! an enriched film keeps its title.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(import) = moviebot::fuzzing::import_wikipedia(data) else {
        return;
    };
    for film in &import.added {
        assert!(
            !film.title.is_empty() && film.title.trim() == film.title,
            "{film:?}"
        );
        assert!(film.cast.len() <= 5, "{film:?}");
        assert!(
            film.overview.is_empty() || film.overview_source.is_some(),
            "{film:?}"
        );
    }
    for film in &import.enriched {
        assert!(!film.title.trim().is_empty(), "{film:?}");
    }
});
