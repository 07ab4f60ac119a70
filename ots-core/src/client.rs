//! The client: configuration, signing, the request loop with retries, response checks.

use crate::auth::{Credentials, CredentialsProvider};
use crate::error::{Error, ErrorCode, ErrorKind, Result};
use crate::retry::{DefaultRetryPolicy, RetryContext, RetryPolicy};
use crate::transport::{RawResponse, Transport};
use ots_proto::action::Action;
use ots_proto::pb::table_store as pb;
use ots_proto::sign::{self, headers as h};
use prost::Message;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use tracing::Instrument as _;

/// A Tablestore client. Cheap to clone: clones share one connection pool.
///
/// ```no_run
/// # async fn demo() -> ots_core::Result<()> {
/// use ots_core::{Client, Credentials};
/// let client = Client::builder()
///     .endpoint("https://my-instance.cn-hangzhou.ots.aliyuncs.com")
///     .instance("my-instance")
///     .credentials(Credentials::new("id", "secret"))
///     .build()?;
/// let tables = client.list_tables().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    endpoint: String,
    instance: String,
    credentials: Arc<dyn CredentialsProvider>,
    transport: Transport,
    retry: Arc<dyn RetryPolicy>,
    verify_responses: bool,
    region: Option<String>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("instance", &self.inner.instance)
            .field("credentials", &self.inner.credentials)
            .field("retry", &self.inner.retry)
            .field("region", &self.inner.region)
            .finish()
    }
}

/// Builds a [`Client`].
#[must_use]
#[derive(Debug)]
pub struct ClientBuilder {
    endpoint: Option<String>,
    instance: Option<String>,
    credentials: Option<CredentialsSource>,
    connect_timeout: Duration,
    request_timeout: Duration,
    retry: Arc<dyn RetryPolicy>,
    verify_responses: bool,
    region: Option<String>,
}

/// What the builder was given: static credentials are checked when the client is built, a
/// provider's answers when they are used.
#[derive(Debug)]
enum CredentialsSource {
    Static(Credentials),
    Provider(Arc<dyn CredentialsProvider>),
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            endpoint: None,
            instance: None,
            credentials: None,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            retry: Arc::new(DefaultRetryPolicy::default()),
            verify_responses: true,
            region: None,
        }
    }
}

impl ClientBuilder {
    /// Endpoint URL, `http://` or `https://`.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Instance name.
    pub fn instance(mut self, instance: impl Into<String>) -> Self {
        self.instance = Some(instance.into());
        self
    }

