//! Local transactions at the service level, at fixed times: locking, isolation, commit and
//! abort, expiry, and the refusals.
#![allow(clippy::unwrap_used)]

use super::Service;
use crate::error::{ErrorCode, ServiceError};
use crate::storage::MemoryStorage;
use ots_proto::model::{Column, PrimaryKey, PrimaryKeyValue, Row};
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;
use prost::Message;
use std::sync::Arc;
use std::time::Duration;

const T0: i64 = 1_700_000_000_000;
const LIFETIME_MS: i64 = 60_000;

fn table_request(name: &str, auto_increment: bool, enable: Option<bool>) -> pb::CreateTableRequest {
    let key = |name: &str, auto: bool| pb::PrimaryKeySchema {
        name: name.into(),
        r#type: pb::PrimaryKeyType::Integer as i32,
        option: auto.then_some(pb::PrimaryKeyOption::AutoIncrement as i32),
    };
    pb::CreateTableRequest {
        table_meta: pb::TableMeta {
            table_name: name.into(),
            primary_key: vec![key("p", false), key("s", auto_increment)],
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
            time_to_live: Some(-1),
            max_versions: Some(1),
            ..Default::default()
        }),
        enable_local_txn: enable,
        ..Default::default()
    }
}

fn service() -> Service {
    let svc = Service::new(Arc::new(MemoryStorage::default()))
        .transaction_lifetime(Duration::from_millis(LIFETIME_MS as u64));
    svc.dispatch_at(
        "CreateTable",
        &table_request("t", false, None).encode_to_vec(),
        T0,
    )
    .unwrap();
    svc
}

fn pk(p: i64, s: i64) -> PrimaryKey {
    PrimaryKey::new().with("p", p).with("s", s)
}

fn start(svc: &Service, p: i64, now: i64) -> Result<String, ServiceError> {
    start_on(svc, "t", PrimaryKey::new().with("p", p), now)
}

fn start_on(svc: &Service, table: &str, key: PrimaryKey, now: i64) -> Result<String, ServiceError> {
    let req = pb::StartLocalTransactionRequest {
        table_name: table.into(),
        key: plainbuffer::encode_primary_key(&key),
    };
    let resp = svc.dispatch_at("StartLocalTransaction", &req.encode_to_vec(), now)?;
    Ok(pb::StartLocalTransactionResponse::decode(resp.as_slice())
        .unwrap()
        .transaction_id)
}

fn end(svc: &Service, action: &str, id: &str, now: i64) -> Result<Vec<u8>, ServiceError> {
    let body = pb::CommitTransactionRequest {
        transaction_id: id.into(),
    }
    .encode_to_vec();
    svc.dispatch_at(action, &body, now)
}

fn put(svc: &Service, key: PrimaryKey, v: i64, txn: Option<&str>, now: i64) -> Result<(), ServiceError> {
    let row = Row {
        primary_key: key,
        columns: vec![Column::new("v", v)],
    };
    let req = pb::PutRowRequest {
        table_name: "t".into(),
        row: plainbuffer::encode_put_row(&row),
        condition: pb::Condition {
            row_existence: 0,
            column_condition: None,
        },
        return_content: None,
        transaction_id: txn.map(str::to_owned),
    };
    svc.dispatch_at("PutRow", &req.encode_to_vec(), now).map(|_| ())
}

fn delete(svc: &Service, key: PrimaryKey, txn: Option<&str>, now: i64) -> Result<(), ServiceError> {
    let req = pb::DeleteRowRequest {
        table_name: "t".into(),
        primary_key: plainbuffer::encode_primary_key(&key),
        condition: pb::Condition {
            row_existence: 0,
            column_condition: None,
        },
        return_content: None,
        transaction_id: txn.map(str::to_owned),
    };
    svc.dispatch_at("DeleteRow", &req.encode_to_vec(), now)
        .map(|_| ())
}

fn value(row: &Row) -> i64 {
    match row.columns.first().map(|c| &c.value) {
        Some(ots_proto::model::Value::Integer(v)) => *v,
        other => panic!("no integer value: {other:?}"),
    }
}

