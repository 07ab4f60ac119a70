//! Table operations.

use super::capacity::consumed;
use super::clock::Clock;
use super::convert::decode;
use super::secondary_index;
use super::validate;
use crate::error::{ServiceError, ServiceResult};
use crate::search::{SearchIndexes, TableFacts};
use crate::storage::{DefinedColumnType, PkColumn, PrimaryKeyType, StreamSpec, TableOptions, TableSchema};
use crate::storage::{Storage, StorageError};
use ots_proto::pb::table_store as pb;
use prost::Message;

const MAX_DEFINED_COLUMNS: usize = 32;
const MAX_RESERVED_CU: i32 = 100_000;

fn pk_type(t: i32) -> ServiceResult<PrimaryKeyType> {
    PrimaryKeyType::from_pb(t)
        .ok_or_else(|| ServiceError::param(format!("{t} is an invalid type for the primary key.")))
}

fn defined_type(t: i32) -> ServiceResult<DefinedColumnType> {
    DefinedColumnType::from_pb(t)
        .ok_or_else(|| ServiceError::param(format!("{t} is an invalid type for a defined column.")))
}

fn pk_schema_pb(cols: &[PkColumn]) -> Vec<pb::PrimaryKeySchema> {
    cols.iter()
        .map(|p| pb::PrimaryKeySchema {
            name: p.name.clone(),
            r#type: p.ty.to_pb() as i32,
            option: p
                .auto_increment
                .then_some(pb::PrimaryKeyOption::AutoIncrement as i32),
        })
        .collect()
}

fn check_reserved(cu: &pb::CapacityUnit) -> ServiceResult<(Option<i32>, Option<i32>)> {
    for v in [cu.read, cu.write].into_iter().flatten() {
        if !(0..=MAX_RESERVED_CU).contains(&v) {
            return Err(ServiceError::param(format!(
                "The reserved capacity unit must be in range: [0, {MAX_RESERVED_CU}]."
            )));
        }
    }
    Ok((cu.read, cu.write))
}

fn apply_options(opts: &mut TableOptions, o: &pb::TableOptions) -> ServiceResult<()> {
    if let Some(ttl) = o.time_to_live {
        if ttl != -1 && ttl < 86_400 {
            return Err(ServiceError::param(
                "time_to_live must be -1 or at least 86400 seconds.",
            ));
        }
        opts.time_to_live = ttl;
    }
    if let Some(mv) = o.max_versions {
        if mv < 1 {
            return Err(ServiceError::param("max_versions must be greater than 0."));
        }
        opts.max_versions = mv;
    }
    if let Some(dev) = o.deviation_cell_version_in_sec {
        if dev <= 0 {
            return Err(ServiceError::param(
                "deviation_cell_version_in_sec must be greater than 0.",
            ));
        }
        opts.deviation_secs = dev;
    }
    if let Some(au) = o.allow_update {
        opts.allow_update = au;
    }
    if let Some(full) = o.update_full_row {
        opts.update_full_row = full;
    }
    Ok(())
}

fn options_pb(o: &TableOptions) -> pb::TableOptions {
    pb::TableOptions {
        time_to_live: Some(o.time_to_live),
        max_versions: Some(o.max_versions),
        deviation_cell_version_in_sec: Some(o.deviation_secs),
        allow_update: Some(o.allow_update),
        update_full_row: Some(o.update_full_row),
        ..Default::default()
    }
}

fn stream_pb(s: Option<&StreamSpec>) -> pb::StreamDetails {
    match s {
        Some(s) if s.enabled => pb::StreamDetails {
            enable_stream: true,
            stream_id: s.stream_id.clone(),
            expiration_time: Some(s.expiration_hours),
            last_enable_time: Some(s.last_enabled_micros),
            columns_to_get: s.columns_to_get.clone(),
        },
        _ => pb::StreamDetails {
            enable_stream: false,
            ..Default::default()
        },
    }
}

