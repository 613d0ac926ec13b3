//! The `moviebot` binary: parse the command line, set up logging, hand over to the library.

use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = moviebot::cli::Cli::parse();
    let code = match moviebot::cli::run(cli).await {
        Ok(()) => 0,
        Err(e) => {
            // One line with the cause chain; never a backtrace dump.
            eprintln!("error: {e:#}");
            1
        }
    };
    // Exit now rather than let the runtime wait for blocking work abandoned at shutdown
    // (a model refit in progress): `run` has already drained and closed what matters.
    use std::io::Write;
    let _ = std::io::stdout().flush();
    std::process::exit(code)
}
