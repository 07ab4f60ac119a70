//! Operation handlers: decode the request message, run it against storage, encode the response.

mod batch;
mod batch_get;
mod batch_write;
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
        self.dispatch_with(action, body, Clock::System)
    }

    /// [`Service::dispatch`] at a fixed time (milliseconds since the epoch).
    #[cfg(test)]
    pub(crate) fn dispatch_at(&self, action: &str, body: &[u8], now: i64) -> ServiceResult<Vec<u8>> {
        self.dispatch_with(action, body, Clock::Fixed(now))
    }

    fn dispatch_with(&self, action: &str, body: &[u8], clock: Clock) -> ServiceResult<Vec<u8>> {
        match action {
            "CreateTable" => table::create(self, body, clock),
            "ListTable" => table::list(self),
            "DescribeTable" => table::describe(self, body),
            "UpdateTable" => table::update(self, body, clock),
            "DeleteTable" => table::delete(self, body),
            "AddDefinedColumn" => table::add_defined_columns(self, body),
            "DeleteDefinedColumn" => table::delete_defined_columns(self, body),
            "ComputeSplitPointsBySize" => table::split_points(self, body),
            "GetRow" => row::get(self, body, clock),
            "PutRow" => row::put(self, body, clock),
            "UpdateRow" => row::update(self, body, clock),
            "DeleteRow" => row::delete(self, body, clock),
            "BatchGetRow" => batch_get::run(self, body, clock),
            "BatchWriteRow" => batch_write::run(self, body, clock),
            "GetRange" => range::get_range(self, body, clock),
            other => Err(ServiceError::unsupported_action(other)),
        }
    }

    pub(crate) fn storage(&self) -> &dyn Storage {
        self.storage.as_ref()
    }
}

#[cfg(test)]
mod fidelity_tests;
#[cfg(test)]
mod tests;

/// Where a handler reads the time.
///
/// Whatever depends on the time (the version a write gets, TTL expiry, auto-increment values,
/// the timestamp window) is decided while holding the lock of the table it applies to, so a
/// handler reads the clock only after taking that lock: a request that waited for the lock
/// never acts on a time older than what the previous holder wrote.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Clock {
    /// The system clock.
    System,
    /// A fixed instant (tests).
    #[cfg_attr(not(test), allow(dead_code))]
    Fixed(i64),
}

impl Clock {
    /// Milliseconds since the epoch.
    pub(crate) fn now_ms(self) -> i64 {
        match self {
            Clock::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
                .unwrap_or(0),
            Clock::Fixed(t) => t,
        }
    }
}

fn consumed(read: i32, write: i32) -> pb::ConsumedCapacity {
    pb::ConsumedCapacity {
        capacity_unit: pb::CapacityUnit {
            read: Some(read),
            write: Some(write),
        },
    }
}

/// Capacity units for `bytes` of data: one per started 4 KB, at least one.
///
/// The service counts a row's data, not its encoding: each primary key column's name and value,
/// and each cell's name and value (8 bytes for an integer or a double, 1 for a boolean). A
/// read that finds nothing costs one unit. The rules and their evidence: `FIDELITY.md`.
pub(crate) fn capacity_units(bytes: usize) -> i32 {
    i32::try_from(bytes.div_ceil(4096).max(1)).unwrap_or(i32::MAX)
}

/// Read capacity units for a returned row (or none).
fn row_read_cu(row: Option<&ots_proto::model::Row>) -> i32 {
    capacity_units(row.map_or(0, |r| {
        key_data_size(&r.primary_key)
            + r.columns
                .iter()
                .map(|c| c.name.len() + c.value.data_size())
                .sum::<usize>()
    }))
}

/// The data size of a primary key as capacity and request limits count it.
pub(crate) fn key_data_size(pk: &ots_proto::model::PrimaryKey) -> usize {
    pk.columns
        .iter()
        .map(|c| c.name.len() + c.value.data_size())
        .sum()
}

fn pb_error(e: &ServiceError) -> pb::Error {
    pb::Error {
        code: e.code.to_owned(),
        message: Some(e.message.clone()),
    }
}
