//! Credentials and the providers that hand them to the client.
//!
//! The client asks its [`CredentialsProvider`] for credentials before every attempt of every
//! request, so a provider that rotates them (an STS token from the ECS metadata service, values
//! re-read from the environment) takes effect on the next attempt, retries included.

#[cfg(feature = "ecs")]
mod ecs;
mod refreshing;
#[cfg(test)]
mod tests;

#[cfg(feature = "ecs")]
pub use ecs::{EcsRamRoleCredentials, EcsRamRoleCredentialsBuilder};
pub use refreshing::RefreshingCredentials;

use crate::error::{Error, Result};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

const ENV_ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
const ENV_ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
const ENV_SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// An access key pair, with an optional STS security token and expiration time.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    expiration: Option<SystemTime>,
}

impl Credentials {
    /// Long-term access key credentials.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiration: None,
        }
    }

    /// Adds an STS security token (temporary credentials).
    #[must_use]
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Sets when these credentials stop being valid. [`RefreshingCredentials`] fetches new ones
    /// ahead of this time; credentials without an expiration never need refreshing.
    #[must_use]
    pub fn with_expiration(mut self, expiration: SystemTime) -> Self {
        self.expiration = Some(expiration);
        self
    }

    /// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and the optional
    /// `ALIBABA_CLOUD_SECURITY_TOKEN`, the variables Alibaba Cloud's SDKs read. `None` when the
    /// id or the secret is unset or empty. This reads the variables once; to re-read them on
    /// every request, give the client an [`EnvironmentCredentials`] provider.
    pub fn from_env() -> Option<Self> {
        read_env().ok()
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// When these credentials stop being valid, if they expire.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }

    pub(crate) fn secret(&self) -> &str {
        &self.access_key_secret
    }

    pub(crate) fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"** redacted **")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// The future a [`CredentialsProvider`] returns.
pub type CredentialsFuture<'a> = Pin<Box<dyn Future<Output = Result<Credentials>> + Send + 'a>>;

/// A source of credentials, asked before every attempt of every request.
///
/// [`Credentials`] are a provider that always answers the same pair;
/// [`EnvironmentCredentials`] re-read the environment; [`RefreshingCredentials`] cache what an
/// async function fetches until shortly before it expires; `EcsRamRoleCredentials` (feature `ecs`) fetch STS
/// tokens from the ECS instance metadata service. Failures should be [`ErrorKind::Credentials`]
/// errors ([`Error::credentials`]); the client returns them without sending the request.
///
/// A provider is called often: cache what is expensive to get, and keep `Debug` free of secrets.
///
/// ```
/// use ots_core::{Client, Credentials, CredentialsFuture, CredentialsProvider};
/// use std::sync::{Arc, RwLock};
///
/// /// Credentials the application replaces when it rotates its keys.
/// #[derive(Debug, Clone)]
/// struct Rotated(Arc<RwLock<Credentials>>);
///
/// impl CredentialsProvider for Rotated {
///     fn credentials(&self) -> CredentialsFuture<'_> {
///         let current = self.0.read().map(|c| c.clone()).map_err(|_| {
///             ots_core::Error::credentials("the credentials lock is poisoned")
///         });
///         Box::pin(std::future::ready(current))
///     }
/// }
///
/// # fn main() -> ots_core::Result<()> {
/// let keys = Rotated(Arc::new(RwLock::new(Credentials::new("id", "secret"))));
/// let client = Client::builder()
///     .endpoint("https://my-instance.cn-hangzhou.ots.aliyuncs.com")
///     .instance("my-instance")
///     .credentials_provider(keys.clone())
///     .build()?;
/// // Later: every request from now on signs with the new pair.
/// if let Ok(mut current) = keys.0.write() {
///     *current = Credentials::new("new-id", "new-secret");
/// }
/// # drop(client);
/// # Ok(()) }
/// ```
///
/// [`ErrorKind::Credentials`]: crate::ErrorKind::Credentials
pub trait CredentialsProvider: Send + Sync + fmt::Debug {
    /// The credentials to sign the next request with.
    ///
    /// # Errors
    /// An [`ErrorKind::Credentials`](crate::ErrorKind::Credentials) error when no usable
    /// credentials can be had.
    fn credentials(&self) -> CredentialsFuture<'_>;
}

