//! Table operations.

use crate::client::Client;
use crate::codec;
use crate::error::{Error, Result};
use crate::model::{
    CapacityUnit, DefinedColumn, DefinedColumnType, PrimaryKey, PrimaryKeySchema, PrimaryKeyType, StreamSpec,
    TableOptions,
};
use ots_proto::action::Action;
use ots_proto::pb::table_store as pb;

/// Creates a table.
#[derive(Debug, Clone, PartialEq)]
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

    /// Reserved read / write capacity units.
    #[must_use]
    pub fn reserved_throughput(mut self, read: i32, write: i32) -> Self {
        self.reserved_throughput = CapacityUnit { read, write };
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
            index_metas: Vec::new(),
            enable_local_txn: None,
        }
    }
}

/// Changes a table's options, reserved throughput or stream.
#[derive(Debug, Clone, Default, PartialEq)]
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

/// A table's description.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TableDescription {
    /// Table name.
    pub table: String,
    /// Primary key columns in order.
    pub primary_key: Vec<PrimaryKeySchema>,
    /// Defined columns.
    pub defined_columns: Vec<DefinedColumn>,
    /// Options in force (every field set).
    pub options: TableOptions,
    /// Reserved throughput.
    pub reserved_throughput: CapacityUnit,
    /// Stream settings, when a stream is enabled.
    pub stream: Option<StreamSpec>,
    /// Stream id, when a stream is enabled.
    pub stream_id: Option<String>,
    /// When the stream was last enabled (microseconds since the epoch), when it is enabled.
    pub stream_last_enabled: Option<i64>,
    /// Creation time (microseconds since the epoch), when reported.
    pub creation_time: Option<i64>,
}

/// Split points computed for a table.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SplitPoints {
    /// Primary key columns of the table.
    pub primary_key: Vec<PrimaryKeySchema>,
    /// Keys splitting the table into ranges of about the requested size.
    pub split_points: Vec<PrimaryKey>,
    /// Where each range lives: (location, how many consecutive ranges).
    pub locations: Vec<(String, i64)>,
}

fn pk_schema_pb(c: &PrimaryKeySchema) -> pb::PrimaryKeySchema {
    pb::PrimaryKeySchema {
        name: c.name.clone(),
        r#type: c.key_type.to_pb() as i32,
        option: c
            .auto_increment
            .then_some(pb::PrimaryKeyOption::AutoIncrement as i32),
    }
}

