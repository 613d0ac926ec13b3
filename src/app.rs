//! The app `moviebot run` serves, assembled in one place from the configuration: the store
//! (migrated, the embedded catalog loaded on first start), the chat core on the configured
//! film source, the chat platforms' adapters on that core, and the REST sidecar with their
//! webhook routes. `moviebot run` adds the listener, the background tasks and the shutdown;
//! the end-to-end tests build the very same [`App`] from a `bot.toml` and call its router.

use std::future::Future;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use moviebot_protocol::ChatHandler;
use tokio::net::TcpListener;

use crate::catalog;
use crate::chat::ChatCore;
use crate::chat::MovieSource;
use crate::config::Config;
use crate::platforms::Platforms;
use crate::sidecar::{self, AppState};
use crate::store::Store;
use crate::store::sqlite_files::SqliteFiles;
use crate::store::state_file::StartGuard;

/// Everything `moviebot run` serves, built but not started: nothing listens, no background
/// task runs and no platform is contacted until the caller says so.
pub struct App {
    pub store: Store,
    pub core: Arc<ChatCore>,
    pub platforms: Platforms,
    /// What the sidecar's handlers share (admin token, limits, metrics, live source).
    pub sidecar: AppState,
}

impl App {
    /// The app as the configuration asks. The chat core picks TMDb when a key is configured,
    /// else the local catalog.
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        let store = open_store_with_catalog(config).await?;
        let core = ChatCore::from_config(store.clone(), config).await?;
        Self::around(config, store, core)
    }

    /// [`App::build`] with film data from `source` (given the opened store) instead of the
    /// configured TMDb or catalog: for callers that tune how TMDb is reached.
    pub async fn build_with_source(
        config: &Config,
        source: impl FnOnce(&Store) -> anyhow::Result<Arc<dyn MovieSource>>,
    ) -> anyhow::Result<Self> {
        let store = open_store_with_catalog(config).await?;
        let core = ChatCore::start_with_source(
            store.clone(),
            config.recommender.clone(),
            config.limits.clone(),
            source(&store)?,
            config.tmdb.region.clone(),
        )
        .await?;
        Self::around(config, store, core)
    }

    /// The platforms and the sidecar around a started core.
    fn around(config: &Config, store: Store, core: Arc<ChatCore>) -> anyhow::Result<Self> {
        let handler: Arc<dyn ChatHandler> = core.clone();
        let platforms = Platforms::from_config(config, handler)?;
        // The core reaches members privately (a movie night's next-day prompt) through them.
        if let Some(t) = &platforms.telegram {
            core.set_outbox(moviebot_protocol::Platform::Telegram, t.clone());
        }
        if let Some(d) = &platforms.discord {
            core.set_outbox(moviebot_protocol::Platform::Discord, d.clone());
        }
        let sidecar = AppState::new(core.clone(), &config.sidecar, &config.limits);
        Ok(Self {
            store,
            core,
            platforms,
            sidecar,
        })
    }

    /// The sidecar with the platforms' webhook routes: what [`App::serve`] answers with.
    pub fn router(&self) -> Router {
        sidecar::router_with(self.sidecar.clone(), self.platforms.routes())
    }

    /// Serves [`App::router`] on `listener` until `shutdown` resolves.
    pub fn serve(
        &self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> impl Future<Output = anyhow::Result<()>> + Send + 'static {
        sidecar::serve_with(
            listener,
            self.sidecar.clone(),
            self.platforms.routes(),
            shutdown,
        )
    }
}

/// Opens (creating and migrating) the configured database.
///
/// A SQLite database is checked first: its folder, file, `-wal` and `-shm` must be writable
/// by this process, and a database that held data (its `<file>.state` says so) must not
/// have gone missing or come back empty — unless `[database] fresh` (`--fresh-database`)
/// asks for a new one. See `store::sqlite_files` and `store::state_file`.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let url = &config.database.url;
    let guard = match SqliteFiles::from_url(url) {
        Some(files) => {
            files.check_writable()?;
            files.explain_sigbus();
            Some(StartGuard::before_open(&files, config.database.fresh)?)
        }
        None => None,
    };
    let store = Store::open(url, config.database.max_connections)
        .await
        .context("cannot open the database (check [database] url)")?
        .with_user_cache_ttl(std::time::Duration::from_secs(
            config.database.user_cache_seconds,
        ));
    match guard {
        Some(guard) => guard.after_open(store).await,
        None => Ok(store),
    }
}

/// Opens, migrates and makes sure the embedded catalog is in (first start).
pub async fn open_store_with_catalog(config: &Config) -> anyhow::Result<Store> {
    let store = open_store(config).await?;
    catalog::ensure_loaded(&store).await?;
    Ok(store)
}
