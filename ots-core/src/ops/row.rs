//! GetRow, PutRow, UpdateRow, DeleteRow.

use super::read::{read_builders, ReadOptions};
use super::transaction::transaction_id_setter;
use crate::client::Client;
use crate::codec;
use crate::error::Result;
use crate::model::{ColumnUpdate, Condition, ConsumedCapacity, PrimaryKey, ReturnType, Row, Value};
use ots_proto::action::Action;
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;

/// Reads one row.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GetRowRequest {
    /// Table name.
    pub table: String,
    /// The row's primary key.
    pub primary_key: PrimaryKey,
    /// What to read.
    pub read: ReadOptions,
    /// The local transaction the read runs in; `None` reads committed data only.
    pub transaction_id: Option<String>,
}

impl GetRowRequest {
    /// Reads the newest version of every column of the row at `primary_key`.
    pub fn new(table: impl Into<String>, primary_key: PrimaryKey) -> Self {
        Self {
            table: table.into(),
            primary_key,
            read: ReadOptions::default(),
            transaction_id: None,
        }
    }

    pub(crate) fn to_pb(&self) -> pb::GetRowRequest {
        let r = self.read.to_pb();
        pb::GetRowRequest {
            table_name: self.table.clone(),
            primary_key: plainbuffer::encode_primary_key(&self.primary_key),
            columns_to_get: r.columns_to_get,
            time_range: r.time_range,
            max_versions: r.max_versions,
            cache_blocks: None,
            filter: r.filter,
            start_column: r.start_column,
            end_column: r.end_column,
            token: None,
            transaction_id: self.transaction_id.clone(),
        }
    }
}
read_builders!(GetRowRequest);
transaction_id_setter!(GetRowRequest;
    "Reads inside the local transaction `id`: the read also sees the transaction's own \
     uncommitted writes. The key must have the transaction's partition key.");

/// The result of a GetRow.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GetRowOutput {
    /// The row; `None` when absent or filtered out.
    pub row: Option<Row>,
    /// Capacity consumed.
    pub consumed: ConsumedCapacity,
}

/// Writes a whole row, replacing any existing one.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PutRowRequest {
    /// Table name.
    pub table: String,
    /// The row (an auto-increment key column holds `PrimaryKeyValue::AutoIncrement`).
    pub row: Row,
    /// Condition checked atomically before writing.
    pub condition: Condition,
    /// What to return.
    pub return_type: ReturnType,
    /// The local transaction the write belongs to; `None` for a write outside any.
    pub transaction_id: Option<String>,
}

impl PutRowRequest {
    /// Puts `row` unconditionally.
    pub fn new(table: impl Into<String>, row: Row) -> Self {
        Self {
            table: table.into(),
            row,
            condition: Condition::default(),
            return_type: ReturnType::None,
            transaction_id: None,
        }
    }

    pub(crate) fn to_pb(&self) -> pb::PutRowRequest {
        pb::PutRowRequest {
            table_name: self.table.clone(),
            row: plainbuffer::encode_put_row(&self.row),
            condition: self.condition.to_pb(),
            return_content: codec::return_content_pb(&self.return_type),
            transaction_id: self.transaction_id.clone(),
        }
    }
}

/// `condition` and `return_type` builders shared by the write requests.
macro_rules! write_builders {
    ($($ty:ty),*) => {$(
        impl $ty {
            /// Sets the condition, checked atomically before the write.
            #[must_use]
            pub fn condition(mut self, condition: Condition) -> Self {
                self.condition = condition;
                self
            }

            /// Sets what the write returns.
            #[must_use]
            pub fn return_type(mut self, return_type: ReturnType) -> Self {
                self.return_type = return_type;
                self
            }
        }
    )*};
}
write_builders!(PutRowRequest, UpdateRowRequest, DeleteRowRequest);
transaction_id_setter!(PutRowRequest, UpdateRowRequest, DeleteRowRequest;
    "Writes inside the local transaction `id`: others see the write once the transaction \
     commits, and an abort discards it. The row must have the transaction's partition key. \
     In a [`BatchWriteRowRequest`](crate::ops::batch::BatchWriteRowRequest) the batch carries \
     the id (the protocol has one per batch): set it there; a row carrying an id other than \
     the batch's is refused.");