fn get(svc: &Service, key: PrimaryKey, txn: Option<&str>, now: i64) -> Result<Option<i64>, ServiceError> {
    let req = pb::GetRowRequest {
        table_name: "t".into(),
        primary_key: plainbuffer::encode_primary_key(&key),
        max_versions: Some(1),
        transaction_id: txn.map(str::to_owned),
        ..Default::default()
    };
    let resp =
        pb::GetRowResponse::decode(svc.dispatch_at("GetRow", &req.encode_to_vec(), now)?.as_slice()).unwrap();
    let rows = plainbuffer::decode_rows(&resp.row).unwrap();
    Ok(rows.into_iter().next().map(|r| value(&r.into_row().unwrap())))
}

/// A row as `(p, s, v)`.
type Cells = (i64, i64, i64);

/// `(p, s, v)` of every row GetRange returns between two keys of the `p` column (the `s`
/// column spanning everything).
fn range(
    svc: &Service,
    bounds: (PrimaryKeyValue, PrimaryKeyValue),
    backward: bool,
    txn: Option<&str>,
    now: i64,
) -> Result<Vec<(i64, i64, i64)>, ServiceError> {
    use PrimaryKeyValue::{InfMax, InfMin};
    let (a, b) = if backward {
        (InfMax, InfMin)
    } else {
        (InfMin, InfMax)
    };
    let start = PrimaryKey::new().with("p", bounds.0).with("s", a);
    let end = PrimaryKey::new().with("p", bounds.1).with("s", b);
    page(svc, &start, &end, backward, txn, None, now).map(|(rows, _)| rows)
}

/// One GetRange page between two full keys: `(p, s, v)` of its rows and the next start key.
fn page(
    svc: &Service,
    start: &PrimaryKey,
    end: &PrimaryKey,
    backward: bool,
    txn: Option<&str>,
    limit: Option<i32>,
    now: i64,
) -> Result<(Vec<Cells>, Option<PrimaryKey>), ServiceError> {
    let req = pb::GetRangeRequest {
        table_name: "t".into(),
        direction: i32::from(backward),
        max_versions: Some(1),
        inclusive_start_primary_key: plainbuffer::encode_primary_key(start),
        exclusive_end_primary_key: plainbuffer::encode_primary_key(end),
        transaction_id: txn.map(str::to_owned),
        limit,
        ..Default::default()
    };
    let resp =
        pb::GetRangeResponse::decode(svc.dispatch_at("GetRange", &req.encode_to_vec(), now)?.as_slice())
            .unwrap();
    let rows = plainbuffer::decode_rows(&resp.rows)
        .unwrap()
        .into_iter()
        .map(|r| {
            let row = r.into_row().unwrap();
            let key: Vec<i64> = row
                .primary_key
                .columns
                .iter()
                .map(|c| match c.value {
                    PrimaryKeyValue::Integer(i) => i,
                    _ => panic!("integer keys"),
                })
                .collect();
            (key[0], key[1], value(&row))
        })
        .collect();
    let next = resp.next_start_primary_key.map(|k| convert_key(&k));
    Ok((rows, next))
}

fn convert_key(bytes: &[u8]) -> PrimaryKey {
    plainbuffer::decode_single_row(bytes).unwrap().primary_key
}

fn code(r: Result<impl std::fmt::Debug, ServiceError>) -> ErrorCode {
    r.unwrap_err().code
}

