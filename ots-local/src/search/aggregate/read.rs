//! A request's aggregations and group-bys read into a checked [`Plan`]: every name, field,
//! type, value and limit is checked here, before anything is computed, so a request is refused
//! whatever the data (a sub-aggregation of a group that turns out empty is checked too).
//!
//! This reader reads the levels and the aggregations; group-bys are read by
//! [`super::read_group`], which is handed the plan of a group-by's groups and never reads one
//! itself. Messages follow the rules of [`super::field`].

use super::docs::Docs;
use super::field::{body, check_names, field, number_for, Want};
use super::plan::{Agg, AggKind, GroupBy, Plan, StatOp};
use super::read_group;
use super::value::value_for;
use crate::error::{ServiceError, ServiceResult};
use ots_proto::pb::search as spb;

/// Most rows a top_rows aggregation returns (approximated: the service refuses 10,000, Python
/// SDK `test_top_rows_with_exception`; 100 is its engine's default inner-hits window).
pub(super) const MAX_TOP_ROWS: i32 = 100;
/// Most levels of sub-group-bys under a top-level group-by (approximated: the service limits
/// nesting, the number is ours).
pub(super) const MAX_GROUP_BY_DEPTH: usize = 5;
/// Percentiles computed when the request names none (the service's engine's defaults).
const DEFAULT_PERCENTS: [f64; 7] = [1.0, 5.0, 25.0, 50.0, 75.0, 95.0, 99.0];

/// Reads and checks one level; `depth` is the number of group-bys around it.
///
/// # Errors
/// See [`super::aggregate`].
pub(super) fn plan(
    docs: &dyn Docs,
    aggs: &[spb::Aggregation],
    group_bys: &[spb::GroupBy],
    depth: usize,
) -> ServiceResult<Plan> {
    check_names(aggs.iter().map(|a| a.name.as_deref()), "aggregation")?;
    check_names(group_bys.iter().map(|g| g.name.as_deref()), "group-by")?;
    if depth > MAX_GROUP_BY_DEPTH && !group_bys.is_empty() {
        return Err(ServiceError::param(format!(
            "Sub-group-bys nest at most {MAX_GROUP_BY_DEPTH} levels under a group-by."
        )));
    }
    Ok(Plan {
        aggs: aggs
            .iter()
            .map(|a| read_agg(docs, a))
            .collect::<ServiceResult<_>>()?,
        group_bys: group_bys
            .iter()
            .map(|g| group_by(docs, g, depth))
            .collect::<ServiceResult<_>>()?,
    })
}

/// One group-by at `depth` (group-bys around it): its own settings, then the plan of its groups
/// one level deeper, then what needs that plan (sorters by sub-aggregation, histograms). A
/// request with several mistakes is told the first in this order.
fn group_by(docs: &dyn Docs, g: &spb::GroupBy, depth: usize) -> ServiceResult<GroupBy> {
    let head = read_group::head(docs, g)?;
    let (aggs, group_bys) = head.subs();
    let sub = plan(docs, aggs, group_bys, depth + 1)?;
    head.finish(docs, sub)
}

fn read_agg(docs: &dyn Docs, a: &spb::Aggregation) -> ServiceResult<Agg> {
    use spb::AggregationType as T;
    let kind = a
        .r#type
        .and_then(|t| T::try_from(t).ok())
        .ok_or_else(|| ServiceError::param("The aggregation type is missing or unknown."))?;
    let bytes = a.body.as_deref();
    let stat =
        |op: StatOp, tag: &str, name: Option<&str>, missing: Option<&[u8]>| -> ServiceResult<AggKind> {
            let want = if op == StatOp::Sum {
                Want::Numeric
            } else {
                Want::NumericOrDate
            };
            let field = field(docs, tag, name, want)?;
            let missing = number_for(missing, tag, &field)?;
            Ok(AggKind::Stat { op, field, missing })
        };
    let kind = match kind {
        T::AggAvg => {
            let b: spb::AvgAggregation = body(bytes, "avg agg")?;
            stat(
                StatOp::Avg,
                "avg agg",
                b.field_name.as_deref(),
                b.missing.as_deref(),
            )?
        }
        T::AggMax => {
            let b: spb::MaxAggregation = body(bytes, "max agg")?;
            stat(
                StatOp::Max,
                "max agg",
                b.field_name.as_deref(),
                b.missing.as_deref(),
            )?
        }
        T::AggMin => {
            let b: spb::MinAggregation = body(bytes, "min agg")?;
            stat(
                StatOp::Min,
                "min agg",
                b.field_name.as_deref(),
                b.missing.as_deref(),
            )?
        }
        T::AggSum => {
            let b: spb::SumAggregation = body(bytes, "sum agg")?;
            stat(
                StatOp::Sum,
                "sum agg",
                b.field_name.as_deref(),
                b.missing.as_deref(),
            )?
        }
        T::AggCount => {
            let b: spb::CountAggregation = body(bytes, "count agg")?;
            AggKind::Count {
                field: field(docs, "count agg", b.field_name.as_deref(), Want::Any)?,
            }
        }
        T::AggDistinctCount => {
            let tag = "distinct count agg";
            let b: spb::DistinctCountAggregation = body(bytes, tag)?;
            let field = field(docs, tag, b.field_name.as_deref(), Want::Any)?;
            let missing = b
                .missing
                .as_deref()
                .map(|m| value_for(m, tag, "missing value", &field))
                .transpose()?;
            AggKind::DistinctCount { field, missing }
        }
        T::AggPercentiles => {
            let tag = "percentiles agg";
            let b: spb::PercentilesAggregation = body(bytes, tag)?;
            let field = field(docs, tag, b.field_name.as_deref(), Want::NumericOrDate)?;
            let missing = number_for(b.missing.as_deref(), tag, &field)?;
            let mut percents = if b.percentiles.is_empty() {
                DEFAULT_PERCENTS.to_vec()
            } else {
                b.percentiles
            };
            if let Some(bad) = percents.iter().find(|p| !(0.0..=100.0).contains(*p)) {
                return Err(ServiceError::param(format!(
                    "[{tag}] percentiles must be in [0, 100], but one is {bad}."
                )));
            }
            // The service answers in ascending order whatever the request's (Python SDK
            // `test_percentiles_agg_normal` asks [90, 50] and reads 50 first).
            percents.sort_by(f64::total_cmp);
            AggKind::Percentiles {
                field,
                percents,
                missing,
            }
        }
        T::AggTopRows => {
            let tag = "top rows agg";
            let b: spb::TopRowsAggregation = body(bytes, tag)?;
            let limit = b.limit.unwrap_or(1);
            if !(0..=MAX_TOP_ROWS).contains(&limit) {
                return Err(ServiceError::param(format!(
                    "[{tag}] limit must be in [0, {MAX_TOP_ROWS}], but is {limit}."
                )));
            }
            let sort = b.sort.filter(|s| !s.sorter.is_empty());
            // Checks the sort now, whether or not any group has rows.
            docs.rows(&[], sort.as_ref(), 0)?;
            AggKind::TopRows {
                limit: usize::try_from(limit).unwrap_or_default(),
                sort,
            }
        }
    };
    Ok(Agg {
        name: a.name.clone().unwrap_or_default(),
        kind,
    })
}
