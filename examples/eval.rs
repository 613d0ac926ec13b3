//! Runs the evaluation the way `moviebot eval` does, before the CLI wires it:
//! `cargo run --release --example eval -- DATA_DIR [SPLIT_DIR] [--json] [--plot FILE.svg]`.

use std::path::PathBuf;

use moviebot::recommend::{EvalOptions, plot, run_eval};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut pos = args.iter().filter(|a| !a.starts_with("--"));
    let data = PathBuf::from(
        pos.next()
            .map(String::as_str)
            .unwrap_or("../shared/data/ml-latest-small"),
    );
    let split = pos
        .next()
        .map(PathBuf::from)
        .filter(|p| !p.ends_with(".svg"));
    let plot_path = args
        .iter()
        .position(|a| a == "--plot")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let opts = EvalOptions {
        data,
        split,
        ..EvalOptions::default()
    };
    let report = run_eval(&opts)?;
    if args.iter().any(|a| a == "--json") {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.to_table());
    }
    if let Some(p) = plot_path {
        plot::write_svg(&report, &p)?;
        eprintln!("wrote {}", p.display());
    }
    Ok(())
}
