//! Conversions between the table types and their protobuf messages.

use crate::error::{Error, Result};
use crate::model::{
    CapacityUnit, DefinedColumn, DefinedColumnType, PrimaryKeySchema, PrimaryKeyType, StreamSpec,
    TableOptions,
};
use ots_proto::pb::table_store as pb;

pub(super) fn pk_schema_pb(c: &PrimaryKeySchema) -> pb::PrimaryKeySchema {
    pb::PrimaryKeySchema {
        name: c.name.clone(),
        r#type: c.key_type.to_pb() as i32,
        option: c
            .auto_increment
            .then_some(pb::PrimaryKeyOption::AutoIncrement as i32),
    }
}

pub(super) fn pk_schema_from(p: &pb::PrimaryKeySchema) -> Result<PrimaryKeySchema> {
    let key_type = PrimaryKeyType::from_pb(p.r#type)
        .ok_or_else(|| Error::response(format!("unknown primary key type {} for {:?}", p.r#type, p.name)))?;
    Ok(PrimaryKeySchema {
        name: p.name.clone(),
        key_type,
        auto_increment: p.option == Some(pb::PrimaryKeyOption::AutoIncrement as i32),
    })
}

pub(super) fn defined_pb(c: &DefinedColumn) -> pb::DefinedColumnSchema {
    pb::DefinedColumnSchema {
        name: c.name.clone(),
        r#type: c.column_type.to_pb() as i32,
    }
}

pub(super) fn defined_from(c: &pb::DefinedColumnSchema) -> Result<DefinedColumn> {
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

pub(super) fn cu_pb(c: CapacityUnit) -> pb::CapacityUnit {
    pb::CapacityUnit {
        read: Some(c.read),
        write: Some(c.write),
    }
}

pub(super) fn options_pb(o: &TableOptions) -> pb::TableOptions {
    pb::TableOptions {
        time_to_live: o.time_to_live,
        max_versions: o.max_versions,
        deviation_cell_version_in_sec: o.max_time_deviation,
        allow_update: o.allow_update,
        update_full_row: o.update_full_row,
        ..Default::default()
    }
}

pub(super) fn options_from(o: &pb::TableOptions) -> TableOptions {
    TableOptions {
        time_to_live: o.time_to_live,
        max_versions: o.max_versions,
        max_time_deviation: o.deviation_cell_version_in_sec,
        allow_update: o.allow_update,
        update_full_row: o.update_full_row,
    }
}

pub(super) fn stream_pb(s: StreamSpec) -> pb::StreamSpecification {
    pb::StreamSpecification {
        enable_stream: s.enabled,
        expiration_time: s.expiration_hours,
        columns_to_get: s.columns_to_get,
    }
}