    /// Fixed credentials. Replaces any credentials or provider set before.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialsSource::Static(credentials));
        self
    }

    /// A provider asked for credentials before every attempt of every request (see
    /// [`CredentialsProvider`]): `EcsRamRoleCredentials` (feature `ecs`),
    /// [`RefreshingCredentials`](crate::RefreshingCredentials),
    /// [`EnvironmentCredentials`](crate::EnvironmentCredentials) or your own. Replaces any
    /// credentials or provider set before.
    pub fn credentials_provider(mut self, provider: impl CredentialsProvider + 'static) -> Self {
        self.credentials = Some(CredentialsSource::Provider(Arc::new(provider)));
        self
    }

    /// Fills unset endpoint, instance and credentials from `OTS_ENDPOINT`, `OTS_INSTANCE` and
    /// [`Credentials::from_env`] (read once, here).
    pub fn from_env(mut self) -> Self {
        let var = |n: &str| std::env::var(n).ok().filter(|v| !v.is_empty());
        if self.endpoint.is_none() {
            self.endpoint = var("OTS_ENDPOINT");
        }
        if self.instance.is_none() {
            self.instance = var("OTS_INSTANCE");
        }
        if self.credentials.is_none() {
            self.credentials = Credentials::from_env().map(CredentialsSource::Static);
        }
        self
    }

    /// Time allowed to open a connection (default 5 s).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }

    /// Time allowed for one attempt (default 30 s).
    pub fn request_timeout(mut self, t: Duration) -> Self {
        self.request_timeout = t;
        self
    }

    /// Retry policy (default: [`DefaultRetryPolicy`]). Use `DefaultRetryPolicy::disabled()` to
    /// turn retries off.
    pub fn retry_policy(mut self, policy: impl RetryPolicy + 'static) -> Self {
        self.retry = Arc::new(policy);
        self
    }

    /// Signs requests with the v4 scheme (HMAC-SHA256 with a key derived per day and region)
    /// instead of v2. The region is the instance's, e.g. `cn-hangzhou`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Whether to verify the response signature and body MD5 (default on).
    pub fn verify_responses(mut self, verify: bool) -> Self {
        self.verify_responses = verify;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// A construction error when the endpoint or instance is missing or invalid; a credentials
    /// error when no credentials or provider were given, or the static credentials have an
    /// empty id or secret.
    pub fn build(self) -> Result<Client> {
        let endpoint = self
            .endpoint
            .ok_or_else(|| Error::construction("no endpoint configured"))?;
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
            return Err(Error::construction(format!(
                "endpoint {endpoint:?} must start with http:// or https://"
            )));
        }
        let instance = self
            .instance
            .filter(|i| !i.is_empty())
            .ok_or_else(|| Error::construction("no instance name configured"))?;
        let credentials: Arc<dyn CredentialsProvider> = match self.credentials {
            None => return Err(Error::new(ErrorKind::Credentials, "no credentials configured")),
            Some(CredentialsSource::Static(c)) => {
                check_credentials(&c)?;
                Arc::new(c)
            }
            Some(CredentialsSource::Provider(p)) => p,
        };
        let transport = Transport::new(self.connect_timeout, self.request_timeout)?;
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint: endpoint.trim_end_matches('/').to_owned(),
                instance,
                credentials,
                transport,
                retry: self.retry,
                verify_responses: self.verify_responses,
                region: self.region.filter(|r| !r.is_empty()),
            }),
        })
    }
}

impl Client {
    /// A builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The endpoint this client talks to.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// The instance name.
    pub fn instance(&self) -> &str {
        &self.inner.instance
    }

    pub(crate) fn retry_policy(&self) -> &dyn RetryPolicy {
        self.inner.retry.as_ref()
    }

    /// Sends one operation with retries; `idempotent` says whether a failure with unknown
    /// outcome may be retried.
    pub(crate) async fn call<Req: Message, Resp: Message + Default>(
        &self,
        action: Action,
        table: &str,
        request: &Req,
        idempotent: bool,
    ) -> Result<Resp> {
        // Encoded once; each attempt shares the buffer instead of copying it.
        let body = bytes::Bytes::from(request.encode_to_vec());
        let span = tracing::debug_span!("ots", action = action.as_str(), table);
        async {
            let started = Instant::now();
            let mut attempt = 0u32;
            loop {
                let t0 = Instant::now();
                let result = self.attempt::<Resp>(action, &body).await;
                match result {
                    Ok((resp, request_id)) => {
                        tracing::debug!(
                            request_id,
                            latency_ms = t0.elapsed().as_millis() as u64,
                            attempt,
                            "ok"
                        );
                        return Ok(resp);
                    }
                    Err(error) => {
                        attempt += 1;
                        let ctx = RetryContext {
                            action,
                            attempt,
                            elapsed: started.elapsed(),
                            error: &error,
                            idempotent,
                        };
                        tracing::debug!(
                            code = error.code().map(ErrorCode::as_str),
                            status = error.http_status(),
                            request_id = error.request_id(),
                            attempt,
                            "failed"
                        );
                        match self.inner.retry.retry_after(&ctx) {
                            Some(delay) => tokio::time::sleep(delay).await,
                            None if table.is_empty() => return Err(error),
                            None => return Err(error.with_table(table)),
                        }
                    }
                }
            }
        }
        .instrument(span)
        .await
    }

