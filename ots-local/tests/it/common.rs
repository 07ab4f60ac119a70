//! Raw, signed requests for tests that drive ots-local below any client.
#![allow(dead_code)]

use ots_proto::sign::{self, headers as h};
use std::time::SystemTime;

/// A raw HTTP/1.1 request for `action` carrying `body`, signed (v2) with `keys` (id, secret).
pub fn signed_request(host: &str, instance: &str, keys: (&str, &str), action: &str, body: &[u8]) -> Vec<u8> {
    let mut headers = vec![
        (h::ACCESS_KEY_ID, keys.0.to_owned()),
        (h::API_VERSION, sign::API_VERSION.to_owned()),
        (h::CONTENT_MD5, sign::content_md5(body)),
        (h::DATE, sign::format_date(SystemTime::now())),
        (h::INSTANCE_NAME, instance.to_owned()),
    ];
    let signature = sign::sign_request_v2(
        keys.1,
        &format!("/{action}"),
        headers.iter().map(|(n, v)| (*n, v.as_str())),
    );
    headers.push((h::SIGNATURE, signature));
    let mut req = format!(
        "POST /{action} HTTP/1.1\r\nhost: {host}\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}
