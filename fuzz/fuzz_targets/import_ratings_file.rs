//! An uploaded taste file — a Letterboxd export ZIP or CSV, an IMDb ratings or watchlist CSV,
//! a moviebot export JSON, or anything else — read as `POST /api/user/{id}/import` and chat
//! uploads read it (`moviebot::taste_files::parse`, ZIPs from memory within the limits), its
//! rows matched to the embedded catalog. Nothing panics; a file is either refused with a
//! reason or read into rows that keep their contract: within the row limit, ratings in half
//! stars, line numbers from 1, IMDb ids canonical.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((parsed, found, ambiguous)) = moviebot::fuzzing::import_ratings_file(data) else {
        return;
    };
    assert!(parsed.row_count() <= 5_001, "{} rows", parsed.row_count());
    assert!(found + ambiguous <= parsed.rows.len());
    for row in &parsed.rows {
        assert!(!row.title.is_empty());
        if let Some(stars) = row.stars {
            assert!((0.5..=5.0).contains(&stars.get()));
        }
        if let Some(id) = &row.imdb_id {
            assert!(id.starts_with("tt") && id.len() >= 9, "{id}");
        }
    }
    for bad in &parsed.malformed {
        assert!(bad.line >= 1 || bad.file == "export.json");
    }
});
