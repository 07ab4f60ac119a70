//! Search index management types: field schemas, index settings and the requests sent with
//! the `Client` methods `create_search_index`, `describe_search_index`, `list_search_indexes`,
//! `update_search_index` and `delete_search_index`.

/// The type of an indexed field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldType {
    /// 64-bit integers.
    Long,
    /// 64-bit floats.
    Double,
    /// Booleans.
    Boolean,
    /// Exact strings: term queries, sorting, group-bys.
    Keyword,
    /// Analyzed text: match and phrase queries.
    Text,
    /// Sub-documents (a JSON array of objects in the column), with their own fields.
    Nested,
    /// `"lat,lon"` points.
    GeoPoint,
    /// Dates, from integers or strings in the given formats.
    Date,
    /// Float vectors for nearest-neighbour queries.
    Vector,
}

/// How a text field is split into words.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Analyzer {
    /// Single words (and CJK characters one by one).
    SingleWord {
        /// Match case exactly (default: no).
        case_sensitive: Option<bool>,
        /// Split letters from digits (default: no).
        delimit_word: Option<bool>,
    },
    /// The largest dictionary words.
    MaxWord,
    /// The smallest dictionary words.
    MinWord,
    /// Split at a delimiter.
    Split {
        /// The delimiter (default: whitespace).
        delimiter: Option<String>,
    },
    /// N-grams for fuzzy matching.
    Fuzzy {
        /// Shortest n-gram (default 1).
        min_chars: Option<i32>,
        /// Longest n-gram (default 7).
        max_chars: Option<i32>,
    },
}

/// The distance a vector field compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VectorMetric {
    /// Euclidean distance.
    Euclidean,
    /// Cosine similarity.
    Cosine,
    /// Dot product.
    DotProduct,
}

/// One field of a search index.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FieldSchema {
    /// The column (or, inside a nested field, the sub-field) name.
    pub name: String,
    /// Its type.
    pub field_type: FieldType,
    /// Queries can match it (service default: yes).
    pub index: Option<bool>,
    /// Its value is kept in the index and can be returned from it.
    pub store: Option<bool>,
    /// It can be sorted on and aggregated (service default: yes, except for text).
    pub sort_and_agg: Option<bool>,
    /// The column holds a JSON array of values of this type.
    pub is_array: Option<bool>,
    /// How text is split into words (text fields only).
    pub analyzer: Option<Analyzer>,
    /// The sub-fields of a nested field.
    pub sub_fields: Vec<FieldSchema>,
    /// The formats of a date field given as strings.
    pub date_formats: Vec<String>,
    /// The dimension and metric of a vector field.
    pub vector: Option<(i32, VectorMetric)>,
    /// For a virtual field: the column it indexes under its own name and type.
    pub source_column: Option<String>,
    /// Searches may highlight this text field's matched words.
    pub highlighting: Option<bool>,
}

impl FieldSchema {
    fn of(name: impl Into<String>, field_type: FieldType) -> Self {
        Self {
            name: name.into(),
            field_type,
            index: None,
            store: None,
            sort_and_agg: None,
            is_array: None,
            analyzer: None,
            sub_fields: Vec::new(),
            date_formats: Vec::new(),
            vector: None,
            source_column: None,
            highlighting: None,
        }
    }

