//! Table operations.

mod pb_convert;
mod request;

use crate::client::Client;
use crate::codec;
use crate::error::{Error, Result};
use crate::model::{
    CapacityUnit, DefinedColumn, IndexMeta, PrimaryKey, PrimaryKeySchema, StreamSpec, TableOptions,
};
use ots_proto::action::Action;
use ots_proto::pb::table_store as pb;
use pb_convert::{cu_pb, defined_pb, description_from, options_from, options_pb, pk_schema_from, stream_pb};
pub use request::{
    AddDefinedColumnsRequest, ComputeSplitPointsRequest, CreateIndexRequest, CreateTableRequest,
    DeleteDefinedColumnsRequest, DeleteTableRequest, DescribeTableRequest, DropIndexRequest,
    UpdateTableRequest,
};

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
    /// Secondary indexes of the table (read one by passing its name as the table name).
    pub indexes: Vec<IndexMeta>,
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
    pub async fn describe_table(&self, request: DescribeTableRequest) -> Result<TableDescription> {
        let req = pb::DescribeTableRequest {
            table_name: request.table,
        };
        let resp: pb::DescribeTableResponse = self
            .call(Action::DescribeTable, &req.table_name, &req, true)
            .await?;
        description_from(&resp)
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
    pub async fn delete_table(&self, request: DeleteTableRequest) -> Result<()> {
        let req = pb::DeleteTableRequest {
            table_name: request.table,
        };
        let _: pb::DeleteTableResponse = self
            .call(Action::DeleteTable, &req.table_name, &req, false)
            .await?;
        Ok(())
    }

    /// Creates a secondary index on an existing table. Read the index by passing its name as
    /// the table name of GetRow, GetRange or BatchGetRow (see [`IndexMeta`]). Not retried once
    /// the service may have seen it, like [`Client::create_table`].
    ///
    /// ```
    /// use ots_core::model::IndexMeta;
    /// use ots_core::ops::table::CreateIndexRequest;
    ///
    /// # async fn run(client: ots_core::Client) -> ots_core::Result<()> {
    /// let index = IndexMeta::global("orders_by_customer")
    ///     .primary_key("customer")
    ///     .defined_column("total");
    /// client
    ///     .create_index(CreateIndexRequest::new("orders", index).include_base_data(true))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// Service errors for a missing table or an index the service refuses (a name in use, a
    /// column that is neither a key nor a defined column of the table, a table keeping more
    /// than one version, ...), transport errors.
    pub async fn create_index(&self, request: CreateIndexRequest) -> Result<()> {
        let _: pb::CreateIndexResponse = self
            .call(Action::CreateIndex, &request.table, &request.to_pb(), false)
            .await?;
        Ok(())
    }

    /// Drops a secondary index; the table and its rows stay. Not retried once the service may
    /// have seen it.
    ///
    /// # Errors
    /// Service errors for a missing table or index, transport errors.
    pub async fn drop_index(&self, request: DropIndexRequest) -> Result<()> {
        let _: pb::DropIndexResponse = self
            .call(Action::DropIndex, &request.table, &request.to_pb(), false)
            .await?;
        Ok(())
    }

    /// Adds defined columns to a table.
    ///
    /// # Errors
    /// Service and transport errors.
    pub async fn add_defined_columns(&self, request: AddDefinedColumnsRequest) -> Result<()> {
        let req = pb::AddDefinedColumnRequest {
            table_name: request.table,
            columns: request.columns.iter().map(defined_pb).collect(),
        };
        let _: pb::AddDefinedColumnResponse = self
            .call(Action::AddDefinedColumn, &req.table_name, &req, false)
            .await?;
        Ok(())
    }

    /// Removes defined columns from a table (the data stays).
    ///
    /// # Errors
    /// Service and transport errors.
    pub async fn delete_defined_columns(&self, request: DeleteDefinedColumnsRequest) -> Result<()> {
        let req = pb::DeleteDefinedColumnRequest {
            table_name: request.table,
            columns: request.columns,
        };
        let _: pb::DeleteDefinedColumnResponse = self
            .call(Action::DeleteDefinedColumn, &req.table_name, &req, false)
            .await?;
        Ok(())
    }

    /// Computes keys splitting a table into ranges of about the requested size (rounded up to
    /// whole MiB). Each point holds the leading key columns where a range starts; the first
    /// range starts at the table's beginning.
    ///
    /// # Errors
    /// Service and transport errors.
    pub async fn compute_split_points(&self, request: ComputeSplitPointsRequest) -> Result<SplitPoints> {
        // The size travels as a count of units; 1 MiB units keep small sizes meaningful.
        const UNIT: u64 = 1024 * 1024;
        let req = pb::ComputeSplitPointsBySizeRequest {
            table_name: request.table,
            split_size: i64::try_from(request.split_size_bytes.div_ceil(UNIT).max(1)).unwrap_or(i64::MAX),
            split_size_unit_in_byte: Some(UNIT as i64),
            split_point_limit: None,
        };
        let resp: pb::ComputeSplitPointsBySizeResponse = self
            .call(Action::ComputeSplitPointsBySize, &req.table_name, &req, true)
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