fn pk_schema_from(p: &pb::PrimaryKeySchema) -> Result<PrimaryKeySchema> {
    let key_type = PrimaryKeyType::from_pb(p.r#type)
        .ok_or_else(|| Error::response(format!("unknown primary key type {} for {:?}", p.r#type, p.name)))?;
    Ok(PrimaryKeySchema {
        name: p.name.clone(),
        key_type,
        auto_increment: p.option == Some(pb::PrimaryKeyOption::AutoIncrement as i32),
    })
}

fn defined_pb(c: &DefinedColumn) -> pb::DefinedColumnSchema {
    pb::DefinedColumnSchema {
        name: c.name.clone(),
        r#type: c.column_type.to_pb() as i32,
    }
}

fn defined_from(c: &pb::DefinedColumnSchema) -> Result<DefinedColumn> {
    let column_type = DefinedColumnType::from_pb(c.r#type).ok_or_else(|| {
        Error::response(format!(
            "unknown defined column type {} for {:?}",
            c.r#type, c.name
        ))
    })?;
    Ok(DefinedColumn {
        name: c.name.clone(),
        column_type,
    })
}

fn cu_pb(c: CapacityUnit) -> pb::CapacityUnit {
    pb::CapacityUnit {
        read: Some(c.read),
        write: Some(c.write),
    }
}

fn options_pb(o: &TableOptions) -> pb::TableOptions {
    pb::TableOptions {
        time_to_live: o.time_to_live,
        max_versions: o.max_versions,
        deviation_cell_version_in_sec: o.max_time_deviation,
        allow_update: o.allow_update,
        update_full_row: o.update_full_row,
        ..Default::default()
    }
}

fn options_from(o: &pb::TableOptions) -> TableOptions {
    TableOptions {
        time_to_live: o.time_to_live,
        max_versions: o.max_versions,
        max_time_deviation: o.deviation_cell_version_in_sec,
        allow_update: o.allow_update,
        update_full_row: o.update_full_row,
    }
}

fn stream_pb(s: StreamSpec) -> pb::StreamSpecification {
    pb::StreamSpecification {
        enable_stream: s.enabled,
        expiration_time: s.expiration_hours,
        columns_to_get: s.columns_to_get,
    }
}

impl Client {
    /// Creates a table.
    ///
    /// # Errors
    /// `OTSObjectAlreadyExist` ([`crate::Error::is_already_exists`]), `OTSParameterInvalid` for a
    /// schema the service refuses, transport errors.
    pub async fn create_table(&self, request: CreateTableRequest) -> Result<()> {
        let _: pb::CreateTableResponse = self
            .call(Action::CreateTable, &request.table, &request.to_pb(), false)
            .await?;
        Ok(())
    }

    /// Names of every table of the instance.
    ///
    /// # Errors
    /// Service and transport errors.
    pub async fn list_tables(&self) -> Result<Vec<String>> {
        let resp: pb::ListTableResponse = self
            .call(Action::ListTable, "", &pb::ListTableRequest {}, true)
            .await?;
        Ok(resp.table_names)
    }

    /// Describes a table.
    ///
    /// # Errors
    /// `OTSObjectNotExist` ([`crate::Error::is_not_found`]), transport errors.
    pub async fn describe_table(&self, table: &str) -> Result<TableDescription> {
        let req = pb::DescribeTableRequest {
            table_name: table.to_owned(),
        };
        let resp: pb::DescribeTableResponse = self.call(Action::DescribeTable, table, &req, true).await?;
        let stream = resp.stream_details.as_ref().filter(|s| s.enable_stream);
        Ok(TableDescription {
            table: resp.table_meta.table_name.clone(),
            primary_key: resp
                .table_meta
                .primary_key
                .iter()
                .map(pk_schema_from)
                .collect::<Result<_>>()?,
            defined_columns: resp
                .table_meta
                .defined_column
                .iter()
                .map(defined_from)
                .collect::<Result<_>>()?,
            options: options_from(&resp.table_options),
            reserved_throughput: CapacityUnit {
                read: resp.reserved_throughput_details.capacity_unit.read.unwrap_or(0),
                write: resp.reserved_throughput_details.capacity_unit.write.unwrap_or(0),
            },
            stream: stream.map(|s| StreamSpec {
                enabled: true,
                expiration_hours: s.expiration_time,
                columns_to_get: s.columns_to_get.clone(),
            }),
            stream_id: stream.and_then(|s| s.stream_id.clone()),
            stream_last_enabled: stream.and_then(|s| s.last_enable_time),
            creation_time: resp.creation_time,
        })
    }

    /// Changes a table's options, reserved throughput or stream; returns the options in force.
    ///
    /// # Errors
    /// A construction error when nothing is to change; service and transport errors.
    pub async fn update_table(&self, request: UpdateTableRequest) -> Result<TableOptions> {
        if request.options.is_none() && request.reserved_throughput.is_none() && request.stream.is_none() {
            return Err(Error::construction(format!(
                "update of table {:?} changes nothing",
                request.table
            )));
        }
        let req = pb::UpdateTableRequest {
            table_name: request.table.clone(),
            reserved_throughput: request.reserved_throughput.map(|c| pb::ReservedThroughput {
                capacity_unit: cu_pb(c),
            }),
            table_options: request.options.as_ref().map(options_pb),
            stream_spec: request.stream.map(stream_pb),
        };
        let resp: pb::UpdateTableResponse = self
            .call(Action::UpdateTable, &request.table, &req, false)
            .await?;
        Ok(options_from(&resp.table_options))
    }

    /// Deletes a table and all its rows.
    ///
    /// # Errors
    /// `OTSObjectNotExist`, transport errors.
    pub async fn delete_table(&self, table: &str) -> Result<()> {
        let req = pb::DeleteTableRequest {
            table_name: table.to_owned(),
        };
        let _: pb::DeleteTableResponse = self.call(Action::DeleteTable, table, &req, false).await?;
        Ok(())
    }

    /// Adds defined columns to a table.
    ///
    /// # Errors
    /// Service and transport errors.
    pub async fn add_defined_columns(&self, table: &str, columns: &[DefinedColumn]) -> Result<()> {
        let req = pb::AddDefinedColumnRequest {
            table_name: table.to_owned(),
            columns: columns.iter().map(defined_pb).collect(),
        };
        let _: pb::AddDefinedColumnResponse = self.call(Action::AddDefinedColumn, table, &req, false).await?;
        Ok(())
    }

    /// Removes defined columns from a table (the data stays).
    ///
    /// # Errors
    /// Service and transport errors.
    pub async fn delete_defined_columns<S: AsRef<str>>(&self, table: &str, columns: &[S]) -> Result<()> {
        let req = pb::DeleteDefinedColumnRequest {
            table_name: table.to_owned(),
            columns: columns.iter().map(|c| c.as_ref().to_owned()).collect(),
        };
        let _: pb::DeleteDefinedColumnResponse =
            self.call(Action::DeleteDefinedColumn, table, &req, false).await?;
        Ok(())
    }

    /// Computes keys splitting a table into ranges of about `split_size_bytes` (rounded up to
    /// whole MiB). Each point holds the leading key columns where a range starts; the first
    /// range starts at the table's beginning.
    ///
    /// # Errors
    /// Service and transport errors.
    pub async fn compute_split_points_by_size(
        &self,
        table: &str,
        split_size_bytes: u64,
    ) -> Result<SplitPoints> {
        // The size travels as a count of units; 1 MiB units keep small sizes meaningful.
        const UNIT: u64 = 1024 * 1024;
        let req = pb::ComputeSplitPointsBySizeRequest {
            table_name: table.to_owned(),
            split_size: i64::try_from(split_size_bytes.div_ceil(UNIT).max(1)).unwrap_or(i64::MAX),
            split_size_unit_in_byte: Some(UNIT as i64),
            split_point_limit: None,
        };
        let resp: pb::ComputeSplitPointsBySizeResponse = self
            .call(Action::ComputeSplitPointsBySize, table, &req, true)
            .await?;
        Ok(SplitPoints {
            primary_key: resp.schema.iter().map(pk_schema_from).collect::<Result<_>>()?,
            split_points: resp
                .split_points
                .iter()
                .map(|b| codec::primary_key(b))
                .collect::<Result<_>>()?,
            locations: resp
                .locations
                .into_iter()
                .map(|l| (l.location, l.repeat))
                .collect(),
        })
    }
}