/// The result of a write.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WriteRowOutput {
    /// The returned row, when a return type asked for one.
    pub row: Option<Row>,
    /// Capacity consumed.
    pub consumed: ConsumedCapacity,
}

/// Changes some columns of a row, creating it if absent (unless the condition forbids).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UpdateRowRequest {
    /// Table name.
    pub table: String,
    /// The row's primary key.
    pub primary_key: PrimaryKey,
    /// Changes, applied in order.
    pub updates: Vec<ColumnUpdate>,
    /// Condition checked atomically before writing.
    pub condition: Condition,
    /// What to return.
    pub return_type: ReturnType,
    /// The local transaction the write belongs to; `None` for a write outside any.
    pub transaction_id: Option<String>,
}

impl UpdateRowRequest {
    /// An update of the row at `primary_key`; add changes with the builder methods.
    pub fn new(table: impl Into<String>, primary_key: PrimaryKey) -> Self {
        Self {
            table: table.into(),
            primary_key,
            updates: Vec::new(),
            condition: Condition::default(),
            return_type: ReturnType::None,
            transaction_id: None,
        }
    }

    /// Writes a column (new version at the server's time).
    #[must_use]
    pub fn put(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.updates.push(ColumnUpdate::Put {
            name: name.into(),
            value: value.into(),
            timestamp: None,
        });
        self
    }

    /// Writes a column version at an explicit timestamp (ms).
    #[must_use]
    pub fn put_at(mut self, name: impl Into<String>, value: impl Into<Value>, timestamp: i64) -> Self {
        self.updates.push(ColumnUpdate::Put {
            name: name.into(),
            value: value.into(),
            timestamp: Some(timestamp),
        });
        self
    }

    /// Deletes one version of a column.
    #[must_use]
    pub fn delete_version(mut self, name: impl Into<String>, timestamp: i64) -> Self {
        self.updates.push(ColumnUpdate::DeleteOneVersion {
            name: name.into(),
            timestamp,
        });
        self
    }

    /// Deletes every version of a column.
    #[must_use]
    pub fn delete_all_versions(mut self, name: impl Into<String>) -> Self {
        self.updates
            .push(ColumnUpdate::DeleteAllVersions { name: name.into() });
        self
    }

    /// Atomically adds `delta` to an integer column (absent counts as 0).
    #[must_use]
    pub fn increment(mut self, name: impl Into<String>, delta: i64) -> Self {
        self.updates.push(ColumnUpdate::Increment {
            name: name.into(),
            delta,
        });
        self
    }

    pub(crate) fn to_pb(&self) -> pb::UpdateRowRequest {
        pb::UpdateRowRequest {
            table_name: self.table.clone(),
            row_change: plainbuffer::encode_update_row(&self.primary_key, &self.updates),
            condition: self.condition.to_pb(),
            return_content: codec::return_content_pb(&self.return_type),
            transaction_id: self.transaction_id.clone(),
        }
    }
}

/// Deletes a row.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DeleteRowRequest {
    /// Table name.
    pub table: String,
    /// The row's primary key.
    pub primary_key: PrimaryKey,
    /// Condition checked atomically before deleting.
    pub condition: Condition,
    /// What to return.
    pub return_type: ReturnType,
    /// The local transaction the write belongs to; `None` for a write outside any.
    pub transaction_id: Option<String>,
}

impl DeleteRowRequest {
    /// Deletes the row at `primary_key` unconditionally.
    pub fn new(table: impl Into<String>, primary_key: PrimaryKey) -> Self {
        Self {
            table: table.into(),
            primary_key,
            condition: Condition::default(),
            return_type: ReturnType::None,
            transaction_id: None,
        }
    }