#[test]
fn writes_are_seen_inside_and_applied_by_the_commit() {
    let svc = service();
    put(&svc, pk(1, 1), 10, None, T0).unwrap();
    let id = start(&svc, 1, T0).unwrap();
    put(&svc, pk(1, 2), 20, Some(&id), T0 + 1).unwrap();
    delete(&svc, pk(1, 1), Some(&id), T0 + 1).unwrap();
    // Inside: the transaction's own writes.
    assert_eq!(get(&svc, pk(1, 1), Some(&id), T0 + 2).unwrap(), None);
    assert_eq!(get(&svc, pk(1, 2), Some(&id), T0 + 2).unwrap(), Some(20));
    // Outside: the committed rows, unblocked.
    assert_eq!(get(&svc, pk(1, 1), None, T0 + 2).unwrap(), Some(10));
    assert_eq!(get(&svc, pk(1, 2), None, T0 + 2).unwrap(), None);
    end(&svc, "CommitTransaction", &id, T0 + 3).unwrap();
    assert_eq!(get(&svc, pk(1, 1), None, T0 + 4).unwrap(), None);
    assert_eq!(get(&svc, pk(1, 2), None, T0 + 4).unwrap(), Some(20));
    // The partition is free again, and the id names nothing.
    put(&svc, pk(1, 3), 30, None, T0 + 5).unwrap();
    assert_eq!(
        code(end(&svc, "CommitTransaction", &id, T0 + 5)),
        ErrorCode::SessionNotExist
    );
    assert_eq!(
        code(get(&svc, pk(1, 3), Some(&id), T0 + 5)),
        ErrorCode::SessionNotExist
    );
}

#[test]
fn an_abort_discards_every_write_and_echoes_the_id() {
    let svc = service();
    put(&svc, pk(1, 1), 10, None, T0).unwrap();
    let id = start(&svc, 1, T0).unwrap();
    put(&svc, pk(1, 1), 11, Some(&id), T0 + 1).unwrap();
    put(&svc, pk(1, 2), 20, Some(&id), T0 + 1).unwrap();
    let answer = end(&svc, "AbortTransaction", &id, T0 + 2).unwrap();
    let echoed = pb::AbortTransactionResponse::decode(answer.as_slice()).unwrap();
    assert_eq!(echoed.transaction_id.as_deref(), Some(id.as_str()));
    assert_eq!(get(&svc, pk(1, 1), None, T0 + 3).unwrap(), Some(10));
    assert_eq!(get(&svc, pk(1, 2), None, T0 + 3).unwrap(), None);
    assert_eq!(
        code(end(&svc, "AbortTransaction", &id, T0 + 3)),
        ErrorCode::SessionNotExist
    );
    // Nothing is left locked.
    let again = start(&svc, 1, T0 + 3).unwrap();
    end(&svc, "AbortTransaction", &again, T0 + 4).unwrap();
}

#[test]
fn a_held_partition_refuses_a_second_start_and_plain_writes_only() {
    let svc = service();
    let id = start(&svc, 1, T0).unwrap();
    assert_eq!(code(start(&svc, 1, T0 + 1)), ErrorCode::RowOperationConflict);
    assert_eq!(
        code(put(&svc, pk(1, 5), 1, None, T0 + 1)),
        ErrorCode::RowOperationConflict
    );
    assert_eq!(
        code(delete(&svc, pk(1, 5), None, T0 + 1)),
        ErrorCode::RowOperationConflict
    );
    // Other partitions, and reads, go on.
    put(&svc, pk(2, 5), 1, None, T0 + 1).unwrap();
    assert_eq!(get(&svc, pk(1, 5), None, T0 + 1).unwrap(), None);
    let other = start(&svc, 2, T0 + 1).unwrap();
    // A key of another partition is refused inside the transaction.
    assert_eq!(
        code(put(&svc, pk(2, 6), 1, Some(&id), T0 + 1)),
        ErrorCode::DataOutOfRange
    );
    assert_eq!(
        code(get(&svc, pk(2, 5), Some(&id), T0 + 1)),
        ErrorCode::DataOutOfRange
    );
    end(&svc, "CommitTransaction", &id, T0 + 2).unwrap();
    end(&svc, "CommitTransaction", &other, T0 + 2).unwrap();
    put(&svc, pk(1, 5), 1, None, T0 + 3).unwrap();
}

