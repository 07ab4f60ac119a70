//! Providers in use: a client against an in-process ots-local over real HTTP, and the ECS
//! provider against a small fake metadata service.

use super::*;
use crate::client::Client;
use crate::error::ErrorKind;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const LOCAL_ID: &str = "ots-local-id";
const LOCAL_SECRET: &str = "ots-local-secret";

async fn local_server() -> ots_local::LocalServer {
    ots_local::LocalServer::builder().start().await.unwrap()
}

fn client(server: &ots_local::LocalServer, provider: impl CredentialsProvider + 'static) -> Client {
    Client::builder()
        .endpoint(server.endpoint())
        .instance("ots-local")
        .credentials_provider(provider)
        .build()
        .unwrap()
}

fn in_an_hour() -> SystemTime {
    SystemTime::now() + Duration::from_secs(3600)
}

#[tokio::test]
async fn a_client_signs_with_cached_refreshed_credentials() {
    let server = local_server().await;
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = fetches.clone();
    let provider = RefreshingCredentials::new(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async { Ok(Credentials::new(LOCAL_ID, LOCAL_SECRET).with_expiration(in_an_hour())) }
    });
    let client = client(&server, provider);
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        0,
        "nothing is fetched before the first request"
    );
    client.list_tables().await.unwrap();
    client.list_tables().await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
}

/// Hands out whatever the test put in, counting the calls.
#[derive(Debug, Clone)]
struct Swappable {
    current: Arc<Mutex<Credentials>>,
    calls: Arc<AtomicUsize>,
}

impl Swappable {
    fn new(c: Credentials) -> Self {
        Self {
            current: Arc::new(Mutex::new(c)),
            calls: Arc::new(AtomicUsize::new(0)),
        }
    }
    fn set(&self, c: Credentials) {
        *self.current.lock().unwrap() = c;
    }
}

impl CredentialsProvider for Swappable {
    fn credentials(&self) -> CredentialsFuture<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let c = self.current.lock().unwrap().clone();
        Box::pin(async move { Ok(c) })
    }
}

#[tokio::test]
async fn the_client_asks_its_provider_on_every_request() {
    let server = local_server().await;
    let provider = Swappable::new(Credentials::new(LOCAL_ID, LOCAL_SECRET));
    let client = client(&server, provider.clone());
    client.list_tables().await.unwrap();

    provider.set(Credentials::new(LOCAL_ID, "wrong-secret"));
    let e = client.list_tables().await.unwrap_err();
    assert!(e.is_auth_failed(), "{e:?}");

    // v4 signing (key derived from the secret) reads the provider too.
    provider.set(Credentials::new(LOCAL_ID, LOCAL_SECRET).with_security_token("sts-token"));
    client.list_tables().await.unwrap();
    let v4 = Client::builder()
        .endpoint(server.endpoint())
        .instance("ots-local")
        .region("cn-hangzhou")
        .credentials_provider(provider.clone())
        .build()
        .unwrap();
    v4.list_tables().await.unwrap();
    assert_eq!(provider.calls.load(Ordering::SeqCst), 4);

    // An empty pair from a provider is refused before anything is sent.
    provider.set(Credentials::new("", LOCAL_SECRET));
    let e = client.list_tables().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert!(!e.request_may_have_been_sent());
}

#[tokio::test]
async fn provider_failures_are_credentials_errors_and_not_retried() {
    let server = local_server().await;
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = fetches.clone();
    let provider = RefreshingCredentials::new(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async { Err(Error::credentials("the token service is down")) }
    });
    let e = client(&server, provider).list_tables().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert_eq!(e.message(), "the token service is down");
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
}

/// Call n answers `STS.id-n` with the token `token-n`.
#[derive(Debug, Default)]
struct Numbered(AtomicUsize);

