//! Choosing which cells of a stored row a read returns.

use crate::storage::StoredRow;
use ots_proto::model::Column;
use std::collections::HashSet;

/// What a read asks for.
#[derive(Debug, Clone, Default)]
pub struct Projection {
    /// Columns to return; empty means all.
    pub columns: HashSet<String>,
    /// Versions per column (newest first).
    pub max_versions: Option<usize>,
    /// Timestamps `[start, end)`.
    pub time_range: Option<(i64, i64)>,
    /// Column range `[start, end)` by name.
    pub start_column: Option<String>,
    /// Exclusive end of the column range.
    pub end_column: Option<String>,
}

/// The cells of `row` that `p` selects, ordered by column name, versions newest first, skipping
/// versions older than `floor` (TTL).
pub fn project(row: &StoredRow, p: &Projection, floor: i64) -> Vec<Column> {
    let mut out = Vec::new();
    for (name, versions) in &row.cells {
        if !p.columns.is_empty() && !p.columns.contains(name) {
            continue;
        }
        if p.start_column.as_ref().is_some_and(|s| name < s)
            || p.end_column.as_ref().is_some_and(|e| name >= e)
        {
            continue;
        }
        let selected = versions
            .iter()
            .filter(|(ts, _)| *ts >= floor)
            .filter(|(ts, _)| p.time_range.is_none_or(|(s, e)| *ts >= s && *ts < e))
            .take(p.max_versions.unwrap_or(usize::MAX));
        out.extend(selected.map(|(ts, v)| Column {
            name: name.clone(),
            value: v.clone(),
            timestamp: Some(*ts),
        }));
    }
    out
}

/// Applies column pagination: skip `offset` columns (all versions of a column count as one),
/// keep `limit`.
pub fn paginate(columns: Vec<Column>, offset: usize, limit: usize) -> Vec<Column> {
    let mut out = Vec::new();
    let mut index = 0usize;
    let mut last: Option<String> = None;
    for c in columns {
        if last.as_deref() != Some(c.name.as_str()) {
            if last.is_some() {
                index += 1;
            }
            last = Some(c.name.clone());
        }
        if index >= offset && index < offset.saturating_add(limit) {
            out.push(c);
        }
    }
    out
}
