//! HTTP front: routing, request authentication, signed responses. One handler serves every
//! operation: decode the route, check the request as the service does, dispatch, sign.

use crate::error::ServiceError;
use crate::service::Service;
use axum::body::{to_bytes, Body};
use axum::http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use ots_proto::pb::table_store as pb;
use ots_proto::sign::{self, headers as h};
use prost::Message;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;
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

/// Shared state of the HTTP layer.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The operations.
    pub service: Service,
    /// Credentials.
    pub auth: Arc<Auth>,
}

/// The action a path names: its last segment, or `tunnel/<verb>`. Endpoint prefixes (the
/// Python SDK keeps the endpoint's path) are ignored.
fn action_of(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    if let Some(i) = trimmed.rfind("/tunnel/") {
        return trimmed[i + 1..].to_owned();
    }
    trimmed.rsplit('/').next().unwrap_or_default().to_owned()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Result<&'a str, ServiceError> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ServiceError::param(format!("Missing header: '{name}'.")))
}

/// Checks the request's headers, body hash and signature; returns the response signing key.
fn authenticate(auth: &Auth, action: &str, headers: &HeaderMap, body: &[u8]) -> Result<String, ServiceError> {
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

fn request_id() -> String {
    let a = fastrand::u64(..);
    let b = fastrand::u64(..);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

/// Builds a response with every header the official SDKs check, signed with `key`.
fn respond(status: u16, action: &str, body: Vec<u8>, key: &str, akid: &str) -> Response<Body> {
    let md5 = sign::content_md5(&body);
    let date = sign::format_date(SystemTime::now());
    let rid = request_id();
    let pairs = [
        (h::CONTENT_MD5, md5.as_str()),
        (h::REQUEST_ID, rid.as_str()),
        (h::DATE, date.as_str()),
        (h::CONTENT_TYPE, "protocol buffer"),
    ];
    let sig = sign::sign_response(key, &format!("/{action}"), pairs);
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let hm = resp.headers_mut();
    for (n, v) in pairs {
        if let Ok(v) = HeaderValue::from_str(v) {
            hm.insert(n, v);
        }
    }
    if let Ok(v) = HeaderValue::from_str(&format!("OTS {akid}:{sig}")) {
        hm.insert(h::AUTHORIZATION, v);
    }
    resp
}

fn error_body(e: &ServiceError) -> Vec<u8> {
    pb::Error {
        code: e.code.to_owned(),
        message: Some(e.message.clone()),
    }
    .encode_to_vec()
}

/// The one handler behind every path.
pub async fn handle(state: AppState, req: Request<Body>) -> Response<Body> {
    let action = action_of(req.uri().path());
    let auth = &state.auth;
    let fail = |e: ServiceError| {
        tracing::debug!(action = %action, code = e.code, status = e.status, "request refused");
        respond(
            e.status,
            &action,
            error_body(&e),
            &auth.access_key_secret,
            &auth.access_key_id,
        )
    };
    if req.method() != Method::POST {
        return fail(ServiceError::method_not_allowed());
    }
    let headers = req.headers().clone();
    let body = match to_bytes(req.into_body(), MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => return fail(ServiceError::body_too_large()),
    };
    let key = match authenticate(auth, &action, &headers, &body) {
        Ok(k) => k,
        Err(e) => return fail(e),
    };
    let service = state.service.clone();
    let act = action.clone();
    // Storage work is CPU-bound and takes std locks: keep it off the async workers.
    let result = tokio::task::spawn_blocking(move || service.dispatch(&act, &body)).await;
    match result {
        Ok(Ok(bytes)) => {
            tracing::debug!(action = %action, bytes = bytes.len(), "ok");
            respond(200, &action, bytes, &key, &auth.access_key_id)
        }
        Ok(Err(e)) => {
            tracing::debug!(action = %action, code = e.code, status = e.status, message = %e.message, "error");
            respond(e.status, &action, error_body(&e), &key, &auth.access_key_id)
        }
        Err(_) => fail(ServiceError::internal("The request handler failed.")),
    }
}

#[cfg(test)]
mod tests {
    use super::action_of;

    #[test]
    fn routes_on_last_segment() {
        assert_eq!(action_of("/PutRow"), "PutRow");
        assert_eq!(action_of("/prefix/PutRow"), "PutRow");
        assert_eq!(action_of("//PutRow"), "PutRow");
        assert_eq!(action_of("/tunnel/connect"), "tunnel/connect");
        assert_eq!(action_of("/x/tunnel/connect"), "tunnel/connect");
    }
}
