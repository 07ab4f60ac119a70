//! ComputeSplits and ParallelScan: sessions, their expiry (the clock is driven), splits,
//! tokens, limits and columns.

use super::*;

/// Table `t` with rows (`p`, 0..n): `k` = "even"/"odd" (indexed), `n` = i (indexed, not stored),
/// `extra` (not indexed); an index over `k` and `n`.
fn scan_service(n: i64) -> Service {
    let svc = service().scan_splits(4);
    let fields = vec![
        field("k", spb::FieldType::Keyword),
        spb::FieldSchema {
            store: Some(false),
            ..field("n", spb::FieldType::Long)
        },
    ];
    create_index(&svc, "t", "idx", schema(fields), None).unwrap();
    write_rows(&svc, 0..n);
    svc
}

fn write_rows(svc: &Service, ids: std::ops::Range<i64>) {
    let ids: Vec<i64> = ids.collect();
    for chunk in ids.chunks(200) {
        let rows = chunk
            .iter()
            .map(|&i| {
                let k = if i % 2 == 0 { "even" } else { "odd" };
                put_row(
                    &key("p", i),
                    vec![
                        Column::new("k", k),
                        Column::new("n", i),
                        Column::new("extra", "x"),
                    ],
                    ignore(),
                )
            })
            .collect();
        assert!(batch_write(svc, rows, false).iter().all(|r| r.is_ok));
    }
}

fn compute_splits(
    svc: &Service,
    table: &str,
    index: Option<&str>,
    now: i64,
) -> Result<(String, i32), crate::ServiceError> {
    let req = spb::ComputeSplitsRequest {
        table_name: Some(table.into()),
        search_index_splits_options: index.map(|i| spb::SearchIndexSplitsOptions {
            index_name: Some(i.into()),
        }),
    };
    let resp = svc.dispatch_at("ComputeSplits", &req.encode_to_vec(), now)?;
    let resp = spb::ComputeSplitsResponse::decode(resp.as_slice()).unwrap();
    Ok((
        String::from_utf8(resp.session_id.unwrap()).unwrap(),
        resp.splits_size.unwrap(),
    ))
}

fn match_all() -> spb::Query {
    spb::Query {
        r#type: Some(spb::QueryType::MatchAllQuery as i32),
        query: Some(spb::MatchAllQuery {}.encode_to_vec()),
    }
}

fn term(field: &str, value: &str) -> spb::Query {
    let term = spb::TermQuery {
        field_name: Some(field.into()),
        term: Some(plainbuffer::encode_variant(&Value::String(value.into()))),
        weight: None,
    };
    spb::Query {
        r#type: Some(spb::QueryType::TermQuery as i32),
        query: Some(term.encode_to_vec()),
    }
}

/// One ParallelScan page, built from the defaults below.
#[derive(Clone)]
struct Page {
    session: Option<String>,
    query: spb::Query,
    current: Option<i32>,
    max: Option<i32>,
    limit: Option<i32>,
    alive: Option<i32>,
    token: Option<Vec<u8>>,
    columns: Option<spb::ColumnsToGet>,
    index: &'static str,
}

fn page(session: &str, current: i32, max: i32) -> Page {
    Page {
        session: Some(session.into()),
        query: match_all(),
        current: Some(current),
        max: Some(max),
        limit: None,
        alive: None,
        token: None,
        columns: None,
        index: "idx",
    }
}

struct Out {
    rows: Vec<Row>,
    token: Option<Vec<u8>>,
}

fn scan(svc: &Service, p: &Page, now: i64) -> Result<Out, crate::ServiceError> {
    let req = spb::ParallelScanRequest {
        table_name: Some("t".into()),
        index_name: Some(p.index.into()),
        columns_to_get: p.columns.clone(),
        session_id: p.session.clone().map(String::into_bytes),
        scan_query: Some(spb::ScanQuery {
            query: Some(p.query.clone()),
            limit: p.limit,
            alive_time: p.alive,
            token: p.token.clone(),
            current_parallel_id: p.current,
            max_parallel: p.max,
        }),
        timeout_ms: None,
    };
    let resp = svc.dispatch_at("ParallelScan", &req.encode_to_vec(), now)?;
    let resp = spb::ParallelScanResponse::decode(resp.as_slice()).unwrap();
    let rows = resp
        .rows
        .iter()
        .map(|r| plainbuffer::decode_single_row(r).unwrap().into_row().unwrap())
        .collect();
    Ok(Out {
        rows,
        token: resp.next_token,
    })
}

