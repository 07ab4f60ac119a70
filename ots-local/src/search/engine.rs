//! The engine behind one search index: a tantivy index in memory that follows the table's rows.
//!
//! Each row is one document: its primary key (to find the row again and to replace the document
//! when the row changes), the values of the index's fields, and the names of the fields it has
//! (for exists queries). The index is kept in step under the table's write lock (see
//! [`crate::storage::RowObserver`]); documents become searchable at the next search, which
//! commits pending changes first, so a search sent after a write's answer sees the write.
//! Results are read back from the table, so rows expired by TTL are left out.

use crate::error::{ServiceError, ServiceResult};
use crate::storage::{Key, RowObserver, StoredRow};
use ots_proto::model::{PrimaryKey, PrimaryKeyColumn, PrimaryKeyValue, Value};
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use tantivy::collector::DocSetCollector;
use tantivy::query::Query as TantivyQuery;
use tantivy::schema::{
    Field, NumericOptions, Schema, TantivyDocument, Value as _, INDEXED, STORED, STRING, TEXT,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

/// How a field's values are indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Exact strings.
    Keyword,
    /// Analyzed text.
    Text,
    /// Integers.
    Long,
    /// Floats.
    Double,
    /// Booleans.
    Boolean,
    /// Integer timestamps.
    Date,
    /// Kept in the schema but not searchable yet (geo points, nested, vectors).
    Unsearchable,
}

/// One indexed field.
#[derive(Debug, Clone, Copy)]
pub struct IndexField {
    /// The tantivy field.
    pub field: Field,
    /// How its values are indexed.
    pub kind: FieldKind,
    /// The column holds a JSON array of values.
    pub is_array: bool,
    /// Queries may match it (`index`).
    pub indexed: bool,
    /// It can be sorted on and collapsed by (`enable_sort_and_agg`).
    pub sortable: bool,
}

/// A search index's tantivy index.
pub struct IndexEngine {
    fields: HashMap<String, IndexField>,
    /// Virtual fields: the column each takes its values from.
    sources: HashMap<String, String>,
    pk_field: Field,
    present_field: Field,
    key_names: Vec<String>,
    index: Index,
    writer: Mutex<IndexWriter>,
    reader: IndexReader,
    dirty: AtomicBool,
}

impl std::fmt::Debug for IndexEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexEngine")
            .field("fields", &self.fields.keys())
            .finish()
    }
}

fn kind_of(f: &spb::FieldSchema) -> FieldKind {
    match f.field_type.map(spb::FieldType::try_from) {
        Some(Ok(spb::FieldType::Keyword)) => FieldKind::Keyword,
        Some(Ok(spb::FieldType::Text)) => FieldKind::Text,
        Some(Ok(spb::FieldType::Long)) => FieldKind::Long,
        Some(Ok(spb::FieldType::Double)) => FieldKind::Double,
        Some(Ok(spb::FieldType::Boolean)) => FieldKind::Boolean,
        Some(Ok(spb::FieldType::Date)) => FieldKind::Date,
        _ => FieldKind::Unsearchable,
    }
}

fn engine_error(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::internal(format!("search engine: {e}"))
}

impl IndexEngine {
    /// An empty engine for `schema` on a table whose key columns are `key_names`.
    ///
    /// # Errors
    /// An internal error when the engine cannot start.
    pub fn new(schema: &spb::IndexSchema, key_names: Vec<String>) -> ServiceResult<Self> {
        let mut builder = Schema::builder();
        let pk_field = builder.add_bytes_field("\u{0}pk", INDEXED | STORED);
        let present_field = builder.add_text_field("\u{0}present", STRING);
        let numeric = NumericOptions::default().set_indexed();
        let mut fields = HashMap::new();
        let mut sources = HashMap::new();
        for f in &schema.field_schemas {
            let name = f.field_name.clone().unwrap_or_default();
            if f.is_virtual_field == Some(true) {
                if let Some(source) = f.source_field_names.first() {
                    sources.insert(name.clone(), source.clone());
                }
            }
            let kind = kind_of(f);
            let field = match kind {
                FieldKind::Keyword => builder.add_text_field(&name, STRING),
                FieldKind::Text => builder.add_text_field(&name, TEXT),
                FieldKind::Long | FieldKind::Date => builder.add_i64_field(&name, numeric.clone()),
                FieldKind::Double => builder.add_f64_field(&name, numeric.clone()),
                FieldKind::Boolean => builder.add_bool_field(&name, numeric.clone()),
                FieldKind::Unsearchable => builder.add_text_field(&name, STRING),
            };
            let is_array = f.is_array == Some(true);
            fields.insert(
                name,
                IndexField {
                    field,
                    kind,
                    is_array,
                    indexed: f.index != Some(false),
                    sortable: f.enable_sort_and_agg == Some(true),
                },
            );
        }
        let index = Index::create_in_ram(builder.build());
        let writer = index
            .writer_with_num_threads(1, 15_000_000)
            .map_err(engine_error)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(engine_error)?;
        Ok(Self {
            fields,
            sources,
            pk_field,
            present_field,
            key_names,
            index,
            writer: Mutex::new(writer),
            reader,
            dirty: AtomicBool::new(false),
        })
    }

    /// The indexed field `name`.
    pub fn field(&self, name: &str) -> Option<IndexField> {
        self.fields.get(name).copied()
    }

    /// The field that lists which fields a document has.
    pub fn present_field(&self) -> Field {
        self.present_field
    }

    /// The tantivy index (for tokenizers).
    pub fn index(&self) -> &Index {
        &self.index
    }

