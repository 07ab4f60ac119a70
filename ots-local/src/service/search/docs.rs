//! A search's hits as the aggregations see them ([`Docs`]): values read like the index reads
//! them, filters run through the engine, top rows sorted and projected like the page's rows.

use super::{project, sort_hits, Hit, View};
use crate::error::ServiceResult;
use crate::search::aggregate::{self, Docs};
use crate::search::engine::IndexField;
use crate::search::translate::{translate, Ctx};
use crate::storage::Key;
use ots_proto::model::Value;
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use std::collections::HashSet;
use std::sync::Arc;

/// The aggregations and group-bys of `query` over every hit (in the search's order), as the
/// serialized results.
///
/// # Errors
/// What [`aggregate::aggregate`] refuses.
pub(super) fn aggregate(
    hits: &[Hit],
    view: &View<'_>,
    columns: Option<&spb::ColumnsToGet>,
    query: &spb::SearchQuery,
) -> ServiceResult<aggregate::Results> {
    let docs = HitDocs { hits, view, columns };
    aggregate::aggregate(&docs, query.aggs.as_ref(), query.group_bys.as_ref())
}

struct HitDocs<'a> {
    hits: &'a [Hit],
    view: &'a View<'a>,
    columns: Option<&'a spb::ColumnsToGet>,
}

impl Docs for HitDocs<'_> {
    fn len(&self) -> usize {
        self.hits.len()
    }

    fn field(&self, name: &str) -> Option<IndexField> {
        self.view.engine.any_field(name).map(|(f, _)| f)
    }

    fn values(&self, doc: usize, name: &str) -> Vec<Value> {
        // Read like the index reads them (a virtual field's source column, arrays expanded,
        // dates as epoch milliseconds, values of another type left out).
        // A nested sub-field (`path.sub`) gives the values of every object of its column.
        let Some((_, path)) = self.view.engine.any_field(name) else {
            return Vec::new();
        };
        let Some(raw) = self
            .hits
            .get(doc)
            .and_then(|hit| self.view.value(hit, path.unwrap_or(name)))
        else {
            return Vec::new();
        };
        match path {
            Some(path) => self.view.engine.nested_values(path, name, &raw),
            None => self.view.engine.typed_values(name, &raw),
        }
    }

    fn date_millis(&self, name: &str, value: &Value) -> Option<i64> {
        self.view.engine.date_millis(name, value)
    }

    fn matching(&self, query: &spb::Query) -> ServiceResult<Vec<bool>> {
        let ctx = Ctx {
            engine: self.view.engine,
            searcher: self.view.searcher,
        };
        let query = translate(ctx, query)?;
        let keys: HashSet<Key> = self
            .view
            .engine
            .matching(self.view.searcher, query.as_ref())?
            .into_iter()
            .map(|(key, _)| key)
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
                score: h.score,
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
