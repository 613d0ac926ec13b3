//! `moviebot eval`: the recommender evaluation of EVAL.md as a command, printing a table or
//! JSON (stdout holds only the JSON with `--json`; progress goes to stderr).

use std::path::PathBuf;

use clap::Args;

use crate::config::Config;
use crate::recommend::{EvalOptions, Method, plot, run_eval};

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// MovieLens folder (movies.csv, ratings.csv, optional tags.csv/links.csv).
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Folder with train.csv and test.csv; without it, a per-user 80/20 holdout (seed 42).
    #[arg(long, value_name = "SPLITDIR")]
    pub split: Option<PathBuf>,
    /// Cut-off of the ranking metrics.
    #[arg(long, default_value_t = 10)]
    pub k: usize,
    /// Methods to compare, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "popularity,content,collaborative,hybrid"
    )]
    pub methods: Vec<Method>,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Also draw the comparison as an SVG bar chart.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
}

pub fn run(args: EvalArgs, config: &Config) -> anyhow::Result<()> {
    let opts = EvalOptions {
        data: args.data,
        split: args.split,
        k: args.k,
        methods: args.methods,
        config: config.recommender.clone(),
        ..EvalOptions::default()
    };
    let report = run_eval(&opts)?;
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.to_table());
    }
    if let Some(path) = args.plot {
        plot::write_svg(&report, &path)?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
