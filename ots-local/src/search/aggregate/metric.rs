//! Aggregations evaluated over a set of documents.
//!
//! Every value of a document counts (an array's elements each; Python SDK `agg_test.py`: count
//! of `[-1, i]` over 100 rows is 200, sum 4850, avg 24.25); a document without a value counts
//! once as `missing` when it is given (Go SDK `TestAggregationAvgAggregationValidTypeMissingValue`).
//! With no value at all, avg and min answer +inf, max -inf and sum 0 (the Go SDK's `HasValue`),
//! percentiles no item.

use super::docs::Docs;
use super::field::Field;
use super::plan::{Agg, AggKind, StatOp};
use super::value::{all_values, numbers, percentile, sum, values_of, Scalar};
use crate::error::ServiceResult;
use crate::search::engine::FieldKind;
use ots_proto::model::Value;
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use prost::Message;
use std::collections::BTreeSet;

fn stat(op: StatOp, values: &[f64]) -> f64 {
    match op {
        StatOp::Avg if values.is_empty() => f64::INFINITY,
        StatOp::Avg => sum(values) / values.len() as f64,
        StatOp::Sum => sum(values),
        StatOp::Max => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        StatOp::Min => values.iter().copied().fold(f64::INFINITY, f64::min),
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The one number of an avg, max, min, sum, count or distinct count over `subset` (to sort
/// groups by); 0 for other kinds, which the plan does not let groups sort by.
pub(super) fn number(agg: &Agg, docs: &dyn Docs, subset: &[usize]) -> f64 {
    match &agg.kind {
        AggKind::Stat { op, field, missing } => stat(*op, &numbers(docs, subset, field, *missing)),
        AggKind::Count { field } => subset
            .iter()
            .map(|&d| values_of(docs, d, field).len())
            .sum::<usize>() as f64,
        AggKind::DistinctCount { field, missing } => distinct(docs, subset, field, missing.as_ref()) as f64,
        AggKind::Percentiles { .. } | AggKind::TopRows { .. } => 0.0,
    }
}

fn distinct(docs: &dyn Docs, subset: &[usize], field: &Field, missing: Option<&Scalar>) -> usize {
    all_values(docs, subset, field, missing)
        .into_iter()
        .collect::<BTreeSet<_>>()
        .len()
}

/// The aggregation's result over `subset`.
///
/// # Errors
/// A top_rows sort the documents refuse.
pub(super) fn evaluate(
    agg: &Agg,
    docs: &dyn Docs,
    subset: &[usize],
) -> ServiceResult<spb::AggregationResult> {
    use spb::AggregationType as T;
    let (kind, body) = match &agg.kind {
        AggKind::Stat { op, field, missing } => {
            let value = Some(stat(*op, &numbers(docs, subset, field, *missing)));
            match op {
                StatOp::Avg => (T::AggAvg, spb::AvgAggregationResult { value }.encode_to_vec()),
                StatOp::Max => (T::AggMax, spb::MaxAggregationResult { value }.encode_to_vec()),
                StatOp::Min => (T::AggMin, spb::MinAggregationResult { value }.encode_to_vec()),
                StatOp::Sum => (T::AggSum, spb::SumAggregationResult { value }.encode_to_vec()),
            }
        }
        AggKind::Count { field } => {
            let n: usize = subset.iter().map(|&d| values_of(docs, d, field).len()).sum();
            (
                T::AggCount,
                spb::CountAggregationResult {
                    value: Some(count(n)),
                }
                .encode_to_vec(),
            )
        }
        AggKind::DistinctCount { field, missing } => (
            T::AggDistinctCount,
            spb::DistinctCountAggregationResult {
                value: Some(count(distinct(docs, subset, field, missing.as_ref()))),
            }
            .encode_to_vec(),
        ),
        AggKind::Percentiles {
            field,
            percents,
            missing,
        } => {
            let mut values = numbers(docs, subset, field, *missing);
            values.sort_by(f64::total_cmp);
            let items = percents
                .iter()
                .filter_map(|&p| {
                    let v = percentile(&values, p)?;
                    // LONG and DATE fields answer integers (Python SDK `test_percentiles_agg_normal`:
                    // 49 for the median of 0..=99, 0 for that of 100 × -1 and 0..=99).
                    let v = if matches!(field.kind, FieldKind::Long | FieldKind::Date) {
                        Value::Integer(v.trunc() as i64)
                    } else {
                        Value::Double(v)
                    };
                    Some(spb::PercentilesAggregationItem {
                        key: Some(p),
                        value: Some(plainbuffer::encode_variant(&v)),
                    })
                })
                .collect();
            (
                T::AggPercentiles,
                spb::PercentilesAggregationResult {
                    percentiles_aggregation_items: items,
                }
                .encode_to_vec(),
            )
        }
        AggKind::TopRows { limit, sort } => (
            T::AggTopRows,
            spb::TopRowsAggregationResult {
                rows: docs.rows(subset, sort.as_ref(), *limit)?,
            }
            .encode_to_vec(),
        ),
    };
    Ok(spb::AggregationResult {
        name: Some(agg.name.clone()),
        r#type: Some(kind as i32),
        agg_result: Some(body),
    })
}
