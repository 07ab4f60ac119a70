//! Aggregations and group-bys over the rows a search matched (all of them, not only the page),
//! answered as the service's `AggregationsResult` / `GroupBysResult` messages.
//!
//! The request is first read into a checked [`plan`] (names, fields, types, limits; every error
//! is found before anything is computed, as the service refuses a request whatever the data),
//! then evaluated over the documents: metrics in [`metric`], groups in [`group`] and
//! [`histogram`]. Documents are seen only through [`Docs`], so this module knows nothing of
//! tables, hits or HTTP.
//!
//! Served: avg, max, min, sum, count, distinct_count, percentiles, top_rows; group-bys by field,
//! range, filter, geo distance, histogram and date histogram, each with sub-aggregations and
//! sub-group-bys. Composite and geo-grid group-bys are refused as not supported yet. What differs
//! from the service is listed in `FIDELITY.md` ("Aggregations").

mod calendar;
mod group;
mod histogram;
mod metric;
mod plan;
mod plan_group;
mod value;

#[cfg(test)]
mod tests;

use super::engine::IndexField;
use crate::error::ServiceResult;
use ots_proto::model::Value;
use ots_proto::pb::search as spb;
use prost::Message;

/// The serialized `AggregationsResult` and `GroupBysResult` of a search (`None` for what it
/// did not ask).
pub type Results = (Option<Vec<u8>>, Option<Vec<u8>>);

/// The documents a search matched, as the aggregations read them.
pub trait Docs {
    /// Number of matching documents; documents are `0..len()`.
    fn len(&self) -> usize;

    /// The schema facts of index field `name`; `None` when the index has no such field.
    fn field(&self, name: &str) -> Option<IndexField>;

    /// The values of field `name` in document `doc`: arrays expanded, only values of the
    /// field's type (numbers for LONG, DOUBLE and DATE, strings for KEYWORD, ...); a geo point
    /// is a `"lat,lon"` string.
    fn values(&self, doc: usize, name: &str) -> Vec<Value>;

    /// Which documents match `query`, one flag per document.
    ///
    /// # Errors
    /// The query's own errors (unknown field, unsupported query type, ...).
    fn matching(&self, query: &spb::Query) -> ServiceResult<Vec<bool>>;

    /// The first `limit` of `docs` in the order of `sort` (`None`: in the order given), each
    /// encoded as one PlainBuffer row.
    ///
    /// # Errors
    /// The sort's own errors (unknown field, field without `enable_sort_and_agg`, ...).
    fn rows(&self, docs: &[usize], sort: Option<&spb::Sort>, limit: usize) -> ServiceResult<Vec<Vec<u8>>>;
}

/// Computes a search's aggregations and group-bys over every document of `docs`, as the
/// serialized `AggregationsResult` and `GroupBysResult` (`None` for what was not asked).
///
/// # Errors
/// 400 `OTSParameterInvalid` for a malformed or refused request (unknown field, field without
/// `enable_sort_and_agg`, unsuitable field type, repeated name, limit exceeded, ...);
/// 400 `OTSUnsupportOperation` for composite and geo-grid group-bys.
pub fn aggregate(
    docs: &dyn Docs,
    aggs: Option<&spb::Aggregations>,
    group_bys: Option<&spb::GroupBys>,
) -> ServiceResult<Results> {
    let aggs = aggs.map(|a| a.aggs.as_slice()).unwrap_or_default();
    let group_bys = group_bys.map(|g| g.group_bys.as_slice()).unwrap_or_default();
    if aggs.is_empty() && group_bys.is_empty() {
        return Ok((None, None));
    }
    let plan = plan::Plan::read(docs, aggs, group_bys, 0)?;
    let all: Vec<usize> = (0..docs.len()).collect();
    let (aggs, group_bys) = plan.evaluate(docs, &all)?;
    Ok((
        aggs.map(|a| a.encode_to_vec()),
        group_bys.map(|g| g.encode_to_vec()),
    ))
}