#[test]
fn a_transaction_lapses_after_its_lifetime() {
    let svc = service();
    let id = start(&svc, 1, T0).unwrap();
    put(&svc, pk(1, 1), 10, Some(&id), T0 + 1).unwrap();
    let late = T0 + LIFETIME_MS;
    // The lock lapsed with it: plain writes and a new start succeed, its writes are gone.
    put(&svc, pk(1, 2), 20, None, late).unwrap();
    assert_eq!(
        code(put(&svc, pk(1, 3), 1, Some(&id), late)),
        ErrorCode::SessionNotExist
    );
    assert_eq!(
        code(end(&svc, "CommitTransaction", &id, late)),
        ErrorCode::SessionNotExist
    );
    assert_eq!(get(&svc, pk(1, 1), None, late).unwrap(), None);
    let next = start(&svc, 1, late).unwrap();
    // The lapsed transaction's end does not release the new holder's lock.
    assert_eq!(
        code(end(&svc, "AbortTransaction", &id, late)),
        ErrorCode::SessionNotExist
    );
    assert_eq!(
        code(put(&svc, pk(1, 4), 1, None, late + 1)),
        ErrorCode::RowOperationConflict
    );
    end(&svc, "CommitTransaction", &next, late + 1).unwrap();
}

#[test]
fn a_lapsed_transaction_cannot_commit_even_if_nobody_touched_it() {
    let svc = service();
    let id = start(&svc, 1, T0).unwrap();
    put(&svc, pk(1, 1), 10, Some(&id), T0 + 1).unwrap();
    assert_eq!(
        code(end(&svc, "CommitTransaction", &id, T0 + LIFETIME_MS)),
        ErrorCode::SessionNotExist
    );
    assert_eq!(get(&svc, pk(1, 1), None, T0 + LIFETIME_MS).unwrap(), None);
    start(&svc, 1, T0 + LIFETIME_MS).unwrap();
}

#[test]
fn ids_are_checked_for_their_form() {
    let svc = service();
    for bad in ["", "not existed transaction id", "0123"] {
        let e = put(&svc, pk(1, 1), 1, Some(bad), T0).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (ErrorCode::ParameterInvalid, "TransactionID is invalid.")
        );
        assert_eq!(
            code(end(&svc, "CommitTransaction", bad, T0)),
            ErrorCode::ParameterInvalid
        );
    }
    let unknown = "0".repeat(32);
    assert_eq!(
        code(end(&svc, "CommitTransaction", &unknown, T0)),
        ErrorCode::SessionNotExist
    );
}

#[test]
fn the_start_key_and_the_table_are_checked() {
    let svc = service();
    // Only the partition key column, with its name and type.
    assert_eq!(
        code(start_on(&svc, "t", pk(1, 1), T0)),
        ErrorCode::ParameterInvalid
    );
    assert_eq!(
        code(start_on(&svc, "t", PrimaryKey::new().with("x", 1), T0)),
        ErrorCode::InvalidPk
    );
    assert_eq!(
        code(start_on(&svc, "t", PrimaryKey::new().with("p", "1"), T0)),
        ErrorCode::InvalidPk
    );
    assert_eq!(
        code(start_on(&svc, "nope", PrimaryKey::new().with("p", 1), T0)),
        ErrorCode::ObjectNotExist
    );
    // A table with an auto-increment column, or with transactions turned off, refuses them.
    svc.dispatch_at(
        "CreateTable",
        &table_request("auto", true, None).encode_to_vec(),
        T0,
    )
    .unwrap();
    svc.dispatch_at(
        "CreateTable",
        &table_request("off", false, Some(false)).encode_to_vec(),
        T0,
    )
    .unwrap();
    let e = start_on(&svc, "off", PrimaryKey::new().with("p", 1), T0).unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (
            ErrorCode::ParameterInvalid,
            "Try to call method using explicit transaction on explicit-transaction-disabled table."
        )
    );
    assert_eq!(
        code(start_on(&svc, "auto", PrimaryKey::new().with("p", 1), T0)),
        ErrorCode::ParameterInvalid
    );
}

