//! Client behaviour that needs a misbehaving server: response verification, retries by error
//! code and idempotency, and retry of only the failed rows of a batch. The fake server below
//! speaks plain HTTP/1.1 and answers from a script.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions fail loudly on purpose

use ots::model::{Column, PrimaryKey, Row};
use ots::ops::batch::BatchWriteRowRequest;
use ots::ops::row::PutRowRequest;
use ots::retry::DefaultRetryPolicy;
use ots::{Client, Credentials, ErrorKind};
use ots_proto::pb::table_store as pb;
use ots_proto::sign;
use prost::Message;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

type Answer = (u16, Vec<u8>);
type Script = Arc<dyn Fn(usize, &str, &[u8]) -> (Answer, bool) + Send + Sync>;

/// Seen requests: (action, body).
type Log = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

const SECRET: &str = "secret";
const AKID: &str = "akid";

/// Starts a fake server; `script(n, action, body)` gives the n-th answer and whether to sign it.
async fn fake(script: Script) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let log: Log = Arc::default();
    let log2 = log.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let script = script.clone();
            let log = log2.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                loop {
                    let head_end = loop {
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        let mut chunk = [0u8; 4096];
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                    let path = head.split_whitespace().nth(1).unwrap_or_default().to_owned();
                    let len: usize = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse().unwrap())
                        })
                        .unwrap_or(0);
                    while buf.len() < head_end + len {
                        let mut chunk = [0u8; 4096];
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let body = buf[head_end..head_end + len].to_vec();
                    buf.drain(..head_end + len);
                    let action = path.trim_start_matches('/').to_owned();
                    let n = {
                        let mut l = log.lock().unwrap();
                        l.push((action.clone(), body.clone()));
                        l.len() - 1
                    };
                    let ((status, resp_body), signed) = script(n, &action, &body);
                    let md5 = sign::content_md5(&resp_body);
                    let date = sign::format_date(SystemTime::now());
                    let pairs = [
                        ("x-ots-contentmd5", md5.as_str()),
                        ("x-ots-requestid", "fake-request"),
                        ("x-ots-date", date.as_str()),
                        ("x-ots-contenttype", "protocol buffer"),
                    ];
                    let sig = if signed {
                        sign::sign_response(SECRET, &format!("/{action}"), pairs)
                    } else {
                        "bogus".into()
                    };
                    let mut out = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", resp_body.len());
                    for (n, v) in pairs {
                        out.push_str(&format!("{n}: {v}\r\n"));
                    }
                    out.push_str(&format!("authorization: OTS {AKID}:{sig}\r\n\r\n"));
                    let mut bytes = out.into_bytes();
                    bytes.extend_from_slice(&resp_body);
                    if sock.write_all(&bytes).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (format!("http://{addr}"), log)
}

fn client(endpoint: &str, policy: DefaultRetryPolicy) -> Client {
    Client::builder()
        .endpoint(endpoint)
        .instance("inst")
        .credentials(Credentials::new(AKID, SECRET))
        .retry_policy(
            policy
                .base_delay(Duration::from_millis(1))
                .throttled_base_delay(Duration::from_millis(1)),
        )
        .build()
        .unwrap()
}

fn err(code: &str, status: u16) -> Answer {
    (
        status,
        pb::Error {
            code: code.into(),
            message: Some("m".into()),
        }
        .encode_to_vec(),
    )
}

fn list_ok() -> Answer {
    (
        200,
        pb::ListTableResponse {
            table_names: vec!["a".into()],
        }
        .encode_to_vec(),
    )
}

#[tokio::test]
async fn response_signatures_are_verified_by_default() {
    let (endpoint, _) = fake(Arc::new(|_, _, _| (list_ok(), false))).await;
    let e = client(&endpoint, DefaultRetryPolicy::default())
        .list_tables()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Response);
    assert!(e.message().contains("signature"), "{e}");
    assert_eq!(e.request_id(), Some("fake-request"));

    let unchecked = Client::builder()
        .endpoint(&endpoint)
        .instance("inst")
        .credentials(Credentials::new(AKID, SECRET))
        .verify_responses(false)
        .build()
        .unwrap();
    assert_eq!(unchecked.list_tables().await.unwrap(), vec!["a".to_owned()]);

    let (endpoint, _) = fake(Arc::new(|_, _, _| (list_ok(), true))).await;
    assert_eq!(
        client(&endpoint, DefaultRetryPolicy::default())
            .list_tables()
            .await
            .unwrap(),
        vec!["a".to_owned()]
    );
}

