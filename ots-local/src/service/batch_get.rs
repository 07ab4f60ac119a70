//! BatchGetRow: up to 100 rows of one or more tables.

use super::batch::{check_tables, duplicate, fails_only_the_row, MAX_BATCH_GET_ROWS};
use super::capacity::{consumed, row_read_cu};
use super::clock::Clock;
use super::convert::{self, decode};
use super::row::{encode_row, read_row, snapshot_rows};
use super::secondary_index::rows_of;
use crate::error::ServiceResult;
use crate::query::{Filter, Projection};
use crate::storage::Storage;
use crate::storage::Table;
use ots_proto::model::PrimaryKey;
use ots_proto::pb::table_store as pb;
use prost::Message;
use std::collections::HashSet;
use std::sync::Arc;

/// One table of a batch read, checked and ready to run.
struct GetPlan {
    name: String,
    table: Arc<Table>,
    /// The secondary index read, when the name is one.
    index: Option<String>,
    keys: Vec<PrimaryKey>,
    projection: Projection,
    filter: Option<Filter>,
}

pub fn run(storage: &dyn Storage, body: &[u8], clock: Clock) -> ServiceResult<Vec<u8>> {
    let req: pb::BatchGetRowRequest = decode(body)?;
    check_tables(
        req.tables
            .iter()
            .map(|t| (t.table_name.as_str(), t.primary_key.len())),
        "No row specified in the request of BatchGetRow.",
        MAX_BATCH_GET_ROWS,
        true,
    )?;
    let mut plans = Vec::with_capacity(req.tables.len());
    for t in &req.tables {
        let projection = convert::projection(
            &t.columns_to_get,
            t.max_versions,
            t.time_range.as_ref(),
            t.start_column.as_ref(),
            t.end_column.as_ref(),
        )?;
        let filter = t.filter.as_deref().map(convert::filter).transpose()?;
        let (table, index) = storage.readable(&t.table_name)?;
        let keys = t
            .primary_key
            .iter()
            .map(|b| convert::primary_key(b))
            .collect::<ServiceResult<Vec<_>>>()?;
        let mut seen = HashSet::new();
        if keys.iter().any(|pk| !seen.insert(pk)) {
            return Err(duplicate());
        }
        plans.push(GetPlan {
            name: t.table_name.clone(),
            table,
            index,
            keys,
            projection,
            filter,
        });
    }
    let mut tables = Vec::with_capacity(plans.len());
    for plan in plans {
        let keys: Vec<&PrimaryKey> = plan.keys.iter().collect();
        // Rows are taken under the lock; projecting, filtering and encoding happen after it.
        let snapshots = {
            let state = plan.table.read();
            snapshot_rows(&rows_of(&state, plan.index.as_deref())?, &keys, clock)
        };
        let mut rows = Vec::with_capacity(snapshots.len());
        for (snapshot, pk) in snapshots.iter().zip(&plan.keys) {
            rows.push(match snapshot {
                Ok(snapshot) => {
                    let row = read_row(snapshot, pk, &plan.projection, plan.filter.as_ref());
                    pb::RowInBatchGetRowResponse {
                        is_ok: true,
                        error: None,
                        consumed: Some(consumed(row_read_cu(row.as_ref()), 0)),
                        row: Some(encode_row(row.as_ref())),
                        next_token: None,
                    }
                }
                Err(e) if fails_only_the_row(e) => pb::RowInBatchGetRowResponse {
                    is_ok: false,
                    error: Some(e.to_pb()),
                    consumed: None,
                    row: None,
                    next_token: None,
                },
                Err(e) => return Err(e.clone()),
            });
        }
        tables.push(pb::TableInBatchGetRowResponse {
            table_name: plan.name,
            rows,
        });
    }
    Ok(pb::BatchGetRowResponse { tables }.encode_to_vec())
}
