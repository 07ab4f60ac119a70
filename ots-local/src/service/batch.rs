//! BatchGetRow and BatchWriteRow: whole-request checks fail the call, per-row problems come
//! back as row errors inside a successful response.

use super::convert::{self, decode};
use super::row::{encode_row, read_row, reject_transaction, return_spec, write_op};
use super::validate;
use super::write;
use super::{consumed, pb_error, read_cu, Service};
use crate::error::{ServiceError, ServiceResult};
use ots_proto::pb::table_store as pb;
use prost::Message;
use std::collections::HashSet;

const MAX_BATCH_GET_ROWS: usize = 100;
const MAX_BATCH_WRITE_ROWS: usize = 200;

fn check_tables<'a>(
    names: impl Iterator<Item = (&'a str, usize)>,
    empty_msg: &str,
    limit: usize,
) -> ServiceResult<()> {
    let mut total = 0;
    let mut seen = HashSet::new();
    for (name, rows) in names {
        validate::table_name(name)?;
        if !seen.insert(name) {
            return Err(ServiceError::param(format!(
                "The table '{name}' appears more than once in the request."
            )));
        }
        if rows == 0 {
            return Err(ServiceError::param(format!(
                "No operation is specified for table: '{name}'."
            )));
        }
        total += rows;
    }
    if total == 0 {
        return Err(ServiceError::param(empty_msg));
    }
    if total > limit {
        return Err(ServiceError::param(format!(
            "Rows count exceeds the upper limit: {limit}."
        )));
    }
    Ok(())
}

pub fn get(svc: &Service, body: &[u8], now_ms: i64) -> ServiceResult<Vec<u8>> {
    let req: pb::BatchGetRowRequest = decode(body)?;
    check_tables(
        req.tables
            .iter()
            .map(|t| (t.table_name.as_str(), t.primary_key.len())),
        "No row specified in the request of BatchGetRow.",
        MAX_BATCH_GET_ROWS,
    )?;
    let mut tables = Vec::with_capacity(req.tables.len());
    for t in &req.tables {
        let projection = convert::projection(
            &t.columns_to_get,
            t.max_versions,
            t.time_range.as_ref(),
            t.start_column.as_ref(),
            t.end_column.as_ref(),
        )?;
        let filter = t.filter.as_deref().map(convert::filter).transpose()?;
        let table = svc.storage().table(&t.table_name)?;
        let state = table.read();
        let mut seen = HashSet::new();
        let rows = t
            .primary_key
            .iter()
            .map(|bytes| {
                let result = convert::primary_key(bytes).and_then(|pk| {
                    if !seen.insert(pk.clone()) {
                        return Err(ServiceError::invalid_pk("Duplicated primary key in the batch."));
                    }
                    read_row(&state, &pk, &projection, filter.as_ref(), now_ms)
                });
                match result {
                    Ok(row) => {
                        let bytes = encode_row(row.as_ref());
                        pb::RowInBatchGetRowResponse {
                            is_ok: true,
                            error: None,
                            consumed: Some(consumed(read_cu(bytes.len()), 0)),
                            row: Some(bytes),
                            next_token: None,
                        }
                    }
                    Err(e) => pb::RowInBatchGetRowResponse {
                        is_ok: false,
                        error: Some(pb_error(&e)),
                        consumed: None,
                        row: None,
                        next_token: None,
                    },
                }
            })
            .collect();
        tables.push(pb::TableInBatchGetRowResponse {
            table_name: t.table_name.clone(),
            rows,
        });
    }
    Ok(pb::BatchGetRowResponse { tables }.encode_to_vec())
}

pub fn write(svc: &Service, body: &[u8], now_ms: i64) -> ServiceResult<Vec<u8>> {
    let req: pb::BatchWriteRowRequest = decode(body)?;
    reject_transaction(req.transaction_id.as_ref())?;
    check_tables(
        req.tables.iter().map(|t| (t.table_name.as_str(), t.rows.len())),
        "No row is specified in BatchWriteRow.",
        MAX_BATCH_WRITE_ROWS,
    )?;
    if req.is_atomic == Some(true) {
        return Err(ServiceError::param(
            "Atomic BatchWriteRow is not supported by ots-local.",
        ));
    }
    // Decode and size everything before touching any table.
    let mut total = 0usize;
    let mut decoded = Vec::with_capacity(req.tables.len());
    for t in &req.tables {
        let table = svc.storage().table(&t.table_name)?;
        let mut rows = Vec::with_capacity(t.rows.len());
        let mut keys = HashSet::new();
        for r in &t.rows {
            let kind = pb::OperationType::try_from(r.r#type)
                .map_err(|_| ServiceError::param(format!("Invalid operation type: {}.", r.r#type)))?;
            let prepared = write_op(kind, &r.row_change).and_then(|op| {
                Ok((
                    op,
                    convert::condition(&r.condition)?,
                    return_spec(r.return_content.as_ref()),
                ))
            });
            if let Ok((op, ..)) = &prepared {
                let pk = op.primary_key();
                let has_auto = pk.columns.iter().any(|c| c.value.is_placeholder());
                if !has_auto && !keys.insert(pk.clone()) {
                    return Err(ServiceError::invalid_pk("Duplicated primary key in the batch."));
                }
                total += write::data_size(op);
            }
            rows.push(prepared);
        }
        decoded.push((t.table_name.clone(), table, rows));
    }
    if total > validate::MAX_WRITE_BYTES {
        return Err(ServiceError::param(format!(
            "The total data size of BatchWriteRow request exceeds the limit, limit size: {}, data size: {total}.",
            validate::MAX_WRITE_BYTES
        )));
    }
    let mut tables = Vec::with_capacity(decoded.len());
    for (table_name, table, rows) in decoded {
        let mut state = table.write();
        let rows = rows
            .into_iter()
            .map(|prepared| {
                let result = prepared.and_then(|(op, cond, spec)| {
                    let row = write::apply(&mut state, &op, &cond, &spec, now_ms)?;
                    Ok(row.as_ref().map(ots_proto::plainbuffer::encode_put_row))
                });
                match result {
                    Ok(row) => pb::RowInBatchWriteRowResponse {
                        is_ok: true,
                        error: None,
                        consumed: Some(consumed(0, 1)),
                        row,
                    },
                    Err(e) => pb::RowInBatchWriteRowResponse {
                        is_ok: false,
                        error: Some(pb_error(&e)),
                        consumed: None,
                        row: None,
                    },
                }
            })
            .collect();
        tables.push(pb::TableInBatchWriteRowResponse { table_name, rows });
    }
    Ok(pb::BatchWriteRowResponse { tables }.encode_to_vec())
}