/// Every row of one split, page by page; the ids in the order served.
fn drain(svc: &Service, first: &Page, now: i64) -> Vec<i64> {
    let mut p = first.clone();
    let mut ids = Vec::new();
    loop {
        let out = scan(svc, &p, now).unwrap();
        if out.rows.is_empty() {
            assert!(out.token.is_none(), "an empty page ends the split");
            return ids;
        }
        assert!(out.token.is_some(), "a page with rows carries a token");
        ids.extend(out.rows.iter().map(id_of));
        p.token = out.token;
    }
}

fn id_of(r: &Row) -> i64 {
    match r.primary_key.get("id") {
        Some(PrimaryKeyValue::Integer(i)) => *i,
        other => panic!("no id: {other:?}"),
    }
}

fn assert_code(result: Result<Out, crate::ServiceError>, code: &str, status: u16, needle: &str) {
    let e = result.err().expect("an error");
    assert_eq!((e.code.as_str(), e.status), (code, status), "{e}");
    assert!(e.message.contains(needle), "{needle:?} not in {:?}", e.message);
}

const EXPIRED: &str = "ScanQuery'session is expired, please retry ComputeSplitsRequest and ScanQuery.";

#[test]
fn compute_splits_opens_sessions_on_an_index() {
    let svc = scan_service(1);
    let (a, splits) = compute_splits(&svc, "t", Some("idx"), T0).unwrap();
    let (b, _) = compute_splits(&svc, "t", Some("idx"), T0).unwrap();
    assert_eq!(splits, 4);
    // By default one split, as the service answers for a small index (Go `TestComputeSplits`).
    let plain = service();
    create_index(&plain, "t", "idx", simple(), None).unwrap();
    assert_eq!(compute_splits(&plain, "t", Some("idx"), T0).unwrap().1, 1);
    // The service's shape (Go `TestComputeSplits`): `<uuid>_0`, 38 characters.
    assert!(a.len() == 38 && a.ends_with("_0") && a != b, "{a} {b}");
    let e = compute_splits(&svc, "t", None, T0).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("OTSParameterInvalid", 400));
    assert_eq!(e.message, "[search index splits options] must not be null");
    // Unknown index or table (Python SDK tests against the service, messages exact).
    let e = compute_splits(&svc, "t", Some("nope"), T0).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("OTSMetaNotMatch", 400));
    assert_eq!(e.message, "search index [nope] does not exist");
    let e = compute_splits(&svc, "nope", Some("idx"), T0).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("OTSParameterInvalid", 400));
    assert_eq!(e.message, "table [nope] does not exist");
}

#[test]
fn the_splits_of_a_session_hold_every_matching_row_once() {
    let svc = scan_service(60);
    let (session, splits) = compute_splits(&svc, "t", Some("idx"), T0).unwrap();
    for max in 1..=splits {
        let mut all = Vec::new();
        for current in 0..max {
            let ids = drain(
                &svc,
                &Page {
                    limit: Some(4),
                    ..page(&session, current, max)
                },
                T0,
            );
            assert!(ids.windows(2).all(|w| w[0] < w[1]), "a split reads in key order");
            assert!(
                max == 1 || ids.len() < 60,
                "split {current} of {max} holds part of the rows"
            );
            all.extend(ids);
        }
        all.sort_unstable();
        assert_eq!(all, (0..60).collect::<Vec<_>>(), "max_parallel {max}");
    }
    // A query that filters; a page without parallel ids reads the whole result.
    let odd = Page {
        query: term("k", "odd"),
        current: None,
        max: None,
        ..page(&session, 0, 1)
    };
    assert_eq!(
        drain(&svc, &odd, T0),
        (0..60).filter(|i| i % 2 == 1).collect::<Vec<_>>()
    );
    // The last rows come with a token; the empty page after them has none (Python
    // `test_parallel_scan_normal`: 70 rows, then 30 rows and a token, then nothing).
    let first = scan(
        &svc,
        &Page {
            limit: Some(50),
            ..odd.clone()
        },
        T0,
    )
    .unwrap();
    assert_eq!(first.rows.len(), 30);
    let end = scan(
        &svc,
        &Page {
            token: first.token,
            ..odd
        },
        T0,
    )
    .unwrap();
    assert!(end.rows.is_empty() && end.token.is_none());
}

#[test]
fn a_session_is_a_snapshot_taken_by_its_first_page() {
    let svc = scan_service(10);
    let (session, _) = compute_splits(&svc, "t", Some("idx"), T0).unwrap();
    let p = Page {
        limit: Some(3),
        ..page(&session, 0, 1)
    };
    let first = scan(&svc, &p, T0).unwrap();
    assert_eq!(first.rows.iter().map(id_of).collect::<Vec<_>>(), [0, 1, 2]);
    // Written and deleted after the first page: the session does not see it.
    write_rows(&svc, 10..12);
    let del = pb::RowInBatchWriteRowRequest {
        r#type: pb::OperationType::Delete as i32,
        row_change: plainbuffer::encode_delete_row(&key("p", 5)),
        condition: ignore(),
        return_content: None,
    };
    assert!(batch_write(&svc, vec![del], false)[0].is_ok);
    let rest = drain(
        &svc,
        &Page {
            token: first.token,
            ..p.clone()
        },
        T0,
    );
    assert_eq!(rest, (3..10).collect::<Vec<_>>());
    // A new session sees the table as it is now.
    let (again, _) = compute_splits(&svc, "t", Some("idx"), T0).unwrap();
    let now: Vec<i64> = (0..12).filter(|&i| i != 5).collect();
    assert_eq!(drain(&svc, &page(&again, 0, 1), T0), now);
}

