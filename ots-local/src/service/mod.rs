//! Operation handlers: decode the request message, run it against storage, encode the response.

mod batch;
mod convert;
mod range;
mod row;
mod table;
mod validate;
mod write;

use crate::error::{ServiceError, ServiceResult};
use crate::storage::Storage;
use ots_proto::pb::table_store as pb;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// The Tablestore service logic over a storage backend.
#[derive(Debug, Clone)]
pub struct Service {
    storage: Arc<dyn Storage>,
}

impl Service {
    /// A service over `storage`.
    pub fn new(storage: Arc<dyn Storage>) -> Self {
        Self { storage }
    }

    /// Runs one operation on a request body and returns the response body.
    ///
    /// # Errors
    /// The error the service would answer with.
    pub fn dispatch(&self, action: &str, body: &[u8]) -> ServiceResult<Vec<u8>> {
        self.dispatch_at(action, body, now_ms())
    }

    /// [`Service::dispatch`] with the clock given (milliseconds since the epoch).
    pub(crate) fn dispatch_at(&self, action: &str, body: &[u8], now: i64) -> ServiceResult<Vec<u8>> {
        match action {
            "CreateTable" => table::create(self, body, now),
            "ListTable" => table::list(self),
            "DescribeTable" => table::describe(self, body),
            "UpdateTable" => table::update(self, body, now),
            "DeleteTable" => table::delete(self, body),
            "AddDefinedColumn" => table::add_defined_columns(self, body),
            "DeleteDefinedColumn" => table::delete_defined_columns(self, body),
            "ComputeSplitPointsBySize" => table::split_points(self, body),
            "GetRow" => row::get(self, body, now),
            "PutRow" => row::put(self, body, now),
            "UpdateRow" => row::update(self, body, now),
            "DeleteRow" => row::delete(self, body, now),
            "BatchGetRow" => batch::get(self, body, now),
            "BatchWriteRow" => batch::write(self, body, now),
            "GetRange" => range::get_range(self, body, now),
            other => Err(ServiceError::unsupported_action(other)),
        }
    }

    pub(crate) fn storage(&self) -> &dyn Storage {
        self.storage.as_ref()
    }
}

#[cfg(test)]
mod tests;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn consumed(read: i32, write: i32) -> pb::ConsumedCapacity {
    pb::ConsumedCapacity {
        capacity_unit: pb::CapacityUnit {
            read: Some(read),
            write: Some(write),
        },
    }
}

/// Read capacity units for `bytes` of data: one per started 4 KB, at least one.
fn read_cu(bytes: usize) -> i32 {
    i32::try_from(bytes.div_ceil(4096).max(1)).unwrap_or(i32::MAX)
}

fn pb_error(e: &ServiceError) -> pb::Error {
    pb::Error {
        code: e.code.to_owned(),
        message: Some(e.message.clone()),
    }
}