#[test]
fn a_range_inside_sees_the_pending_rows_of_its_partition_only() {
    use PrimaryKeyValue::{InfMax, InfMin, Integer};
    let svc = service();
    for (p, s) in [(0, 1), (1, 1), (1, 2), (1, 4), (2, 1)] {
        put(&svc, pk(p, s), p * 10 + s, None, T0).unwrap();
    }
    let id = start(&svc, 1, T0).unwrap();
    put(&svc, pk(1, 3), 99, Some(&id), T0 + 1).unwrap();
    put(&svc, pk(1, 4), 98, Some(&id), T0 + 1).unwrap();
    delete(&svc, pk(1, 1), Some(&id), T0 + 1).unwrap();
    let inside = vec![(1, 2, 12), (1, 3, 99), (1, 4, 98)];
    let held = (Integer(1), Integer(1));
    assert_eq!(
        range(&svc, held.clone(), false, Some(&id), T0 + 2).unwrap(),
        inside
    );
    let mut reversed = inside.clone();
    reversed.reverse();
    assert_eq!(
        range(&svc, held.clone(), true, Some(&id), T0 + 2).unwrap(),
        reversed
    );
    // Page by page, both ways: every page's next start stays in the partition.
    for (backward, expected) in [(false, &inside), (true, &reversed)] {
        let bound = |s: PrimaryKeyValue| PrimaryKey::new().with("p", 1).with("s", s);
        let (lo, hi) = (bound(InfMin), bound(InfMax));
        let (mut from, to) = if backward { (hi, lo) } else { (lo, hi) };
        let mut seen = Vec::new();
        loop {
            let (rows, next) = page(&svc, &from, &to, backward, Some(&id), Some(1), T0 + 2).unwrap();
            seen.extend(rows);
            match next {
                Some(next) => from = next,
                None => break,
            }
        }
        assert_eq!(&seen, expected, "backward: {backward}");
    }
    // A bound in another partition is refused with the service's code and message.
    for (bounds, backward) in [
        ((InfMin, InfMax), false),
        ((InfMax, InfMin), true),
        ((Integer(1), Integer(2)), false),
    ] {
        let e = range(&svc, bounds, backward, Some(&id), T0 + 2).unwrap_err();
        assert_eq!(e.code, ErrorCode::DataOutOfRange);
        assert!(
            e.message
                .starts_with("Data out of scope of transaction. Transaction PartKey:1."),
            "{e}"
        );
    }
    let e = range(&svc, (Integer(1), Integer(2)), false, Some(&id), T0 + 2).unwrap_err();
    assert_eq!(
        e.message,
        "Data out of scope of transaction. Transaction PartKey:1. Data PartKey:2"
    );
    // Outside, the committed rows of every partition.
    assert_eq!(
        range(&svc, (InfMin, InfMax), false, None, T0 + 2).unwrap().len(),
        5
    );
    end(&svc, "CommitTransaction", &id, T0 + 3).unwrap();
    let all = range(&svc, (InfMin, InfMax), false, None, T0 + 3).unwrap();
    assert_eq!(
        all,
        vec![(0, 1, 1), (1, 2, 12), (1, 3, 99), (1, 4, 98), (2, 1, 21)]
    );
}

#[test]
fn a_transaction_ends_with_its_table() {
    let svc = service();
    let id = start(&svc, 1, T0).unwrap();
    put(&svc, pk(1, 1), 10, Some(&id), T0 + 1).unwrap();
    let delete = pb::DeleteTableRequest {
        table_name: "t".into(),
    };
    svc.dispatch_at("DeleteTable", &delete.encode_to_vec(), T0 + 2)
        .unwrap();
    svc.dispatch_at(
        "CreateTable",
        &table_request("t", false, None).encode_to_vec(),
        T0 + 2,
    )
    .unwrap();
    // The new table of the same name is not the transaction's: its id names nothing there,
    // the partition is free and nothing of the old transaction shows.
    assert_eq!(
        code(get(&svc, pk(1, 1), Some(&id), T0 + 3)),
        ErrorCode::SessionNotExist
    );
    assert_eq!(
        code(end(&svc, "CommitTransaction", &id, T0 + 3)),
        ErrorCode::SessionNotExist
    );
    put(&svc, pk(1, 2), 20, None, T0 + 3).unwrap();
    assert_eq!(get(&svc, pk(1, 1), None, T0 + 3).unwrap(), None);
}