#[test]
fn sessions_expire_after_their_alive_time_without_use() {
    let svc = scan_service(10);
    let (session, _) = compute_splits(&svc, "t", Some("idx"), T0).unwrap();
    // 60 s after ComputeSplits by default.
    let p = Page {
        limit: Some(2),
        ..page(&session, 0, 1)
    };
    let first = scan(&svc, &p, T0 + 60_000).unwrap();
    // Each page keeps the session alive for its alive time.
    let p = Page {
        token: first.token,
        alive: Some(10),
        ..p
    };
    let second = scan(&svc, &p, T0 + 100_000).unwrap();
    let p = Page {
        token: second.token,
        ..p
    };
    let third = scan(&svc, &p, T0 + 110_000).unwrap();
    assert_eq!(third.rows.iter().map(id_of).collect::<Vec<_>>(), [4, 5]);
    // The service's code, status and message (Python `test_parallel_scan_with_expired`).
    let p = Page {
        token: third.token,
        ..p
    };
    assert_code(scan(&svc, &p, T0 + 120_001), "OTSSessionExpired", 400, EXPIRED);
    assert_code(scan(&svc, &p, T0 + 120_002), "OTSSessionExpired", 400, EXPIRED);
    // Never used: gone 60 s after ComputeSplits.
    let (idle, _) = compute_splits(&svc, "t", Some("idx"), T0).unwrap();
    assert_code(
        scan(&svc, &page(&idle, 0, 1), T0 + 60_001),
        "OTSSessionExpired",
        400,
        EXPIRED,
    );
    // An index created again ends the sessions of the old one.
    let (old, _) = compute_splits(&svc, "t", Some("idx"), T0).unwrap();
    delete_index(&svc, "t", "idx").unwrap();
    create_index(&svc, "t", "idx", simple(), None).unwrap();
    assert_code(
        scan(&svc, &page(&old, 0, 1), T0 + 1),
        "OTSSessionExpired",
        400,
        EXPIRED,
    );
    let p = Page {
        alive: Some(0),
        ..page(&old, 0, 1)
    };
    assert_code(scan(&svc, &p, T0), "OTSParameterInvalid", 400, "alive_time");
}

#[test]
fn parallel_ids_must_fit_the_session() {
    let svc = scan_service(4);
    let (session, splits) = compute_splits(&svc, "t", Some("idx"), T0).unwrap();
    // The service's messages (Python `test_parallel_scan_with_invalid_parallel_id`,
    // `test_parallel_scan_with_invalid_max_parallel`).
    assert_code(
        scan(&svc, &page(&session, splits + 100, splits), T0),
        "OTSParameterInvalid",
        400,
        &format!(
            "[parallel_scan.current_parallel_id] must in [0, max_parallel), current max_parallel is {splits}, current_parallel_id is {}",
            splits + 100
        ),
    );
    assert_code(
        scan(&svc, &page(&session, 0, splits + 1), T0),
        "OTSParameterInvalid",
        400,
        &format!(
            "[parallel_scan.max_parallel_id] must in (0 ,{splits}], current max_parallel_id is {}",
            splits + 1
        ),
    );
    assert_code(
        scan(&svc, &page(&session, 2, 2), T0),
        "OTSParameterInvalid",
        400,
        "current_parallel_id is 2",
    );
    assert_code(
        scan(&svc, &page(&session, -1, 2), T0),
        "OTSParameterInvalid",
        400,
        "current_parallel_id is -1",
    );
    assert_code(
        scan(&svc, &page(&session, 0, 0), T0),
        "OTSParameterInvalid",
        400,
        "max_parallel_id is 0",
    );
    // Only current_parallel_id: one split of the whole result, so only 0.
    let p = Page {
        max: None,
        ..page(&session, 1, 1)
    };
    assert_code(
        scan(&svc, &p, T0),
        "OTSParameterInvalid",
        400,
        "current_parallel_id is 1",
    );
}