    async fn attempt<Resp: Message + Default>(
        &self,
        action: Action,
        body: &bytes::Bytes,
    ) -> Result<(Resp, String)> {
        let inner = &self.inner;
        // Asked on every attempt, so that a retry signs with credentials refreshed meanwhile.
        let credentials = inner.credentials.credentials().await?;
        check_credentials(&credentials)?;
        let now = SystemTime::now();
        let mut headers: Vec<(&'static str, String)> = vec![
            (h::DATE, sign::format_date(now)),
            (h::API_VERSION, sign::API_VERSION.to_owned()),
            (h::ACCESS_KEY_ID, credentials.access_key_id().to_owned()),
            (h::INSTANCE_NAME, inner.instance.clone()),
            (h::CONTENT_MD5, sign::content_md5(body)),
        ];
        if let Some(token) = credentials.security_token() {
            headers.push((h::STS_TOKEN, token.to_owned()));
        }
        let path = action.path();
        // The key that signs this request also signs its response.
        let response_key = match &inner.region {
            Some(region) => {
                let day = sign::format_sign_date(now);
                let key = sign::v4_signing_key(credentials.secret(), &day, region);
                headers.push((h::SIGN_DATE, day));
                headers.push((h::SIGN_REGION, region.clone()));
                let signature =
                    sign::sign_request_v4(&key, &path, headers.iter().map(|(n, v)| (*n, v.as_str())));
                headers.push((h::SIGNATURE_V4, signature));
                key
            }
            None => {
                let secret = credentials.secret();
                let signature =
                    sign::sign_request_v2(secret, &path, headers.iter().map(|(n, v)| (*n, v.as_str())));
                headers.push((h::SIGNATURE, signature));
                secret.to_owned()
            }
        };
        let url = format!("{}{path}", inner.endpoint);
        let resp = inner.transport.post(&url, &headers, body.clone()).await?;
        let request_id = resp.header(h::REQUEST_ID).map(str::to_owned);
        if !(200..300).contains(&resp.status) {
            return Err(service_error(&resp, request_id));
        }
        if inner.verify_responses {
            self.verify(&path, &resp, &response_key, credentials.access_key_id())
                .map_err(|e| e.with_request_id(request_id.clone()))?;
        }
        let decoded = Resp::decode(&resp.body[..]).map_err(|e| {
            Error::response(format!("cannot decode the {action} response"))
                .with_source(e)
                .with_request_id(request_id.clone())
        })?;
        Ok((decoded, request_id.unwrap_or_default()))
    }

    /// Checks the response's body hash, and its signature by `key` for `access_key_id`: the key
    /// and id that signed the request.
    fn verify(&self, path: &str, resp: &RawResponse, key: &str, access_key_id: &str) -> Result<()> {
        let md5 = resp
            .header(h::CONTENT_MD5)
            .ok_or_else(|| Error::response("response lacks x-ots-contentmd5"))?;
        if md5 != sign::content_md5(&resp.body) {
            return Err(Error::response(
                "response body does not match its x-ots-contentmd5",
            ));
        }
        let auth = resp
            .header(h::AUTHORIZATION)
            .ok_or_else(|| Error::response("response lacks its signature"))?;
        let expected_prefix = format!("OTS {access_key_id}:");
        let Some(sig) = auth.strip_prefix(&expected_prefix) else {
            return Err(Error::response("response signature names another access key"));
        };
        let expected = sign::sign_response(
            key,
            path,
            resp.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        );
        if !sign::signatures_equal(sig, &expected) {
            return Err(Error::response("invalid response signature"));
        }
        Ok(())
    }
}

/// Refuses credentials that cannot sign a request.
fn check_credentials(credentials: &Credentials) -> Result<()> {
    if credentials.access_key_id().is_empty() || credentials.secret().is_empty() {
        return Err(Error::new(
            ErrorKind::Credentials,
            "the access key id and secret must not be empty",
        ));
    }
    Ok(())
}

fn service_error(resp: &RawResponse, request_id: Option<String>) -> Error {
    match pb::Error::decode(&resp.body[..]) {
        Ok(e) => Error::from_answer(resp.status, &e.code, e.message.unwrap_or_default(), request_id),
        Err(_) => Error::http(resp.status, request_id),
    }
}
