//! HTTP front: routing, request bodies, authentication, signed responses. One handler serves
//! every operation: decode the route, read and check the request as the service does,
//! dispatch, sign.

mod auth;

pub use auth::Auth;

use crate::error::ServiceError;
use crate::service::Service;
use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::HeaderValue;
use hyper::{HeaderMap, Method, Request, Response, StatusCode};
use ots_proto::sign::{self, headers as h};
use prost::Message;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;
/// Most bytes of a refused body read and dropped before the connection is closed.
const MAX_DRAINED_BYTES: usize = 16 * 1024 * 1024;

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

/// Who signs a response: the key the request was authenticated with, and the access key id
/// it named. Errors found before the request is authenticated go unsigned: the service cannot
/// know the key, and the SDKs check an error's signature only when one is present (a v2 one
/// would fail a V4 client, and it would reveal the configured access key id).
#[derive(Clone, Copy)]
struct Signer<'a> {
    key: &'a str,
    access_key_id: &'a str,
}

/// Builds a response with every header the official SDKs check, signed when `signer` is given.
fn respond(
    status: StatusCode,
    action: &str,
    body: Vec<u8>,
    signer: Option<Signer<'_>>,
) -> Response<Full<Bytes>> {
    let md5 = sign::content_md5(&body);
    let date = sign::format_date(SystemTime::now());
    let rid = request_id();
    let pairs = [
        (h::CONTENT_MD5, md5.as_str()),
        (h::REQUEST_ID, rid.as_str()),
        (h::DATE, date.as_str()),
        (h::CONTENT_TYPE, "protocol buffer"),
    ];
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = status;
    let hm = resp.headers_mut();
    for (n, v) in pairs {
        if let Ok(v) = HeaderValue::from_str(v) {
            hm.insert(n, v);
        }
    }
    if let Some(s) = signer {
        let sig = sign::sign_response(s.key, &format!("/{action}"), pairs);
        if let Ok(v) = HeaderValue::from_str(&format!("OTS {}:{sig}", s.access_key_id)) {
            hm.insert(h::AUTHORIZATION, v);
        }
    }
    resp
}

fn error_response(e: &ServiceError, action: &str, signer: Option<Signer<'_>>) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = e.to_pb().encode_to_vec();
    respond(status, action, body, signer)
}

/// Why a request body could not be read.
enum BodyError {
    /// Over [`MAX_BODY_BYTES`]; the body is handed back to be drained.
    TooLarge(Incoming),
    /// Not valid HTTP framing, or the connection failed.
    Malformed(hyper::Error),
    /// No byte for the body timeout.
    Stalled,
}

/// Reads the whole body, refusing it past [`MAX_BODY_BYTES`] or when it stalls.
async fn read_body(mut body: Incoming, stall: Duration) -> Result<Bytes, BodyError> {
    let mut buf = BytesMut::new();
    loop {
        match tokio::time::timeout(stall, body.frame()).await {
            Err(_) => return Err(BodyError::Stalled),
            Ok(None) => return Ok(buf.freeze()),
            Ok(Some(Err(e))) => return Err(BodyError::Malformed(e)),
            Ok(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    if buf.len() + data.len() > MAX_BODY_BYTES {
                        return Err(BodyError::TooLarge(body));
                    }
                    buf.extend_from_slice(&data);
                }
            }
        }
    }
}

/// After refusing a body, reads and drops what the client still sends (up to
/// [`MAX_DRAINED_BYTES`], while it keeps coming), so that closing the connection does not reset
/// it before the client has read the answer.
async fn drain(mut body: Incoming, stall: Duration) {
    let mut drained = 0usize;
    while drained < MAX_DRAINED_BYTES {
        match tokio::time::timeout(stall, body.frame()).await {
            Ok(Some(Ok(frame))) => drained += frame.data_ref().map_or(0, Bytes::len),
            _ => return,
        }
    }
}

/// The declared body length, when it is over the limit.
fn declared_too_large(headers: &HeaderMap) -> bool {
    headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .is_some_and(|n| n > MAX_BODY_BYTES as u64)
}

/// Refuses an oversized body at once, then drains it in the background; the request counts as
/// in progress (`in_flight` is kept) until the drain ends.
fn too_large<G: Send + 'static>(
    action: &str,
    body: Incoming,
    stall: Duration,
    in_flight: G,
) -> Response<Full<Bytes>> {
    tokio::spawn(async move {
        drain(body, stall).await;
        drop(in_flight);
    });
    let mut resp = error_response(&ServiceError::body_too_large(), action, None);
    resp.headers_mut()
        .insert(hyper::header::CONNECTION, HeaderValue::from_static("close"));
    resp
}

/// The one handler behind every path. `stall` bounds the wait for each piece of the body.
/// `in_flight` marks the request as in progress for the connection while it is held: until the
/// answer is ready, or until a refused body has been drained.
pub async fn handle<G: Send + 'static>(
    state: AppState,
    req: Request<Incoming>,
    stall: Duration,
    in_flight: G,
) -> Response<Full<Bytes>> {
    let action = action_of(req.uri().path());
    // Logged names come from the client: `?` escapes them so they cannot forge log lines.
    let refuse = |e: ServiceError| {
        tracing::debug!(action = ?action, code = e.code.as_str(), status = e.status, message = ?e.message, "request refused");
        error_response(&e, &action, None)
    };
    if req.method() != Method::POST {
        return refuse(ServiceError::method_not_allowed());
    }
    let (parts, body) = req.into_parts();
    if declared_too_large(&parts.headers) {
        tracing::debug!(action = ?action, "declared body over the limit");
        return too_large(&action, body, stall, in_flight);
    }
    let body = match read_body(body, stall).await {
        Ok(b) => b,
        Err(BodyError::TooLarge(rest)) => return too_large(&action, rest, stall, in_flight),
        Err(BodyError::Stalled) => {
            let mut resp = refuse(ServiceError::request_timeout());
            resp.headers_mut()
                .insert(hyper::header::CONNECTION, HeaderValue::from_static("close"));
            return resp;
        }
        Err(BodyError::Malformed(e)) => {
            return refuse(ServiceError::param(format!(
                "The request body cannot be read: {e}."
            )))
        }
    };
    let auth = &state.auth;
    let key = match auth::authenticate(auth, &action, &parts.headers, &body) {
        Ok(k) => k,
        Err(e) => return refuse(e),
    };
    let signer = Signer {
        key: &key,
        access_key_id: &auth.access_key_id,
    };
    let service = state.service.clone();
    let act = action.clone();
    // Storage work is CPU-bound and takes std locks: keep it off the async workers.
    let result = tokio::task::spawn_blocking(move || service.dispatch(&act, &body)).await;
    match result {
        Ok(Ok(bytes)) => {
            tracing::debug!(action = ?action, bytes = bytes.len(), "ok");
            respond(StatusCode::OK, &action, bytes, Some(signer))
        }
        Ok(Err(e)) => {
            tracing::debug!(action = ?action, code = e.code.as_str(), status = e.status, message = ?e.message, "error");
            error_response(&e, &action, Some(signer))
        }
        Err(_) => {
            tracing::error!(action = ?action, "the request handler failed");
            error_response(
                &ServiceError::internal("The request handler failed."),
                &action,
                Some(signer),
            )
        }
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
