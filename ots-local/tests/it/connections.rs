//! Connection handling as a hostile or careless client meets it, over raw loopback sockets:
//! idle, slow and stalled connections are closed, oversized bodies refused up front, the number
//! of open connections bounded, half-closed clients answered, and errors found before
//! authentication left unsigned.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use crate::common;

use ots_local::{ConnectionLimits, LocalServer};
use ots_proto::pb::table_store as pb;
use prost::Message;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

const SHORT: Duration = Duration::from_millis(300);
const LONG: Duration = Duration::from_secs(60);
/// How long a test waits for something that should happen after a `SHORT` deadline.
const PATIENCE: Duration = Duration::from_secs(5);

async fn server(limits: ConnectionLimits) -> LocalServer {
    LocalServer::builder()
        .connection_limits(limits)
        .start()
        .await
        .expect("start ots-local")
}

fn limits(idle: Duration, header: Duration, body: Duration) -> ConnectionLimits {
    ConnectionLimits {
        idle_timeout: idle,
        header_timeout: header,
        body_timeout: body,
        max_connections: 64,
    }
}

/// Reads until the server closes the connection; returns what it sent. Fails when the server
/// keeps it open past `PATIENCE`.
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match timeout(PATIENCE, stream.read(&mut buf)).await {
            Err(_) => panic!(
                "the server kept the connection open; got so far: {:?}",
                String::from_utf8_lossy(&out)
            ),
            Ok(Ok(0) | Err(_)) => return String::from_utf8_lossy(&out).into_owned(),
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
        }
    }
}

fn signed_request(server: &LocalServer, action: &str, body: &[u8]) -> Vec<u8> {
    common::signed_request(
        &server.addr().to_string(),
        server.instance(),
        (server.access_key_id(), server.access_key_secret()),
        action,
        body,
    )
}

fn create_table_body(name: &str) -> Vec<u8> {
    pb::CreateTableRequest {
        table_meta: pb::TableMeta {
            table_name: name.into(),
            primary_key: vec![pb::PrimaryKeySchema {
                name: "id".into(),
                r#type: pb::PrimaryKeyType::Integer as i32,
                option: None,
            }],
            defined_column: vec![],
            index_meta: vec![],
        },
        reserved_throughput: pb::ReservedThroughput {
            capacity_unit: pb::CapacityUnit {
                read: Some(0),
                write: Some(0),
            },
        },
        ..Default::default()
    }
    .encode_to_vec()
}

const GET: &[u8] = b"GET /ListTable HTTP/1.1\r\nhost: x\r\n\r\n";

#[tokio::test]
async fn idle_connections_are_closed() {
    let server = server(limits(SHORT, LONG, LONG)).await;
    // Never a byte.
    let mut silent = Vec::new();
    for _ in 0..40 {
        silent.push(TcpStream::connect(server.addr()).await.unwrap());
    }
    for s in &mut silent {
        assert_eq!(read_until_closed(s).await, "");
    }
    // Idle after a first request and its answer (keep-alive).
    let mut kept = TcpStream::connect(server.addr()).await.unwrap();
    kept.write_all(GET).await.unwrap();
    let answer = read_until_closed(&mut kept).await;
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
}

#[tokio::test]
async fn a_slow_request_head_is_cut_off() {
    // Bytes keep coming (so the connection is never idle), but the head never completes.
    let server = server(limits(LONG, SHORT, LONG)).await;
    let mut s = TcpStream::connect(server.addr()).await.unwrap();
    let started = tokio::time::Instant::now();
    let mut closed = false;
    for b in b"POST /ListTable HTTP/1.1\r\nx-slow: ".iter().cycle().take(200) {
        if s.write_all(&[*b]).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        if started.elapsed() > PATIENCE {
            break;
        }
    }
    if !closed {
        assert_eq!(read_until_closed(&mut s).await, "");
    }
    assert!(started.elapsed() < PATIENCE, "the slow head was not cut off");
}

#[tokio::test]
async fn a_stalled_body_is_answered_with_408() {
    let server = server(limits(LONG, LONG, SHORT)).await;
    let mut s = TcpStream::connect(server.addr()).await.unwrap();
    s.write_all(b"POST /ListTable HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n0123456789")
        .await
        .unwrap();
    let answer = read_until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("OTSRequestTimeout"), "{answer}");
}

#[tokio::test]
async fn a_declared_oversized_body_is_refused_at_once() {
    let server = server(ConnectionLimits::default()).await;
    let mut s = TcpStream::connect(server.addr()).await.unwrap();
    // 10 GB declared, nothing sent: the answer must not wait for the body.
    s.write_all(b"POST /PutRow HTTP/1.1\r\nhost: x\r\ncontent-length: 10000000000\r\n\r\n")
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = timeout(PATIENCE, s.read(&mut buf))
        .await
        .expect("answered at once")
        .unwrap();
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("OTSRequestBodyTooLarge"), "{answer}");
    assert!(
        !answer.to_ascii_lowercase().contains("\r\nauthorization:"),
        "{answer}"
    );
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_gets_413_and_a_malformed_one_400() {
    let server = server(ConnectionLimits::default()).await;
    let mut s = TcpStream::connect(server.addr()).await.unwrap();
    s.write_all(b"POST /PutRow HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n")
        .await
        .unwrap();
    let chunk = vec![b'x'; 1024 * 1024];
    for _ in 0..6 {
        if s.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .await
            .is_err()
            || s.write_all(&chunk).await.is_err()
            || s.write_all(b"\r\n").await.is_err()
        {
            break;
        }
    }
    let _ = s.write_all(b"0\r\n\r\n").await;
    let answer = read_until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    let mut s = TcpStream::connect(server.addr()).await.unwrap();
    s.write_all(b"POST /PutRow HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz-not-hex\r\n")
        .await
        .unwrap();
    let answer = read_until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("OTSParameterInvalid"), "{answer}");
}

