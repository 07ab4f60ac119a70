//! Service behaviour that depends on the clock: TTL expiry and the timestamp window.
#![allow(clippy::unwrap_used)]

use super::Service;
use crate::storage::MemoryStorage;
use ots_proto::model::{Column, ColumnUpdate, PrimaryKey, Row, Value};
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;
use prost::Message;
use std::sync::Arc;

const DAY_MS: i64 = 86_400_000;
const T0: i64 = 1_700_000_000_000;

fn service_with_table(ttl: i32) -> Service {
    let svc = Service::new(Arc::new(MemoryStorage::default()));
    let req = pb::CreateTableRequest {
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
        table_options: Some(pb::TableOptions {
            time_to_live: Some(ttl),
            max_versions: Some(5),
            ..Default::default()
        }),
        ..Default::default()
    };
    svc.dispatch_at("CreateTable", &req.encode_to_vec(), T0).unwrap();
    svc
}

fn put(svc: &Service, id: i64, cols: Vec<Column>, now: i64) -> Result<(), crate::ServiceError> {
    let row = Row {
        primary_key: PrimaryKey::new().with("id", id),
        columns: cols,
    };
    let req = pb::PutRowRequest {
        table_name: "t".into(),
        row: plainbuffer::encode_put_row(&row),
        condition: pb::Condition {
            row_existence: 0,
            column_condition: None,
        },
        return_content: None,
        transaction_id: None,
    };
    svc.dispatch_at("PutRow", &req.encode_to_vec(), now).map(|_| ())
}

