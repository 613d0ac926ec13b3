//! `moviebot run`: the long-running process. Builds the [`App`] (store, chat core, platforms,
//! sidecar), starts the core's background model rebuilds and (with a key) TMDb's background
//! work, serves the sidecar with the platforms' webhook routes, starts every configured chat
//! platform on the same core, and stops everything cleanly on SIGINT or SIGTERM.

use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::app::App;
use crate::config::Config;
use crate::platforms::Platforms;

/// How long the adapters get to close their connections after the signal.
const ADAPTER_GRACE: Duration = Duration::from_secs(5);

pub async fn run(config: &Config) -> anyhow::Result<()> {
    let app = App::build(config).await?;
    let (store, core) = (&app.store, &app.core);
    let (stop, stopped) = watch::channel(false);
    let rebuilds = tokio::spawn(core.clone().run_rebuilds(until(stopped.clone())));
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

    tokio::select! {
        signal = shutdown_signal() => {
            let signal = signal?;
            tracing::info!(signal, "shutting down");
            println!("{signal}: shutting down…");
            let _ = stop.send(true);
            server.await.context("sidecar task")??;
        }
        // The server only ends on its own when it failed.
        ended = &mut server => {
            let _ = stop.send(true);
            ended.context("sidecar task")??;
        }
    }
    let closing = futures::future::join_all(adapters);
    if tokio::time::timeout(ADAPTER_GRACE, closing).await.is_err() {
        tracing::warn!("a chat adapter did not stop within {ADAPTER_GRACE:?}");
    }
    rebuilds.await.context("rebuild task")?;
    for task in tmdb_tasks {
        task.await.context("TMDb background task")?;
    }
    store.close().await;
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
