//! Rows and multi-version cells.

use ots_proto::model::{PrimaryKey, PrimaryKeyColumn, PrimaryKeyValue, Value};
use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

/// A row key: primary key values in schema order (ordered lexicographically).
pub type Key = Vec<PrimaryKeyValue>;

/// `key` as a primary key whose columns are named `names` (the schema's key columns).
pub fn named_key(names: &[String], key: &[PrimaryKeyValue]) -> PrimaryKey {
    PrimaryKey {
        columns: names
            .iter()
            .zip(key)
            .map(|(name, value)| PrimaryKeyColumn {
                name: name.clone(),
                value: value.clone(),
            })
            .collect(),
    }
}

/// A stored row: each column's versions, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredRow {
    /// Column name -> versions `(timestamp ms, value)`, newest first.
    pub cells: BTreeMap<String, Vec<(i64, Value)>>,
    /// When the row was last written (ms); keeps key-only rows subject to TTL.
    pub written_at: i64,
    /// A secondary index row's: the oldest version its key depends on. Such a row lives as
    /// long as that version, whatever its own cells (see [`super::IndexTable::entry`]).
    pub key_version: Option<i64>,
}

impl StoredRow {
    /// Oldest timestamp still visible under a TTL of `ttl_secs` (-1 = for ever).
    pub fn ttl_floor(now_ms: i64, ttl_secs: i32) -> i64 {
        if ttl_secs < 0 {
            i64::MIN
        } else {
            now_ms.saturating_sub(i64::from(ttl_secs).saturating_mul(1000))
        }
    }

    /// Drops versions older than `floor` and columns left empty.
    pub fn expire(&mut self, floor: i64) {
        if floor == i64::MIN {
            return;
        }
        for versions in self.cells.values_mut() {
            versions.retain(|(ts, _)| *ts >= floor);
        }
        self.cells.retain(|_, v| !v.is_empty());
    }

    /// True when the row is visible at `floor`: it has a live cell, or it is a key-only row
    /// written after `floor`.
    pub fn is_alive(&self, floor: i64) -> bool {
        if let Some(version) = self.key_version {
            return version >= floor;
        }
        if self.cells.is_empty() {
            return self.written_at >= floor;
        }
        self.cells.values().any(|v| v.iter().any(|(ts, _)| *ts >= floor))
    }

    /// The newest version stored in any column of the row.
    pub fn newest_version(&self) -> Option<i64> {
        self.cells
            .values()
            .filter_map(|v| v.first().map(|(ts, _)| *ts))
            .max()
    }

    /// The newest live value of a column.
    pub fn latest(&self, name: &str, floor: i64) -> Option<(i64, &Value)> {
        self.cells
            .get(name)?
            .iter()
            .find(|(ts, _)| *ts >= floor)
            .map(|(ts, v)| (*ts, v))
    }

    /// Writes one version, replacing a version with the same timestamp, keeping `max_versions`.
    pub fn put(&mut self, name: &str, ts: i64, value: Value, max_versions: usize) {
        let versions = self.cells.entry(name.to_owned()).or_default();
        match versions.binary_search_by(|(t, _)| ts.cmp(t)) {
            Ok(i) => versions[i].1 = value,
            Err(i) => versions.insert(i, (ts, value)),
        }
        versions.truncate(max_versions.max(1));
    }

    /// Deletes the version at `ts`, if any.
    pub fn delete_version(&mut self, name: &str, ts: i64) {
        if let Some(versions) = self.cells.get_mut(name) {
            versions.retain(|(t, _)| *t != ts);
            if versions.is_empty() {
                self.cells.remove(name);
            }
        }
    }

    /// Approximate stored size of the row with `key`: key values plus every version's name,
    /// timestamp and value.
    pub fn data_size(&self, key: &[PrimaryKeyValue]) -> usize {
        key.iter().map(PrimaryKeyValue::data_size).sum::<usize>()
            + self
                .cells
                .iter()
                .map(|(n, vs)| vs.iter().map(|(_, v)| n.len() + 8 + v.data_size()).sum::<usize>())
                .sum::<usize>()
    }

    /// The size of every stored version as capacity is counted: column name and value, no
    /// timestamp.
    pub fn cells_size(&self) -> usize {
        self.cells
            .iter()
            .map(|(n, vs)| vs.iter().map(|(_, v)| n.len() + v.data_size()).sum::<usize>())
            .sum()
    }

    /// Deletes every version of a column.
    pub fn delete_all(&mut self, name: &str) {
        self.cells.remove(name);
    }
}

/// The rows of one table, ordered by key, plus the auto-increment high-water mark.
///
/// Rows are shared (`Arc`): a reader takes the rows it needs while holding the table lock and
/// projects, filters and encodes them after letting it go, so a costly read never holds up
/// writers. A write replaces the whole row.
#[derive(Debug, Default)]
pub struct TableData {
    rows: BTreeMap<Key, Arc<StoredRow>>,
    last_auto_increment: i64,
}

impl TableData {
    /// The stored row at `key` (expired cells may still be present; callers filter).
    pub fn get(&self, key: &Key) -> Option<&Arc<StoredRow>> {
        self.rows.get(key)
    }

    /// Replaces or inserts a row.
    pub fn insert(&mut self, key: Key, row: StoredRow) {
        self.rows.insert(key, Arc::new(row));
    }

    /// Puts back a row taken earlier (an undone write).
    pub fn restore(&mut self, key: Key, row: Arc<StoredRow>) {
        self.rows.insert(key, row);
    }

    /// Removes a row.
    pub fn remove(&mut self, key: &Key) -> Option<Arc<StoredRow>> {
        self.rows.remove(key)
    }

    /// Every row in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Arc<StoredRow>)> {
        self.rows.iter()
    }

    /// Rows with `start <= key < end`, ascending.
    pub fn forward<'a>(
        &'a self,
        start: &Key,
        end: &Key,
    ) -> impl Iterator<Item = (&'a Key, &'a Arc<StoredRow>)> + 'a {
        let ok = start < end;
        let range = if ok {
            Some(
                self.rows
                    .range::<Key, _>((Bound::Included(start.clone()), Bound::Excluded(end.clone()))),
            )
        } else {
            None
        };
        range.into_iter().flatten()
    }

    /// Rows with `end < key <= start`, descending.
    pub fn backward<'a>(
        &'a self,
        start: &Key,
        end: &Key,
    ) -> impl Iterator<Item = (&'a Key, &'a Arc<StoredRow>)> + 'a {
        let ok = end < start;
        let range = if ok {
            Some(
                self.rows
                    .range::<Key, _>((Bound::Excluded(end.clone()), Bound::Included(start.clone()))),
            )
        } else {
            None
        };
        range.into_iter().flatten().rev()
    }

    /// Next auto-increment value: strictly greater than every value handed out before, and at
    /// least `now_micros` so that values grow with time like the service's.
    pub fn next_auto_increment(&mut self, now_micros: i64) -> i64 {
        let next = now_micros.max(self.last_auto_increment.saturating_add(1));
        self.last_auto_increment = next;
        next
    }
}