    /// A long (integer) field.
    pub fn long(name: impl Into<String>) -> Self {
        Self::of(name, FieldType::Long)
    }
    /// A double field.
    pub fn double(name: impl Into<String>) -> Self {
        Self::of(name, FieldType::Double)
    }
    /// A boolean field.
    pub fn boolean(name: impl Into<String>) -> Self {
        Self::of(name, FieldType::Boolean)
    }
    /// A keyword (exact string) field.
    pub fn keyword(name: impl Into<String>) -> Self {
        Self::of(name, FieldType::Keyword)
    }
    /// A text (analyzed) field.
    pub fn text(name: impl Into<String>) -> Self {
        Self::of(name, FieldType::Text)
    }
    /// A geo point field (`"lat,lon"`).
    pub fn geo_point(name: impl Into<String>) -> Self {
        Self::of(name, FieldType::GeoPoint)
    }
    /// A date field; `formats` read string values (integers are milliseconds).
    pub fn date<S: Into<String>>(name: impl Into<String>, formats: impl IntoIterator<Item = S>) -> Self {
        Self {
            date_formats: formats.into_iter().map(Into::into).collect(),
            ..Self::of(name, FieldType::Date)
        }
    }
    /// A nested field: the column holds a JSON array of objects with `sub_fields`.
    pub fn nested(name: impl Into<String>, sub_fields: impl IntoIterator<Item = FieldSchema>) -> Self {
        Self {
            sub_fields: sub_fields.into_iter().collect(),
            ..Self::of(name, FieldType::Nested)
        }
    }
    /// A vector field of `dimension` floats compared by `metric`.
    pub fn vector(name: impl Into<String>, dimension: i32, metric: VectorMetric) -> Self {
        Self {
            vector: Some((dimension, metric)),
            ..Self::of(name, FieldType::Vector)
        }
    }

    /// The column holds a JSON array of values.
    #[must_use]
    pub fn array(mut self) -> Self {
        self.is_array = Some(true);
        self
    }
    /// Whether queries can match the field.
    #[must_use]
    pub fn index(mut self, index: bool) -> Self {
        self.index = Some(index);
        self
    }
    /// Whether the value is kept in the index.
    #[must_use]
    pub fn store(mut self, store: bool) -> Self {
        self.store = Some(store);
        self
    }
    /// Whether the field can be sorted on and aggregated.
    #[must_use]
    pub fn sort_and_agg(mut self, enabled: bool) -> Self {
        self.sort_and_agg = Some(enabled);
        self
    }
    /// The analyzer of a text field.
    #[must_use]
    pub fn analyzer(mut self, analyzer: Analyzer) -> Self {
        self.analyzer = Some(analyzer);
        self
    }
    /// Lets searches highlight this text field's matched words
    /// ([`crate::ops::search::highlight::Highlight`]).
    #[must_use]
    pub fn highlighting(mut self, enabled: bool) -> Self {
        self.highlighting = Some(enabled);
        self
    }
    /// Makes this a virtual field: it indexes the column `source` under its own name and type
    /// (for example a keyword and a text field over one string column, or a keyword over a
    /// long column).
    #[must_use]
    pub fn virtual_of(mut self, source: impl Into<String>) -> Self {
        self.source_column = Some(source.into());
        self
    }
}

/// Sort order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SortOrder {
    /// Smallest first (the default).
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

/// Which value of an array field sorts a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortMode {
    /// The smallest.
    Min,
    /// The largest.
    Max,
    /// The average.
    Avg,
}

/// One key of an index's presorting.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IndexSorter {
    /// By a field (one with sort-and-agg).
    Field {
        /// The field.
        name: String,
        /// The order.
        order: SortOrder,
        /// For array fields, which value counts.
        mode: Option<SortMode>,
    },
    /// By the primary key.
    PrimaryKey {
        /// The order.
        order: SortOrder,
    },
}

/// Creates a search index on a table.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CreateSearchIndexRequest {
    /// The table.
    pub table: String,
    /// The index name.
    pub index: String,
    /// The indexed fields.
    pub fields: Vec<FieldSchema>,
    /// Fields whose values route rows to partitions (queries may pass routing values).
    pub routing_fields: Vec<String>,
    /// How the index presorts rows (default: by primary key).
    pub index_sort: Vec<IndexSorter>,
    /// Seconds a row stays in the index (-1 or unset: for ever).
    pub time_to_live: Option<i32>,
}

