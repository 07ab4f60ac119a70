//! Request authentication: the headers, body hash and signature the service checks.

use crate::error::ServiceError;
use hyper::HeaderMap;
use ots_proto::sign::{self, headers as h};
use std::time::{Duration, SystemTime};

/// Largest accepted distance between the request's date and the server clock.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// Who may call this server.
#[derive(Clone)]
pub struct Auth {
    /// Instance name requests must carry.
    pub instance: String,
    /// Accepted access key id.
    pub access_key_id: String,
    /// Its secret.
    pub access_key_secret: String,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("instance", &self.instance)
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"** redacted **")
            .finish()
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Result<&'a str, ServiceError> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ServiceError::param(format!("Missing header: '{name}'.")))
}

/// Checks the request's headers, body hash and signature; returns the response signing key.
pub fn authenticate(
    auth: &Auth,
    action: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<String, ServiceError> {
    for name in [
        h::DATE,
        h::API_VERSION,
        h::ACCESS_KEY_ID,
        h::INSTANCE_NAME,
        h::CONTENT_MD5,
    ] {
        header(headers, name)?;
    }
    let date = header(headers, h::DATE)?;
    let when =
        sign::parse_date(date).ok_or_else(|| ServiceError::param(format!("Invalid date format: {date}.")))?;
    let now = SystemTime::now();
    let skew = match now.duration_since(when) {
        Ok(d) => d,
        Err(e) => e.duration(),
    };
    if skew > MAX_CLOCK_SKEW {
        return Err(ServiceError::auth(format!(
            "Mismatch between system time and x-ots-date: {date}."
        )));
    }
    if header(headers, h::CONTENT_MD5)? != sign::content_md5(body) {
        return Err(ServiceError::auth(
            "Mismatch between MD5 value of request body and x-ots-contentmd5 in header.",
        ));
    }
    if header(headers, h::ACCESS_KEY_ID)? != auth.access_key_id {
        return Err(ServiceError::auth("The AccessKeyID does not exist."));
    }
    if header(headers, h::INSTANCE_NAME)? != auth.instance {
        return Err(ServiceError::auth("The instance is not found."));
    }
    let path = format!("/{action}");
    let pairs: Vec<(&str, &str)> = headers
        .iter()
        .filter_map(|(n, v)| Some((n.as_str(), v.to_str().ok()?)))
        .collect();
    if let Some(sig) = headers.get(h::SIGNATURE_V4).and_then(|v| v.to_str().ok()) {
        let day = header(headers, h::SIGN_DATE)?;
        let region = header(headers, h::SIGN_REGION)?;
        let key = sign::v4_signing_key(&auth.access_key_secret, day, region);
        let expected = sign::sign_request_v4(&key, &path, pairs.iter().copied());
        if !sign::signatures_equal(sig, &expected) {
            return Err(ServiceError::auth("Signature mismatch."));
        }
        return Ok(key);
    }
    let sig = header(headers, h::SIGNATURE)?;
    let expected = sign::sign_request_v2(&auth.access_key_secret, &path, pairs.iter().copied());
    if !sign::signatures_equal(sig, &expected) {
        return Err(ServiceError::auth("Signature mismatch."));
    }
    Ok(auth.access_key_secret.clone())
}
