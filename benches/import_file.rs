//! Importing a 5,000-row Letterboxd ratings.csv and a 5,000-row IMDb ratings CSV for one
//! user, against a SQLite store holding the MovieLens ml-latest-small films (9,742, with
//! IMDb ids from links.csv). The files are generated at run time from MovieLens titles,
//! years and links (Letterboxd rows matched by title and year, IMDb rows by id), never
//! stored. Each import is for a fresh user, so every row is written. Needs the test data
//! (`MOVIEBOT_TEST_DATA`, default ../shared/data); skipped with a note without it.
//! `cargo bench --bench import_file`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use moviebot::chat::ChatCore;
use moviebot::config::{LimitsConfig, RecommenderConfig};
use moviebot::movielens::{LinkRow, MovieRow, read_rows};
use moviebot::store::Store;
use moviebot::taste_files::ImportFormat;

const ROWS: usize = 5_000;

/// (Letterboxd CSV, IMDb CSV) of the first `ROWS` MovieLens films with a year and IMDb id.
fn files(data: &std::path::Path) -> (Vec<u8>, Vec<u8>) {
    let ml = data.join("ml-latest-small");
    let movies: Vec<(u64, MovieRow)> = read_rows(&ml.join("movies.csv"), |_, _| Ok(())).unwrap();
    let links: Vec<(u64, LinkRow)> = read_rows(&ml.join("links.csv"), |_, _| Ok(())).unwrap();
    let imdb: std::collections::HashMap<i64, String> = links
        .into_iter()
        .filter_map(|(_, l)| Some((l.movie_id, l.imdb_id?)))
        .collect();
    let mut lb = csv::Writer::from_writer(Vec::new());
    lb.write_record(["Date", "Name", "Year", "Letterboxd URI", "Rating"])
        .unwrap();
    let mut im = csv::Writer::from_writer(Vec::new());
    im.write_record([
        "Const",
        "Your Rating",
        "Date Rated",
        "Title",
        "URL",
        "Title Type",
        "Year",
    ])
    .unwrap();
    let mut n = 0;
    for (_, m) in &movies {
        let (title, year) = moviebot::catalog::titles::split_movielens_title(&m.title);
        let (Some(year), Some(id)) = (year, imdb.get(&m.movie_id)) else {
            continue;
        };
        let halves = 1 + (n % 10);
        let date = format!("2023-{:02}-{:02}", 1 + n % 12, 1 + n % 28);
        lb.write_record([
            date.as_str(),
            &title,
            &year.to_string(),
            "https://boxd.it/x",
            &format!("{}", halves as f32 / 2.0),
        ])
        .unwrap();
        im.write_record([
            &format!("tt{id}"),
            &halves.to_string(),
            &date,
            &title,
            "https://www.imdb.com/",
            "Movie",
            &year.to_string(),
        ])
        .unwrap();
        n += 1;
        if n == ROWS {
            break;
        }
    }
    assert_eq!(n, ROWS);
    (lb.into_inner().unwrap(), im.into_inner().unwrap())
}

fn setup(
    rt: &tokio::runtime::Runtime,
    dir: &std::path::Path,
    data: &std::path::Path,
) -> Arc<ChatCore> {
    rt.block_on(async {
        let url = format!("sqlite://{}", dir.join("bench.db").display());
        let store = Store::open(&url, 8).await.unwrap();
        let films = dir.join("ml");
        std::fs::create_dir_all(&films).unwrap();
        for f in ["movies.csv", "links.csv"] {
            std::fs::copy(data.join("ml-latest-small").join(f), films.join(f)).unwrap();
        }
        moviebot::catalog::movielens::import(&store, &films)
            .await
            .unwrap();
        ChatCore::start(store, RecommenderConfig::default(), LimitsConfig::default())
            .await
            .unwrap()
    })
}

fn import_file(c: &mut Criterion) {
    let data = moviebot::cli::test_data_dir();
    if !data.join("ml-latest-small/movies.csv").exists() {
        eprintln!(
            "skipped: no MovieLens data at {} (set MOVIEBOT_TEST_DATA)",
            data.display()
        );
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = setup(&rt, dir.path(), &data);
    let (letterboxd, imdb) = files(&data);
    let n = std::sync::atomic::AtomicUsize::new(0);
    let import = |bytes: &[u8], format| {
        let n = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        rt.block_on(async {
            let user = core.users().create(&format!("bench{n}")).await.unwrap().id;
            let started = Instant::now();
            let r = core
                .imports()
                .import(user, format, bytes, |_| {})
                .await
                .unwrap();
            (started.elapsed(), r)
        })
    };
    for (name, bytes, format) in [
        (
            "letterboxd ratings.csv",
            &letterboxd,
            ImportFormat::Letterboxd,
        ),
        ("imdb ratings csv", &imdb, ImportFormat::Imdb),
    ] {
        let (took, r) = import(bytes, format);
        println!(
            "{name}, {ROWS} rows: {:.0} ms — {}",
            took.as_secs_f64() * 1e3,
            r.summary()
        );
    }
    let mut group = c.benchmark_group("import_file");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("letterboxd_5000_rows", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| import(&letterboxd, ImportFormat::Letterboxd).0)
                .sum()
        })
    });
    group.bench_function("imdb_5000_rows", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| import(&imdb, ImportFormat::Imdb).0)
                .sum()
        })
    });
    group.finish();
}

criterion_group!(benches, import_file);
criterion_main!(benches);
