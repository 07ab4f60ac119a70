//! Search: a query over a search index, answered with rows read back from the table.
//!
//! The engine finds the matching keys; the rows are then taken from the table under its read
//! lock (rows expired by TTL are left out), sorted (by the request's sort, else the index's
//! presort), collapsed, paged by offset or token, and projected to the requested columns.
//! Aggregations and group-bys are refused as not supported yet.

use super::clock::Clock;
use super::convert::decode;
use crate::error::{ServiceError, ServiceResult};
use crate::search::engine::IndexEngine;
use crate::search::translate::translate;
use crate::search::SearchIndexes;
use crate::storage::{Key, Storage, StoredRow};
use ots_proto::model::{Column, PrimaryKey, PrimaryKeyColumn, Row, Value};
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use prost::Message;
use std::cmp::Ordering;
use std::sync::Arc;

/// Rows per page when the request names no limit.
const DEFAULT_LIMIT: usize = 10;
/// Most rows of one page.
const MAX_LIMIT: usize = 100;
/// Deepest offset + limit; further pages need the token.
const MAX_OFFSET_AND_LIMIT: usize = 100_000;
/// What a next token starts with (the rest is the position of the next row).
const TOKEN_TAG: &[u8] = b"ots-local:search:1:";

struct Hit {
    key: Key,
    row: Arc<StoredRow>,
}

pub fn search(
    storage: &dyn Storage,
    search: &SearchIndexes,
    body: &[u8],
    clock: Clock,
) -> ServiceResult<Vec<u8>> {
    let req: spb::SearchRequest = decode(body)?;
    let table_name = req.table_name.clone().unwrap_or_default();
    let index_name = req.index_name.clone().unwrap_or_default();
    let table = storage.table(&table_name)?;
    let (engine, index_sort) = {
        let registry = search.lock();
        let meta = registry
            .get(&table_name, &index_name)
            .ok_or_else(|| ServiceError::search_index_not_found(&table_name, &index_name))?;
        let engine = meta
            .engine
            .clone()
            .ok_or_else(|| ServiceError::search_index_not_found(&table_name, &index_name))?;
        (engine, meta.schema.index_sort.clone().unwrap_or_default())
    };
    let sq = spb::SearchQuery::decode(req.search_query.as_deref().unwrap_or_default())
        .map_err(|_| ServiceError::param("The search_query cannot be parsed."))?;
    if sq.aggs.as_ref().is_some_and(|a| !a.aggs.is_empty())
        || sq.group_bys.as_ref().is_some_and(|g| !g.group_bys.is_empty())
    {
        return Err(ServiceError::unsupported_feature(
            "Aggregations and group-bys are not supported by ots-local yet.",
        ));
    }
    let (start, limit) = page_bounds(&sq)?;
    let query = sq
        .query
        .as_ref()
        .ok_or_else(|| ServiceError::param("The search query is required."))?;
    let query = translate(&engine, query)?;
    let keys = engine.matching_keys(query.as_ref())?;

    // The rows as they are now, live ones only.
    let (mut hits, key_names) = {
        let state = table.read();
        let floor = StoredRow::ttl_floor(clock.now_ms(), state.schema.options.time_to_live);
        let names: Vec<String> = state.schema.primary_key.iter().map(|c| c.name.clone()).collect();
        let hits: Vec<Hit> = keys
            .into_iter()
            .filter_map(|key| {
                let row = state.data.get(&key).filter(|r| r.is_alive(floor)).cloned()?;
                Some(Hit { key, row })
            })
            .collect();
        (hits, names)
    };
    let sort = sq
        .sort
        .clone()
        .filter(|s| !s.sorter.is_empty())
        .unwrap_or(index_sort);
    sort_hits(&mut hits, &sort, &key_names)?;
    if let Some(field) = sq.collapse.as_ref().and_then(|c| c.field_name.clone()) {
        collapse(&mut hits, &field);
    }
    let total = hits.len();
    let end = start.saturating_add(limit).min(total);
    let columns = req.columns_to_get.unwrap_or_default();
    let rows: Vec<Vec<u8>> = hits
        .get(start.min(total)..end)
        .unwrap_or_default()
        .iter()
        .map(|h| plainbuffer::encode_put_row(&project(h, &key_names, &columns, &engine)))
        .collect();
    let next_token = (end < total).then(|| [TOKEN_TAG, &(end as u64).to_be_bytes()].concat());
    let resp = spb::SearchResponse {
        total_hits: Some(if sq.get_total_count == Some(true) {
            total as i64
        } else {
            -1
        }),
        search_hits: rows
            .iter()
            .map(|_| spb::SearchHit {
                score: Some(0.0),
                nested_doc_offset: None,
            })
            .collect(),
        rows,
        is_all_succeed: Some(true),
        next_token,
        aggs: None,
        group_bys: None,
    };
    Ok(resp.encode_to_vec())
}

