//! `moviebot run`: the long-running process. Builds the [`App`] (store, chat core, platforms,
//! sidecar), starts the core's background model rebuilds and (with a key) TMDb's background
//! work, serves the sidecar with the platforms' webhook routes, starts every configured chat
//! platform on the same core, and stops everything cleanly on SIGINT or SIGTERM: the listener
//! closes at once, in-flight requests and chat events get `[sidecar] drain_seconds` to finish,
//! a model rebuild still running is abandoned, and a second signal exits at once.

use std::time::Duration;

use tokio::time::Instant;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::app::App;
use crate::config::Config;
use crate::platforms::Platforms;

/// How long closing the database may take after the drain.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

pub async fn run(config: &Config) -> anyhow::Result<()> {
    raise_fd_limit(config.sidecar.max_connections);
    let app = App::build(config).await?;
    let (store, core) = (&app.store, &app.core);
    let (stop, stopped) = watch::channel(false);
    let rebuilds = tokio::spawn(core.clone().run_rebuilds(until(stopped.clone())));
    let prompts = tokio::spawn(core.clone().run_night_prompts(until(stopped.clone())));
    let tmdb_tasks = super::tmdb_tasks::spawn(core, config, || until(stopped.clone()));

    let bind = config.sidecar.addr();
    let listener = TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind} (check [sidecar] bind)"))?;
    let addr = listener.local_addr().context("listener address")?;
    let films = core.library().len();
    tracing::info!(%addr, films, backend = ?store.backend(), "moviebot started");
    println!(
        "moviebot is running: REST sidecar on http://{addr} ({films} films, {:?} database)",
        store.backend()
    );
    println!("  health: http://{addr}/healthz   API docs: http://{addr}/api/openapi.json");
    if config.sidecar.admin_token.is_none() {
        println!(
            "  no [sidecar] admin_token: writes are unauthenticated, so the sidecar stays on \
             loopback"
        );
    }
    print_platforms(config, &app.platforms);

    let mut server = tokio::spawn(app.serve(listener, until(stopped.clone())));
    let adapters = app.platforms.spawn(|| until(stopped.clone()));

    let drain = config.sidecar.drain();
    let deadline = tokio::select! {
        signal = shutdown_signal() => {
            let signal = signal?;
            tracing::info!(signal, ?drain, "shutting down");
            println!("{signal}: shutting down (up to {}s to finish; signal again to exit now)…", drain.as_secs());
            let deadline = Instant::now() + drain;
            let _ = stop.send(true);
            tokio::spawn(async {
                if let Ok(signal) = shutdown_signal().await {
                    tracing::warn!(signal, "second signal: exiting now");
                    eprintln!("{signal} again: exiting now");
                    std::process::exit(130);
                }
            });
            server.await.context("sidecar task")??;
            deadline
        }
        // The server only ends on its own when it failed.
        ended = &mut server => {
            let _ = stop.send(true);
            ended.context("sidecar task")??;
            Instant::now() + drain
        }
    };
    // The adapters finish their in-flight events within the same deadline as the sidecar.
    let closing = futures::future::join_all(adapters);
    if tokio::time::timeout_at(deadline, closing).await.is_err() {
        tracing::warn!(
            "a chat adapter did not finish within {drain:?}; its unanswered events are kept for the next start"
        );
    }
    // A refit in progress is abandoned: the next start fits from the stored ratings anyway.
    if tokio::time::timeout_at(deadline, rebuilds).await.is_err() {
        tracing::info!("a model rebuild was still running at shutdown; abandoned");
    }
    // A prompt pass claims each message before sending it: cut short, it sends nothing twice.
    if tokio::time::timeout_at(deadline, prompts).await.is_err() {
        tracing::info!("movie night prompts were still going out at shutdown; abandoned");
    }
    for task in tmdb_tasks {
        if tokio::time::timeout_at(deadline, task).await.is_err() {
            tracing::info!("a TMDb background task was still running at shutdown; abandoned");
        }
    }
    let _ = tokio::time::timeout(CLOSE_GRACE, store.close()).await;
    println!("stopped");
    Ok(())
}

/// Says which chat platforms started and how to add the missing ones.
fn print_platforms(config: &Config, platforms: &Platforms) {
    for line in platforms.describe() {
        tracing::info!("{line}");
        println!("  {line}");
    }
    let discord = platforms.discord.is_some();
    let telegram = platforms.telegram.is_some();
    let webhooks = platforms.discord.is_some()
        && config.discord.mode == crate::config::DiscordMode::Interactions
        || platforms.telegram.is_some()
            && config.telegram.mode == crate::config::TelegramMode::Webhook;
    if webhooks && config.sidecar.addr().ip().is_loopback() {
        println!(
            "  webhooks need a public HTTPS URL: put a reverse proxy in front of {} (or bind a \
             public address; that requires [sidecar] admin_token)",
            config.sidecar.bind
        );
    }
    if !discord || !telegram {
        println!("  to chat on a platform, add its token and restart:");
        if !discord {
            println!(
                "    Discord:  [discord] token = \"...\" in bot.toml, or MOVIEBOT_DISCORD__TOKEN"
            );
        }
        if !telegram {
            println!(
                "    Telegram: [telegram] token = \"...\" in bot.toml, or MOVIEBOT_TELEGRAM__TOKEN"
            );
        }
        println!("  (or try it now in this terminal: moviebot chat)");
    }
}

/// Lets the process hold as many sockets as the connection cap needs (plus the database's and
/// the platforms'): the soft open-files limit is raised towards the hard one. Never fatal.
fn raise_fd_limit(max_connections: usize) {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, getrlimit, setrlimit};
        let mut limit = getrlimit(Resource::Nofile);
        let wanted = max_connections as u64 + 256;
        let current = limit.current.unwrap_or(u64::MAX);
        if current >= wanted {
            return;
        }
        let raised = limit.maximum.map_or(wanted, |max| wanted.min(max));
        limit.current = Some(raised);
        match setrlimit(Resource::Nofile, limit) {
            Ok(()) if raised >= wanted => {}
            Ok(()) => tracing::warn!(
                open_files = raised,
                max_connections,
                "the open-files limit is below [sidecar] max_connections + 256; raise it (ulimit -n, LimitNOFILE=)"
            ),
            Err(e) => tracing::warn!(error = %e, "cannot raise the open-files limit"),
        }
    }
}

/// Resolves once `stopped` turns true (or its sender is gone).
async fn until(mut stopped: watch::Receiver<bool>) {
    let _ = stopped.wait_for(|s| *s).await;
}

/// SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn shutdown_signal() -> anyhow::Result<&'static str> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .context("install SIGTERM handler")?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => { r.context("install SIGINT handler")?; Ok("SIGINT") }
            _ = term.recv() => Ok("SIGTERM"),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c()
            .await
            .context("install Ctrl-C handler")?;
        Ok("Ctrl-C")
    }
}
