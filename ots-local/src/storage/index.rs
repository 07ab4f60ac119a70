//! Secondary indexes: tables of rows keyed by chosen columns of a main table, kept in step with
//! it. Each index's rows live beside the main table's rows, under the same lock, so a write
//! changes the row and its index rows in one step.

use super::rows::{Key, StoredRow, TableData};
use super::schema::{DefinedColumnType, PkColumn, PrimaryKeyType, TableSchema};
use ots_proto::model::{PrimaryKeyValue, Value};

/// Whether an index is local (same partition key as the main table, updated with the row) or
/// global (any columns; the service updates it asynchronously, ots-local with the row too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// Updated asynchronously by the service.
    Global,
    /// Updated synchronously; shares the main table's partition key.
    Local,
}

/// What a secondary index is made of, as CreateIndex gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexSchema {
    /// Index name, which is also the name its rows are read by.
    pub name: String,
    /// The index's primary key as given: main key columns or defined columns.
    pub primary_key: Vec<String>,
    /// Defined columns the index rows carry.
    pub defined_columns: Vec<String>,
    /// Global or local.
    pub kind: IndexKind,
}

impl IndexSchema {
    /// Whether the index holds the column `name` (in its key or as a defined column).
    pub fn uses(&self, name: &str) -> bool {
        self.primary_key
            .iter()
            .chain(&self.defined_columns)
            .any(|n| n == name)
    }
}

/// Where an index key column's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// The main row's key column at this position.
    Key(usize),
    /// The newest version of this defined column.
    Column(String),
}

/// One secondary index: its table schema and its rows.
#[derive(Debug)]
pub struct IndexTable {
    /// The index as a table: its full primary key (the given columns, then the main table's key
    /// columns it lacks) and its defined columns.
    pub schema: TableSchema,
    /// The index rows.
    pub data: TableData,
    sources: Vec<Source>,
}

impl IndexTable {
    /// An empty index of `main` described by `index`, whose columns have been checked against
    /// `main`'s schema (a key column is a main key column or a defined column of a key type).
    pub fn new(main: &TableSchema, index: &IndexSchema) -> Self {
        let mut sources = Vec::new();
        let mut primary_key = Vec::new();
        let key_names = index.primary_key.iter().chain(
            main.primary_key
                .iter()
                .map(|c| &c.name)
                .filter(|n| !index.primary_key.contains(n)),
        );
        for name in key_names {
            let (source, ty) = match main.primary_key.iter().position(|c| &c.name == name) {
                Some(i) => (Source::Key(i), main.primary_key[i].ty),
                None => {
                    let ty = main
                        .defined_columns
                        .iter()
                        .find(|(n, _)| n == name)
                        .and_then(|(_, t)| key_type(*t))
                        .unwrap_or(PrimaryKeyType::String);
                    (Source::Column(name.clone()), ty)
                }
            };
            sources.push(source);
            primary_key.push(PkColumn {
                name: name.clone(),
                ty,
                auto_increment: false,
            });
        }
        let defined_columns = index
            .defined_columns
            .iter()
            .filter_map(|n| main.defined_columns.iter().find(|(d, _)| d == n).cloned())
            .collect();
        let schema = TableSchema {
            name: index.name.clone(),
            primary_key,
            defined_columns,
            options: main.options,
            reserved: (0, 0),
            throughput_changed: main.throughput_changed,
            stream: None,
            created_at_micros: main.created_at_micros,
            local_txn: false,
            indexes: Vec::new(),
        };
        Self {
            schema,
            data: TableData::default(),
            sources,
        }
    }

    /// The index key of the main row at `key`, and the oldest version it depends on; `None`
    /// when the row lacks a column of the index key or holds a value of another type than the
    /// index key column's (written before the index existed).
    fn index_key(&self, key: &Key, row: &StoredRow) -> Option<(Key, i64)> {
        let mut index_key = Vec::with_capacity(self.sources.len());
        let mut key_version: Option<i64> = None;
        for (source, column) in self.sources.iter().zip(&self.schema.primary_key) {
            match source {
                Source::Key(i) => index_key.push(key.get(*i)?.clone()),
                Source::Column(name) => {
                    let (ts, value) = row.cells.get(name)?.first()?;
                    index_key.push(key_value(value, column.ty)?);
                    key_version = Some(key_version.map_or(*ts, |v| v.min(*ts)));
                }
            }
        }
        let key_version = key_version.unwrap_or_else(|| row.newest_version().unwrap_or(row.written_at));
        Some((index_key, key_version))
    }

    /// The index row of the main row at `key`, or `None` when the row is not in the index (see
    /// [`IndexTable::index_key`]). The row lives as long as the oldest version its key depends
    /// on.
    pub fn entry(&self, key: &Key, row: &StoredRow) -> Option<(Key, StoredRow)> {
        let (index_key, key_version) = self.index_key(key, row)?;
        let mut index_row = StoredRow {
            written_at: row.written_at,
            key_version: Some(key_version),
            ..StoredRow::default()
        };
        for (name, _) in &self.schema.defined_columns {
            if let Some(versions) = row.cells.get(name) {
                index_row.cells.insert(name.clone(), versions.clone());
            }
        }
        Some((index_key, index_row))
    }

    /// Follows a change of the main row at `key` from `old` to `new`: its old index row goes,
    /// its new one comes, so one main row never has two.
    pub fn row_changed(&mut self, key: &Key, old: Option<&StoredRow>, new: Option<&StoredRow>) {
        if let Some((old_key, _)) = old.and_then(|r| self.index_key(key, r)) {
            self.data.remove(&old_key);
        }
        if let Some((new_key, row)) = new.and_then(|r| self.entry(key, r)) {
            self.data.insert(new_key, row);
        }
    }

    /// Follows a change of the main table's options (UpdateTable): the index reads with them.
    pub fn set_options(&mut self, options: super::TableOptions) {
        self.schema.options = options;
    }

    /// Indexes every row of `main` (CreateIndex with the existing data).
    pub fn fill(&mut self, main: &TableData) {
        for (key, row) in main.iter() {
            if let Some((index_key, index_row)) = self.entry(key, row) {
                self.data.insert(index_key, index_row);
            }
        }
    }
}

/// The key type a defined column of type `t` gives an index key column, if it can be one.
pub fn key_type(t: DefinedColumnType) -> Option<PrimaryKeyType> {
    match t {
        DefinedColumnType::Integer => Some(PrimaryKeyType::Integer),
        DefinedColumnType::String => Some(PrimaryKeyType::String),
        DefinedColumnType::Blob => Some(PrimaryKeyType::Binary),
        _ => None,
    }
}

/// `value` as a value of a key column of type `ty`, if it is one.
fn key_value(value: &Value, ty: PrimaryKeyType) -> Option<PrimaryKeyValue> {
    match (value, ty) {
        (Value::Integer(i), PrimaryKeyType::Integer) => Some(PrimaryKeyValue::Integer(*i)),
        (Value::String(s), PrimaryKeyType::String) => Some(PrimaryKeyValue::String(s.clone())),
        (Value::Binary(b), PrimaryKeyType::Binary) => Some(PrimaryKeyValue::Binary(b.clone())),
        _ => None,
    }
}
