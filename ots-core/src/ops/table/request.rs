//! The table operations' requests.

use super::pb_convert::{cu_pb, defined_pb, index_pb, options_pb, pk_schema_pb, stream_pb};
use crate::model::{
    CapacityUnit, DefinedColumn, DefinedColumnType, IndexMeta, PrimaryKeySchema, StreamSpec, TableOptions,
};
use ots_proto::pb::table_store as pb;

/// Creates a table.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CreateTableRequest {
    /// Table name.
    pub table: String,
    /// Primary key columns, partition key first (1 to 4).
    pub primary_key: Vec<PrimaryKeySchema>,
    /// Defined (pre-declared) attribute columns.
    pub defined_columns: Vec<DefinedColumn>,
    /// Options. Defaults: versions live for ever, 1 version, 1 day of allowed time deviation.
    pub options: TableOptions,
    /// Reserved throughput (default 0 / 0).
    pub reserved_throughput: CapacityUnit,
    /// Change stream.
    pub stream: Option<StreamSpec>,
    /// Whether local transactions are allowed on the table (`None`: the service's default).
    pub local_transactions: Option<bool>,
    /// Secondary indexes created with the table.
    pub indexes: Vec<IndexMeta>,
}

impl CreateTableRequest {
    /// A table with no key columns yet; add them with [`CreateTableRequest::primary_key`].
    pub fn new(table: impl Into<String>) -> Self {
        Self {
            table: table.into(),
            primary_key: Vec::new(),
            defined_columns: Vec::new(),
            options: TableOptions {
                time_to_live: Some(-1),
                max_versions: Some(1),
                max_time_deviation: Some(86_400),
                allow_update: None,
                update_full_row: None,
            },
            reserved_throughput: CapacityUnit::default(),
            stream: None,
            local_transactions: None,
            indexes: Vec::new(),
        }
    }

    /// Appends a primary key column.
    #[must_use]
    pub fn primary_key(mut self, column: PrimaryKeySchema) -> Self {
        self.primary_key.push(column);
        self
    }

    /// Appends a defined column.
    #[must_use]
    pub fn defined_column(mut self, name: impl Into<String>, column_type: DefinedColumnType) -> Self {
        self.defined_columns.push(DefinedColumn::new(name, column_type));
        self
    }

    /// Seconds a version lives (-1: for ever; otherwise at least 86400).
    #[must_use]
    pub fn time_to_live(mut self, seconds: i32) -> Self {
        self.options.time_to_live = Some(seconds);
        self
    }

    /// Versions kept per column.
    #[must_use]
    pub fn max_versions(mut self, n: i32) -> Self {
        self.options.max_versions = Some(n);
        self
    }

    /// Largest distance in seconds between a written timestamp and now.
    #[must_use]
    pub fn max_time_deviation(mut self, seconds: i64) -> Self {
        self.options.max_time_deviation = Some(seconds);
        self
    }

    /// Whether rows may be updated (UpdateRow); `false` leaves put and delete only, which a
    /// table with a time to live needs before it can have a search index.
    #[must_use]
    pub fn allow_update(mut self, allowed: bool) -> Self {
        self.options.allow_update = Some(allowed);
        self
    }

    /// Reserved read / write capacity units.
    #[must_use]
    pub fn reserved_throughput(mut self, read: i32, write: i32) -> Self {
        self.reserved_throughput = CapacityUnit { read, write };
        self
    }

    /// Allows (or refuses) local transactions on the table
    /// ([`Client::start_local_transaction`](crate::Client::start_local_transaction)). The
    /// service only runs them on a table created with them allowed; it cannot be changed later.
    /// A table with an auto-increment key column cannot have them.
    #[must_use]
    pub fn local_transactions(mut self, allowed: bool) -> Self {
        self.local_transactions = Some(allowed);
        self
    }

    /// Appends a secondary index created with the table. Its columns must be key or defined
    /// columns of the table; the service accepts indexes only on a table keeping one version
    /// per column. See [`IndexMeta`] for how an index is read.
    #[must_use]
    pub fn index(mut self, index: IndexMeta) -> Self {
        self.indexes.push(index);
        self
    }

    /// Enables a change stream keeping records for `expiration_hours`.
    #[must_use]
    pub fn stream(mut self, expiration_hours: i32) -> Self {
        self.stream = Some(StreamSpec {
            enabled: true,
            expiration_hours: Some(expiration_hours),
            columns_to_get: Vec::new(),
        });
        self
    }

    pub(crate) fn to_pb(&self) -> pb::CreateTableRequest {
        pb::CreateTableRequest {
            table_meta: pb::TableMeta {
                table_name: self.table.clone(),
                primary_key: self.primary_key.iter().map(pk_schema_pb).collect(),
                defined_column: self.defined_columns.iter().map(defined_pb).collect(),
                index_meta: Vec::new(),
            },
            reserved_throughput: pb::ReservedThroughput {
                capacity_unit: cu_pb(self.reserved_throughput),
            },
            table_options: Some(options_pb(&self.options)),
            partitions: Vec::new(),
            stream_spec: self.stream.clone().map(stream_pb),
            sse_spec: None,
            // Indexes travel here, not in `table_meta.index_meta` (as the official Python SDK
            // sends them).
            index_metas: self.indexes.iter().map(index_pb).collect(),
            enable_local_txn: self.local_transactions,
        }
    }
}

