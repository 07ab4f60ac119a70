//! Request and response signing (v2 HMAC-SHA1, optional v4 HMAC-SHA256) and the `x-ots-date`
//! format. Pure functions: the caller passes the time and the headers.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use md5::{Digest as _, Md5};
use sha1::Sha1;
use sha2::Sha256;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Header names the protocol uses.
pub mod headers {
    /// Request date (ISO 8601, UTC, with a fraction).
    pub const DATE: &str = "x-ots-date";
    /// API version, `2015-12-31`.
    pub const API_VERSION: &str = "x-ots-apiversion";
    /// Access key id.
    pub const ACCESS_KEY_ID: &str = "x-ots-accesskeyid";
    /// Instance name.
    pub const INSTANCE_NAME: &str = "x-ots-instancename";
    /// base64(MD5(body)).
    pub const CONTENT_MD5: &str = "x-ots-contentmd5";
    /// v2 signature.
    pub const SIGNATURE: &str = "x-ots-signature";
    /// v4 signature.
    pub const SIGNATURE_V4: &str = "x-ots-signaturev4";
    /// v4 signing day, `YYYYMMDD`.
    pub const SIGN_DATE: &str = "x-ots-signdate";
    /// v4 signing region.
    pub const SIGN_REGION: &str = "x-ots-signregion";
    /// STS security token.
    pub const STS_TOKEN: &str = "x-ots-ststoken";
    /// Response: request id.
    pub const REQUEST_ID: &str = "x-ots-requestid";
    /// Response: content type.
    pub const CONTENT_TYPE: &str = "x-ots-contenttype";
    /// Response: `OTS <akid>:<signature>`.
    pub const AUTHORIZATION: &str = "authorization";
}

/// The API version every table operation sends.
pub const API_VERSION: &str = "2015-12-31";

type HmacSha1 = Hmac<Sha1>;
type HmacSha256 = Hmac<Sha256>;

fn hmac_sha1(key: &[u8], msg: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    match HmacSha1::new_from_slice(key) {
        Ok(mut m) => {
            m.update(msg);
            m.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn hmac_sha256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    match HmacSha256::new_from_slice(key) {
        Ok(mut m) => {
            m.update(msg);
            m.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// base64(MD5(body)), the value of `x-ots-contentmd5`.
#[must_use]
pub fn content_md5(body: &[u8]) -> String {
    B64.encode(Md5::digest(body))
}

/// Canonical header block: every `x-ots-*` header except the signatures, as
/// `lowercase-name:trimmed-value`, sorted, each followed by `\n`.
fn canonical_headers<'a>(
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    trailing_newline: bool,
) -> String {
    let mut lines: Vec<String> = headers
        .into_iter()
        .filter_map(|(n, v)| {
            let n = n.to_ascii_lowercase();
            (n.starts_with("x-ots-") && n != headers::SIGNATURE && n != headers::SIGNATURE_V4)
                .then(|| format!("{n}:{}", v.trim()))
        })
        .collect();
    lines.sort();
    let mut out = lines.join("\n");
    if trailing_newline {
        out.push('\n');
    }
    out
}

/// The request string-to-sign for `path` (`/PutRow`, `/tunnel/connect`).
#[must_use]
pub fn request_string_to_sign<'a>(
    path: &str,
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    format!("{path}\nPOST\n\n{}", canonical_headers(headers, true))
}

/// The v2 request signature: base64(HMAC-SHA1(secret, string-to-sign)).
#[must_use]
pub fn sign_request_v2<'a>(
    secret: &str,
    path: &str,
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    B64.encode(hmac_sha1(
        secret.as_bytes(),
        request_string_to_sign(path, headers).as_bytes(),
    ))
}

/// The v4 signing key text: base64 of the key derived from secret, day and region.
#[must_use]
pub fn v4_signing_key(secret: &str, sign_date: &str, region: &str) -> String {
    let k1 = hmac_sha256(format!("aliyun_v4{secret}").as_bytes(), sign_date.as_bytes());
    let k2 = hmac_sha256(&k1, region.as_bytes());
    let k3 = hmac_sha256(&k2, b"ots");
    let k4 = hmac_sha256(&k3, b"aliyun_v4_request");
    B64.encode(k4)
}

/// The v4 request signature with a key from [`v4_signing_key`].
#[must_use]
pub fn sign_request_v4<'a>(
    signing_key: &str,
    path: &str,
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let s = format!("{}ots", request_string_to_sign(path, headers));
    B64.encode(hmac_sha256(signing_key.as_bytes(), s.as_bytes()))
}

/// The response signature: HMAC-SHA1 over the sorted `x-ots-*` response headers and the path.
/// `key` is the access key secret (v2) or the v4 signing key text.
#[must_use]
pub fn sign_response<'a>(
    key: &str,
    path: &str,
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let s = format!("{}\n{path}", canonical_headers(headers, false));
    B64.encode(hmac_sha1(key.as_bytes(), s.as_bytes()))
}

