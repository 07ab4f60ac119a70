//! GetRange: one page of rows between two keys, with the next start key when more remain.

use super::capacity::{capacity_units, consumed};
use super::clock::Clock;
use super::convert::{self, decode};
use super::row::select;
use super::txn::{Transactions, TxnView};
use super::validate::{self, KeyUse};
use crate::error::{ServiceError, ServiceResult};
use crate::query::{Filter, Projection};
use crate::storage::{named_key, Key, Rows, Storage, StoredRow};
use ots_proto::model::{PrimaryKey, Row};
use ots_proto::pb::table_store as pb;
use ots_proto::{plainbuffer, row_matrix};
use prost::Message;
use std::sync::Arc;

/// Most rows one page returns.
pub const MAX_ROWS_PER_PAGE: usize = 5000;
/// Most data one page scans.
pub const MAX_BYTES_PER_PAGE: usize = 4 * 1024 * 1024;

pub fn get_range(
    storage: &dyn Storage,
    txns: &Transactions,
    body: &[u8],
    clock: Clock,
) -> ServiceResult<Vec<u8>> {
    let req: pb::GetRangeRequest = decode(body)?;
    validate::table_name(&req.table_name)?;
    let start_pk = convert::primary_key(&req.inclusive_start_primary_key)?;
    let end_pk = convert::primary_key(&req.exclusive_end_primary_key)?;
    let projection = convert::projection(
        &req.columns_to_get,
        req.max_versions,
        req.time_range.as_ref(),
        req.start_column.as_ref(),
        req.end_column.as_ref(),
    )?;
    if req.max_versions.is_some() && req.time_range.as_ref().is_some_and(|t| t.specific_time.is_some()) {
        return Err(ServiceError::param(
            "max_versions and a specific time cannot be given together in GetRange.",
        ));
    }
    let filter = req.filter.as_deref().map(convert::filter).transpose()?;
    let limit = match req.limit {
        Some(l) if l <= 0 => return Err(ServiceError::param("The limit must be greater than 0.")),
        Some(l) => (l as usize).min(MAX_ROWS_PER_PAGE),
        None => MAX_ROWS_PER_PAGE,
    };
    let backward = match pb::Direction::try_from(req.direction) {
        Ok(pb::Direction::Forward) => false,
        Ok(pb::Direction::Backward) => true,
        Err(_) => {
            return Err(ServiceError::param(format!(
                "Invalid direction: {}.",
                req.direction
            )))
        }
    };
    // Only a row filter can drop rows: without one, the first `limit` live rows fill the page.
    let row_filter = filter.as_ref().filter(|f| f.pagination().is_none());
    let window = Window {
        start_pk: &start_pk,
        end_pk: &end_pk,
        backward,
        rows: if row_filter.is_some() {
            MAX_ROWS_PER_PAGE
        } else {
            limit
        },
    };
    // Inside a transaction the scan sees its pending rows and stays in its partition.
    let scan = match &req.transaction_id {
        None => {
            super::secondary_index::read(storage, &req.table_name, |rows| scan(rows, None, &window, clock))??
        }
        Some(id) => txns.with(storage, id, &req.table_name, clock, |txn| {
            txn.view(|view| scan(view.state.rows(), Some(view), &window, clock))
        })?,
    };
    // Projection, filter and encoding run without the table lock.
    let key_names = scan.names.clone();
    let page = build_page(scan, &projection, filter.as_ref(), limit);
    // The client may ask for the row matrix format (one value per column, no versions).
    let (bytes, block) = if req.data_block_type_hint == Some(pb::DataBlockType::DbtSimpleRowMatrix as i32) {
        let bytes = row_matrix::encode_rows(&page.rows, &key_names)
            .map_err(|e| ServiceError::internal(format!("Cannot encode the row matrix: {e}.")))?;
        (bytes, pb::DataBlockType::DbtSimpleRowMatrix)
    } else {
        (
            plainbuffer::encode_rows(&page.rows),
            pb::DataBlockType::DbtPlainBuffer,
        )
    };
    let resp = pb::GetRangeResponse {
        consumed: consumed(capacity_units(page.scanned_bytes), 0),
        rows: bytes,
        next_start_primary_key: page.next_start.as_ref().map(plainbuffer::encode_primary_key),
        next_token: None,
        data_block_type: Some(block as i32),
        compress_type: None,
    };
    Ok(resp.encode_to_vec())
}

