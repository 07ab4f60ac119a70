//! ots-local checks requests the way the service does: headers, date, body MD5, signature,
//! method, body size. Driven with a plain HTTP client so each header can be broken on purpose.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions fail loudly on purpose

use ots_proto::pb::table_store as pb;
use ots_proto::sign;
use prost::Message;
use std::time::{Duration, SystemTime};

struct Req {
    action: &'static str,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
}

fn signed(server: &ots_local::LocalServer, action: &'static str, body: Vec<u8>, date: SystemTime) -> Req {
    let mut headers = vec![
        ("x-ots-date".to_owned(), sign::format_date(date)),
        ("x-ots-apiversion".to_owned(), sign::API_VERSION.to_owned()),
        ("x-ots-accesskeyid".to_owned(), server.access_key_id().to_owned()),
        ("x-ots-instancename".to_owned(), server.instance().to_owned()),
        ("x-ots-contentmd5".to_owned(), sign::content_md5(&body)),
    ];
    resign(server, action, &mut headers);
    Req {
        action,
        body,
        headers,
    }
}

fn resign(server: &ots_local::LocalServer, action: &str, headers: &mut Vec<(String, String)>) {
    headers.retain(|(n, _)| n != "x-ots-signature");
    let sig = sign::sign_request_v2(
        server.access_key_secret(),
        &format!("/{action}"),
        headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    );
    headers.push(("x-ots-signature".to_owned(), sig));
}

async fn send(server: &ots_local::LocalServer, req: Req) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut r = reqwest::Client::new()
        .post(format!("{}/{}", server.endpoint(), req.action))
        .body(req.body);
    for (n, v) in &req.headers {
        r = r.header(n, v);
    }
    let resp = r.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.bytes().await.unwrap().to_vec())
}

fn error(body: &[u8]) -> (String, String) {
    let e = pb::Error::decode(body).unwrap();
    (e.code, e.message.unwrap_or_default())
}

#[tokio::test]
async fn a_valid_request_gets_a_signed_response() {
    let server = ots_local::LocalServer::builder().start().await.unwrap();
    let (status, headers, body) = send(
        &server,
        signed(&server, "ListTable", Vec::new(), SystemTime::now()),
    )
    .await;
    assert_eq!(status, 200);
    let h = |n: &str| headers.get(n).unwrap().to_str().unwrap().to_owned();
    assert_eq!(h("x-ots-contentmd5"), sign::content_md5(&body));
    assert!(!h("x-ots-requestid").is_empty());
    assert_eq!(h("x-ots-contenttype"), "protocol buffer");
    assert!(sign::parse_date(&h("x-ots-date")).is_some());
    assert!(h("x-ots-date").contains('.'), "the date carries a fraction");
    let pairs: Vec<(String, String)> = headers
        .iter()
        .filter(|(n, _)| n.as_str().starts_with("x-ots-"))
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect();
    let sig = sign::sign_response(
        server.access_key_secret(),
        "/ListTable",
        pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    );
    assert_eq!(
        h("authorization"),
        format!("OTS {}:{sig}", server.access_key_id())
    );
}