/// Compares two signatures without leaking where they differ.
#[must_use]
pub fn signatures_equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Formats a time as `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC).
#[must_use]
pub fn format_date(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs() as i64;
    let (y, m, day) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60,
        d.subsec_millis()
    )
}

/// Formats a time as `YYYYMMDD` (UTC), the v4 signing day.
#[must_use]
pub fn format_sign_date(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs() as i64;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}{m:02}{d:02}")
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.digits]Z`; any number of fraction digits is accepted (one SDK
/// writes nonsense digits there), and they are ignored.
#[must_use]
pub fn parse_date(s: &str) -> Option<SystemTime> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, mo, d, h, mi, se) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    );
    let tail = &s[19..];
    let frac_ok = tail == "Z"
        || (tail.starts_with('.')
            && tail.ends_with('Z')
            && tail.len() > 2
            && tail[1..tail.len() - 1].bytes().all(|c| c.is_ascii_digit()));
    if !frac_ok || !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + h * 3600 + mi * 60 + se;
    u64::try_from(secs)
        .ok()
        .map(|s| UNIX_EPOCH + Duration::from_secs(s))
}

// Howard Hinnant's civil-date algorithms (public domain arithmetic).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: [(&str, &str); 5] = [
        ("x-ots-date", "2024-01-02T03:04:05.000Z"),
        ("x-ots-apiversion", "2015-12-31"),
        ("x-ots-accesskeyid", "AKID_TEST"),
        ("x-ots-instancename", "inst1"),
        ("x-ots-contentmd5", "sNnO8EJ2mwgU0Z/k1zqY2g=="),
    ];

    #[test]
    fn md5_vectors() {
        assert_eq!(content_md5(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
        assert_eq!(content_md5(&[0x0a, 0x02, 0x74, 0x31]), "sNnO8EJ2mwgU0Z/k1zqY2g==");
    }

    #[test]
    fn v2_request_vector_a() {
        let s = request_string_to_sign("/DescribeTable", BASE);
        assert_eq!(
            s,
            "/DescribeTable\nPOST\n\nx-ots-accesskeyid:AKID_TEST\nx-ots-apiversion:2015-12-31\nx-ots-contentmd5:sNnO8EJ2mwgU0Z/k1zqY2g==\nx-ots-date:2024-01-02T03:04:05.000Z\nx-ots-instancename:inst1\n"
        );
        assert_eq!(
            sign_request_v2("SECRET_TEST", "/DescribeTable", BASE),
            "hzd+YdEKQOR2ojE+FWQ+QJh5Gvw="
        );
        let mut with_sts = BASE.to_vec();
        with_sts.push(("x-ots-ststoken", "STSTOKEN123"));
        assert_eq!(
            sign_request_v2("SECRET_TEST", "/DescribeTable", with_sts),
            "01KW0xvlarX3jTHHO21bTzYwsJ4="
        );
    }

    #[test]
    fn v2_request_vector_b() {
        let h = [
            ("x-ots-date", "2024-01-02T03:04:05.000Z"),
            ("x-ots-apiversion", "2015-12-31"),
            ("x-ots-accesskeyid", "AKID_TEST"),
            ("x-ots-instancename", "inst1"),
            ("x-ots-contentmd5", "YMti2q0TErobvb9e7sy8FQ=="),
        ];
        assert_eq!(
            sign_request_v2("SECRET_TEST", "/PutRow", h),
            "tIY+keapKP0HTGGZoWuZzGsGRMY="
        );
    }

    #[test]
    fn response_vector_c() {
        let h = [
            ("x-ots-contentmd5", "cGqcInR86zj/8Pah1LWaHg=="),
            ("x-ots-requestid", "req-0001"),
            ("x-ots-date", "2024-01-02T03:04:05.123Z"),
            ("x-ots-contenttype", "protocol buffer"),
        ];
        assert_eq!(
            content_md5(&[0x0a, 0x06, 0x0a, 0x04, 0x08, 0x00, 0x10, 0x01]),
            "cGqcInR86zj/8Pah1LWaHg=="
        );
        assert_eq!(
            sign_response("SECRET_TEST", "/PutRow", h),
            "xC1PwxBUVqJCrZs51UCcDECUqXM="
        );
        let empty = [
            ("x-ots-contentmd5", "1B2M2Y8AsgTpgAmY7PhCfg=="),
            ("x-ots-requestid", "0005d1a4-0000-0000-0000-000000000001"),
            ("x-ots-date", "2024-01-02T03:04:06.000Z"),
            ("x-ots-contenttype", "protocol buffer"),
        ];
        assert_eq!(
            sign_response("SECRET_TEST", "/DescribeTable", empty),
            "4GjPSACZzTyJ7TME0zftFKdOmR8="
        );
    }

    #[test]
    fn v4_vector_d() {
        let key = v4_signing_key("SECRET_TEST", "20240102", "cn-hangzhou");
        assert_eq!(key, "vyDrbT158NWkkTNdFwp2qW5VnsGr+1sXFHquD1nzDDQ=");
        let mut h = BASE.to_vec();
        h.push(("x-ots-signdate", "20240102"));
        h.push(("x-ots-signregion", "cn-hangzhou"));
        assert_eq!(
            sign_request_v4(&key, "/DescribeTable", h),
            "e1iANCUGDpwAl3LAXOIcChwkSW8xqCXr0SbclnDA1E4="
        );
        let empty = [
            ("x-ots-contentmd5", "1B2M2Y8AsgTpgAmY7PhCfg=="),
            ("x-ots-requestid", "0005d1a4-0000-0000-0000-000000000001"),
            ("x-ots-date", "2024-01-02T03:04:06.000Z"),
            ("x-ots-contenttype", "protocol buffer"),
        ];
        assert_eq!(
            sign_response(&key, "/DescribeTable", empty),
            "i4crFt/82cLnn5RlC8jy1MPsbiI="
        );
    }

    #[test]
    fn dates_round_trip_and_accept_odd_fractions() {
        let t = UNIX_EPOCH + Duration::from_millis(1_704_164_645_123);
        assert_eq!(format_date(t), "2024-01-02T03:04:05.123Z");
        assert_eq!(format_sign_date(t), "20240102");
        let parsed = parse_date("2024-01-02T03:04:05.123Z");
        assert_eq!(parsed, Some(UNIX_EPOCH + Duration::from_secs(1_704_164_645)));
        assert!(parse_date("2024-01-02T03:04:05.11223Z").is_some());
        assert!(parse_date("2024-01-02T03:04:05Z").is_some());
        assert!(parse_date("2024-01-02 03:04:05Z").is_none());
        assert!(parse_date("2024-13-02T03:04:05.000Z").is_none());
        assert!(parse_date("garbage").is_none());
    }
}
