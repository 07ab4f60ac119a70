//! A search's hits as the aggregations see them ([`Docs`]): values read like the index reads
//! them, filters run through the engine, top rows sorted and projected like the page's rows.

use super::{project, sort_hits, Hit, View};
use crate::error::ServiceResult;
use crate::search::aggregate::{self, Docs};
use crate::search::engine::{array_values, FieldKind, IndexField};
use crate::search::translate::translate;
use crate::storage::Key;
use ots_proto::model::Value;
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The virtual fields of `schema`, each with the column it reads.
pub(super) fn virtual_sources(schema: &spb::IndexSchema) -> HashMap<String, String> {
    schema
        .field_schemas
        .iter()
        .filter(|f| f.is_virtual_field == Some(true))
        .filter_map(|f| Some((f.field_name.clone()?, f.source_field_names.first()?.clone())))
        .collect()
}

/// The aggregations and group-bys of `query` over every hit (in the search's order), as the
/// serialized results.
///
/// # Errors
/// What [`aggregate::aggregate`] refuses.
pub(super) fn aggregate(
    hits: &[Hit],
    view: &View<'_>,
    columns: Option<&spb::ColumnsToGet>,
    sources: &HashMap<String, String>,
    query: &spb::SearchQuery,
) -> ServiceResult<aggregate::Results> {
    let docs = HitDocs {
        hits,
        view,
        columns,
        sources,
    };
    aggregate::aggregate(&docs, query.aggs.as_ref(), query.group_bys.as_ref())
}

struct HitDocs<'a> {
    hits: &'a [Hit],
    view: &'a View<'a>,
    columns: Option<&'a spb::ColumnsToGet>,
    sources: &'a HashMap<String, String>,
}

/// `v` as the index holds it for a field of `kind` (see the engine's `add_value`): numbers in
/// keyword and text fields as their text; `None` for a value of another type.
fn as_indexed(kind: FieldKind, v: Value) -> Option<Value> {
    match (kind, v) {
        (FieldKind::Keyword | FieldKind::Text, Value::Integer(i)) => Some(Value::String(i.to_string())),
        (FieldKind::Keyword | FieldKind::Text, Value::Double(d)) => Some(Value::String(d.to_string())),
        (FieldKind::Keyword | FieldKind::Text | FieldKind::Unsearchable, v @ Value::String(_)) => Some(v),
        (FieldKind::Long | FieldKind::Date, v @ Value::Integer(_)) => Some(v),
        (FieldKind::Double, v @ (Value::Double(_) | Value::Integer(_))) => Some(v),
        (FieldKind::Boolean, v @ Value::Boolean(_)) => Some(v),
        _ => None,
    }
}

impl Docs for HitDocs<'_> {
    fn len(&self) -> usize {
        self.hits.len()
    }

    fn field(&self, name: &str) -> Option<IndexField> {
        self.view.engine.field(name)
    }

    fn values(&self, doc: usize, name: &str) -> Vec<Value> {
        let (Some(hit), Some(f)) = (self.hits.get(doc), self.view.engine.field(name)) else {
            return Vec::new();
        };
        // A virtual field reads its source column.
        let column = self.sources.get(name).map_or(name, String::as_str);
        let Some(value) = self.view.value(hit, column) else {
            return Vec::new();
        };
        let values = if f.is_array {
            // Geo point arrays are JSON arrays of "lat,lon" strings.
            let kind = if f.kind == FieldKind::Unsearchable {
                FieldKind::Keyword
            } else {
                f.kind
            };
            array_values(&value, kind)
        } else {
            vec![value]
        };
        values.into_iter().filter_map(|v| as_indexed(f.kind, v)).collect()
    }

    fn matching(&self, query: &spb::Query) -> ServiceResult<Vec<bool>> {
        let query = translate(self.view.engine, query)?;
        let keys: HashSet<Key> = self
            .view
            .engine
            .matching_keys(query.as_ref())?
            .into_iter()
            .collect();
        Ok(self.hits.iter().map(|h| keys.contains(&h.key)).collect())
    }

    fn rows(&self, docs: &[usize], sort: Option<&spb::Sort>, limit: usize) -> ServiceResult<Vec<Vec<u8>>> {
        let mut picked: Vec<Hit> = docs
            .iter()
            .filter_map(|&d| self.hits.get(d))
            .map(|h| Hit {
                key: h.key.clone(),
                row: Arc::clone(&h.row),
            })
            .collect();
        if let Some(sort) = sort {
            sort_hits(&mut picked, sort, self.view)?;
        }
        picked.truncate(limit);
        let keys_only = spb::ColumnsToGet::default();
        let columns = self.columns.unwrap_or(&keys_only);
        Ok(picked
            .iter()
            .map(|h| plainbuffer::encode_put_row(&project(h, columns, self.view)))
            .collect())
    }
}
