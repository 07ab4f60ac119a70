//! Request bodies must be byte-identical to the official SDK's (vectors in tests/fixtures).

use super::batch::{BatchWriteRowRequest, RowWrite, TableBatchGet};
use super::range::GetRangeRequest;
use super::row::{DeleteRowRequest, GetRowRequest, PutRowRequest, UpdateRowRequest};
use super::table::{CreateIndexRequest, CreateTableRequest, DropIndexRequest};
use super::transaction::StartLocalTransactionRequest;
use crate::model::{
    Column, Condition, DefinedColumnType, Filter, IndexMeta, PrimaryKey, PrimaryKeySchema, PrimaryKeyValue,
    Row,
};
use ots_proto::pb::table_store as pb;
use prost::Message;

fn vector(name: &str) -> Vec<u8> {
    let line = include_str!("../../tests/fixtures/requests.txt")
        .lines()
        .find(|l| l.split_once(' ').map(|(n, _)| n) == Some(name))
        .unwrap_or_else(|| panic!("no vector {name}"));
    let hex = line.split_once(' ').map(|(_, h)| h.trim()).unwrap_or_default();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

const TS: i64 = 1_700_000_000_000;

fn id7() -> PrimaryKey {
    PrimaryKey::new().with("id", 7)
}

#[test]
fn put_row() {
    let row = Row {
        primary_key: PrimaryKey::new().with("pk1", 1).with("pk2", "abc"),
        columns: vec![
            Column::new("i", 42).at(TS),
            Column::new("d", 3.5).at(TS + 1),
            Column::new("b", true).at(TS + 2),
            Column::new("s", "hi").at(TS + 3),
            Column::new("x", vec![1u8, 2]).at(TS + 4),
        ],
    };
    assert_eq!(
        PutRowRequest::new("t1", row).to_pb().encode_to_vec(),
        vector("put_row")
    );
}

#[test]
fn update_row() {
    let req = UpdateRowRequest::new("t1", id7())
        .put_at("p", 5, TS)
        .delete_version("d", TS)
        .delete_all_versions("da")
        .increment("c", 1)
        .condition(Condition::expect_exist());
    assert_eq!(req.to_pb().encode_to_vec(), vector("update_row"));
}

#[test]
fn delete_row() {
    assert_eq!(
        DeleteRowRequest::new("t1", id7()).to_pb().encode_to_vec(),
        vector("delete_row")
    );
}

#[test]
fn get_range() {
    let req = GetRangeRequest::new(
        "t1",
        PrimaryKey::new().with("pk", PrimaryKeyValue::InfMin),
        PrimaryKey::new().with("pk", PrimaryKeyValue::InfMax),
    )
    .limit(10);
    assert_eq!(
        req.to_pb(&req.start, req.limit).encode_to_vec(),
        vector("get_range")
    );
}

#[test]
fn get_row_with_filter() {
    let req = GetRowRequest::new("t1", id7()).filter(Filter::eq("c", "v"));
    assert_eq!(req.to_pb().encode_to_vec(), vector("get_row"));
}

#[test]
fn batch_write_row() {
    let req = BatchWriteRowRequest::new()
        .put(PutRowRequest::new(
            "t1",
            Row {
                primary_key: PrimaryKey::new().with("id", 1),
                columns: vec![Column::new("c", "v")],
            },
        ))
        .delete(DeleteRowRequest::new("t1", PrimaryKey::new().with("id", 2)));
    let encoded: Vec<_> = req.rows.iter().map(RowWrite::to_pb).collect();
    assert_eq!(
        req.chunk_pb(&[("t1", vec![0, 1])], &encoded).encode_to_vec(),
        vector("batch_write_row")
    );
}

#[test]
fn batch_get_row() {
    let keys = [PrimaryKey::new().with("id", 1), PrimaryKey::new().with("id", 2)];
    let t = TableBatchGet::new("t1", keys.clone());
    let req = pb::BatchGetRowRequest {
        tables: vec![t.to_pb(keys.iter())],
    };
    assert_eq!(req.encode_to_vec(), vector("batch_get_row"));
}

#[test]
fn create_table() {
    let req = CreateTableRequest::new("t1")
        .primary_key(PrimaryKeySchema::integer("pk"))
        .primary_key(PrimaryKeySchema::string("s"))
        .defined_column("c", DefinedColumnType::String);
    assert_eq!(req.to_pb().encode_to_vec(), vector("create_table"));
}

// Secondary indexes: the vectors' comments in requests.txt give the Python SDK call
// (tablestore 6.4.8, `OTSProtoBufferEncoder.encode_request`) that produced each one.

#[test]
fn create_table_with_indexes() {
    let req = CreateTableRequest::new("t1")
        .primary_key(PrimaryKeySchema::integer("pk"))
        .primary_key(PrimaryKeySchema::string("s"))
        .defined_column("c", DefinedColumnType::String)
        .defined_column("d", DefinedColumnType::Integer)
        .index(IndexMeta::global("i1").primary_key("c").defined_column("d"))
        .index(
            IndexMeta::local("i2")
                .primary_key("pk")
                .primary_key("c")
                .defined_column("d"),
        );
    assert_eq!(req.to_pb().encode_to_vec(), vector("create_table_indexes"));
}

#[test]
fn create_index() {
    let global = IndexMeta::global("i1")
        .primary_key("c")
        .primary_key("pk")
        .defined_column("d");
    let req = CreateIndexRequest::new("t1", global).include_base_data(true);
    assert_eq!(req.to_pb().encode_to_vec(), vector("create_index_global"));
    // The default sends include_base_data = false.
    let local = IndexMeta::local("i2")
        .primary_key("pk")
        .primary_key("c")
        .defined_column("d");
    let req = CreateIndexRequest::new("t1", local);
    assert_eq!(req.to_pb().encode_to_vec(), vector("create_index_local"));
}

#[test]
fn drop_index() {
    let req = DropIndexRequest::new("t1", "i1");
    assert_eq!(req.to_pb().encode_to_vec(), vector("drop_index"));
}

// Local transactions: the vectors' comments in requests.txt give the Python SDK call
// (tablestore 6.4.8, `OTSProtoBufferEncoder.encode_request`) that produced each one.

/// The key the transaction vectors use: `[('PK0', 1), ('PK1', 'a')]`.
fn pk01() -> PrimaryKey {
    PrimaryKey::new().with("PK0", 1).with("PK1", "a")
}

fn cv() -> Row {
    Row {
        primary_key: pk01(),
        columns: vec![Column::new("c", "v")],
    }
}

#[test]
fn start_local_transaction() {
    // encode_request('StartLocalTransaction', 't', [('PK0', 1)])
    let req = StartLocalTransactionRequest::new("t", PrimaryKey::new().with("PK0", 1));
    assert_eq!(
        req.to_pb().unwrap().encode_to_vec(),
        vector("start_local_transaction")
    );
}

#[test]
fn put_row_in_a_transaction() {
    // encode_request('PutRow', 't', Row(pk, [('c', 'v')]), None, None, 'tx-1')
    let req = PutRowRequest::new("t", cv()).transaction_id("tx-1");
    assert_eq!(req.to_pb().encode_to_vec(), vector("put_row_txn"));
}

#[test]
fn other_single_row_calls_in_a_transaction() {
    let get = GetRowRequest::new("t", pk01()).transaction_id("tx-1");
    assert_eq!(get.to_pb().encode_to_vec(), vector("get_row_txn"));
    let update = UpdateRowRequest::new("t", pk01())
        .put("c", "v")
        .transaction_id("tx-1");
    assert_eq!(update.to_pb().encode_to_vec(), vector("update_row_txn"));
    let delete = DeleteRowRequest::new("t", pk01()).transaction_id("tx-1");
    assert_eq!(delete.to_pb().encode_to_vec(), vector("delete_row_txn"));
}

#[test]
fn get_range_in_a_transaction() {
    let req = GetRangeRequest::new(
        "t",
        PrimaryKey::new()
            .with("PK0", 1)
            .with("PK1", PrimaryKeyValue::InfMin),
        PrimaryKey::new()
            .with("PK0", 1)
            .with("PK1", PrimaryKeyValue::InfMax),
    )
    .transaction_id("tx-1");
    assert_eq!(
        req.to_pb(&req.start, req.limit).encode_to_vec(),
        vector("get_range_txn")
    );
}

#[test]
fn batch_write_row_in_a_transaction() {
    let req = BatchWriteRowRequest::new()
        .put(PutRowRequest::new("t", cv()))
        .transaction_id("tx-1");
    let encoded: Vec<_> = req.rows.iter().map(RowWrite::to_pb).collect();
    assert_eq!(
        req.chunk_pb(&[("t", vec![0])], &encoded).encode_to_vec(),
        vector("batch_write_row_txn")
    );
}