/// Creates a secondary index on an existing table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreateIndexRequest {
    /// The indexed table.
    pub table: String,
    /// The index.
    pub index: IndexMeta,
    /// Whether the index also takes the rows already in the table (default `false`: only rows
    /// written from now on).
    pub include_base_data: bool,
}

impl CreateIndexRequest {
    /// Creates `index` on `table`, for rows written from now on; add the rows already there
    /// with [`CreateIndexRequest::include_base_data`].
    pub fn new(table: impl Into<String>, index: IndexMeta) -> Self {
        Self {
            table: table.into(),
            index,
            // Python's create_secondary_index has no default (the argument is required); false
            // is the Go SDK's zero value, and Java's request keeps false unless set.
            include_base_data: false,
        }
    }

    /// Whether the index also takes the rows already in the table; the service fills it in
    /// the background after the call returns.
    #[must_use]
    pub fn include_base_data(mut self, include: bool) -> Self {
        self.include_base_data = include;
        self
    }

    pub(crate) fn to_pb(&self) -> pb::CreateIndexRequest {
        pb::CreateIndexRequest {
            main_table_name: self.table.clone(),
            index_meta: index_pb(&self.index),
            // Always sent, as the official Python SDK does.
            include_base_data: Some(self.include_base_data),
        }
    }
}

/// Drops a secondary index (the table keeps its rows).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DropIndexRequest {
    /// The indexed table.
    pub table: String,
    /// The index name.
    pub index: String,
}

impl DropIndexRequest {
    /// Drops the index named `index` of `table`.
    pub fn new(table: impl Into<String>, index: impl Into<String>) -> Self {
        Self {
            table: table.into(),
            index: index.into(),
        }
    }

    pub(crate) fn to_pb(&self) -> pb::DropIndexRequest {
        pb::DropIndexRequest {
            main_table_name: self.table.clone(),
            index_name: self.index.clone(),
        }
    }
}

/// Changes a table's options, reserved throughput or stream.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct UpdateTableRequest {
    /// Table name.
    pub table: String,
    /// Options to change (`None` fields stay as they are).
    pub options: Option<TableOptions>,
    /// New reserved throughput.
    pub reserved_throughput: Option<CapacityUnit>,
    /// New stream settings.
    pub stream: Option<StreamSpec>,
}

impl UpdateTableRequest {
    /// An update of `table`; set at least one part.
    pub fn new(table: impl Into<String>) -> Self {
        Self {
            table: table.into(),
            ..Self::default()
        }
    }

    /// Options to change.
    #[must_use]
    pub fn options(mut self, options: TableOptions) -> Self {
        self.options = Some(options);
        self
    }

    /// New reserved throughput.
    #[must_use]
    pub fn reserved_throughput(mut self, read: i32, write: i32) -> Self {
        self.reserved_throughput = Some(CapacityUnit { read, write });
        self
    }

    /// New stream settings.
    #[must_use]
    pub fn stream(mut self, stream: StreamSpec) -> Self {
        self.stream = Some(stream);
        self
    }
}

/// Describes a table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DescribeTableRequest {
    /// Table name.
    pub table: String,
}

impl DescribeTableRequest {
    /// Describes `table`.
    pub fn new(table: impl Into<String>) -> Self {
        Self { table: table.into() }
    }
}

/// Deletes a table and all its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeleteTableRequest {
    /// Table name.
    pub table: String,
}

impl DeleteTableRequest {
    /// Deletes `table`.
    pub fn new(table: impl Into<String>) -> Self {
        Self { table: table.into() }
    }
}

/// Adds defined columns to a table.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AddDefinedColumnsRequest {
    /// Table name.
    pub table: String,
    /// The columns to add.
    pub columns: Vec<DefinedColumn>,
}

impl AddDefinedColumnsRequest {
    /// Adds columns to `table`; name them with [`AddDefinedColumnsRequest::column`].
    pub fn new(table: impl Into<String>) -> Self {
        Self {
            table: table.into(),
            columns: Vec::new(),
        }
    }

    /// Appends a column.
    #[must_use]
    pub fn column(mut self, name: impl Into<String>, column_type: DefinedColumnType) -> Self {
        self.columns.push(DefinedColumn::new(name, column_type));
        self
    }

    /// Appends columns.
    #[must_use]
    pub fn columns(mut self, columns: impl IntoIterator<Item = DefinedColumn>) -> Self {
        self.columns.extend(columns);
        self
    }
}

/// Removes defined columns from a table (the data stays).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeleteDefinedColumnsRequest {
    /// Table name.
    pub table: String,
    /// The columns to remove.
    pub columns: Vec<String>,
}

impl DeleteDefinedColumnsRequest {
    /// Removes columns from `table`; name them with [`DeleteDefinedColumnsRequest::column`].
    pub fn new(table: impl Into<String>) -> Self {
        Self {
            table: table.into(),
            columns: Vec::new(),
        }
    }

    /// Appends a column name.
    #[must_use]
    pub fn column(mut self, name: impl Into<String>) -> Self {
        self.columns.push(name.into());
        self
    }
}

/// Computes keys splitting a table into ranges of about a given size.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ComputeSplitPointsRequest {
    /// Table name.
    pub table: String,
    /// The wanted size of each range in bytes (rounded up to whole MiB).
    pub split_size_bytes: u64,
}

impl ComputeSplitPointsRequest {
    /// Splits `table` into ranges of about `split_size_bytes`.
    pub fn new(table: impl Into<String>, split_size_bytes: u64) -> Self {
        Self {
            table: table.into(),
            split_size_bytes,
        }
    }
}
