//! Reading uploaded taste files (no store): Letterboxd ZIPs and CSVs, IMDb ratings and
//! watchlists, encodings, bad rows with their lines, and the limits — random bytes,
//! truncated ZIPs, hostile entry names and zip bombs are refused cleanly, never a panic.
//! Every file here is made up for the tests (tests/fixtures/taste_files or built in code).

use std::io::Write;

use moviebot::taste_files::{FileError, ImportFormat, Limits, RowKind, SourceFormat, parse};
use proptest::prelude::*;
use zip::write::SimpleFileOptions;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/taste_files");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

/// A ZIP of (name, contents), deflated.
fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in files {
        w.start_file(*name, SimpleFileOptions::default()).unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn auto(bytes: &[u8]) -> Result<moviebot::taste_files::ParsedFile, FileError> {
    parse(bytes, ImportFormat::Auto, None, &Limits::default())
}

#[test]
fn a_letterboxd_export_zip_reads_ratings_watchlist_and_diary_at_its_top_level() {
    let ratings = fixture("ratings.csv");
    let zip = zip_of(&[
        (
            "letterboxd-me-2024/profile.csv",
            b"Date Joined,Username\n2020-01-01,me\n",
        ),
        ("letterboxd-me-2024/ratings.csv", &ratings),
        (
            "letterboxd-me-2024/watchlist.csv",
            b"Date,Name,Year,Letterboxd URI\n2024-02-01,Dune: Part Two,2024,https://boxd.it/x\n",
        ),
        (
            "letterboxd-me-2024/diary.csv",
            b"Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n\
              2024-01-09,Heat,1995,https://boxd.it/y,4,Yes,,2024-01-08\n\
              2024-01-10,Alien,1979,https://boxd.it/z,,,,2024-01-10\n",
        ),
        (
            "letterboxd-me-2024/deleted/ratings.csv",
            b"Date,Name,Year,Letterboxd URI,Rating\n2020-01-01,Gone,2000,u,1\n",
        ),
        (
            "letterboxd-me-2024/likes/films.csv",
            b"Date,Name,Year,Letterboxd URI\n",
        ),
    ]);
    let f = auto(&zip).unwrap();
    assert_eq!(f.format, Some(SourceFormat::Letterboxd));
    assert!(f.malformed.is_empty(), "{:?}", f.malformed);
    let titles = |kind| -> Vec<&str> {
        f.rows
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.title.as_str())
            .collect()
    };
    assert_eq!(titles(RowKind::Watchlist), ["Dune: Part Two"]);
    assert_eq!(titles(RowKind::Watched), ["Alien"]);
    // The diary's rating of Heat comes first; ratings.csv (read last) has the final word.
    assert_eq!(
        titles(RowKind::Rating),
        ["Heat", "Heat", "Amélie", "The Matrix"]
    );
    assert!(
        !titles(RowKind::Rating).contains(&"Gone"),
        "deleted/ is ignored"
    );
    let diary_heat = f
        .rows
        .iter()
        .find(|r| r.file == "diary.csv" && r.title == "Heat")
        .unwrap();
    assert_eq!(
        diary_heat.date,
        Some(1_704_672_000),
        "the watched date, not the log date"
    );
    let heat = f.rows.iter().find(|r| r.file == "ratings.csv").unwrap();
    assert_eq!(
        (heat.year, heat.stars.unwrap().get(), heat.line),
        (Some(1995), 4.5, 2)
    );
}

#[test]
fn a_single_watchlist_csv_needs_its_name_to_be_a_watchlist() {
    let csv = b"Date,Name,Year,Letterboxd URI\n2024-02-01,Alien,1979,https://boxd.it/z\n";
    let named = parse(
        csv,
        ImportFormat::Letterboxd,
        Some("watchlist.csv"),
        &Limits::default(),
    );
    assert_eq!(named.unwrap().rows[0].kind, RowKind::Watchlist);
    assert_eq!(
        auto(csv).unwrap().rows[0].kind,
        RowKind::Watched,
        "never guessed onto the watchlist"
    );
}