#[tokio::test]
async fn retries_follow_code_and_idempotency() {
    // Throttling: retried for any operation until it succeeds.
    let (endpoint, log) = fake(Arc::new(|n, _, _| {
        (
            if n < 3 {
                err("OTSServerBusy", 503)
            } else {
                list_ok()
            },
            true,
        )
    }))
    .await;
    assert!(client(&endpoint, DefaultRetryPolicy::default())
        .list_tables()
        .await
        .is_ok());
    assert_eq!(log.lock().unwrap().len(), 4);

    // An internal error: a read is retried, a write (outcome unknown) is not.
    let script: Script = Arc::new(|n, action, _| {
        let ok = match action {
            "ListTable" => list_ok(),
            _ => (
                200,
                pb::PutRowResponse {
                    consumed: Default::default(),
                    row: None,
                }
                .encode_to_vec(),
            ),
        };
        (
            if n % 2 == 0 {
                err("OTSInternalServerError", 500)
            } else {
                ok
            },
            true,
        )
    });
    let (endpoint, log) = fake(script).await;
    let c = client(&endpoint, DefaultRetryPolicy::default());
    assert!(c.list_tables().await.is_ok());
    assert_eq!(log.lock().unwrap().len(), 2);
    let row = Row {
        primary_key: PrimaryKey::new().with("id", 1),
        columns: vec![Column::new("c", 1)],
    };
    let e = c.put_row(PutRowRequest::new("t", row)).await.unwrap_err();
    assert_eq!(
        (e.code(), e.http_status()),
        (Some(&ots::ErrorCode::InternalServerError), Some(500))
    );
    assert_eq!(log.lock().unwrap().len(), 3, "the write was sent once");

    // Retry budget and disabled retries.
    let (endpoint, log) = fake(Arc::new(|_, _, _| (err("OTSServerBusy", 503), true))).await;
    let e = client(&endpoint, DefaultRetryPolicy::default().max_retries(2))
        .list_tables()
        .await
        .unwrap_err();
    assert!(e.is_retryable());
    assert_eq!(log.lock().unwrap().len(), 3);
    let (endpoint, log) = fake(Arc::new(|_, _, _| (err("OTSServerBusy", 503), true))).await;
    assert!(client(&endpoint, DefaultRetryPolicy::disabled())
        .list_tables()
        .await
        .is_err());
    assert_eq!(log.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn unreachable_endpoints_fail_with_dispatch_errors() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let policy = DefaultRetryPolicy::default().max_retries(2);
    let e = client(&endpoint, policy).list_tables().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Dispatch);
    assert!(!e.request_may_have_been_sent());
    assert!(std::error::Error::source(&e).is_some());
}

#[tokio::test]
async fn only_retriable_failed_batch_rows_are_sent_again() {
    let ok = || pb::RowInBatchWriteRowResponse {
        is_ok: true,
        error: None,
        consumed: None,
        row: None,
    };
    let fail = |code: &str| pb::RowInBatchWriteRowResponse {
        is_ok: false,
        error: Some(pb::Error {
            code: code.into(),
            message: Some("m".into()),
        }),
        consumed: None,
        row: None,
    };
    let script: Script = Arc::new(move |_, _, body| {
        let req = pb::BatchWriteRowRequest::decode(body).unwrap();
        let rows = req.tables[0].rows.len();
        // First call: 3 rows; row 1 is throttled (retriable), row 2 fails its condition (final).
        let out = if rows == 3 {
            vec![ok(), fail("OTSServerBusy"), fail("OTSConditionCheckFail")]
        } else {
            vec![ok(); rows]
        };
        let resp = pb::BatchWriteRowResponse {
            tables: vec![pb::TableInBatchWriteRowResponse {
                table_name: "t".into(),
                rows: out,
            }],
        };
        ((200, resp.encode_to_vec()), true)
    });
    let (endpoint, log) = fake(script).await;
    let put = |i: i64| {
        PutRowRequest::new(
            "t",
            Row {
                primary_key: PrimaryKey::new().with("id", i),
                columns: vec![],
            },
        )
    };
    let batch = BatchWriteRowRequest::new().put(put(0)).put(put(1)).put(put(2));
    let out = client(&endpoint, DefaultRetryPolicy::default())
        .batch_write_row(batch)
        .await
        .unwrap();
    assert!(out.rows[0].is_ok());
    assert!(out.rows[1].is_ok(), "the throttled row succeeded on retry");
    assert!(out.rows[2].as_ref().unwrap_err().is_condition_failed());
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 2);
    let second = pb::BatchWriteRowRequest::decode(log[1].1.as_slice()).unwrap();
    assert_eq!(
        second.tables[0].rows.len(),
        1,
        "only the retriable row was sent again"
    );
    let key = ots_proto::plainbuffer::decode_single_row(&second.tables[0].rows[0].row_change)
        .unwrap()
        .primary_key;
    assert_eq!(key, PrimaryKey::new().with("id", 1));
}
