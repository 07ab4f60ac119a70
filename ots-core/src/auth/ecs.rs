//! STS credentials of the RAM role attached to an ECS instance, from the instance metadata
//! service.
//!
//! The metadata service answers `GET /latest/meta-data/ram/security-credentials/<role>` with
//! JSON: `AccessKeyId`, `AccessKeySecret`, `SecurityToken`, `Expiration` (UTC, e.g.
//! `2026-12-01T12:00:00Z`), `LastUpdated` and `Code` (`Success`). Instances in hardened mode
//! (IMDSv2) want a session token first, from `PUT /latest/api/token`, sent back in the
//! `X-aliyun-ecs-metadata-token` header.
//!
//! This file talks HTTP to the metadata service directly instead of through `transport.rs`, the
//! client's one HTTP file: the metadata service needs a GET, a PUT, no signing, short timeouts
//! and no proxy, none of which the Tablestore transport does.

use super::refreshing::RefreshingCredentials;
use super::{Credentials, CredentialsFuture, CredentialsProvider};
use crate::error::{Error, Result};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

const DEFAULT_BASE_URL: &str = "http://100.100.100.200";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const TOKEN_PATH: &str = "/latest/api/token";
const TOKEN_HEADER: &str = "x-aliyun-ecs-metadata-token";
const TOKEN_TTL_HEADER: &str = "x-aliyun-ecs-metadata-token-ttl-seconds";
/// The session token is used right away, for one request.
const TOKEN_TTL_SECONDS: &str = "60";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// Temporary credentials of the RAM role attached to the ECS instance this program runs on,
/// fetched from the instance metadata service (`http://100.100.100.200`) and refreshed before
/// they expire (a [`RefreshingCredentials`] underneath).
///
/// ```no_run
/// # async fn demo() -> ots_core::Result<()> {
/// use ots_core::{Client, EcsRamRoleCredentials};
/// let client = Client::builder()
///     .endpoint("https://my-instance.cn-hangzhou.vpc.tablestore.aliyuncs.com")
///     .instance("my-instance")
///     .credentials_provider(EcsRamRoleCredentials::new("my-ecs-role")?)
///     .build()?;
/// # Ok(()) }
/// ```
pub struct EcsRamRoleCredentials {
    role: String,
    base_url: String,
    inner: RefreshingCredentials,
}

impl EcsRamRoleCredentials {
    /// Credentials of the RAM role `role`, with the default settings.
    ///
    /// # Errors
    /// A construction error when the role name is not a valid RAM role name, or when the HTTP
    /// client cannot be built.
    pub fn new(role: impl Into<String>) -> Result<Self> {
        Self::builder(role).build()
    }

    /// A builder for credentials of the RAM role `role`.
    pub fn builder(role: impl Into<String>) -> EcsRamRoleCredentialsBuilder {
        EcsRamRoleCredentialsBuilder {
            role: role.into(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            refresh_margin: RefreshingCredentials::DEFAULT_REFRESH_MARGIN,
            allow_imds_v1: true,
        }
    }

    /// The RAM role name.
    pub fn role(&self) -> &str {
        &self.role
    }
}

impl CredentialsProvider for EcsRamRoleCredentials {
    fn credentials(&self) -> CredentialsFuture<'_> {
        self.inner.credentials()
    }
}

impl fmt::Debug for EcsRamRoleCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcsRamRoleCredentials")
            .field("role", &self.role)
            .field("base_url", &self.base_url)
            .field("cache", &self.inner)
            .finish()
    }
}

/// Builds an [`EcsRamRoleCredentials`].
#[must_use]
#[derive(Debug, Clone)]
pub struct EcsRamRoleCredentialsBuilder {
    role: String,
    base_url: String,
    refresh_margin: Duration,
    allow_imds_v1: bool,
}

impl EcsRamRoleCredentialsBuilder {
    /// The metadata service's address (default `http://100.100.100.200`); tests point it at a
    /// local server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// How long before their expiration the credentials are refreshed (default
    /// [`RefreshingCredentials::DEFAULT_REFRESH_MARGIN`]).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Whether to fall back to a plain request when the metadata service hands out no session
    /// token (IMDSv1, default on). Turn it off to require the hardened mode (IMDSv2).
    pub fn allow_imds_v1(mut self, allow: bool) -> Self {
        self.allow_imds_v1 = allow;
        self
    }

