//! What the official SDKs' own test suites expect of the service (issue: the fidelity gaps
//! they show), checked on the service directly: batch key errors per row, capacity units,
//! atomic batches, and the validations those suites rely on.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod batches;
mod reads_and_tables;
mod search_indexes;

use super::Service;
use crate::storage::MemoryStorage;
use ots_proto::model::{Column, ColumnUpdate, PrimaryKey, PrimaryKeyValue, Row, Value};
use ots_proto::pb::filter as pbf;
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;
use prost::Message;
use std::sync::Arc;

pub(super) const T0: i64 = 1_700_000_000_000;

pub(super) fn pk_schema(name: &str, ty: pb::PrimaryKeyType, auto: bool) -> pb::PrimaryKeySchema {
    pb::PrimaryKeySchema {
        name: name.into(),
        r#type: ty as i32,
        option: auto.then_some(pb::PrimaryKeyOption::AutoIncrement as i32),
    }
}

pub(super) fn create(
    svc: &Service,
    name: &str,
    pk: Vec<pb::PrimaryKeySchema>,
) -> Result<Vec<u8>, crate::ServiceError> {
    let req = pb::CreateTableRequest {
        table_meta: pb::TableMeta {
            table_name: name.into(),
            primary_key: pk,
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
    svc.dispatch_at("CreateTable", &req.encode_to_vec(), T0)
}

/// A service with table `t` keyed by (`part` string, `id` integer).
pub(super) fn service() -> Service {
    let svc = Service::new(Arc::new(MemoryStorage::default()));
    create(
        &svc,
        "t",
        vec![
            pk_schema("part", pb::PrimaryKeyType::String, false),
            pk_schema("id", pb::PrimaryKeyType::Integer, false),
        ],
    )
    .unwrap();
    svc
}

pub(super) fn key(part: &str, id: i64) -> PrimaryKey {
    PrimaryKey::new().with("part", part).with("id", id)
}

pub(super) fn ignore() -> pb::Condition {
    pb::Condition {
        row_existence: pb::RowExistenceExpectation::Ignore as i32,
        column_condition: None,
    }
}

/// `column == value` as a column condition; a row without the column fails it.
pub(super) fn column_equals(column: &str, value: i64) -> pb::Condition {
    let single = pbf::SingleColumnValueFilter {
        comparator: pbf::ComparatorType::CtEqual as i32,
        column_name: column.into(),
        column_value: plainbuffer::encode_variant(&Value::Integer(value)),
        filter_if_missing: true,
        latest_version_only: true,
        value_trans_rule: None,
    };
    pb::Condition {
        row_existence: pb::RowExistenceExpectation::Ignore as i32,
        column_condition: Some(
            pbf::Filter {
                r#type: pbf::FilterType::FtSingleColumnValue as i32,
                filter: single.encode_to_vec(),
            }
            .encode_to_vec(),
        ),
    }
}

pub(super) fn put_row(
    pk: &PrimaryKey,
    columns: Vec<Column>,
    condition: pb::Condition,
) -> pb::RowInBatchWriteRowRequest {
    pb::RowInBatchWriteRowRequest {
        r#type: pb::OperationType::Put as i32,
        row_change: plainbuffer::encode_put_row(&Row {
            primary_key: pk.clone(),
            columns,
        }),
        condition,
        return_content: None,
    }
}

pub(super) fn increment_row(pk: &PrimaryKey, column: &str) -> pb::RowInBatchWriteRowRequest {
    pb::RowInBatchWriteRowRequest {
        r#type: pb::OperationType::Update as i32,
        row_change: plainbuffer::encode_update_row(
            pk,
            &[ColumnUpdate::Increment {
                name: column.into(),
                delta: 1,
            }],
        ),
        condition: ignore(),
        return_content: None,
    }
}

pub(super) fn batch_write(
    svc: &Service,
    rows: Vec<pb::RowInBatchWriteRowRequest>,
    atomic: bool,
) -> Vec<pb::RowInBatchWriteRowResponse> {
    let req = pb::BatchWriteRowRequest {
        tables: vec![pb::TableInBatchWriteRowRequest {
            table_name: "t".into(),
            rows,
        }],
        transaction_id: None,
        is_atomic: atomic.then_some(true),
    };
    let resp = svc
        .dispatch_at("BatchWriteRow", &req.encode_to_vec(), T0)
        .unwrap();
    pb::BatchWriteRowResponse::decode(resp.as_slice())
        .unwrap()
        .tables
        .remove(0)
        .rows
}

pub(super) fn get(svc: &Service, pk: &PrimaryKey) -> (Option<Row>, pb::CapacityUnit) {
    let req = pb::GetRowRequest {
        table_name: "t".into(),
        primary_key: plainbuffer::encode_primary_key(pk),
        max_versions: Some(1),
        ..Default::default()
    };
    let resp = pb::GetRowResponse::decode(
        svc.dispatch_at("GetRow", &req.encode_to_vec(), T0)
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    let row = plainbuffer::decode_rows(&resp.row)
        .unwrap()
        .into_iter()
        .next()
        .map(|r| r.into_row().unwrap());
    (row, resp.consumed.capacity_unit)
}

pub(super) fn error_code(row: &pb::RowInBatchWriteRowResponse) -> &str {
    row.error.as_ref().map_or("", |e| e.code.as_str())
}
