//! The engine behind one search index: a tantivy index in memory that follows the table's rows.
//!
//! Each row is one document: its primary key (to find the row again and to replace the document
//! when the row changes), the values of the index's fields, and the names of the fields it has
//! (for exists queries). Each nested field has a child engine whose documents are the objects of
//! the column, keyed by their row's key. The index is kept in step under the table's write lock
//! (see [`crate::storage::RowObserver`]); documents become searchable at the next search, which
//! commits pending changes first, so a search sent after a write's answer sees the write.
//! Results are read back from the table, so rows expired by TTL are left out.

mod document;

pub use document::{array_values, fits, key_value};
/// A snapshot of the index that queries run on.
pub use tantivy::Searcher;

use super::analyzer::{Analyzer, AnalyzerTokenizer};
use super::collect::AllScored;
use super::date::DateFormat;
use crate::error::{ServiceError, ServiceResult};
use crate::storage::{named_key, Key, RowObserver, StoredRow};
use document::Source;
use ots_proto::model::Value;
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tantivy::query::Query as TantivyQuery;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Term};

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
    /// Points on the Earth ("lat,lon").
    GeoPoint,
    /// Float vectors of a fixed dimension.
    Vector,
    /// Objects with fields of their own, searched with nested queries.
    Nested,
    /// Kept in the schema but not searchable (JSON fields).
    Unsearchable,
}

/// A vector field's dimension and similarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VectorSpec {
    /// Numbers per vector.
    pub dimension: usize,
    /// How two vectors compare.
    pub metric: spb::VectorMetricType,
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
    /// A vector field's dimension and metric.
    pub vector: Option<VectorSpec>,
    /// Searches may highlight it (`enable_highlighting`).
    pub highlight: bool,
}

/// A search index's tantivy index.
pub struct IndexEngine {
    fields: HashMap<String, IndexField>,
    /// Virtual fields: the column each takes its values from.
    sources: HashMap<String, String>,
    /// DATE fields: their formats.
    date_formats: HashMap<String, Vec<DateFormat>>,
    /// Nested fields: the engine of their objects.
    children: HashMap<String, Arc<IndexEngine>>,
    /// What a child engine's field names start with (`path.`); empty for a table's engine.
    prefix: String,
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
        Some(Ok(spb::FieldType::GeoPoint)) => FieldKind::GeoPoint,
        Some(Ok(spb::FieldType::Vector)) => FieldKind::Vector,
        Some(Ok(spb::FieldType::Nested)) => FieldKind::Nested,
        _ => FieldKind::Unsearchable,
    }
}

fn vector_spec(f: &spb::FieldSchema) -> Option<VectorSpec> {
    let options = f.vector_options.as_ref()?;
    Some(VectorSpec {
        dimension: options.dimension.and_then(|d| usize::try_from(d).ok())?,
        metric: options
            .metric_type
            .and_then(|m| spb::VectorMetricType::try_from(m).ok())
            .unwrap_or(spb::VectorMetricType::VmEuclidean),
    })
}