#[test]
fn imdb_ratings_map_to_half_stars_and_skip_series() {
    let f = auto(&fixture("imdb_ratings.csv")).unwrap();
    assert_eq!(f.format, Some(SourceFormat::Imdb));
    assert_eq!(f.non_movies, 1, "Breaking Bad is a TV series");
    let got: Vec<(&str, Option<&str>, f32)> = f
        .rows
        .iter()
        .map(|r| {
            (
                r.title.as_str(),
                r.imdb_id.as_deref(),
                r.stars.unwrap().get(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Heat", Some("tt0113277"), 4.5),
            ("The Matrix", Some("tt0133093"), 3.5)
        ]
    );
    assert_eq!(f.rows[0].date, Some(1_682_899_200));
    assert_eq!(f.rows[1].line, 4);
}

#[test]
fn an_old_imdb_watchlist_is_a_watchlist() {
    let f = auto(&fixture("imdb_watchlist_old.csv")).unwrap();
    assert_eq!(f.rows.len(), 1);
    let r = &f.rows[0];
    assert_eq!(
        (r.kind, r.imdb_id.as_deref(), r.year),
        (RowKind::Watchlist, Some("tt0114709"), Some(1995))
    );
    assert_eq!(r.date, Some(1_515_974_400));
}

#[test]
fn bad_rows_are_counted_with_their_lines() {
    let csv = "Date,Name,Year,Letterboxd URI,Rating\n\
               2024-01-01,Heat,1995,u,4.5\n\
               2024-01-01,,1995,u,4\n\
               2024-01-01,Alien,19x9,u,4\n\
               2024-01-01,Alien,1979,u,7\n\
               \n\
               2024-01-01,\"Multi\nLine\",1980,u,2\n\
               2024-01-01,Brazil,1985,u,2.5\n";
    let f = auto(csv.as_bytes()).unwrap();
    let lines: Vec<u64> = f.malformed.iter().map(|m| m.line).collect();
    assert_eq!(lines, [3, 4, 5], "{:?}", f.malformed);
    let read: Vec<(&str, u64)> = f.rows.iter().map(|r| (r.title.as_str(), r.line)).collect();
    assert_eq!(read, [("Heat", 2), ("Multi\nLine", 7), ("Brazil", 9)]);
}

#[test]
fn encodings_and_byte_order_marks() {
    let latin1 = b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Am\xE9lie,2001,u,5\n";
    assert_eq!(auto(latin1).unwrap().rows[0].title, "Amélie");
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Name,Year,Rating\nHeat,1995,4\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    assert_eq!(auto(&utf16).unwrap().rows[0].title, "Heat");
}

#[test]
fn a_wrong_explicit_format_says_what_the_file_is() {
    let err = parse(
        &fixture("imdb_ratings.csv"),
        ImportFormat::Letterboxd,
        None,
        &Limits::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "That looks like an IMDb export, not a Letterboxd export."
    );
}

#[test]
fn limits_refuse_whole_files() {
    let small = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    assert_eq!(
        parse(&[b'a'; 101], ImportFormat::Auto, None, &small),
        Err(FileError::TooBig { limit: 100 })
    );
    assert_eq!(auto(b"  \n"), Err(FileError::Empty));
    assert_eq!(
        auto(b"hello, world\nthis is not a film list\n"),
        Err(FileError::Unrecognised)
    );
    // Too many entries.
    let many: Vec<(String, Vec<u8>)> = (0..30).map(|i| (format!("f{i}.txt"), vec![])).collect();
    let refs: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let few = Limits {
        max_zip_entries: 20,
        ..Limits::default()
    };
    assert_eq!(
        parse(&zip_of(&refs), ImportFormat::Auto, None, &few),
        Err(FileError::TooManyEntries { limit: 20 })
    );
    // A bomb: 30 MB of one letter, a few KB zipped.
    let bomb = zip_of(&[("ratings.csv", &vec![b'a'; 30 * 1024 * 1024])]);
    assert!(bomb.len() < 200_000);
    assert!(matches!(auto(&bomb), Err(FileError::UnzipsTooLarge { .. })));
    // Too many rows.
    let mut rows = String::from("Name,Year,Rating\n");
    for i in 0..50 {
        rows.push_str(&format!("Film {i},2000,3\n"));
    }
    let short = Limits {
        max_rows: 10,
        ..Limits::default()
    };
    assert_eq!(
        parse(rows.as_bytes(), ImportFormat::Auto, None, &short),
        Err(FileError::TooManyRows { limit: 10 })
    );
    assert_eq!(
        auto(&zip_of(&[("notes.txt", b"hi")])),
        Err(FileError::NothingToImport)
    );
}

#[test]
fn a_size_the_zip_lies_about_costs_no_more_than_the_limit() {
    let body = vec![b'x'; 3 * 1024 * 1024];
    let mut zip = zip_of(&[("ratings.csv", &body)]);
    // Declare 10 bytes in the central directory (uncompressed size at offset 24 of its
    // entry), so only reading tells the truth.
    let cd = zip.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
    zip[cd + 24..cd + 28].copy_from_slice(&10u32.to_le_bytes());
    let tight = Limits {
        max_entry_bytes: 1024 * 1024,
        ..Limits::default()
    };
    match parse(&zip, ImportFormat::Auto, None, &tight) {
        Err(FileError::UnzipsTooLarge { .. } | FileError::BrokenZip | FileError::Unrecognised) => {}
        Ok(f) => assert!(f.rows.is_empty()),
        Err(other) => panic!("{other}"),
    }
}

fn hostile_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,8}".prop_map(|s| format!("../{s}.csv")),
        "[a-z]{1,8}".prop_map(|s| format!("/{s}/ratings.csv")),
        "[a-z]{1,8}".prop_map(|s| format!("{s}/../../ratings.csv")),
        "[a-z]{1,8}".prop_map(|s| format!("C:/{s}.csv")),
        "[a-z]{1,8}".prop_map(|s| format!("{s}\\..\\ratings.csv")),
        "[a-z]{1,8}".prop_map(|s| format!("{s}\u{1}.csv")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_are_refused_or_read_never_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = auto(&bytes);
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend(&bytes);
        prop_assert!(auto(&zipped).is_err());
    }

    #[test]
    fn random_csv_text_never_panics(text in "[A-Za-z0-9,\"\n .:-]{0,400}") {
        for header in ["Date,Name,Year,Letterboxd URI,Rating\n", "Const,Your Rating,Date Rated,Title,Title Type,Year\n", ""] {
            let _ = auto(format!("{header}{text}").as_bytes());
        }
    }

    #[test]
    fn truncated_zips_are_refused_cleanly(cut in 0usize..400) {
        let whole = zip_of(&[("ratings.csv", &fixture("ratings.csv")), ("watchlist.csv", b"Date,Name,Year,Letterboxd URI\n")]);
        prop_assume!(cut < whole.len());
        match auto(&whole[..cut]) {
            Ok(f) => prop_assert!(f.rows.len() <= 3),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn hostile_entry_names_are_refused(name in hostile_name()) {
        let zip = zip_of(&[("ratings.csv", &fixture("ratings.csv")), (&name, b"Name,Year,Rating\nX,2000,1\n")]);
        let refused = matches!(auto(&zip), Err(FileError::UnsafePath { .. }));
        prop_assert!(refused, "{name:?}");
    }
}