fn get(svc: &Service, id: i64, now: i64) -> Option<Row> {
    let req = pb::GetRowRequest {
        table_name: "t".into(),
        primary_key: plainbuffer::encode_primary_key(&PrimaryKey::new().with("id", id)),
        max_versions: Some(5),
        ..Default::default()
    };
    let resp = pb::GetRowResponse::decode(
        svc.dispatch_at("GetRow", &req.encode_to_vec(), now)
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    let rows = plainbuffer::decode_rows(&resp.row).unwrap();
    rows.into_iter().next().map(|r| r.into_row().unwrap())
}

fn range_count(svc: &Service, now: i64) -> usize {
    use ots_proto::model::PrimaryKeyValue::{InfMax, InfMin};
    let req = pb::GetRangeRequest {
        table_name: "t".into(),
        direction: 0,
        max_versions: Some(1),
        inclusive_start_primary_key: plainbuffer::encode_primary_key(&PrimaryKey::new().with("id", InfMin)),
        exclusive_end_primary_key: plainbuffer::encode_primary_key(&PrimaryKey::new().with("id", InfMax)),
        ..Default::default()
    };
    let resp = pb::GetRangeResponse::decode(
        svc.dispatch_at("GetRange", &req.encode_to_vec(), now)
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    plainbuffer::decode_rows(&resp.rows).unwrap().len()
}

#[test]
fn versions_expire_after_the_ttl() {
    let svc = service_with_table(86_400);
    put(
        &svc,
        1,
        vec![Column::new("a", 1).at(T0 - 1000), Column::new("b", 2).at(T0)],
        T0,
    )
    .unwrap();
    put(&svc, 2, vec![], T0).unwrap();
    assert_eq!(get(&svc, 1, T0).unwrap().columns.len(), 2);
    // Just past a day after `a` was written: `a` is gone, `b` is still there.
    let row = get(&svc, 1, T0 - 1000 + DAY_MS + 1).unwrap();
    assert_eq!(
        row.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        vec!["b"]
    );
    assert_eq!(range_count(&svc, T0 + DAY_MS - 1), 2);
    // Every cell expired: the row is gone for reads and scans.
    assert!(get(&svc, 1, T0 + DAY_MS + 1).is_none());
    assert!(
        get(&svc, 2, T0 + DAY_MS + 1).is_none(),
        "key-only rows expire too"
    );
    assert_eq!(range_count(&svc, T0 + DAY_MS + 1), 0);
}

#[test]
fn written_timestamps_must_be_inside_the_allowed_window() {
    let svc = service_with_table(-1);
    // Default deviation: one day either way.
    assert!(put(&svc, 1, vec![Column::new("a", 1).at(T0 - DAY_MS + 1)], T0).is_ok());
    let e = put(&svc, 1, vec![Column::new("a", 1).at(T0 - DAY_MS - 1)], T0).unwrap_err();
    assert_eq!(e.code, "OTSParameterInvalid");
    assert!(
        e.message.starts_with("Invalid timestamp. Cell:a"),
        "{}",
        e.message
    );
    assert!(put(&svc, 1, vec![Column::new("a", 1).at(T0 + DAY_MS)], T0).is_err());
    // With a TTL shorter than the deviation, the TTL bounds how old a write may be.
    let svc = service_with_table(86_400);
    let update = pb::UpdateTableRequest {
        table_name: "t".into(),
        table_options: Some(pb::TableOptions {
            deviation_cell_version_in_sec: Some(3 * 86_400),
            ..Default::default()
        }),
        ..Default::default()
    };
    svc.dispatch_at("UpdateTable", &update.encode_to_vec(), T0)
        .unwrap();
    assert!(put(&svc, 1, vec![Column::new("a", 1).at(T0 - 2 * DAY_MS)], T0).is_err());
    assert!(put(&svc, 1, vec![Column::new("a", 1).at(T0 + 2 * DAY_MS)], T0).is_ok());
}

fn update(svc: &Service, id: i64, change: &[ColumnUpdate], now: i64) -> Row {
    let req = pb::UpdateRowRequest {
        table_name: "t".into(),
        row_change: plainbuffer::encode_update_row(&PrimaryKey::new().with("id", id), change),
        condition: pb::Condition {
            row_existence: 0,
            column_condition: None,
        },
        return_content: Some(pb::ReturnContent {
            return_type: Some(pb::ReturnType::RtAfterModify as i32),
            return_column_names: vec![],
        }),
        transaction_id: None,
    };
    let resp = pb::UpdateRowResponse::decode(
        svc.dispatch_at("UpdateRow", &req.encode_to_vec(), now)
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    let bytes = resp.row.unwrap();
    plainbuffer::decode_rows(&bytes)
        .unwrap()
        .remove(0)
        .into_row()
        .unwrap()
}

fn newest(row: &Row, column: &str) -> (Value, i64) {
    let c = row.columns.iter().find(|c| c.name == column).unwrap();
    (c.value.clone(), c.timestamp.unwrap())
}

/// A request that read an older time than the row's newest version (two requests in one
/// millisecond, a clock stepped back, or a version a client set ahead of the clock) still
/// writes the row's newest version, and increments build on the newest value.
#[test]
fn server_versions_of_a_row_only_grow() {
    let svc = service_with_table(-1);
    let inc = [ColumnUpdate::Increment {
        name: "n".into(),
        delta: 1,
    }];
    assert_eq!(
        newest(&update(&svc, 1, &inc, T0 + 10), "n"),
        (Value::Integer(1), T0 + 10)
    );
    // The clock reads earlier than the stored version: one past it.
    assert_eq!(
        newest(&update(&svc, 1, &inc, T0), "n"),
        (Value::Integer(2), T0 + 11)
    );
    // Same millisecond again.
    assert_eq!(
        newest(&update(&svc, 1, &inc, T0 + 11), "n"),
        (Value::Integer(3), T0 + 12)
    );
    let (n, _) = newest(&get(&svc, 1, T0 + 20).unwrap(), "n");
    assert_eq!(n, Value::Integer(3));

    // A put replaces the row, so its cells take the current time; an update after it with an
    // earlier clock still lands in front.
    put(&svc, 2, vec![Column::new("a", "first")], T0 + 10).unwrap();
    put(&svc, 2, vec![Column::new("a", "second")], T0 + 5).unwrap();
    assert_eq!(
        newest(&get(&svc, 2, T0 + 20).unwrap(), "a"),
        ("second".into(), T0 + 5)
    );
    let set = |v: &str| ColumnUpdate::Put {
        name: "a".into(),
        value: v.into(),
        timestamp: None,
    };
    assert_eq!(
        newest(&update(&svc, 2, &[set("third")], T0), "a"),
        ("third".into(), T0 + 6)
    );
    let versions: Vec<_> = get(&svc, 2, T0 + 20)
        .unwrap()
        .columns
        .into_iter()
        .map(|c| c.value)
        .collect();
    assert_eq!(
        versions,
        vec!["third".into(), "second".into()],
        "the put replaced the row; the update kept its version"
    );

    // A version a client set ahead of the clock: the next server version passes it.
    put(&svc, 3, vec![Column::new("c", 7).at(T0 + 60_000)], T0).unwrap();
    assert_eq!(
        newest(&update(&svc, 3, &inc_of("c"), T0), "c"),
        (Value::Integer(8), T0 + 60_001)
    );
}

fn inc_of(name: &str) -> [ColumnUpdate; 1] {
    [ColumnUpdate::Increment {
        name: name.into(),
        delta: 1,
    }]
}

/// Batch writes follow the same rule as single-row writes.
#[test]
fn batch_writes_never_land_behind_newer_versions() {
    let svc = service_with_table(-1);
    update(&svc, 1, &inc_of("n"), T0 + 100);
    let row_change = plainbuffer::encode_update_row(&PrimaryKey::new().with("id", 1), &inc_of("n"));
    let req = pb::BatchWriteRowRequest {
        tables: vec![pb::TableInBatchWriteRowRequest {
            table_name: "t".into(),
            rows: vec![pb::RowInBatchWriteRowRequest {
                r#type: pb::OperationType::Update as i32,
                row_change,
                condition: pb::Condition {
                    row_existence: 0,
                    column_condition: None,
                },
                return_content: None,
            }],
        }],
        ..Default::default()
    };
    svc.dispatch_at("BatchWriteRow", &req.encode_to_vec(), T0)
        .unwrap();
    assert_eq!(
        newest(&get(&svc, 1, T0 + 200).unwrap(), "n"),
        (Value::Integer(2), T0 + 101)
    );
}

/// A filter of `n` OR'ed conditions that no row matches.
fn huge_filter(n: i64) -> Vec<u8> {
    use ots_proto::pb::filter as pbf;
    let single = |i: i64| pbf::Filter {
        r#type: pbf::FilterType::FtSingleColumnValue as i32,
        filter: pbf::SingleColumnValueFilter {
            comparator: pbf::ComparatorType::CtEqual as i32,
            column_name: "a".into(),
            column_value: plainbuffer::encode_variant(&Value::Integer(-1 - i)),
            filter_if_missing: true,
            latest_version_only: true,
            value_trans_rule: None,
        }
        .encode_to_vec(),
    };
    pbf::Filter {
        r#type: pbf::FilterType::FtCompositeColumnValue as i32,
        filter: pbf::CompositeColumnValueFilter {
            combinator: pbf::LogicalOperator::LoOr as i32,
            sub_filters: (0..n).map(single).collect(),
        }
        .encode_to_vec(),
    }
    .encode_to_vec()
}

/// A costly filtered read evaluates its filter without the table lock: a write sent meanwhile
/// does not wait for it.
#[test]
fn a_costly_filtered_read_does_not_hold_up_writers() {
    use ots_proto::model::PrimaryKeyValue::{InfMax, InfMin};
    use std::time::{Duration, Instant};
    let svc = service_with_table(-1);
    // Cheap to decode, costly to evaluate: 5000 rows x 4000 conditions.
    for id in 0..5000 {
        put(&svc, id, vec![Column::new("a", id)], T0).unwrap();
    }
    let range = pb::GetRangeRequest {
        table_name: "t".into(),
        direction: 0,
        max_versions: Some(1),
        inclusive_start_primary_key: plainbuffer::encode_primary_key(&PrimaryKey::new().with("id", InfMin)),
        exclusive_end_primary_key: plainbuffer::encode_primary_key(&PrimaryKey::new().with("id", InfMax)),
        filter: Some(huge_filter(4_000)),
        ..Default::default()
    }
    .encode_to_vec();
    let reader = {
        let svc = svc.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let resp = svc.dispatch_at("GetRange", &range, T0 + 1).unwrap();
            (started.elapsed(), resp)
        })
    };
    // Decoding the filter takes a few milliseconds; evaluating it on 5000 rows takes the rest
    // (over a second in a debug build). Timing can only make this pass wrongly (a write that
    // lands before the read takes the lock), never fail a correct server: the write is one
    // small put.
    std::thread::sleep(Duration::from_millis(100));
    let write_started = Instant::now();
    put(&svc, 5000, vec![Column::new("a", 1)], T0 + 1).unwrap();
    let write_took = write_started.elapsed();
    let (read_took, resp) = reader.join().unwrap();
    let resp = pb::GetRangeResponse::decode(resp.as_slice()).unwrap();
    assert!(
        plainbuffer::decode_rows(&resp.rows).unwrap().is_empty(),
        "no row matches"
    );
    assert!(
        write_took * 4 < read_took,
        "the write took {write_took:?}, waiting for a {read_took:?} filtered read"
    );
}

mod no_panics {
    use super::*;
    use proptest::prelude::*;

    const ACTIONS: [&str; 15] = [
        "CreateTable",
        "ListTable",
        "DescribeTable",
        "UpdateTable",
        "DeleteTable",
        "AddDefinedColumn",
        "DeleteDefinedColumn",
        "ComputeSplitPointsBySize",
        "GetRow",
        "PutRow",
        "UpdateRow",
        "DeleteRow",
        "BatchGetRow",
        "BatchWriteRow",
        "GetRange",
    ];

    proptest! {
        /// Arbitrary bodies get an error or an answer, never a panic.
        #[test]
        fn arbitrary_bodies(action in 0usize..15, body in proptest::collection::vec(any::<u8>(), 0..300)) {
            let svc = service_with_table(-1);
            let _ = svc.dispatch_at(ACTIONS[action], &body, T0);
        }

        /// Well-formed messages carrying arbitrary PlainBuffer bytes, too.
        #[test]
        fn arbitrary_rows(row in proptest::collection::vec(any::<u8>(), 0..200), kind in 0u8..3) {
            let svc = service_with_table(-1);
            let condition = pb::Condition { row_existence: 0, column_condition: None };
            let body = match kind {
                0 => pb::PutRowRequest { table_name: "t".into(), row: row.clone(), condition, return_content: None, transaction_id: None }.encode_to_vec(),
                1 => pb::UpdateRowRequest { table_name: "t".into(), row_change: row.clone(), condition, return_content: None, transaction_id: None }.encode_to_vec(),
                _ => pb::GetRowRequest { table_name: "t".into(), primary_key: row.clone(), max_versions: Some(1), filter: Some(row), ..Default::default() }.encode_to_vec(),
            };
            let action = ["PutRow", "UpdateRow", "GetRow"][kind as usize];
            let _ = svc.dispatch_at(action, &body, T0);
        }
    }
}
