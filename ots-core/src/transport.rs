//! HTTP transport. The only file that names the HTTP library.

use crate::error::{Error, ErrorKind, Result};
use std::time::Duration;

/// An HTTP answer, reduced to what the protocol needs.
pub(crate) struct RawResponse {
    pub status: u16,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: bytes::Bytes,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Transport {
    http: reqwest::Client,
}

impl Transport {
    pub fn new(connect_timeout: Duration, request_timeout: Duration) -> Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .timeout(request_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| Error::construction("cannot build the HTTP client").with_source(e))?;
        Ok(Self { http })
    }

    pub async fn post(
        &self,
        url: &str,
        headers: &[(&'static str, String)],
        body: bytes::Bytes,
    ) -> Result<RawResponse> {
        let mut req = self.http.post(url).body(body);
        for (n, v) in headers {
            req = req.header(*n, v);
        }
        let resp = req.send().await.map_err(map_error)?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_ascii_lowercase(), v.to_str().ok()?.to_owned())))
            .collect();
        let body = resp.bytes().await.map_err(map_error)?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }
}

fn map_error(e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::new(ErrorKind::Timeout, "the request timed out").with_source(e)
    } else if e.is_connect() {
        Error::new(ErrorKind::Dispatch, "cannot connect to the endpoint")
            .with_source(e)
            .not_sent()
    } else {
        Error::new(ErrorKind::Dispatch, "the HTTP exchange failed").with_source(e)
    }
}
