//! Aggregations and group-bys over the rows a search matched (all of them, not only the page),
//! answered as the service's `AggregationsResult` / `GroupBysResult` messages.
//!
//! The request is first read into a checked [`plan`] (names, fields, types, limits; every error
//! is found before anything is computed, as the service refuses a request whatever the data) by
//! [`read`] and [`read_group`], then evaluated over the documents: metrics in [`metric`], groups
//! in [`group`] and [`histogram`]. Documents are seen only through [`Docs`], so this module
//! knows nothing of tables, hits or HTTP.
//!
//! The files are layers, each importing only those below it: [`docs`] and [`calendar`];
//! [`field`] (the fields a request names, and the readers of its pieces); [`value`]; [`plan`]
//! (the types, which refer to each other); [`read_group`], then [`read`]; [`metric`], then
//! [`bucket`] (what every group-by does with its groups), [`histogram`] and [`group`]; and this
//! file, which ties reading and evaluation together. Nothing calls back up: [`read`] reads the
//! plan of a group-by's groups and hands it to [`read_group`], and [`group`] is handed the
//! evaluation of a plan as a parameter.
//!
//! Served: avg, max, min, sum, count, distinct_count, percentiles, top_rows; group-bys by field,
//! range, filter, geo distance, histogram and date histogram, each with sub-aggregations and
//! sub-group-bys. Composite and geo-grid group-bys are refused as not supported yet. What differs
//! from the service is listed in `FIDELITY.md` ("Aggregations").

mod bucket;
mod calendar;
mod docs;
mod field;
mod group;
mod histogram;
mod metric;
mod plan;
mod read;
mod read_group;
mod value;

#[cfg(test)]
mod tests;

pub use docs::Docs;

use crate::error::ServiceResult;
use bucket::SubResults;
use ots_proto::pb::search as spb;
use plan::Plan;
use prost::Message;

/// The serialized `AggregationsResult` and `GroupBysResult` of a search (`None` for what it
/// did not ask).
pub type Results = (Option<Vec<u8>>, Option<Vec<u8>>);

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
    let plan = read::plan(docs, aggs, group_bys, 0)?;
    let all: Vec<usize> = (0..docs.len()).collect();
    let (aggs, group_bys) = evaluate(&plan, docs, &all)?;
    Ok((
        aggs.map(|a| a.encode_to_vec()),
        group_bys.map(|g| g.encode_to_vec()),
    ))
}

/// Evaluates one level of `plan` over `subset`: `None` for what it does not have. Group-bys are
/// handed this function to evaluate the plans of their groups.
///
/// # Errors
/// A top_rows sort the documents refuse.
fn evaluate(plan: &Plan, docs: &dyn Docs, subset: &[usize]) -> ServiceResult<SubResults> {
    let aggs = if plan.aggs.is_empty() {
        None
    } else {
        Some(spb::AggregationsResult {
            agg_results: plan
                .aggs
                .iter()
                .map(|a| metric::evaluate(a, docs, subset))
                .collect::<ServiceResult<_>>()?,
        })
    };
    let group_bys = if plan.group_bys.is_empty() {
        None
    } else {
        let evaluate_sub = |sub: &Plan, docs_of_group: &[usize]| evaluate(sub, docs, docs_of_group);
        Some(spb::GroupBysResult {
            group_by_results: plan
                .group_bys
                .iter()
                .map(|g| group::evaluate(g, docs, subset, &evaluate_sub))
                .collect::<ServiceResult<_>>()?,
        })
    };
    Ok((aggs, group_bys))
}