fn batch(rows: &[(PrimaryKey, Option<i64>)], txn: Option<&str>, atomic: bool) -> Vec<u8> {
    pb::BatchWriteRowRequest {
        tables: vec![pb::TableInBatchWriteRowRequest {
            table_name: "t".into(),
            rows: rows
                .iter()
                .map(|(key, v)| match v {
                    Some(v) => pb::RowInBatchWriteRowRequest {
                        r#type: pb::OperationType::Put as i32,
                        row_change: plainbuffer::encode_put_row(&Row {
                            primary_key: key.clone(),
                            columns: vec![Column::new("v", *v)],
                        }),
                        condition: pb::Condition {
                            row_existence: 0,
                            column_condition: None,
                        },
                        return_content: None,
                    },
                    None => pb::RowInBatchWriteRowRequest {
                        r#type: pb::OperationType::Delete as i32,
                        row_change: plainbuffer::encode_primary_key(key),
                        condition: pb::Condition {
                            row_existence: 0,
                            column_condition: None,
                        },
                        return_content: None,
                    },
                })
                .collect(),
        }],
        transaction_id: txn.map(str::to_owned),
        is_atomic: Some(atomic),
    }
    .encode_to_vec()
}

fn row_results(answer: &[u8]) -> Vec<bool> {
    pb::BatchWriteRowResponse::decode(answer).unwrap().tables[0]
        .rows
        .iter()
        .map(|r| r.is_ok)
        .collect()
}

#[test]
fn a_batch_inside_is_pending_until_the_commit() {
    let svc = service();
    put(&svc, pk(1, 1), 10, None, T0).unwrap();
    let id = start(&svc, 1, T0).unwrap();
    let answer = svc
        .dispatch_at(
            "BatchWriteRow",
            &batch(&[(pk(1, 1), None), (pk(1, 2), Some(20))], Some(&id), false),
            T0 + 1,
        )
        .unwrap();
    assert_eq!(row_results(&answer), vec![true, true]);
    assert_eq!(get(&svc, pk(1, 1), None, T0 + 1).unwrap(), Some(10));
    assert_eq!(get(&svc, pk(1, 2), Some(&id), T0 + 1).unwrap(), Some(20));
    // A row of another partition fails the whole batch, before anything is written.
    let other = batch(&[(pk(1, 3), Some(30)), (pk(2, 1), Some(1))], Some(&id), false);
    assert_eq!(
        code(svc.dispatch_at("BatchWriteRow", &other, T0 + 1)),
        ErrorCode::DataOutOfRange
    );
    assert_eq!(get(&svc, pk(1, 3), Some(&id), T0 + 1).unwrap(), None);
    // A plain batch on the held partition fails that row; an atomic one fails every row.
    let plain = svc
        .dispatch_at(
            "BatchWriteRow",
            &batch(&[(pk(1, 5), Some(1)), (pk(2, 5), Some(1))], None, false),
            T0 + 1,
        )
        .unwrap();
    assert_eq!(row_results(&plain), vec![false, true]);
    let atomic = svc
        .dispatch_at(
            "BatchWriteRow",
            &batch(&[(pk(1, 6), Some(1)), (pk(1, 7), Some(1))], None, true),
            T0 + 1,
        )
        .unwrap();
    assert_eq!(row_results(&atomic), vec![false, false]);
    end(&svc, "CommitTransaction", &id, T0 + 2).unwrap();
    assert_eq!(get(&svc, pk(1, 1), None, T0 + 2).unwrap(), None);
    assert_eq!(get(&svc, pk(1, 2), None, T0 + 2).unwrap(), Some(20));
    assert_eq!(get(&svc, pk(1, 5), None, T0 + 2).unwrap(), None);
}
