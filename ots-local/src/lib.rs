//! ots-local: a local server that speaks the Alibaba Cloud Tablestore protocol.
//!
//! Point any Tablestore client (ours, or an official SDK) at it to develop and test without a
//! cloud account. Requests are authenticated and answered exactly as the service does: signed
//! responses, the service's error codes, HTTP statuses, limits and messages.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = ots_local::LocalServer::builder().start().await?;
//! assert!(server.endpoint().starts_with("http://127.0.0.1:"));
//! assert_eq!(server.instance(), "ots-local");
//! // ... point a client at server.endpoint() with the server's instance and key pair ...
//! server.stop().await; // or just drop it
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod error;
mod http;
mod names;
mod query;
mod search;
mod serve;
mod service;
mod storage;

pub use error::ServiceError;
pub use serve::ConnectionLimits;
use storage::MemoryStorage;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

/// Default instance name.
pub const DEFAULT_INSTANCE: &str = "ots-local";
/// Default access key id.
pub const DEFAULT_ACCESS_KEY_ID: &str = "ots-local-id";
/// Default access key secret.
pub const DEFAULT_ACCESS_KEY_SECRET: &str = "ots-local-secret";

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The instance name breaks the service's naming rules.
    #[error("invalid instance name {0:?}: 3-16 characters of [A-Za-z0-9-], starting with a letter, not ending with '-'")]
    InvalidInstance(String),
}

/// Configures and starts a [`LocalServer`].
#[must_use]
#[derive(Debug)]
pub struct LocalServerBuilder {
    listen: String,
    auth: http::Auth,
    limits: ConnectionLimits,
    scan_splits: i32,
    transaction_lifetime: Duration,
}

impl LocalServerBuilder {
    /// Address to listen on (default `127.0.0.1:0`: any free port).
    pub fn listen(mut self, addr: impl Into<String>) -> Self {
        self.listen = addr.into();
        self
    }

    /// Instance name clients must send (default `ots-local`).
    pub fn instance(mut self, name: impl Into<String>) -> Self {
        self.auth.instance = name.into();
        self
    }

    /// The one accepted access key pair.
    pub fn credentials(
        mut self,
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
    ) -> Self {
        self.auth.access_key_id = access_key_id.into();
        self.auth.access_key_secret = access_key_secret.into();
        self
    }

    /// Connection deadlines and the bound on open connections (default
    /// [`ConnectionLimits::default`]).
    pub fn connection_limits(mut self, limits: ConnectionLimits) -> Self {
        self.limits = limits;
        self
    }

    /// How many splits ComputeSplits reports (default 1, what the service reports for a small
    /// index; at most 64). More let parallel scan code run its splits in parallel locally.
    pub fn scan_splits(mut self, splits: u8) -> Self {
        self.scan_splits = i32::from(splits).clamp(1, 64);
        self
    }

    /// How long a local transaction may stay open before the server aborts it (default 60 s,
    /// the service's limit). A short one lets tests watch a transaction expire.
    pub fn transaction_lifetime(mut self, lifetime: Duration) -> Self {
        self.transaction_lifetime = lifetime;
        self
    }

    /// Binds and starts serving on the current tokio runtime.
    ///
    /// # Errors
    /// [`StartError`] when the address cannot be bound or the instance name is invalid.
    pub async fn start(self) -> Result<LocalServer, StartError> {
        if !valid_instance(&self.auth.instance) {
            return Err(StartError::InvalidInstance(self.auth.instance));
        }
        let listener = tokio::net::TcpListener::bind(&self.listen)
            .await
            .map_err(|source| StartError::Bind {
                addr: self.listen.clone(),
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: self.listen.clone(),
            source,
        })?;
        let auth_pair = self.auth_pair();
        let storage = Arc::new(MemoryStorage::default());
        let state = http::AppState {
            service: service::Service::new(storage)
                .scan_splits(self.scan_splits)
                .transaction_lifetime(self.transaction_lifetime),
            auth: Arc::new(self.auth.clone()),
        };
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(serve::run(listener, state, self.limits, rx));
        tracing::info!(%addr, instance = %self.auth.instance, "ots-local listening");
        Ok(LocalServer {
            addr,
            instance: self.auth.instance,
            auth: auth_pair,
            shutdown: Some(tx),
            task: Some(task),
        })
    }
}

impl LocalServerBuilder {
    fn auth_pair(&self) -> (String, String) {
        (
            self.auth.access_key_id.clone(),
            self.auth.access_key_secret.clone(),
        )
    }
}

fn valid_instance(name: &str) -> bool {
    let b = name.as_bytes();
    (3..=16).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && !name.ends_with('-')
}

/// A running server. Dropping it stops the server.
pub struct LocalServer {
    addr: SocketAddr,
    instance: String,
    auth: (String, String),
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for LocalServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalServer")
            .field("addr", &self.addr)
            .field("instance", &self.instance)
            .finish()
    }
}

impl LocalServer {
    /// A builder with development defaults.
    pub fn builder() -> LocalServerBuilder {
        LocalServerBuilder {
            listen: "127.0.0.1:0".to_owned(),
            auth: http::Auth {
                instance: DEFAULT_INSTANCE.to_owned(),
                access_key_id: DEFAULT_ACCESS_KEY_ID.to_owned(),
                access_key_secret: DEFAULT_ACCESS_KEY_SECRET.to_owned(),
            },
            limits: ConnectionLimits::default(),
            scan_splits: 1,
            transaction_lifetime: service::DEFAULT_TRANSACTION_LIFETIME,
        }
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ip:port`, the endpoint to give clients.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The instance name clients must use.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// The accepted access key id.
    pub fn access_key_id(&self) -> &str {
        &self.auth.0
    }

    /// The accepted access key secret.
    pub fn access_key_secret(&self) -> &str {
        &self.auth.1
    }

    /// Stops accepting requests and waits for the server task to end.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

#[cfg(feature = "client")]
impl LocalServer {
    /// A client builder pointed at this server with its instance and key pair (feature
    /// `client`); add settings such as a retry policy before `build()`.
    pub fn client_builder(&self) -> ots_core::ClientBuilder {
        ots_core::Client::builder()
            .endpoint(self.endpoint())
            .instance(self.instance())
            .credentials(ots_core::Credentials::new(
                self.access_key_id(),
                self.access_key_secret(),
            ))
    }

    /// A client for this server (feature `client`).
    ///
    /// # Errors
    /// When the HTTP client cannot be built.
    pub fn client(&self) -> ots_core::Result<ots_core::Client> {
        self.client_builder().build()
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