    /// Builds the provider. Nothing is fetched until the first request.
    ///
    /// # Errors
    /// A construction error when the role name is not a valid RAM role name (letters, digits,
    /// `.`, `-`, `_`), when the base URL is not `http://` or `https://`, or when the HTTP client
    /// cannot be built.
    pub fn build(self) -> Result<EcsRamRoleCredentials> {
        let valid_role = !self.role.is_empty()
            && self
                .role
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
        if !valid_role {
            return Err(Error::construction(format!(
                "invalid RAM role name {:?}: expected letters, digits, '.', '-' or '_'",
                self.role
            )));
        }
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return Err(Error::construction(format!(
                "the metadata service URL {:?} must start with http:// or https://",
                self.base_url
            )));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            // The metadata service is on the instance's own network: never through a proxy,
            // never somewhere else.
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::construction("cannot build the HTTP client").with_source(e))?;
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        let metadata = Arc::new(Metadata {
            http,
            base_url: base_url.clone(),
            role: self.role.clone(),
            allow_imds_v1: self.allow_imds_v1,
        });
        let inner = RefreshingCredentials::new(move || {
            let metadata = metadata.clone();
            async move { metadata.fetch().await }
        })
        .with_refresh_margin(self.refresh_margin);
        Ok(EcsRamRoleCredentials {
            role: self.role,
            base_url,
            inner,
        })
    }
}

struct Metadata {
    http: reqwest::Client,
    base_url: String,
    role: String,
    allow_imds_v1: bool,
}

impl Metadata {
    async fn fetch(&self) -> Result<Credentials> {
        let token = self.session_token().await?;
        let url = format!("{}{CREDENTIALS_PATH}{}", self.base_url, self.role);
        let mut request = self.http.get(&url);
        if let Some(token) = &token {
            request = request.header(TOKEN_HEADER, token);
        }
        let response = request.send().await.map_err(|e| self.unreachable(e))?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_FOUND {
            return Err(Error::credentials(format!(
                "the ECS metadata service has no RAM role {:?} (HTTP 404): is it attached to this instance?",
                self.role
            )));
        }
        if !status.is_success() {
            return Err(Error::credentials(format!(
                "the ECS metadata service answered HTTP {} for the RAM role {:?}",
                status.as_u16(),
                self.role
            )));
        }
        let body = response.bytes().await.map_err(|e| self.unreachable(e))?;
        parse_answer(&body, &self.role)
    }

    /// An IMDSv2 session token, or `None` to go on without one (IMDSv1).
    async fn session_token(&self) -> Result<Option<String>> {
        let url = format!("{}{TOKEN_PATH}", self.base_url);
        let sent = self
            .http
            .put(&url)
            .header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS)
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            // Some metadata services (or what sits in front of them) drop or never answer the
            // PUT: like a refusal, that means no session token.
            Err(e) if self.allow_imds_v1 => {
                tracing::debug!(
                    error = %e,
                    "the ECS metadata session token request failed; requesting credentials without one (IMDSv1)"
                );
                return Ok(None);
            }
            Err(e) => return Err(self.unreachable(e)),
        };
        let status = response.status();
        if !status.is_success() {
            if self.allow_imds_v1 {
                tracing::debug!(
                    status = status.as_u16(),
                    "no ECS metadata session token; requesting credentials without one (IMDSv1)"
                );
                return Ok(None);
            }
            return Err(Error::credentials(format!(
                "the ECS metadata service handed out no session token (HTTP {}) and IMDSv1 is not allowed",
                status.as_u16()
            )));
        }
        let body = response.bytes().await.map_err(|e| self.unreachable(e))?;
        match std::str::from_utf8(&body).map(str::trim) {
            Ok(token) if !token.is_empty() => Ok(Some(token.to_owned())),
            _ => Err(Error::credentials(
                "the ECS metadata service answered an empty or unreadable session token",
            )),
        }
    }

    fn unreachable(&self, e: reqwest::Error) -> Error {
        Error::credentials(format!(
            "cannot get credentials from the ECS metadata service at {}",
            self.base_url
        ))
        .with_source(e)
    }
}

/// Reads the metadata service's answer for `role`.
fn parse_answer(body: &[u8], role: &str) -> Result<Credentials> {
    let answer: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| Error::credentials("the ECS metadata service's answer is not JSON").with_source(e))?;
    let field = |name: &str| answer.get(name).and_then(serde_json::Value::as_str);
    let code = field("Code");
    if code != Some("Success") {
        return Err(Error::credentials(format!(
            "the ECS metadata service handed out no credentials for the RAM role {role:?} (Code {code:?})"
        )));
    }
    let required = |name: &str| {
        field(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| Error::credentials(format!("the ECS metadata service's answer lacks {name}")))
    };
    let expiration = parse_utc_timestamp(required("Expiration")?)?;
    Ok(
        Credentials::new(required("AccessKeyId")?, required("AccessKeySecret")?)
            .with_security_token(required("SecurityToken")?)
            .with_expiration(expiration),
    )
}

