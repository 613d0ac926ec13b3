//! The `moviebot` binary: set up logging, parse the command line, hand over to the library.

use clap::Parser;
use tracing_subscriber::EnvFilter;

/// How log lines are written to stderr: `MOVIEBOT_LOG_FORMAT=text` (the default, for people)
/// or `json` (one JSON object per line, for log collectors). `RUST_LOG` picks what is logged.
/// Logging starts before the configuration is read, so this is an environment variable
/// rather than a bot.toml setting.
const LOG_FORMAT_VAR: &str = "MOVIEBOT_LOG_FORMAT";

fn init_logging() -> Result<(), String> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    let format = std::env::var(LOG_FORMAT_VAR).unwrap_or_default();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format.trim().to_ascii_lowercase().as_str() {
        "" | "text" => builder.init(),
        "json" => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
        _ => {
            return Err(format!(
                "{LOG_FORMAT_VAR}: expected text or json, got {format:?}"
            ));
        }
    }
    Ok(())
}

fn main() {
    // Before the runtime starts any thread.
    moviebot::allocator::tune();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    runtime.block_on(run())
}

async fn run() {
    if let Err(e) = init_logging() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    let cli = moviebot::cli::Cli::parse();
    let code = match moviebot::cli::run(cli).await {
        Ok(()) => 0,
        Err(e) => {
            if let Some(status) = e.downcast_ref::<moviebot::cli::ExitStatus>() {
                // The command has printed its own report.
                i32::from(status.0)
            } else {
                // One line with the cause chain; never a backtrace dump.
                eprintln!("error: {e:#}");
                1
            }
        }
    };
    // Exit now rather than let the runtime wait for blocking work abandoned at shutdown
    // (a model refit in progress): `run` has already drained and closed what matters.
    use std::io::Write;
    let _ = std::io::stdout().flush();
    std::process::exit(code)
}