/// What to take from the table.
struct Window<'a> {
    start_pk: &'a PrimaryKey,
    end_pk: &'a PrimaryKey,
    backward: bool,
    /// Most live rows to take.
    rows: usize,
}

/// Live rows taken under the read lock, in scan order, with their stored sizes.
struct Scan {
    names: Vec<String>,
    rows: Vec<(Key, Arc<StoredRow>, usize)>,
    /// The first live row after the taken ones, when the scan stopped before the end.
    next: Option<Key>,
    floor: i64,
}

/// Takes the live rows of one page (at most `window.rows` rows, 5000 rows or 4 MB) of a table
/// or a secondary index under the table's read lock, as a transaction sees them when `txn` is given.
fn scan(
    table: Rows<'_>,
    txn: Option<&TxnView<'_>>,
    window: &Window<'_>,
    clock: Clock,
) -> ServiceResult<Scan> {
    let schema = table.schema;
    let start = validate::primary_key(schema, window.start_pk, KeyUse::RangeBound)?;
    let end = validate::primary_key(schema, window.end_pk, KeyUse::RangeBound)?;
    if !window.backward && start >= end {
        return Err(ServiceError::param("Begin key must less than end key in FORWARD"));
    }
    if window.backward && start <= end {
        return Err(ServiceError::param(
            "Begin key must more than end key in BACKWARD",
        ));
    }
    let floor = StoredRow::ttl_floor(clock.now_ms(), schema.options.time_to_live);
    let iter: Box<dyn Iterator<Item = _>> = match txn {
        Some(view) => {
            view.check_partition(start.first())?;
            view.check_partition(end.first())?;
            view.range(&start, &end, window.backward)
        }
        None if window.backward => Box::new(table.data.backward(&start, &end)),
        None => Box::new(table.data.forward(&start, &end)),
    };
    let key_names_len: usize = schema.primary_key.iter().map(|c| c.name.len()).sum();
    let mut rows = Vec::new();
    let mut scanned_bytes = 0usize;
    let mut next = None;
    for (key, stored) in iter.filter(|(_, r)| r.is_alive(floor)) {
        if rows.len() >= window.rows.min(MAX_ROWS_PER_PAGE) || scanned_bytes >= MAX_BYTES_PER_PAGE {
            next = Some(key.clone());
            break;
        }
        // As capacity is counted: key names and values, then every version's name and value.
        let size = key_names_len + key.iter().map(|v| v.data_size()).sum::<usize>() + stored.cells_size();
        scanned_bytes += size;
        rows.push((key.clone(), Arc::clone(stored), size));
    }
    Ok(Scan {
        names: schema.primary_key.iter().map(|c| c.name.clone()).collect(),
        rows,
        next,
        floor,
    })
}

/// One page of a GetRange answer.
struct Page {
    rows: Vec<Row>,
    next_start: Option<PrimaryKey>,
    scanned_bytes: usize,
}

/// Projects and filters the scanned rows until `limit` rows pass.
fn build_page(scan: Scan, projection: &Projection, filter: Option<&Filter>, limit: usize) -> Page {
    let to_pk = |key: &[ots_proto::model::PrimaryKeyValue]| named_key(&scan.names, key);
    let mut rows = Vec::new();
    let mut scanned_bytes = 0;
    let mut taken = scan.rows.into_iter();
    let mut next_start = None;
    for (key, stored, size) in taken.by_ref() {
        if rows.len() >= limit {
            next_start = Some(to_pk(&key));
            break;
        }
        scanned_bytes += size;
        if let Some(row) = select(&stored, to_pk(&key), projection, filter, scan.floor) {
            rows.push(row);
        }
    }
    if next_start.is_none() {
        next_start = scan.next.as_deref().map(to_pk);
    }
    Page {
        rows,
        next_start,
        scanned_bytes,
    }
}