impl CredentialsProvider for Numbered {
    fn credentials(&self) -> CredentialsFuture<'_> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        let c = Credentials::new(format!("STS.id-{n}"), "secret").with_security_token(format!("token-{n}"));
        Box::pin(std::future::ready(Ok(c)))
    }
}

#[tokio::test]
async fn each_attempt_signs_with_what_the_provider_answers_then() {
    // Busy on every request: the client retries the (idempotent) ListTable.
    let endpoint = fake_http(|_| Some(("503 Service Unavailable", String::new()))).await;
    let client = Client::builder()
        .endpoint(&endpoint.url)
        .instance("ots-local")
        .credentials_provider(Numbered::default())
        .retry_policy(
            crate::retry::DefaultRetryPolicy::default()
                .max_retries(2)
                .base_delay(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let e = client.list_tables().await.unwrap_err();
    assert_eq!(e.http_status(), Some(503));
    let seen = endpoint.seen.lock().unwrap();
    let sent: Vec<_> = seen
        .iter()
        .map(|r| (r.header("x-ots-accesskeyid"), r.header("x-ots-ststoken")))
        .collect();
    assert_eq!(
        sent,
        [
            (Some("STS.id-1"), Some("token-1")),
            (Some("STS.id-2"), Some("token-2")),
            (Some("STS.id-3"), Some("token-3")),
        ]
    );
}

#[tokio::test]
async fn static_credentials_still_work_and_are_checked_when_built() {
    let server = local_server().await;
    let client = Client::builder()
        .endpoint(server.endpoint())
        .instance("ots-local")
        .credentials(Credentials::new(LOCAL_ID, LOCAL_SECRET).with_security_token("SECRET-TOKEN"))
        .build()
        .unwrap();
    client.list_tables().await.unwrap();
    let debug = format!("{client:?}");
    assert!(debug.contains(LOCAL_ID), "{debug}");
    assert!(
        !debug.contains(LOCAL_SECRET) && !debug.contains("SECRET-TOKEN"),
        "{debug}"
    );

    let e = Client::builder()
        .endpoint(server.endpoint())
        .instance("ots-local")
        .credentials(Credentials::new("id", ""))
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    // The last setter wins.
    Client::builder()
        .endpoint(server.endpoint())
        .instance("ots-local")
        .credentials(Credentials::new("id", ""))
        .credentials_provider(Credentials::new(LOCAL_ID, LOCAL_SECRET))
        .build()
        .unwrap()
        .list_tables()
        .await
        .unwrap();
}

/// A request a [`FakeHttp`] server received.
#[derive(Debug, Clone)]
struct Request {
    #[cfg_attr(not(feature = "ecs"), allow(dead_code))]
    method: String,
    #[cfg_attr(not(feature = "ecs"), allow(dead_code))]
    path: String,
    /// Lower-case names.
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A small HTTP/1.1 server: one request per connection, answered by a function (`None`: closed
/// without an answer), recorded.
struct FakeHttp {
    url: String,
    seen: Arc<Mutex<Vec<Request>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeHttp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn fake_http(answer: impl Fn(&Request) -> Option<(&'static str, String)> + Send + 'static) -> FakeHttp {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let task = tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut data = Vec::new();
            let mut buf = [0u8; 4096];
            let head_end = loop {
                if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i + 4;
                }
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break data.len(),
                    Ok(n) => data.extend_from_slice(&buf[..n]),
                }
            };
            let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
            let mut lines = head.lines();
            let mut first = lines.next().unwrap_or_default().split(' ');
            let method = first.next().unwrap_or_default().to_owned();
            let path = first.next().unwrap_or_default().to_owned();
            let headers: Vec<(String, String)> = lines
                .filter_map(|l| {
                    let (n, v) = l.split_once(':')?;
                    Some((n.trim().to_ascii_lowercase(), v.trim().to_owned()))
                })
                .collect();
            let request = Request {
                method,
                path,
                headers,
            };
            // Read the body too: closing a socket with unread data resets the connection.
            let length: usize = request
                .header("content-length")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            while data.len() < head_end + length {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => data.extend_from_slice(&buf[..n]),
                }
            }
            let answer = answer(&request);
            log.lock().unwrap().push(request);
            let Some((status, body)) = answer else {
                let _ = socket.shutdown().await;
                continue;
            };
            let response = format!(
                "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    FakeHttp { url, seen, task }
}

#[cfg(feature = "ecs")]
const SESSION_TOKEN: &str = "imds-session-token";
#[cfg(feature = "ecs")]
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/test-role";

/// The ECS metadata source (feature `ecs`).
#[cfg(feature = "ecs")]
mod ecs {
    use super::*;

    /// How a fake metadata service treats the session token request `PUT /latest/api/token`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum TokenRequest {
        /// Hands out a session token, and requires it (IMDSv2).
        Answered,
        /// Answers 404; credentials need no token (IMDSv1 only).
        Refused,
        /// Closes the connection without an answer; credentials need no token.
        Dropped,
    }

    /// A fake ECS metadata service answering `body` for the role `test-role`.
    async fn fake_metadata(token_request: TokenRequest, body: String) -> FakeHttp {
        let imds_v2 = token_request == TokenRequest::Answered;
        fake_http(move |r| {
            let token = r.header("x-aliyun-ecs-metadata-token");
            match (r.method.as_str(), r.path.as_str()) {
                ("PUT", "/latest/api/token") if token_request == TokenRequest::Dropped => None,
                ("PUT", "/latest/api/token") if imds_v2 => Some(("200 OK", SESSION_TOKEN.to_owned())),
                ("GET", CREDENTIALS_PATH) if !imds_v2 || token == Some(SESSION_TOKEN) => {
                    Some(("200 OK", body.clone()))
                }
                ("GET", CREDENTIALS_PATH) => Some(("401 Unauthorized", String::new())),
                _ => Some(("404 Not Found", String::new())),
            }
        })
        .await
    }

    /// (method, path, session token) of each request the fake metadata service saw.
    fn seen_by(metadata: &FakeHttp) -> Vec<(String, String, Option<String>)> {
        let seen = metadata.seen.lock().unwrap();
        seen.iter()
            .map(|r| {
                let token = r.header("x-aliyun-ecs-metadata-token").map(str::to_owned);
                (r.method.clone(), r.path.clone(), token)
            })
            .collect()
    }

    fn metadata_answer(id: &str, secret: &str, token: &str) -> String {
        format!(
            r#"{{"AccessKeyId": "{id}", "AccessKeySecret": "{secret}", "Expiration": "2099-01-01T00:00:00Z",
            "SecurityToken": "{token}", "LastUpdated": "2026-01-01T00:00:00Z", "Code": "Success"}}"#
        )
    }

    fn ecs(metadata: &FakeHttp) -> EcsRamRoleCredentialsBuilder {
        EcsRamRoleCredentials::builder("test-role").base_url(&metadata.url)
    }

    #[tokio::test]
    async fn ecs_credentials_sign_requests_to_ots_local() {
        let server = ots_local::LocalServer::builder()
            .credentials("STS.ecs-id", "ecs-secret")
            .start()
            .await
            .unwrap();
        let metadata = fake_metadata(
            TokenRequest::Answered,
            metadata_answer("STS.ecs-id", "ecs-secret", "STS-TOKEN"),
        )
        .await;
        let provider = Arc::new(ecs(&metadata).build().unwrap());

        let c = provider.credentials().await.unwrap();
        assert_eq!(c.access_key_id(), "STS.ecs-id");
        assert_eq!(c.secret(), "ecs-secret");
        assert_eq!(c.security_token(), Some("STS-TOKEN"));
        assert_eq!(
            c.expiration(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(4_070_908_800))
        );

        let client = client(&server, provider.clone());
        client.list_tables().await.unwrap();
        client.list_tables().await.unwrap();
        // One fetch: a session token, then the credentials with it; cached since.
        assert_eq!(
            seen_by(&metadata),
            vec![
                ("PUT".to_owned(), "/latest/api/token".to_owned(), None),
                (
                    "GET".to_owned(),
                    CREDENTIALS_PATH.to_owned(),
                    Some(SESSION_TOKEN.to_owned())
                ),
            ]
        );
        let debug = format!("{client:?} {provider:?}");
        assert!(
            debug.contains("test-role") && debug.contains("STS.ecs-id"),
            "{debug}"
        );
        assert!(
            !debug.contains("ecs-secret") && !debug.contains("STS-TOKEN"),
            "{debug}"
        );
    }

    #[tokio::test]
    async fn ecs_credentials_fall_back_to_imds_v1_unless_told_not_to() {
        let metadata = fake_metadata(TokenRequest::Refused, metadata_answer("STS.v1", "s", "t")).await;
        let c = ecs(&metadata).build().unwrap().credentials().await.unwrap();
        assert_eq!(c.access_key_id(), "STS.v1");
        assert_eq!(
            seen_by(&metadata),
            vec![
                ("PUT".to_owned(), "/latest/api/token".to_owned(), None),
                ("GET".to_owned(), CREDENTIALS_PATH.to_owned(), None),
            ]
        );

        let e = ecs(&metadata)
            .allow_imds_v1(false)
            .build()
            .unwrap()
            .credentials()
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        assert!(e.message().contains("IMDSv1 is not allowed"), "{e}");
    }

    /// Before the fix, a dropped token request failed the fetch even with IMDSv1 allowed.
    #[tokio::test]
    async fn ecs_credentials_fall_back_to_imds_v1_when_the_token_request_fails() {
        let metadata = fake_metadata(TokenRequest::Dropped, metadata_answer("STS.v1", "s", "t")).await;
        let c = ecs(&metadata).build().unwrap().credentials().await.unwrap();
        assert_eq!(c.access_key_id(), "STS.v1");
        assert_eq!(
            seen_by(&metadata),
            vec![
                ("PUT".to_owned(), "/latest/api/token".to_owned(), None),
                ("GET".to_owned(), CREDENTIALS_PATH.to_owned(), None),
            ]
        );

        // Without IMDSv1, the failed token request is the error.
        let e = ecs(&metadata)
            .allow_imds_v1(false)
            .build()
            .unwrap()
            .credentials()
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        assert!(e.message().contains("cannot get credentials"), "{e}");
        assert!(std::error::Error::source(&e).is_some());
        assert_eq!(
            seen_by(&metadata).len(),
            3,
            "no credentials request without a token"
        );
    }

    #[tokio::test]
    async fn ecs_failures_are_credentials_errors() {
        let metadata = fake_metadata(TokenRequest::Answered, metadata_answer("a", "s", "t")).await;
        let e = EcsRamRoleCredentials::builder("other-role")
            .base_url(&metadata.url)
            .build()
            .unwrap()
            .credentials()
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        assert!(
            e.message().contains("\"other-role\"") && e.message().contains("404"),
            "{e}"
        );

        let failed = fake_metadata(TokenRequest::Answered, r#"{"Code": "Failed"}"#.to_owned()).await;
        let e = ecs(&failed).build().unwrap().credentials().await.unwrap_err();
        assert!(e.message().contains("Failed"), "{e}");

        // Nothing listens there any more.
        let url = metadata.url.clone();
        drop(metadata);
        tokio::time::sleep(Duration::from_millis(50)).await;
        let e = EcsRamRoleCredentials::builder("test-role")
            .base_url(url)
            .build()
            .unwrap()
            .credentials()
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        assert!(e.message().contains("cannot get credentials"), "{e}");
        assert!(std::error::Error::source(&e).is_some());
    }
}