/// Parses a UTC timestamp of the form `YYYY-MM-DDTHH:MM:SSZ` (from 1970 on), the form of the
/// metadata service's `Expiration`.
fn parse_utc_timestamp(text: &str) -> Result<SystemTime> {
    let invalid = || {
        Error::credentials(format!(
            "cannot read the expiration time {text:?}: expected a UTC time of the form YYYY-MM-DDTHH:MM:SSZ"
        ))
    };
    let b = text.as_bytes();
    let separators = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'Z'),
    ];
    if b.len() != 20 || separators.iter().any(|&(i, c)| b[i] != c) {
        return Err(invalid());
    }
    let number = |from: usize, to: usize| -> Option<u64> {
        b[from..to].iter().try_fold(0u64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u64::from(d - b'0'))
        })
    };
    let parts = (
        number(0, 4),
        number(5, 7),
        number(8, 10),
        number(11, 13),
        number(14, 16),
        number(17, 19),
    );
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = parts else {
        return Err(invalid());
    };
    let valid = year >= 1970
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    if !valid {
        return Err(invalid());
    }
    let seconds = days_since_epoch(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
    SystemTime::UNIX_EPOCH
        .checked_add(Duration::from_secs(seconds))
        .ok_or_else(invalid)
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a valid date from 1970 on (the civil-calendar algorithm of Howard
/// Hinnant's `days_from_civil`, on years starting in March).
fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year % 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719_468 days from 0000-03-01 to 1970-01-01.
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn parses_utc_timestamps() {
        for (text, seconds) in [
            ("1970-01-01T00:00:00Z", 0),
            ("2000-02-29T23:59:59Z", 951_868_799),
            ("2024-02-29T12:34:56Z", 1_709_210_096),
            ("2026-12-01T12:00:00Z", 1_796_126_400),
            ("2100-03-01T00:00:00Z", 4_107_542_400),
        ] {
            assert_eq!(parse_utc_timestamp(text).unwrap(), at(seconds), "{text}");
        }
    }

    #[test]
    fn refuses_other_timestamp_forms() {
        for text in [
            "",
            "2026-12-01",
            "2026-12-01T12:00:00",
            "2026-12-01T12:00:00.000Z",
            "2026-12-01T12:00:00+08:00",
            "2026-12-01 12:00:00Z",
            "2026-13-01T12:00:00Z",
            "2026-00-01T12:00:00Z",
            "2026-04-31T12:00:00Z",
            "2023-02-29T12:00:00Z",
            "2100-02-29T12:00:00Z",
            "2026-12-01T24:00:00Z",
            "2026-12-01T12:60:00Z",
            "2026-12-01T12:00:60Z",
            "1969-12-31T23:59:59Z",
            "2026-1a-01T12:00:00Z",
            "+026-12-01T12:00:00Z",
        ] {
            let e = parse_utc_timestamp(text).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Credentials, "{text}");
            assert!(e.message().contains("YYYY-MM-DDTHH:MM:SSZ"), "{text}: {e}");
        }
    }

    #[test]
    fn reads_the_metadata_answer() {
        let body = br#"{
            "AccessKeyId": "STS.id",
            "AccessKeySecret": "secret",
            "Expiration": "2026-12-01T12:00:00Z",
            "SecurityToken": "token",
            "LastUpdated": "2026-12-01T06:00:00Z",
            "Code": "Success"
        }"#;
        let c = parse_answer(body, "role").unwrap();
        assert_eq!(
            c,
            Credentials::new("STS.id", "secret")
                .with_security_token("token")
                .with_expiration(at(1_796_126_400))
        );
    }

    #[test]
    fn refuses_incomplete_or_failed_answers() {
        let cases: [(&[u8], &str); 5] = [
            (b"not json", "not JSON"),
            (br#"{"Code": "Failed", "AccessKeyId": "x"}"#, "Code Some(\"Failed\")"),
            (br#"{"AccessKeyId": "x"}"#, "Code None"),
            (
                br#"{"Code": "Success", "AccessKeyId": "a", "AccessKeySecret": "s", "Expiration": "2026-12-01T12:00:00Z"}"#,
                "lacks SecurityToken",
            ),
            (
                br#"{"Code": "Success", "AccessKeyId": "a", "AccessKeySecret": "s", "SecurityToken": "t", "Expiration": "soon"}"#,
                "\"soon\"",
            ),
        ];
        for (body, expected) in cases {
            let e = parse_answer(body, "role").unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Credentials);
            assert!(e.message().contains(expected), "{e}");
        }
    }

    #[test]
    fn the_builder_checks_its_settings() {
        for role in ["", "a/b", "role?x", "r le"] {
            let e = EcsRamRoleCredentials::new(role).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Construction, "{role:?}");
        }
        let e = EcsRamRoleCredentials::builder("role")
            .base_url("100.100.100.200")
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Construction);
        let p = EcsRamRoleCredentials::builder("my-role.1_x")
            .base_url("http://127.0.0.1:1/")
            .build()
            .unwrap();
        assert_eq!(p.role(), "my-role.1_x");
        assert!(format!("{p:?}").contains("http://127.0.0.1:1\""));
    }
}