#[test]
fn sessions_must_be_known_and_of_this_index() {
    let svc = scan_service(4);
    // Well formed but not known (expired and dropped, or from an earlier run): expired.
    let unknown = "7c407215-97d4-40c5-8663-f1d9229e9955_0";
    assert_code(
        scan(&svc, &page(unknown, 0, 1), T0),
        "OTSSessionExpired",
        400,
        EXPIRED,
    );
    assert_code(
        scan(&svc, &page("nonsense", 0, 1), T0),
        "OTSParameterInvalid",
        400,
        "session id",
    );
    // A session of another index of the table.
    create_index(&svc, "t", "other", simple(), None).unwrap();
    let (other, _) = compute_splits(&svc, "t", Some("other"), T0).unwrap();
    assert_code(
        scan(&svc, &page(&other, 0, 1), T0),
        "OTSParameterInvalid",
        400,
        "[other]",
    );
    // Unknown index: what ComputeSplits answers.
    let p = Page {
        index: "nope",
        ..page(&other, 0, 1)
    };
    assert_code(scan(&svc, &p, T0), "OTSMetaNotMatch", 400, "nope");
    // No session: the page opens one, and its token carries it.
    let p = Page {
        session: None,
        limit: Some(3),
        ..page(&other, 0, 1)
    };
    let first = scan(&svc, &p, T0).unwrap();
    let rest = drain(
        &svc,
        &Page {
            token: first.token,
            ..p
        },
        T0,
    );
    assert_eq!(first.rows.len() + rest.len(), 4);
}

#[test]
fn limits_default_and_cap_at_2000_rows() {
    let svc = scan_service(2100);
    let (session, _) = compute_splits(&svc, "t", Some("idx"), T0).unwrap();
    let p = page(&session, 0, 1);
    assert_eq!(scan(&svc, &p, T0).unwrap().rows.len(), 2000, "default limit");
    let big = Page {
        limit: Some(5000),
        ..p.clone()
    };
    let first = scan(&svc, &big, T0).unwrap();
    assert_eq!(first.rows.len(), 2000, "a larger limit reads pages of 2000");
    let second = scan(
        &svc,
        &Page {
            token: first.token,
            ..big
        },
        T0,
    )
    .unwrap();
    assert_eq!(second.rows.len(), 100);
    for bad in [0, -1] {
        let p = Page {
            limit: Some(bad),
            ..p.clone()
        };
        assert_code(scan(&svc, &p, T0), "OTSParameterInvalid", 400, "limit");
    }
}

#[test]
fn a_token_continues_only_its_own_session_query_and_split() {
    let svc = scan_service(40);
    let (session, _) = compute_splits(&svc, "t", Some("idx"), T0).unwrap();
    let p = Page {
        limit: Some(2),
        ..page(&session, 1, 4)
    };
    let token = scan(&svc, &p, T0).unwrap().token.unwrap();
    let with = |q: Page| Page {
        token: Some(token.clone()),
        ..q
    };
    assert!(scan(&svc, &with(p.clone()), T0).is_ok());
    for wrong in [
        page(&session, 0, 4),
        page(&session, 1, 2),
        Page {
            query: term("k", "odd"),
            ..p.clone()
        },
        page(&compute_splits(&svc, "t", Some("idx"), T0).unwrap().0, 1, 4),
    ] {
        assert_code(scan(&svc, &with(wrong), T0), "OTSParameterInvalid", 400, "token");
    }
    let garbage = Page {
        token: Some(b"not ours".to_vec()),
        ..p
    };
    assert_code(scan(&svc, &garbage, T0), "OTSParameterInvalid", 400, "token");
}

#[test]
fn only_columns_the_index_holds_are_returned() {
    let svc = scan_service(2);
    let (session, _) = compute_splits(&svc, "t", Some("idx"), T0).unwrap();
    let with = |return_type: spb::ColumnReturnType, names: &[&str]| Page {
        columns: Some(spb::ColumnsToGet {
            return_type: Some(return_type as i32),
            column_names: names.iter().map(|n| (*n).to_owned()).collect(),
        }),
        ..page(&session, 0, 1)
    };
    let names = |p: Page| -> Vec<String> {
        let out = scan(&svc, &p, T0).unwrap();
        out.rows[0].columns.iter().map(|c| c.name.clone()).collect()
    };
    // `n` is an index field created with store false, `extra` is not in the index.
    assert_eq!(names(with(spb::ColumnReturnType::ReturnAllFromIndex, &[])), ["k"]);
    assert_eq!(
        names(with(spb::ColumnReturnType::ReturnSpecified, &["extra", "k", "n"])),
        ["k"]
    );
    assert!(names(with(spb::ColumnReturnType::ReturnNone, &[])).is_empty());
    assert!(names(page(&session, 0, 1)).is_empty(), "the key alone by default");
    let all = scan(&svc, &with(spb::ColumnReturnType::ReturnAll, &[]), T0);
    assert_code(all, "OTSParameterInvalid", 400, "RETURN_ALL");
}