impl CreateSearchIndexRequest {
    /// An index `index` on `table`; add fields with [`CreateSearchIndexRequest::field`].
    pub fn new(table: impl Into<String>, index: impl Into<String>) -> Self {
        Self {
            table: table.into(),
            index: index.into(),
            fields: Vec::new(),
            routing_fields: Vec::new(),
            index_sort: Vec::new(),
            time_to_live: None,
        }
    }

    /// Adds a field.
    #[must_use]
    pub fn field(mut self, field: FieldSchema) -> Self {
        self.fields.push(field);
        self
    }

    /// Adds a routing field.
    #[must_use]
    pub fn routing_field(mut self, name: impl Into<String>) -> Self {
        self.routing_fields.push(name.into());
        self
    }

    /// Adds a presorting key.
    #[must_use]
    pub fn sort_by(mut self, sorter: IndexSorter) -> Self {
        self.index_sort.push(sorter);
        self
    }

    /// Seconds a row stays in the index.
    #[must_use]
    pub fn time_to_live(mut self, seconds: i32) -> Self {
        self.time_to_live = Some(seconds);
        self
    }
}

/// Whether an index is still taking in the table's existing rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SyncPhase {
    /// Indexing the rows that existed when the index was created.
    Full,
    /// Following new writes.
    Incr,
}

/// A search index's description.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SearchIndexDescription {
    /// The indexed fields.
    pub fields: Vec<FieldSchema>,
    /// Routing fields.
    pub routing_fields: Vec<String>,
    /// Presorting.
    pub index_sort: Vec<IndexSorter>,
    /// The sync phase, when reported.
    pub sync_phase: Option<SyncPhase>,
    /// Up to when writes are searchable (nanoseconds since the epoch), when reported.
    pub current_sync_timestamp: Option<i64>,
    /// Creation time (microseconds since the epoch), when reported.
    pub create_time: Option<i64>,
    /// Seconds a row stays in the index (-1: for ever), when reported.
    pub time_to_live: Option<i32>,
}

/// Describes a search index.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DescribeSearchIndexRequest {
    /// The table.
    pub table: String,
    /// The index.
    pub index: String,
}

impl DescribeSearchIndexRequest {
    /// Describes `index` on `table`.
    pub fn new(table: impl Into<String>, index: impl Into<String>) -> Self {
        Self {
            table: table.into(),
            index: index.into(),
        }
    }
}

/// Lists search indexes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListSearchIndexesRequest {
    /// Only this table's indexes; every index of the instance when `None`.
    pub table: Option<String>,
}

impl ListSearchIndexesRequest {
    /// Every index of the instance.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only `table`'s indexes.
    #[must_use]
    pub fn table(mut self, table: impl Into<String>) -> Self {
        self.table = Some(table.into());
        self
    }
}

/// A search index, by table and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct SearchIndexInfo {
    /// The table.
    pub table: String,
    /// The index.
    pub index: String,
}

/// Changes a search index's time to live.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UpdateSearchIndexRequest {
    /// The table.
    pub table: String,
    /// The index.
    pub index: String,
    /// The new time to live in seconds (-1: for ever).
    pub time_to_live: Option<i32>,
}

impl UpdateSearchIndexRequest {
    /// An update of `index` on `table`; set what changes.
    pub fn new(table: impl Into<String>, index: impl Into<String>) -> Self {
        Self {
            table: table.into(),
            index: index.into(),
            time_to_live: None,
        }
    }

    /// The new time to live in seconds.
    #[must_use]
    pub fn time_to_live(mut self, seconds: i32) -> Self {
        self.time_to_live = Some(seconds);
        self
    }
}

/// Deletes a search index.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeleteSearchIndexRequest {
    /// The table.
    pub table: String,
    /// The index.
    pub index: String,
}

impl DeleteSearchIndexRequest {
    /// Deletes `index` on `table`.
    pub fn new(table: impl Into<String>, index: impl Into<String>) -> Self {
        Self {
            table: table.into(),
            index: index.into(),
        }
    }
}
