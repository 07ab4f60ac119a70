//! Capacity units: what a read or a write costs, as the service counts it.

use ots_proto::pb::table_store as pb;

pub(crate) fn consumed(read: i32, write: i32) -> pb::ConsumedCapacity {
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
pub(crate) fn row_read_cu(row: Option<&ots_proto::model::Row>) -> i32 {
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