pub(crate) fn engine_error(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::internal(format!("search engine: {e}"))
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl IndexEngine {
    /// An empty engine for `schema` on a table whose key columns are `key_names`.
    ///
    /// # Errors
    /// An internal error when the engine cannot start.
    pub fn new(schema: &spb::IndexSchema, key_names: Vec<String>) -> ServiceResult<Self> {
        Self::build(&schema.field_schemas, key_names, String::new())
    }

    fn build(schemas: &[spb::FieldSchema], key_names: Vec<String>, prefix: String) -> ServiceResult<Self> {
        let mut builder = Schema::builder();
        let pk_field = builder.add_bytes_field("pk", INDEXED | FAST);
        let present_field = builder.add_text_field("present", STRING);
        let numeric = NumericOptions::default().set_indexed().set_fast();
        let mut fields = HashMap::new();
        let mut sources = HashMap::new();
        let mut date_formats = HashMap::new();
        let mut analyzers = Vec::new();
        let mut children = HashMap::new();
        for (n, f) in schemas.iter().enumerate() {
            let name = format!("{prefix}{}", f.field_name.as_deref().unwrap_or_default());
            if f.is_virtual_field == Some(true) {
                if let Some(source) = f.source_field_names.first() {
                    sources.insert(name.clone(), source.clone());
                }
            }
            if !f.date_formats.is_empty() {
                let formats = f.date_formats.iter().map(|d| DateFormat::parse(d)).collect();
                date_formats.insert(name.clone(), formats);
            }
            // Field names in tantivy are positional, so column names need no escaping.
            let id = format!("f{n}");
            let kind = kind_of(f);
            let field = match kind {
                FieldKind::Keyword | FieldKind::Unsearchable => builder.add_text_field(&id, STRING),
                FieldKind::Text => {
                    let tokenizer = format!("analyzer-{n}");
                    analyzers.push((tokenizer.clone(), Analyzer::of(f)));
                    let indexing = TextFieldIndexing::default()
                        .set_tokenizer(&tokenizer)
                        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
                    builder.add_text_field(&id, TextOptions::default().set_indexing_options(indexing))
                }
                FieldKind::Long | FieldKind::Date => builder.add_i64_field(&id, numeric.clone()),
                FieldKind::Double => builder.add_f64_field(&id, numeric.clone()),
                FieldKind::Boolean => builder.add_bool_field(&id, numeric.clone()),
                FieldKind::GeoPoint | FieldKind::Vector | FieldKind::Nested => {
                    builder.add_bytes_field(&id, FAST)
                }
            };
            if kind == FieldKind::Nested {
                let child = Self::build(&f.field_schemas, Vec::new(), format!("{name}."))?;
                children.insert(name.clone(), Arc::new(child));
            }
            let info = IndexField {
                field,
                kind,
                is_array: f.is_array == Some(true),
                indexed: f.index != Some(false),
                sortable: f.enable_sort_and_agg == Some(true),
                vector: vector_spec(f),
                highlight: f.enable_highlighting == Some(true),
            };
            fields.insert(name, info);
        }
        let index = Index::create_in_ram(builder.build());
        for (name, analyzer) in analyzers {
            index
                .tokenizers()
                .register(&name, TextAnalyzer::from(AnalyzerTokenizer(analyzer)));
        }
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
            date_formats,
            children,
            prefix,
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

    /// The column a field reads: its own, or a virtual field's source.
    pub fn source_column<'a>(&'a self, name: &'a str) -> &'a str {
        self.sources.get(name).map_or(name, String::as_str)
    }

    /// The values a column value gives the field `name`, as the index holds them: arrays
    /// expanded, dates as epoch milliseconds, values of another type left out.
    pub fn typed_values(&self, name: &str, raw: &Value) -> Vec<Value> {
        let Some(f) = self.fields.get(name) else {
            return Vec::new();
        };
        let values = if f.is_array || f.kind == FieldKind::Nested {
            array_values(raw, f.kind)
        } else {
            vec![raw.clone()]
        };
        self.normalized(name, f, values)
    }

    /// A field of the index, or a sub-field of a nested field (`path.sub`), with the nested
    /// path it lies under.
    pub fn any_field(&self, name: &str) -> Option<(IndexField, Option<&str>)> {
        if let Some(f) = self.field(name) {
            return Some((f, None));
        }
        self.children.iter().find_map(|(path, child)| {
            let rest = name.strip_prefix(path.as_str())?.strip_prefix('.')?;
            (!rest.is_empty()).then_some(())?;
            child.field(name).map(|f| (f, Some(path.as_str())))
        })
    }

    /// The values of the nested sub-field `name` (`path.sub`) in a value of its nested column:
    /// every object's, as the child index holds them.
    pub fn nested_values(&self, path: &str, name: &str, raw: &Value) -> Vec<Value> {
        let Some(child) = self.children.get(path) else {
            return Vec::new();
        };
        let (Some(f), Value::String(text)) = (child.field(name), raw) else {
            return Vec::new();
        };
        objects_of(text)
            .iter()
            .flat_map(|o| child.values_of(name, &f, &Source::Object(o)))
            .collect()
    }

    /// One value given in a request (a sort's missing value, ...) as the field `name` holds
    /// its values; `None` when it is not a value of the field's type.
    pub fn request_value(&self, name: &str, raw: &Value) -> Option<Value> {
        let f = self.fields.get(name)?;
        self.normalized(name, f, vec![raw.clone()]).into_iter().next()
    }

    /// A DATE field's value (text in one of its formats, or an epoch integer) as epoch
    /// milliseconds.
    pub fn date_millis(&self, name: &str, value: &Value) -> Option<i64> {
        // A nested sub-field's formats are its child engine's.
        let formats = self
            .date_formats
            .get(name)
            .or_else(|| self.children.values().find_map(|c| c.date_formats.get(name)))
            .map_or(&[][..], Vec::as_slice);
        super::date::to_millis(value, formats)
    }

    fn normalized(&self, name: &str, f: &IndexField, values: Vec<Value>) -> Vec<Value> {
        match f.kind {
            FieldKind::Date => values
                .iter()
                .filter_map(|v| self.date_millis(name, v).map(Value::Integer))
                .collect(),
            // A keyword or text field over numbers (a virtual field) holds their text.
            FieldKind::Keyword | FieldKind::Text => values
                .into_iter()
                .filter_map(|v| match v {
                    Value::Integer(i) => Some(Value::String(i.to_string())),
                    Value::Double(d) => Some(Value::String(d.to_string())),
                    v @ Value::String(_) => Some(v),
                    _ => None,
                })
                .collect(),
            FieldKind::Vector | FieldKind::Nested | FieldKind::Unsearchable => values,
            kind => values.into_iter().filter(|v| fits(kind, v)).collect(),
        }
    }

    /// The engine of the nested field `path`.
    pub fn child(&self, path: &str) -> Option<&IndexEngine> {
        self.children.get(path).map(Arc::as_ref)
    }

    /// The field that lists which fields a document has.
    pub fn present_field(&self) -> Field {
        self.present_field
    }

    /// The field holding each document's row key.
    pub fn pk_field(&self) -> Field {
        self.pk_field
    }

    /// The tantivy index (for tokenizers).
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The name tantivy knows `field` by (for fast-field readers).
    pub fn column_name(&self, field: Field) -> String {
        self.index.schema().get_field_name(field).to_owned()
    }

    fn key_bytes(&self, key: &Key) -> Vec<u8> {
        plainbuffer::encode_primary_key(&named_key(&self.key_names, key))
    }

    /// A searcher that sees every write answered so far.
    ///
    /// # Errors
    /// An internal error when the engine fails.
    pub fn searcher(&self) -> ServiceResult<Searcher> {
        self.refresh()?;
        Ok(self.reader.searcher())
    }

    /// Every document `query` matches in `searcher`, with its score.
    ///
    /// # Errors
    /// An internal error when the engine fails.
    pub fn scored(
        &self,
        searcher: &Searcher,
        query: &dyn TantivyQuery,
    ) -> ServiceResult<Vec<(DocAddress, Score)>> {
        searcher.search(query, &AllScored).map_err(engine_error)
    }

    /// The encoded row key of each document, with what came with it.
    ///
    /// # Errors
    /// An internal error when the engine fails.
    pub fn row_keys<T>(
        &self,
        searcher: &Searcher,
        docs: Vec<(DocAddress, T)>,
    ) -> ServiceResult<Vec<(Vec<u8>, T)>> {
        first_bytes(searcher, &self.column_name(self.pk_field), docs)
    }

    /// The table key of an encoded row key.
    ///
    /// # Errors
    /// An internal error when the bytes are not a key (they were written by this engine).
    pub fn decode_key(bytes: &[u8]) -> ServiceResult<Key> {
        let row = plainbuffer::decode_single_row(bytes).map_err(engine_error)?;
        Ok(row.primary_key.columns.into_iter().map(|c| c.value).collect())
    }

    /// Every row `query` matches, as table keys with their scores (unordered).
    ///
    /// # Errors
    /// An internal error when the engine fails.
    pub fn matching(
        &self,
        searcher: &Searcher,
        query: &dyn TantivyQuery,
    ) -> ServiceResult<Vec<(Key, Score)>> {
        let docs = self.scored(searcher, query)?;
        self.row_keys(searcher, docs)?
            .into_iter()
            .map(|(pk, score)| Ok((Self::decode_key(&pk)?, score)))
            .collect()
    }

    /// Commits pending changes, so the next search sees every write answered so far.
    fn refresh(&self) -> ServiceResult<()> {
        // Under the writer's lock: a search that finds nothing pending must not overtake one
        // that is still committing what it took.
        let mut writer = lock(&self.writer);
        if self.dirty.swap(false, Ordering::AcqRel) {
            let committed = writer.commit().map(|_| ()).and_then(|()| self.reader.reload());
            if let Err(e) = committed {
                self.dirty.store(true, Ordering::Release);
                return Err(engine_error(e));
            }
        }
        for child in self.children.values() {
            child.refresh()?;
        }
        Ok(())
    }

    /// Replaces the documents of `pk` by `docs`.
    fn replace(&self, pk: &[u8], docs: impl Iterator<Item = tantivy::schema::TantivyDocument>) {
        let writer = lock(&self.writer);
        writer.delete_term(Term::from_field_bytes(self.pk_field, pk));
        for doc in docs {
            if let Err(e) = writer.add_document(doc) {
                tracing::error!(error = %e, "search index could not take a row");
            }
        }
        self.dirty.store(true, Ordering::Release);
    }
}

impl RowObserver for IndexEngine {
    fn row_changed(&self, key: &Key, row: Option<&StoredRow>) {
        let pk = self.key_bytes(key);
        let source = row.map(|row| Source::Row(key, row));
        self.replace(&pk, source.iter().map(|s| self.document(&pk, s)));
        self.replace_nested(&pk, source.as_slice());
    }
}

impl IndexEngine {
    /// Replaces the row's documents in the nested engines under this one: the objects of each
    /// nested field of `sources` (the row, or the objects one level up), level by level.
    fn replace_nested(&self, pk: &[u8], sources: &[Source<'_>]) {
        for (path, child) in &self.children {
            let objects: Vec<JsonObject> = sources.iter().flat_map(|s| self.objects_at(path, s)).collect();
            child.replace(pk, objects.iter().map(|o| child.document(pk, &Source::Object(o))));
            let next: Vec<Source<'_>> = objects.iter().map(Source::Object).collect();
            child.replace_nested(pk, &next);
        }
    }

    /// The objects the nested field `path` holds in `source`.
    fn objects_at(&self, path: &str, source: &Source<'_>) -> Vec<JsonObject> {
        use serde_json::Value as J;
        match source {
            Source::Row(_, row) => nested_objects(row, self.source_column(path)),
            Source::Object(object) => {
                let local = path.strip_prefix(self.prefix.as_str()).unwrap_or(path);
                match object.get(local) {
                    Some(J::Array(items)) => items
                        .iter()
                        .filter_map(|item| match item {
                            J::Object(map) => Some(map.clone()),
                            _ => None,
                        })
                        .collect(),
                    Some(J::Object(map)) => vec![map.clone()],
                    Some(J::String(text)) => objects_of(text),
                    _ => Vec::new(),
                }
            }
        }
    }
}

/// One object of a nested column.
type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Each document's (first) value of the fast bytes column `column`, with what came with it;
/// documents without one are left out. The column is opened once per segment.
///
/// # Errors
/// An internal error when the engine fails.
pub fn first_bytes<T>(
    searcher: &Searcher,
    column: &str,
    docs: Vec<(DocAddress, T)>,
) -> ServiceResult<Vec<(Vec<u8>, T)>> {
    let mut columns = HashMap::new();
    let mut out = Vec::with_capacity(docs.len());
    let mut buf = Vec::new();
    for (address, extra) in docs {
        let segment = match columns.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(
                searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .bytes(column)
                    .map_err(engine_error)?,
            ),
        };
        let Some(segment) = segment.as_ref() else { continue };
        let Some(ord) = segment.ords().first(address.doc_id) else {
            continue;
        };
        buf.clear();
        if segment.ord_to_bytes(ord, &mut buf).map_err(engine_error)? {
            out.push((buf.clone(), extra));
        }
    }
    Ok(out)
}

/// The objects of a nested column: a JSON array of objects, or one object.
fn nested_objects(row: &StoredRow, column: &str) -> Vec<JsonObject> {
    match row.cells.get(column).and_then(|v| v.first()) {
        Some((_, Value::String(text))) => objects_of(text),
        _ => Vec::new(),
    }
}

/// The objects of a nested column's text.
fn objects_of(text: &str) -> Vec<JsonObject> {
    use serde_json::Value as J;
    match serde_json::from_str::<J>(text) {
        Ok(J::Array(items)) => items
            .into_iter()
            .filter_map(|item| match item {
                J::Object(map) => Some(map),
                _ => None,
            })
            .collect(),
        Ok(J::Object(map)) => vec![map],
        _ => Vec::new(),
    }
}