#[tokio::test]
async fn errors_before_authentication_are_not_signed() {
    let server = server(ConnectionLimits::default()).await;
    let mut s = TcpStream::connect(server.addr()).await.unwrap();
    s.write_all(b"GET /ListTable HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = read_until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
    let lower = answer.to_ascii_lowercase();
    assert!(!lower.contains("\r\nauthorization:"), "{answer}");
    assert!(
        !answer.contains(server.access_key_id()),
        "the access key id leaked: {answer}"
    );
    for header in [
        "x-ots-contentmd5",
        "x-ots-requestid",
        "x-ots-date",
        "x-ots-contenttype",
    ] {
        assert!(lower.contains(header), "{header} missing: {answer}");
    }
    // An authenticated request's answer is signed.
    let mut s = TcpStream::connect(server.addr()).await.unwrap();
    s.write_all(&signed_request(&server, "ListTable", b""))
        .await
        .unwrap();
    s.shutdown().await.unwrap();
    let answer = read_until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.contains(&format!("OTS {}:", server.access_key_id())),
        "{answer}"
    );
}

#[tokio::test]
async fn a_client_that_half_closes_after_its_request_gets_the_answer() {
    let server = server(ConnectionLimits::default()).await;
    for i in 0..30 {
        let mut s = TcpStream::connect(server.addr()).await.unwrap();
        s.write_all(&signed_request(
            &server,
            "CreateTable",
            &create_table_body(&format!("t{i}")),
        ))
        .await
        .unwrap();
        s.shutdown().await.unwrap();
        let answer = read_until_closed(&mut s).await;
        assert!(answer.starts_with("HTTP/1.1 200"), "request {i}: {answer:?}");
    }
}

#[tokio::test]
async fn open_connections_are_bounded_and_a_slot_frees_when_one_closes() {
    let server = server(ConnectionLimits {
        idle_timeout: LONG,
        header_timeout: LONG,
        body_timeout: LONG,
        max_connections: 3,
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut s = TcpStream::connect(server.addr()).await.unwrap();
        // Make sure each one is accepted and served before the next.
        s.write_all(GET).await.unwrap();
        let mut buf = [0u8; 1024];
        let n = timeout(PATIENCE, s.read(&mut buf)).await.unwrap().unwrap();
        assert!(buf[..n].starts_with(b"HTTP/1.1 405"));
        held.push(s);
    }
    let mut waiting = TcpStream::connect(server.addr()).await.unwrap();
    waiting.write_all(GET).await.unwrap();
    let mut buf = [0u8; 1024];
    assert!(
        timeout(Duration::from_millis(500), waiting.read(&mut buf))
            .await
            .is_err(),
        "a fourth connection was served past the bound of three"
    );
    drop(held.pop());
    let n = timeout(PATIENCE, waiting.read(&mut buf))
        .await
        .expect("served once a slot freed")
        .unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 405"));
}

#[tokio::test]
async fn a_client_that_stops_reading_loses_its_connection() {
    let server = server(ConnectionLimits {
        idle_timeout: SHORT,
        header_timeout: LONG,
        body_timeout: LONG,
        max_connections: 1,
    })
    .await;
    // Pipelines requests and never reads the answers, until the server's writes block.
    let hog = TcpStream::connect(server.addr()).await.unwrap();
    let (_unread, mut send) = hog.into_split();
    let flood = tokio::spawn(async move {
        let many = GET.repeat(1000);
        for _ in 0..200 {
            if send.write_all(&many).await.is_err() {
                break;
            }
        }
        send
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    // The only slot must come free: the hog's answers cannot be sent.
    let mut s = TcpStream::connect(server.addr()).await.unwrap();
    s.write_all(b"GET /ListTable HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = read_until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
    flood.abort();
}

#[tokio::test]
async fn a_refused_body_is_drained_past_the_header_timeout() {
    let server = server(limits(LONG, SHORT, LONG)).await;
    let mut s = TcpStream::connect(server.addr()).await.unwrap();
    let size = 6 * 1024 * 1024;
    s.write_all(format!("POST /PutRow HTTP/1.1\r\nhost: x\r\ncontent-length: {size}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    // Sent over about a second: longer than the header timeout.
    let chunk = vec![b'x'; size / 64];
    for _ in 0..64 {
        s.write_all(&chunk)
            .await
            .expect("the server keeps reading the refused body");
        tokio::time::sleep(Duration::from_millis(15)).await;
    }
    let answer = read_until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}