#[tokio::test]
async fn broken_requests_get_the_service_errors() {
    let server = ots_local::LocalServer::builder().start().await.unwrap();
    let now = SystemTime::now();
    let body = pb::DescribeTableRequest {
        table_name: "t".into(),
    }
    .encode_to_vec();

    let mut r = signed(&server, "DescribeTable", body.clone(), now);
    r.headers.retain(|(n, _)| n != "x-ots-date");
    let (status, _, b) = send(&server, r).await;
    assert_eq!(
        (status, error(&b)),
        (
            400,
            (
                "OTSParameterInvalid".into(),
                "Missing header: 'x-ots-date'.".into()
            )
        )
    );

    let mut r = signed(&server, "DescribeTable", body.clone(), now);
    r.headers[0].1 = "yesterday".into();
    resign(&server, "DescribeTable", &mut r.headers);
    let (status, _, b) = send(&server, r).await;
    assert_eq!(
        (status, error(&b)),
        (
            400,
            (
                "OTSParameterInvalid".into(),
                "Invalid date format: yesterday.".into()
            )
        )
    );

    let r = signed(
        &server,
        "DescribeTable",
        body.clone(),
        now - Duration::from_secs(3600),
    );
    let (status, _, b) = send(&server, r).await;
    assert_eq!(status, 403);
    assert!(
        error(&b)
            .1
            .starts_with("Mismatch between system time and x-ots-date"),
        "{:?}",
        error(&b)
    );

    let mut r = signed(&server, "DescribeTable", body.clone(), now);
    r.body.push(0);
    let (status, _, b) = send(&server, r).await;
    assert_eq!(
        (status, error(&b)),
        (
            403,
            (
                "OTSAuthFailed".into(),
                "Mismatch between MD5 value of request body and x-ots-contentmd5 in header.".into()
            )
        )
    );

    let mut r = signed(&server, "DescribeTable", body.clone(), now);
    r.headers.last_mut().unwrap().1 = "AAAA".into();
    let (status, _, b) = send(&server, r).await;
    assert_eq!(
        (status, error(&b)),
        (403, ("OTSAuthFailed".into(), "Signature mismatch.".into()))
    );

    let mut r = signed(&server, "DescribeTable", body.clone(), now);
    r.headers[3].1 = "other".into();
    resign(&server, "DescribeTable", &mut r.headers);
    let (status, _, b) = send(&server, r).await;
    assert_eq!((status, error(&b).0), (403, "OTSAuthFailed".into()));

    let r = signed(&server, "NoSuchAction", Vec::new(), now);
    let (status, _, b) = send(&server, r).await;
    assert_eq!(status, 400);
    assert!(error(&b).1.contains("NoSuchAction"));

    let garbage = vec![0xff, 0xff, 0xff];
    let (status, _, b) = send(&server, signed(&server, "DescribeTable", garbage, now)).await;
    assert_eq!((status, error(&b).0), (400, "OTSParameterInvalid".into()));

    let big = vec![0u8; 5 * 1024 * 1024 + 1];
    let (status, _, b) = send(&server, signed(&server, "PutRow", big, now)).await;
    assert_eq!(
        (status, error(&b)),
        (
            413,
            (
                "OTSRequestBodyTooLarge".into(),
                "The size of POST data is too large.".into()
            )
        )
    );

    let resp = reqwest::Client::new()
        .get(format!("{}/ListTable", server.endpoint()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 405);
    assert_eq!(error(&resp.bytes().await.unwrap()).0, "OTSMethodNotAllowed");
}

#[tokio::test]
async fn endpoint_prefixes_v4_signing_and_zero_padding_are_accepted() {
    let server = ots_local::LocalServer::builder().start().await.unwrap();
    let now = SystemTime::now();
    let create = pb::CreateTableRequest {
        table_meta: pb::TableMeta {
            table_name: "t".into(),
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
    };
    // The Python SDK keeps the endpoint's path: POST /prefix/CreateTable, signed as /CreateTable.
    let r = signed(&server, "CreateTable", create.encode_to_vec(), now);
    let mut req = reqwest::Client::new()
        .post(format!("{}/prefix/CreateTable", server.endpoint()))
        .body(r.body);
    for (n, v) in &r.headers {
        req = req.header(n, v);
    }
    assert_eq!(req.send().await.unwrap().status().as_u16(), 200);

    // An UpdateRow whose PlainBuffer carries trailing zeros, as the Node SDK sends.
    let mut change = ots_proto::plainbuffer::encode_update_row(
        &ots_proto::model::PrimaryKey::new().with("id", 1),
        &[ots_proto::model::ColumnUpdate::Increment {
            name: "n".into(),
            delta: 2,
        }],
    );
    change.extend([0u8; 22]);
    let update = pb::UpdateRowRequest {
        table_name: "t".into(),
        row_change: change,
        condition: pb::Condition {
            row_existence: 0,
            column_condition: None,
        },
        return_content: None,
        transaction_id: None,
    };
    let (status, _, _) = send(&server, signed(&server, "UpdateRow", update.encode_to_vec(), now)).await;
    assert_eq!(status, 200);

    // V4: signing day and region headers, HMAC-SHA256 with the derived key; the response is
    // signed with the same derived key.
    let body = pb::ListTableRequest {}.encode_to_vec();
    let day = sign::format_sign_date(now);
    let mut headers = vec![
        ("x-ots-date".to_owned(), sign::format_date(now)),
        ("x-ots-apiversion".to_owned(), sign::API_VERSION.to_owned()),
        ("x-ots-accesskeyid".to_owned(), server.access_key_id().to_owned()),
        ("x-ots-instancename".to_owned(), server.instance().to_owned()),
        ("x-ots-contentmd5".to_owned(), sign::content_md5(&body)),
        ("x-ots-signdate".to_owned(), day.clone()),
        ("x-ots-signregion".to_owned(), "cn-hangzhou".to_owned()),
    ];
    let key = sign::v4_signing_key(server.access_key_secret(), &day, "cn-hangzhou");
    let sig = sign::sign_request_v4(
        &key,
        "/ListTable",
        headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    );
    headers.push(("x-ots-signaturev4".to_owned(), sig));
    let (status, h, b) = send(
        &server,
        Req {
            action: "ListTable",
            body,
            headers,
        },
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        pb::ListTableResponse::decode(b.as_slice()).unwrap().table_names,
        vec!["t".to_owned()]
    );
    let pairs: Vec<(String, String)> = h
        .iter()
        .filter(|(n, _)| n.as_str().starts_with("x-ots-"))
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect();
    let expected = sign::sign_response(
        &key,
        "/ListTable",
        pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    );
    assert_eq!(
        h.get("authorization").unwrap().to_str().unwrap(),
        format!("OTS {}:{expected}", server.access_key_id())
    );
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    let server = ots_local::LocalServer::builder().start().await.unwrap();
    let addr = server.addr();
    assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    drop(server);
    // The listener closes as the server task ends; give the runtime a moment to run that.
    let mut refused = false;
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "still accepting connections on {addr} after drop");
}