/// The stream a specification asks for (its details are reported only while it is enabled).
fn stream_spec(s: &pb::StreamSpecification, table: &str, now_ms: i64) -> StreamSpec {
    StreamSpec {
        enabled: s.enable_stream,
        expiration_hours: s.expiration_time.unwrap_or(24),
        stream_id: s.enable_stream.then(|| format!("{table}_{now_ms}")),
        last_enabled_micros: if s.enable_stream {
            now_ms.saturating_mul(1000)
        } else {
            0
        },
        columns_to_get: if s.enable_stream {
            s.columns_to_get.clone()
        } else {
            Vec::new()
        },
    }
}

fn throughput_pb(s: &TableSchema) -> pb::ReservedThroughputDetails {
    pb::ReservedThroughputDetails {
        capacity_unit: pb::CapacityUnit {
            read: Some(s.reserved.0),
            write: Some(s.reserved.1),
        },
        last_increase_time: s.throughput_changed.0,
        last_decrease_time: s.throughput_changed.1,
    }
}

type Columns = (Vec<PkColumn>, Vec<(String, DefinedColumnType)>);

fn schema_from_meta(meta: &pb::TableMeta) -> ServiceResult<Columns> {
    validate::table_name(&meta.table_name)?;
    if meta.primary_key.is_empty() || meta.primary_key.len() > 4 {
        return Err(ServiceError::param(
            "The number of primary key columns must be in range: [1, 4].",
        ));
    }
    let mut pks: Vec<PkColumn> = Vec::new();
    for (i, p) in meta.primary_key.iter().enumerate() {
        validate::column_name(&p.name)?;
        if pks.iter().any(|c| c.name == p.name) {
            return Err(ServiceError::param(format!(
                "Duplicated primary key name: '{}'.",
                p.name
            )));
        }
        let ty = pk_type(p.r#type)?;
        let auto_increment = p.option == Some(pb::PrimaryKeyOption::AutoIncrement as i32);
        if auto_increment && i == 0 {
            return Err(ServiceError::param(format!(
                "The partition key '{}' cannot be an auto-increment column.",
                p.name
            )));
        }
        if auto_increment && ty != PrimaryKeyType::Integer {
            return Err(ServiceError::param(format!(
                "The auto-increment primary key column '{}' must be of type INTEGER.",
                p.name
            )));
        }
        pks.push(PkColumn {
            name: p.name.clone(),
            ty,
            auto_increment,
        });
    }
    let defined = defined_columns(&meta.defined_column, &pks, &[])?;
    Ok((pks, defined))
}

fn defined_columns(
    cols: &[pb::DefinedColumnSchema],
    pks: &[PkColumn],
    existing: &[(String, DefinedColumnType)],
) -> ServiceResult<Vec<(String, DefinedColumnType)>> {
    let mut out: Vec<(String, DefinedColumnType)> = existing.to_vec();
    for c in cols {
        validate::column_name(&c.name)?;
        if pks.iter().any(|p| p.name == c.name) || out.iter().any(|(n, _)| *n == c.name) {
            return Err(ServiceError::param(format!(
                "Duplicated column name: '{}'.",
                c.name
            )));
        }
        out.push((c.name.clone(), defined_type(c.r#type)?));
    }
    if out.len() > MAX_DEFINED_COLUMNS {
        return Err(ServiceError::param(format!(
            "The number of defined columns must be in range: [0, {MAX_DEFINED_COLUMNS}]."
        )));
    }
    Ok(out)
}

pub fn create(storage: &dyn Storage, body: &[u8], clock: Clock) -> ServiceResult<Vec<u8>> {
    let now_ms = clock.now_ms();
    let req: pb::CreateTableRequest = decode(body)?;
    let (primary_key, defined_columns) = schema_from_meta(&req.table_meta)?;
    let reserved = check_reserved(&req.reserved_throughput.capacity_unit)?;
    let mut options = TableOptions::default();
    if let Some(o) = &req.table_options {
        apply_options(&mut options, o)?;
    }
    let name = req.table_meta.table_name.clone();
    let mut schema = TableSchema {
        stream: req.stream_spec.as_ref().map(|s| stream_spec(s, &name, now_ms)),
        name,
        primary_key,
        defined_columns,
        options,
        reserved: (reserved.0.unwrap_or(0), reserved.1.unwrap_or(0)),
        throughput_changed: (now_ms / 1000, None),
        created_at_micros: now_ms.saturating_mul(1000),
        local_txn: req.enable_local_txn.unwrap_or(true),
        indexes: Vec::new(),
    };
    // The SDKs send the indexes beside the table meta (field 7); the table meta's own list
    // (field 4, in the Node and Go definitions) is read too.
    for meta in req.index_metas.iter().chain(&req.table_meta.index_meta) {
        let index = secondary_index::index_schema(&schema, meta)?;
        schema.indexes.push(index);
    }
    let index_names: Vec<String> = schema.indexes.iter().map(|i| i.name.clone()).collect();
    storage.create_table(schema).map_err(|e| match e {
        // The table's own name, or one of its indexes', is taken by a table or an index.
        StorageError::AlreadyExists => match index_names.iter().find(|n| storage.readable(n).is_ok()) {
            Some(index) if storage.readable(&req.table_meta.table_name).is_err() => {
                ServiceError::index_exists(index)
            }
            _ => ServiceError::table_exists(),
        },
        other => other.into(),
    })?;
    Ok(pb::CreateTableResponse {}.encode_to_vec())
}

pub fn list(storage: &dyn Storage) -> ServiceResult<Vec<u8>> {
    Ok(pb::ListTableResponse {
        table_names: storage.table_names(),
    }
    .encode_to_vec())
}

fn table_name_of(name: &str) -> ServiceResult<()> {
    validate::table_name(name)
}

/// Describes a table, or a secondary index as the table it reads like: its full primary key,
/// its defined columns and its main table's options.
pub fn describe(storage: &dyn Storage, body: &[u8]) -> ServiceResult<Vec<u8>> {
    let req: pb::DescribeTableRequest = decode(body)?;
    table_name_of(&req.table_name)?;
    let (table, index) = storage.readable(&req.table_name)?;
    let state = table.read();
    let s = match &index {
        None => &state.schema,
        Some(name) => {
            state
                .index(name)
                .ok_or_else(ServiceError::table_not_found)?
                .rows()
                .schema
        }
    };
    let resp = pb::DescribeTableResponse {
        table_meta: pb::TableMeta {
            table_name: s.name.clone(),
            primary_key: pk_schema_pb(&s.primary_key),
            defined_column: s
                .defined_columns
                .iter()
                .map(|(n, t)| pb::DefinedColumnSchema {
                    name: n.clone(),
                    r#type: t.to_pb() as i32,
                })
                .collect(),
            index_meta: Vec::new(),
        },
        reserved_throughput_details: throughput_pb(s),
        table_options: options_pb(&s.options),
        table_status: pb::TableStatus::Active as i32,
        stream_details: Some(stream_pb(s.stream.as_ref())),
        shard_splits: Vec::new(),
        sse_details: None,
        index_metas: s.indexes.iter().map(secondary_index::meta_pb).collect(),
        creation_time: Some(s.created_at_micros),
    };
    Ok(resp.encode_to_vec())
}

/// A table with search indexes keeps what they need: one version, no TTL unless updates are
/// refused, and a TTL no shorter than any index's (the rules CreateSearchIndex checks). The
/// registry lock is taken before the table's (the lock order of `crate::search`).
pub fn update(
    storage: &dyn Storage,
    search: &SearchIndexes,
    body: &[u8],
    clock: Clock,
) -> ServiceResult<Vec<u8>> {
    let req: pb::UpdateTableRequest = decode(body)?;
    table_name_of(&req.table_name)?;
    if req.reserved_throughput.is_none() && req.table_options.is_none() && req.stream_spec.is_none() {
        return Err(ServiceError::param(
            "Nothing to update: give reserved throughput, table options or a stream.",
        ));
    }
    let registry = search.lock();
    let index_ttls: Vec<i32> = registry
        .names(Some(&req.table_name))
        .iter()
        .filter_map(|(t, i)| registry.get(t, i).map(|meta| meta.time_to_live))
        .collect();
    let table = storage.table(&req.table_name)?;
    let mut state = table.write();
    let now_ms = clock.now_ms();
    let mut schema = state.schema.clone();
    if let Some(rt) = &req.reserved_throughput {
        let (r, w) = check_reserved(&rt.capacity_unit)?;
        let (old_r, old_w) = schema.reserved;
        let (new_r, new_w) = (r.unwrap_or(old_r), w.unwrap_or(old_w));
        if new_r > old_r || new_w > old_w {
            schema.throughput_changed.0 = now_ms / 1000;
        }
        if new_r < old_r || new_w < old_w {
            schema.throughput_changed.1 = Some(now_ms / 1000);
        }
        schema.reserved = (new_r, new_w);
    }
    if let Some(o) = &req.table_options {
        if o.update_full_row.is_some() {
            // Fixed at creation (Go SDK TestUpdateAndDescribeTable expects this refusal).
            return Err(ServiceError::param(
                "The table options of UpdateTable must not contain updateFullRow.",
            ));
        }
        apply_options(&mut schema.options, o)?;
    }
    if let Some(s) = &req.stream_spec {
        schema.stream = Some(stream_spec(s, &schema.name, now_ms));
    }
    if !schema.indexes.is_empty() {
        secondary_index::check_table_can_have(&schema)?;
    }
    if !index_ttls.is_empty() {
        let facts = TableFacts {
            name: schema.name.clone(),
            primary_key: schema.primary_key.iter().map(|c| c.name.clone()).collect(),
            time_to_live: schema.options.time_to_live,
            max_versions: schema.options.max_versions,
            allow_update: schema.options.allow_update,
        };
        facts.check_can_hold_index()?;
        for ttl in index_ttls {
            crate::search::time_to_live(ttl, &facts)?;
        }
    }
    drop(registry);
    state.set_schema(schema);
    let s = &state.schema;
    let resp = pb::UpdateTableResponse {
        reserved_throughput_details: throughput_pb(s),
        table_options: options_pb(&s.options),
        stream_details: Some(stream_pb(s.stream.as_ref())),
    };
    Ok(resp.encode_to_vec())
}

/// Deleting a table drops its secondary indexes with it (the service's documented behaviour);
/// an index itself is dropped with DropIndex.
///
/// The service refuses to delete a table that still has search indexes ("delete the search
/// indexes before you delete the data table", DeleteTable usage notes of every SDK's docs); the
/// registry lock is held across the check and the deletion so no index is created in between.
pub fn delete(storage: &dyn Storage, search: &SearchIndexes, body: &[u8]) -> ServiceResult<Vec<u8>> {
    let req: pb::DeleteTableRequest = decode(body)?;
    table_name_of(&req.table_name)?;
    if secondary_index::is_index(storage, &req.table_name) {
        return Err(ServiceError::param(format!(
            "[{}] is a secondary index; drop it with DropIndex.",
            req.table_name
        )));
    }
    let registry = search.lock();
    if registry.has_indexes(&req.table_name) {
        return Err(ServiceError::param(format!(
            "Table [{}] has search indexes; delete them before deleting the table.",
            req.table_name
        )));
    }
    storage.delete_table(&req.table_name)?;
    drop(registry);
    Ok(pb::DeleteTableResponse {}.encode_to_vec())
}

pub fn add_defined_columns(storage: &dyn Storage, body: &[u8]) -> ServiceResult<Vec<u8>> {
    let req: pb::AddDefinedColumnRequest = decode(body)?;
    table_name_of(&req.table_name)?;
    if req.columns.is_empty() {
        return Err(ServiceError::param("No defined column is specified."));
    }
    let table = storage.table(&req.table_name)?;
    let mut state = table.write();
    let cols = defined_columns(
        &req.columns,
        &state.schema.primary_key,
        &state.schema.defined_columns,
    )?;
    state.schema.defined_columns = cols;
    Ok(pb::AddDefinedColumnResponse {}.encode_to_vec())
}

pub fn delete_defined_columns(storage: &dyn Storage, body: &[u8]) -> ServiceResult<Vec<u8>> {
    let req: pb::DeleteDefinedColumnRequest = decode(body)?;
    table_name_of(&req.table_name)?;
    if req.columns.is_empty() {
        return Err(ServiceError::param("No defined column is specified."));
    }
    let table = storage.table(&req.table_name)?;
    let mut state = table.write();
    for name in &req.columns {
        if !state.schema.defined_columns.iter().any(|(n, _)| n == name) {
            return Err(ServiceError::param(format!(
                "Defined column '{name}' does not exist."
            )));
        }
        if let Some(index) = state.schema.indexes.iter().find(|i| i.uses(name)) {
            return Err(ServiceError::param(format!(
                "Defined column '{name}' is used by index [{}]; drop the index first.",
                index.name
            )));
        }
    }
    state
        .schema
        .defined_columns
        .retain(|(n, _)| !req.columns.contains(n));
    Ok(pb::DeleteDefinedColumnResponse {}.encode_to_vec())
}

/// Split points by data size: walking the rows in key order, a new range starts at the next
/// partition key once the current one holds `split_size` units (100 MB unless
/// `split_size_unit_in_byte` says otherwise). Points carry the partition key only, as the
/// service's do. A local table lives in one place, so there is one location.
pub fn split_points(storage: &dyn Storage, body: &[u8]) -> ServiceResult<Vec<u8>> {
    const DEFAULT_UNIT: i64 = 100 * 1024 * 1024;
    let req: pb::ComputeSplitPointsBySizeRequest = decode(body)?;
    table_name_of(&req.table_name)?;
    if req.split_size <= 0 {
        return Err(ServiceError::param("split_size must be greater than 0."));
    }
    let unit = match req.split_size_unit_in_byte {
        Some(u) if u <= 0 => {
            return Err(ServiceError::param(
                "split_size_unit_in_byte must be greater than 0.",
            ))
        }
        Some(u) => u,
        None => DEFAULT_UNIT,
    };
    let limit = match req.split_point_limit {
        Some(l) if l <= 0 => return Err(ServiceError::param("split_point_limit must be greater than 0.")),
        Some(l) => l as usize,
        None => usize::MAX,
    };
    let threshold = usize::try_from(req.split_size.saturating_mul(unit)).unwrap_or(usize::MAX);
    let table = storage.table(&req.table_name)?;
    let state = table.read();
    let partition_key = state
        .schema
        .primary_key
        .first()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let mut points = Vec::new();
    let mut current = 0usize;
    let mut last_partition: Option<&ots_proto::model::PrimaryKeyValue> = None;
    for (key, row) in state.data.iter() {
        let Some(partition) = key.first() else { continue };
        if current >= threshold && last_partition != Some(partition) && points.len() < limit {
            let pk = ots_proto::model::PrimaryKey::new().with(partition_key.clone(), partition.clone());
            points.push(ots_proto::plainbuffer::encode_primary_key(&pk));
            current = 0;
        }
        current += row.data_size(key);
        last_partition = Some(partition);
    }
    let resp = pb::ComputeSplitPointsBySizeResponse {
        consumed: consumed(1, 0),
        schema: pk_schema_pb(&state.schema.primary_key),
        locations: vec![pb::compute_split_points_by_size_response::SplitLocation {
            location: "ots-local".to_owned(),
            repeat: i64::try_from(points.len() + 1).unwrap_or(i64::MAX),
        }],
        split_points: points,
    };
    Ok(resp.encode_to_vec())
}