    pub(crate) fn to_pb(&self) -> pb::DeleteRowRequest {
        pb::DeleteRowRequest {
            table_name: self.table.clone(),
            primary_key: plainbuffer::encode_delete_row(&self.primary_key),
            condition: self.condition.to_pb(),
            return_content: codec::return_content_pb(&self.return_type),
            transaction_id: self.transaction_id.clone(),
        }
    }
}

fn write_output(row: Option<&[u8]>, consumed: &pb::ConsumedCapacity) -> Result<WriteRowOutput> {
    Ok(WriteRowOutput {
        row: codec::optional_row(row)?,
        consumed: codec::consumed(Some(consumed)),
    })
}

impl Client {
    /// Reads one row.
    ///
    /// # Errors
    /// Service errors (unknown table, key not matching the schema, ...) and transport errors.
    pub async fn get_row(&self, request: GetRowRequest) -> Result<GetRowOutput> {
        let resp: pb::GetRowResponse = self
            .call(Action::GetRow, &request.table, &request.to_pb(), true)
            .await
            .map_err(|e| e.with_primary_key(request.primary_key))?;
        Ok(GetRowOutput {
            row: codec::optional_row(Some(&resp.row))?,
            consumed: codec::consumed(Some(&resp.consumed)),
        })
    }

    /// Writes a whole row.
    ///
    /// # Errors
    /// `OTSConditionCheckFail` when the condition does not hold ([`crate::Error::is_condition_failed`]),
    /// other service errors, transport errors. A write is retried only when the service
    /// certainly did not apply it.
    pub async fn put_row(&self, request: PutRowRequest) -> Result<WriteRowOutput> {
        let resp: pb::PutRowResponse = self
            .call(Action::PutRow, &request.table, &request.to_pb(), false)
            .await
            .map_err(|e| e.with_primary_key(request.row.primary_key))?;
        write_output(resp.row.as_deref(), &resp.consumed)
    }

    /// Changes columns of a row.
    ///
    /// # Errors
    /// As [`Client::put_row`].
    pub async fn update_row(&self, request: UpdateRowRequest) -> Result<WriteRowOutput> {
        let resp: pb::UpdateRowResponse = self
            .call(Action::UpdateRow, &request.table, &request.to_pb(), false)
            .await
            .map_err(|e| e.with_primary_key(request.primary_key))?;
        write_output(resp.row.as_deref(), &resp.consumed)
    }

    /// Deletes a row.
    ///
    /// # Errors
    /// As [`Client::put_row`].
    pub async fn delete_row(&self, request: DeleteRowRequest) -> Result<WriteRowOutput> {
        let resp: pb::DeleteRowResponse = self
            .call(Action::DeleteRow, &request.table, &request.to_pb(), false)
            .await
            .map_err(|e| e.with_primary_key(request.primary_key))?;
        write_output(resp.row.as_deref(), &resp.consumed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transaction_ids_are_unset_by_default_and_sent_when_set() {
        let key = PrimaryKey::new().with("id", 1);
        let row = Row {
            primary_key: key.clone(),
            columns: Vec::new(),
        };
        let get = GetRowRequest::new("t", key.clone());
        let put = PutRowRequest::new("t", row);
        let update = UpdateRowRequest::new("t", key.clone()).put("c", 1);
        let delete = DeleteRowRequest::new("t", key);
        assert_eq!(get.to_pb().transaction_id, None);
        assert_eq!(put.to_pb().transaction_id, None);
        assert_eq!(update.to_pb().transaction_id, None);
        assert_eq!(delete.to_pb().transaction_id, None);

        let id = String::from("tx-1");
        let get = get.transaction_id(&id);
        let put = put.transaction_id(&id);
        let update = update.transaction_id(id.clone());
        let delete = delete.transaction_id("tx-1");
        assert_eq!(get.transaction_id.as_deref(), Some("tx-1"));
        assert_eq!(get.to_pb().transaction_id.as_deref(), Some("tx-1"));
        assert_eq!(put.to_pb().transaction_id.as_deref(), Some("tx-1"));
        assert_eq!(update.to_pb().transaction_id.as_deref(), Some("tx-1"));
        assert_eq!(delete.to_pb().transaction_id.as_deref(), Some("tx-1"));
    }
}