    fn key_bytes(&self, key: &Key) -> Vec<u8> {
        let pk = PrimaryKey {
            columns: self
                .key_names
                .iter()
                .zip(key)
                .map(|(name, value)| PrimaryKeyColumn {
                    name: name.clone(),
                    value: value.clone(),
                })
                .collect(),
        };
        plainbuffer::encode_primary_key(&pk)
    }

    fn document(&self, pk: &[u8], key: &Key, row: &StoredRow) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_bytes(self.pk_field, pk);
        for (name, f) in &self.fields {
            // A virtual field indexes its source column (as its own type); a key column can be
            // an index field too.
            let column = self.sources.get(name).unwrap_or(name);
            let value = match self.key_names.iter().position(|k| k == column) {
                Some(i) => match key.get(i).and_then(key_value) {
                    Some(v) => v,
                    None => continue,
                },
                None => match row.cells.get(column).and_then(|v| v.first()) {
                    Some((_, v)) => v.clone(),
                    None => continue,
                },
            };
            let value = &value;
            let values = if f.is_array {
                array_values(value, f.kind)
            } else {
                vec![value.clone()]
            };
            let mut added = false;
            for v in values {
                added |= add_value(&mut doc, f, &v);
            }
            if added {
                doc.add_text(self.present_field, name);
            }
        }
        doc
    }

    /// Every row `query` matches, as table keys (unordered).
    ///
    /// # Errors
    /// An internal error when the engine fails.
    pub fn matching_keys(&self, query: &dyn TantivyQuery) -> ServiceResult<Vec<Key>> {
        self.refresh()?;
        let searcher = self.reader.searcher();
        let docs = searcher.search(query, &DocSetCollector).map_err(engine_error)?;
        let mut keys = Vec::with_capacity(docs.len());
        for address in docs {
            let doc: TantivyDocument = searcher.doc(address).map_err(engine_error)?;
            let Some(bytes) = doc.get_first(self.pk_field).and_then(|v| v.as_bytes()) else {
                continue;
            };
            let row = plainbuffer::decode_single_row(bytes).map_err(engine_error)?;
            keys.push(row.primary_key.columns.into_iter().map(|c| c.value).collect());
        }
        Ok(keys)
    }

    /// Commits pending changes, so the next search sees every write answered so far.
    fn refresh(&self) -> ServiceResult<()> {
        // Under the writer's lock: a search that finds nothing pending must not overtake one
        // that is still committing what it took.
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if self.dirty.swap(false, Ordering::AcqRel) {
            let committed = writer.commit().map(|_| ()).and_then(|()| self.reader.reload());
            if let Err(e) = committed {
                self.dirty.store(true, Ordering::Release);
                return Err(engine_error(e));
            }
        }
        Ok(())
    }
}

impl RowObserver for IndexEngine {
    fn row_changed(&self, key: &Key, row: Option<&StoredRow>) {
        let pk = self.key_bytes(key);
        let writer = self
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        writer.delete_term(Term::from_field_bytes(self.pk_field, &pk));
        if let Some(row) = row {
            if let Err(e) = writer.add_document(self.document(&pk, key, row)) {
                tracing::error!(error = %e, "search index could not take a row");
            }
        }
        self.dirty.store(true, Ordering::Release);
    }
}

/// A key column's value as an attribute value (placeholders have none).
pub fn key_value(v: &PrimaryKeyValue) -> Option<Value> {
    match v {
        PrimaryKeyValue::Integer(i) => Some(Value::Integer(*i)),
        PrimaryKeyValue::String(s) => Some(Value::String(s.clone())),
        PrimaryKeyValue::Binary(b) => Some(Value::Binary(b.clone())),
        _ => None,
    }
}

/// The values of a JSON array column (`["a","b"]`, `[1,2]`), as the field's kind reads them.
pub fn array_values(value: &Value, kind: FieldKind) -> Vec<Value> {
    let Value::String(text) = value else {
        return Vec::new();
    };
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    items
        .into_iter()
        .filter_map(|item| match (kind, item) {
            (FieldKind::Keyword | FieldKind::Text, serde_json::Value::String(s)) => Some(Value::String(s)),
            (FieldKind::Long | FieldKind::Date, serde_json::Value::Number(n)) => {
                n.as_i64().map(Value::Integer)
            }
            (FieldKind::Double, serde_json::Value::Number(n)) => n.as_f64().map(Value::Double),
            (FieldKind::Boolean, serde_json::Value::Bool(b)) => Some(Value::Boolean(b)),
            _ => None,
        })
        .collect()
}

/// Adds one value to the document when it fits the field; a value of another type is left out
/// of the index, as the service leaves it unindexed.
fn add_value(doc: &mut TantivyDocument, f: &IndexField, value: &Value) -> bool {
    match (f.kind, value) {
        // A virtual keyword or text field over a number indexes its text.
        (FieldKind::Keyword | FieldKind::Text, Value::Integer(i)) => doc.add_text(f.field, i.to_string()),
        (FieldKind::Keyword | FieldKind::Text, Value::Double(d)) => doc.add_text(f.field, d.to_string()),
        (FieldKind::Keyword | FieldKind::Text, Value::String(s)) => doc.add_text(f.field, s),
        (FieldKind::Long | FieldKind::Date, Value::Integer(i)) => doc.add_i64(f.field, *i),
        (FieldKind::Double, Value::Double(d)) => doc.add_f64(f.field, *d),
        (FieldKind::Double, Value::Integer(i)) => doc.add_f64(f.field, *i as f64),
        (FieldKind::Boolean, Value::Boolean(b)) => doc.add_bool(f.field, *b),
        _ => return false,
    }
    true
}