/// Always the same credentials.
impl CredentialsProvider for Credentials {
    fn credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// A shared provider: several clients can use one cache of refreshed credentials.
impl<P: CredentialsProvider + ?Sized> CredentialsProvider for Arc<P> {
    fn credentials(&self) -> CredentialsFuture<'_> {
        (**self).credentials()
    }
}

/// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and the optional
/// `ALIBABA_CLOUD_SECURITY_TOKEN` on every call, so values the environment rotates are picked up
/// by the next request. Empty values count as unset.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct EnvironmentCredentials {}

impl EnvironmentCredentials {
    /// A provider reading the environment.
    pub fn new() -> Self {
        Self {}
    }
}

impl CredentialsProvider for EnvironmentCredentials {
    fn credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(read_env()))
    }
}

fn read_env() -> Result<Credentials> {
    read_with(|name| std::env::var(name).ok())
}

/// The credentials in the variables `lookup` answers (the process environment, or a map in
/// tests: changing the environment of a test process races with every thread reading it).
fn read_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Credentials> {
    let var = |name: &str| {
        lookup(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| Error::credentials(format!("the environment variable {name} is not set or empty")))
    };
    let credentials = Credentials::new(var(ENV_ACCESS_KEY_ID)?, var(ENV_ACCESS_KEY_SECRET)?);
    Ok(match var(ENV_SECURITY_TOKEN) {
        Ok(token) => credentials.with_security_token(token),
        Err(_) => credentials,
    })
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::error::ErrorKind;
    use std::collections::HashMap;
    use std::time::Duration;

    #[test]
    fn debug_redacts_secrets() {
        let c = Credentials::new("AKID", "SUPERSECRET")
            .with_security_token("TOKENVALUE")
            .with_expiration(SystemTime::UNIX_EPOCH + Duration::from_secs(60));
        let s = format!("{c:?}");
        assert!(s.contains("AKID"));
        assert!(!s.contains("SUPERSECRET"));
        assert!(!s.contains("TOKENVALUE"));
        assert!(s.contains("** redacted **"));
        assert_eq!(
            c.expiration(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(60))
        );
    }

    #[tokio::test]
    async fn static_credentials_are_their_own_provider() {
        let c = Credentials::new("id", "secret").with_security_token("token");
        let shared: Arc<dyn CredentialsProvider> = Arc::new(c.clone());
        assert_eq!(c.credentials().await.ok(), Some(c.clone()));
        assert_eq!(Arc::clone(&shared).credentials().await.ok(), Some(c));
    }

    fn read_from(vars: &[(&str, &str)]) -> Result<Credentials> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        read_with(|name| vars.get(name).cloned())
    }

    #[test]
    fn reads_the_alibaba_cloud_variables() {
        let e = read_from(&[]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        assert!(e.message().contains(ENV_ACCESS_KEY_ID), "{e}");

        // Empty counts as unset.
        let e = read_from(&[(ENV_ACCESS_KEY_ID, "id-1"), (ENV_ACCESS_KEY_SECRET, "")]).unwrap_err();
        assert!(e.message().contains(ENV_ACCESS_KEY_SECRET), "{e}");
        assert!(!e.message().contains(ENV_ACCESS_KEY_ID), "{e}");

        let c = read_from(&[
            (ENV_ACCESS_KEY_ID, "id-1"),
            (ENV_ACCESS_KEY_SECRET, "secret-1"),
            (ENV_SECURITY_TOKEN, ""),
        ])
        .unwrap();
        assert_eq!(c, Credentials::new("id-1", "secret-1"));

        let c = read_from(&[
            (ENV_ACCESS_KEY_ID, "id-2"),
            (ENV_ACCESS_KEY_SECRET, "secret-2"),
            (ENV_SECURITY_TOKEN, "token-2"),
        ])
        .unwrap();
        assert_eq!(
            c,
            Credentials::new("id-2", "secret-2").with_security_token("token-2")
        );
    }

    /// The providers read the process environment, through `read_with`. This test only reads
    /// it: no test in this binary changes the environment.
    #[tokio::test]
    async fn the_environment_provider_reads_the_process_environment() {
        let expected = read_with(|name| std::env::var(name).ok()).ok();
        let read = EnvironmentCredentials::new().credentials().await.ok();
        assert_eq!(read, expected);
        assert_eq!(Credentials::from_env(), expected);
    }
}
