//! Conversions between the table types and their protobuf messages.

use super::TableDescription;
use crate::error::{Error, Result};
use crate::model::{
    CapacityUnit, DefinedColumn, DefinedColumnType, IndexKind, IndexMeta, PrimaryKeySchema, PrimaryKeyType,
    StreamSpec, TableOptions,
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

/// The update mode follows the kind: the service accepts only a synchronous local index and
/// an asynchronous global one (the official SDKs send these pairs).
pub(super) fn index_pb(i: &IndexMeta) -> pb::IndexMeta {
    let (index_type, update_mode) = match i.kind {
        IndexKind::Global => (pb::IndexType::ItGlobalIndex, pb::IndexUpdateMode::IumAsyncIndex),
        IndexKind::Local => (pb::IndexType::ItLocalIndex, pb::IndexUpdateMode::IumSyncIndex),
    };
    pb::IndexMeta {
        name: i.name.clone(),
        primary_key: i.primary_key.clone(),
        defined_column: i.defined_columns.clone(),
        index_update_mode: update_mode as i32,
        index_type: index_type as i32,
    }
}

/// The update mode is not kept: the kind determines it (see [`index_pb`]).
pub(super) fn index_from(i: &pb::IndexMeta) -> Result<IndexMeta> {
    let kind = match pb::IndexType::try_from(i.index_type) {
        Ok(pb::IndexType::ItGlobalIndex) => IndexKind::Global,
        Ok(pb::IndexType::ItLocalIndex) => IndexKind::Local,
        Err(_) => {
            return Err(Error::response(format!(
                "unknown index type {} for index {:?}",
                i.index_type, i.name
            )))
        }
    };
    Ok(IndexMeta {
        name: i.name.clone(),
        primary_key: i.primary_key.clone(),
        defined_columns: i.defined_column.clone(),
        kind,
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

pub(super) fn description_from(resp: &pb::DescribeTableResponse) -> Result<TableDescription> {
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
        indexes: resp.index_metas.iter().map(index_from).collect::<Result<_>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn pb_index(name: &str, index_type: i32, update_mode: i32) -> pb::IndexMeta {
        pb::IndexMeta {
            name: name.into(),
            primary_key: vec!["c".into(), "pk".into()],
            defined_column: vec!["d".into()],
            index_update_mode: update_mode,
            index_type,
        }
    }

    #[test]
    fn index_types_decode_to_kinds() {
        let global = index_from(&pb_index("g", 0, 0)).unwrap();
        assert_eq!(
            global,
            IndexMeta::global("g")
                .primary_key("c")
                .primary_key("pk")
                .defined_column("d")
        );
        let local = index_from(&pb_index("l", 1, 1)).unwrap();
        assert_eq!(local.kind, IndexKind::Local);
        assert_eq!(local.name, "l");
    }

    #[test]
    fn unknown_index_type_is_a_response_error() {
        let err = index_from(&pb_index("odd", 7, 0)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Response);
        assert!(err.message().contains("unknown index type 7"), "{err}");
        assert!(err.message().contains("\"odd\""), "{err}");
    }

    #[test]
    fn kinds_encode_with_their_update_modes_and_decode_back() {
        for index in [
            IndexMeta::global("g").primary_key("c"),
            IndexMeta::local("l").primary_key("pk").defined_column("d"),
        ] {
            let p = index_pb(&index);
            let (index_type, update_mode) = match index.kind {
                IndexKind::Local => (pb::IndexType::ItLocalIndex, pb::IndexUpdateMode::IumSyncIndex),
                _ => (pb::IndexType::ItGlobalIndex, pb::IndexUpdateMode::IumAsyncIndex),
            };
            assert_eq!(
                (p.index_type, p.index_update_mode),
                (index_type as i32, update_mode as i32)
            );
            assert_eq!(index_from(&p).unwrap(), index);
        }
    }

    #[test]
    fn description_lists_the_indexes() {
        let mut resp = pb::DescribeTableResponse {
            index_metas: vec![pb_index("g", 0, 0), pb_index("l", 1, 1)],
            ..Default::default()
        };
        resp.table_meta.table_name = "t".into();
        let description = description_from(&resp).unwrap();
        let kinds: Vec<_> = description
            .indexes
            .iter()
            .map(|i| (i.name.as_str(), i.kind))
            .collect();
        assert_eq!(kinds, [("g", IndexKind::Global), ("l", IndexKind::Local)]);

        resp.index_metas.push(pb_index("bad", 2, 0));
        assert_eq!(description_from(&resp).unwrap_err().kind(), ErrorKind::Response);
    }

    #[test]
    fn description_without_indexes_has_none() {
        let description = description_from(&pb::DescribeTableResponse::default()).unwrap();
        assert!(description.indexes.is_empty());
    }
}