/// Where the page starts and how many rows it holds, from the offset or the token.
fn page_bounds(sq: &spb::SearchQuery) -> ServiceResult<(usize, usize)> {
    let limit = match sq.limit {
        None => DEFAULT_LIMIT,
        Some(l) if (0..=MAX_LIMIT as i32).contains(&l) => l as usize,
        Some(l) => {
            return Err(ServiceError::param(format!(
                "The limit [{l}] must be between 0 and {MAX_LIMIT}."
            )))
        }
    };
    let start = match sq.token.as_deref().filter(|t| !t.is_empty()) {
        Some(token) => {
            if sq.offset.is_some_and(|o| o > 0) {
                return Err(ServiceError::param(
                    "A search with a token cannot also have an offset.",
                ));
            }
            let position = token
                .strip_prefix(TOKEN_TAG)
                .and_then(|p| <[u8; 8]>::try_from(p).ok())
                .ok_or_else(|| ServiceError::param("Invalid search token."))?;
            usize::try_from(u64::from_be_bytes(position)).unwrap_or(usize::MAX)
        }
        None => {
            let offset = sq.offset.unwrap_or(0);
            if offset < 0 {
                return Err(ServiceError::param(format!(
                    "The offset [{offset}] must not be negative."
                )));
            }
            let offset = offset as usize;
            if offset + limit > MAX_OFFSET_AND_LIMIT {
                return Err(ServiceError::param(format!(
                    "The offset + limit [{}] must not exceed {MAX_OFFSET_AND_LIMIT}; use the token to page further.",
                    offset + limit
                )));
            }
            offset
        }
    };
    Ok((start, limit))
}

/// A sortable view of a stored value (a JSON array's values by the sort mode).
fn sort_value(row: &StoredRow, field: &str, mode: Option<i32>) -> Option<Value> {
    let (_, v) = row.cells.get(field)?.first()?;
    let Value::String(text) = v else {
        return Some(v.clone());
    };
    // Arrays are JSON strings: sort by their smallest (or largest) element.
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(items)) => {
            let mut values: Vec<Value> = items
                .into_iter()
                .filter_map(|i| match i {
                    serde_json::Value::String(s) => Some(Value::String(s)),
                    serde_json::Value::Number(n) => {
                        n.as_i64().map(Value::Integer).or(n.as_f64().map(Value::Double))
                    }
                    serde_json::Value::Bool(b) => Some(Value::Boolean(b)),
                    _ => None,
                })
                .collect();
            values.sort_by(compare_values);
            if mode == Some(spb::SortMode::Max as i32) {
                values.pop()
            } else {
                values.into_iter().next()
            }
        }
        _ => Some(v.clone()),
    }
}

fn compare_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x.cmp(y),
        (Value::Double(x), Value::Double(y)) => x.total_cmp(y),
        (Value::Integer(x), Value::Double(y)) => (*x as f64).total_cmp(y),
        (Value::Double(x), Value::Integer(y)) => x.total_cmp(&(*y as f64)),
        (Value::String(x), Value::String(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Boolean(x), Value::Boolean(y)) => x.cmp(y),
        (Value::Binary(x), Value::Binary(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

fn sort_hits(hits: &mut [Hit], sort: &spb::Sort, _key_names: &[String]) -> ServiceResult<()> {
    for s in &sort.sorter {
        if s.geo_distance_sort.is_some() {
            return Err(ServiceError::unsupported_feature(
                "Sorting by geo distance is not supported by ots-local yet.",
            ));
        }
    }
    let desc = |order: Option<i32>| order == Some(spb::SortOrder::Desc as i32);
    hits.sort_by(|a, b| {
        for s in &sort.sorter {
            let ord = if let Some(f) = &s.field_sort {
                let name = f.field_name.as_deref().unwrap_or_default();
                let (x, y) = (sort_value(&a.row, name, f.mode), sort_value(&b.row, name, f.mode));
                // Rows without the field come last, whatever the order.
                let ord = match (&x, &y) {
                    (Some(x), Some(y)) => compare_values(x, y),
                    (Some(_), None) => return Ordering::Less,
                    (None, Some(_)) => return Ordering::Greater,
                    (None, None) => Ordering::Equal,
                };
                if desc(f.order) {
                    ord.reverse()
                } else {
                    ord
                }
            } else if let Some(p) = &s.pk_sort {
                let ord = a.key.cmp(&b.key);
                if desc(p.order) {
                    ord.reverse()
                } else {
                    ord
                }
            } else {
                // Score and doc sorts: every row scores alike here (scores are not computed yet).
                Ordering::Equal
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        a.key.cmp(&b.key)
    });
    Ok(())
}

/// Keeps the first row of each value of `field` (rows without it are kept).
fn collapse(hits: &mut Vec<Hit>, field: &str) {
    let mut seen: Vec<Value> = Vec::new();
    hits.retain(|h| match h.row.cells.get(field).and_then(|v| v.first()) {
        Some((_, v)) if seen.iter().any(|s| s == v) => false,
        Some((_, v)) => {
            seen.push(v.clone());
            true
        }
        None => true,
    });
}

/// The row as the request's columns-to-get asks for it: the key alone (the default), every
/// column, the named ones, or the index's fields.
fn project(hit: &Hit, key_names: &[String], columns: &spb::ColumnsToGet, engine: &IndexEngine) -> Row {
    let primary_key = PrimaryKey {
        columns: key_names
            .iter()
            .zip(&hit.key)
            .map(|(name, value)| PrimaryKeyColumn {
                name: name.clone(),
                value: value.clone(),
            })
            .collect(),
    };
    let wanted = |name: &str| match columns.return_type.map(spb::ColumnReturnType::try_from) {
        Some(Ok(spb::ColumnReturnType::ReturnAll)) => true,
        Some(Ok(spb::ColumnReturnType::ReturnSpecified)) => columns.column_names.iter().any(|c| c == name),
        Some(Ok(spb::ColumnReturnType::ReturnAllFromIndex)) => engine.field(name).is_some(),
        _ => false,
    };
    let columns = hit
        .row
        .cells
        .iter()
        .filter(|(name, _)| wanted(name))
        .filter_map(|(name, versions)| {
            versions.first().map(|(ts, v)| Column {
                name: name.clone(),
                value: v.clone(),
                timestamp: Some(*ts),
            })
        })
        .collect();
    Row { primary_key, columns }
}
