//! Aggregations and group-bys <-> their protobuf messages. Bodies travel as serialized
//! sub-messages inside `Aggregation.body` / `GroupBy.body` (and the results inside
//! `AggregationResult.agg_result` / `GroupByResult.group_by_result`); values (missing values,
//! intervals, ranges, histogram keys, percentile values) are PlainBuffer variants. Encoding is
//! here, decoding of the results in [`decode`].

use super::agg::{Aggregation, AggregationKind, DateInterval, DateUnit, GroupBy, GroupByKind, GroupBySorter};
use super::query::query_pb;
use super::sort::order_pb;
use super::sort::sort_pb;
use crate::model::Value;
use ots_proto::pb::search as pb;
use ots_proto::plainbuffer;
use prost::Message;
use std::ops::Range;

/// The protobuf of a search's aggregations.
pub(crate) fn aggs_pb(aggs: &[Aggregation]) -> pb::Aggregations {
    pb::Aggregations {
        aggs: aggs.iter().map(agg_pb).collect(),
    }
}

/// The protobuf of a search's group-bys.
pub(crate) fn group_bys_pb(group_bys: &[GroupBy]) -> pb::GroupBys {
    pb::GroupBys {
        group_bys: group_bys.iter().map(group_by_pb).collect(),
    }
}

fn variant(v: &Value) -> Vec<u8> {
    plainbuffer::encode_variant(v)
}

fn missing(v: &Option<Value>) -> Option<Vec<u8>> {
    v.as_ref().map(variant)
}

fn agg_pb(a: &Aggregation) -> pb::Aggregation {
    use pb::AggregationType as T;
    let field_name = |f: &String| Some(f.clone());
    let (kind, body) = match &a.kind {
        AggregationKind::Avg { field, missing: m } => (
            T::AggAvg,
            pb::AvgAggregation {
                field_name: field_name(field),
                missing: missing(m),
            }
            .encode_to_vec(),
        ),
        AggregationKind::Max { field, missing: m } => (
            T::AggMax,
            pb::MaxAggregation {
                field_name: field_name(field),
                missing: missing(m),
            }
            .encode_to_vec(),
        ),
        AggregationKind::Min { field, missing: m } => (
            T::AggMin,
            pb::MinAggregation {
                field_name: field_name(field),
                missing: missing(m),
            }
            .encode_to_vec(),
        ),
        AggregationKind::Sum { field, missing: m } => (
            T::AggSum,
            pb::SumAggregation {
                field_name: field_name(field),
                missing: missing(m),
            }
            .encode_to_vec(),
        ),
        AggregationKind::Count { field } => (
            T::AggCount,
            pb::CountAggregation {
                field_name: field_name(field),
            }
            .encode_to_vec(),
        ),
        AggregationKind::DistinctCount { field, missing: m } => (
            T::AggDistinctCount,
            pb::DistinctCountAggregation {
                field_name: field_name(field),
                missing: missing(m),
            }
            .encode_to_vec(),
        ),
        AggregationKind::Percentiles {
            field,
            percentiles,
            missing: m,
        } => (
            T::AggPercentiles,
            pb::PercentilesAggregation {
                field_name: field_name(field),
                percentiles: percentiles.clone(),
                missing: missing(m),
            }
            .encode_to_vec(),
        ),
        AggregationKind::TopRows { limit, sort } => (
            T::AggTopRows,
            pb::TopRowsAggregation {
                limit: Some(*limit),
                sort: (!sort.is_empty()).then(|| sort_pb(sort)),
            }
            .encode_to_vec(),
        ),
    };
    pb::Aggregation {
        name: Some(a.name.clone()),
        r#type: Some(kind as i32),
        body: Some(body),
    }
}

fn group_sort_pb(sorters: &[GroupBySorter]) -> Option<pb::GroupBySort> {
    if sorters.is_empty() {
        return None;
    }
    let sorters = sorters
        .iter()
        .map(|s| match s {
            GroupBySorter::GroupKey(o) => pb::GroupBySorter {
                group_key_sort: Some(pb::GroupKeySort {
                    order: Some(order_pb(*o)),
                }),
                ..Default::default()
            },
            GroupBySorter::RowCount(o) => pb::GroupBySorter {
                row_count_sort: Some(pb::RowCountSort {
                    order: Some(order_pb(*o)),
                }),
                ..Default::default()
            },
            GroupBySorter::SubAggregation { name, order } => pb::GroupBySorter {
                sub_agg_sort: Some(pb::SubAggSort {
                    sub_agg_name: Some(name.clone()),
                    order: Some(order_pb(*order)),
                }),
                ..Default::default()
            },
        })
        .collect();
    Some(pb::GroupBySort { sorters })
}

fn ranges_pb(ranges: &[Range<f64>]) -> Vec<pb::Range> {
    ranges
        .iter()
        .map(|r| pb::Range {
            from: Some(r.start),
            to: Some(r.end),
        })
        .collect()
}

fn date_pb(d: DateInterval) -> pb::DateTimeValue {
    use pb::DateTimeUnit as U;
    let unit = match d.unit {
        DateUnit::Year => U::Year,
        DateUnit::QuarterYear => U::QuarterYear,
        DateUnit::Month => U::Month,
        DateUnit::Week => U::Week,
        DateUnit::Day => U::Day,
        DateUnit::Hour => U::Hour,
        DateUnit::Minute => U::Minute,
        DateUnit::Second => U::Second,
        DateUnit::Millisecond => U::Millisecond,
    };
    pb::DateTimeValue {
        value: Some(d.value),
        unit: Some(unit as i32),
    }
}

fn group_by_pb(g: &GroupBy) -> pb::GroupBy {
    use pb::GroupByType as T;
    let sub_aggs = (!g.sub_aggregations.is_empty()).then(|| aggs_pb(&g.sub_aggregations));
    let sub_group_bys = (!g.sub_group_bys.is_empty()).then(|| group_bys_pb(&g.sub_group_bys));
    let (kind, body) = match &g.kind {
        GroupByKind::Field {
            field,
            size,
            sort,
            min_doc_count,
        } => (
            T::GroupByField,
            pb::GroupByField {
                field_name: Some(field.clone()),
                size: *size,
                sort: group_sort_pb(sort),
                sub_aggs,
                sub_group_bys,
                min_doc_count: *min_doc_count,
            }
            .encode_to_vec(),
        ),
        GroupByKind::Range { field, ranges } => (
            T::GroupByRange,
            pb::GroupByRange {
                field_name: Some(field.clone()),
                ranges: ranges_pb(ranges),
                sub_aggs,
                sub_group_bys,
            }
            .encode_to_vec(),
        ),
        GroupByKind::Filter { filters } => (
            T::GroupByFilter,
            pb::GroupByFilter {
                filters: filters.iter().map(query_pb).collect(),
                sub_aggs,
                sub_group_bys,
            }
            .encode_to_vec(),
        ),
        GroupByKind::GeoDistance {
            field,
            origin,
            ranges,
        } => (
            T::GroupByGeoDistance,
            pb::GroupByGeoDistance {
                field_name: Some(field.clone()),
                origin: Some(pb::GeoPoint {
                    lat: Some(origin.lat),
                    lon: Some(origin.lon),
                }),
                ranges: ranges_pb(ranges),
                sub_aggs,
                sub_group_bys,
            }
            .encode_to_vec(),
        ),
        GroupByKind::GeoGrid {
            field,
            precision,
            size,
        } => (
            T::GroupByGeoGrid,
            pb::GroupByGeoGrid {
                field_name: Some(field.clone()),
                precision: Some(i32::from(*precision)),
                size: *size,
                sub_aggs,
                sub_group_bys,
            }
            .encode_to_vec(),
        ),
        GroupByKind::Histogram {
            field,
            interval,
            min,
            max,
            missing: m,
            min_doc_count,
            sort,
        } => (
            T::GroupByHistogram,
            pb::GroupByHistogram {
                field_name: Some(field.clone()),
                interval: Some(variant(interval)),
                missing: missing(m),
                min_doc_count: *min_doc_count,
                sort: group_sort_pb(sort),
                field_range: Some(pb::FieldRange {
                    min: Some(variant(min)),
                    max: Some(variant(max)),
                }),
                sub_aggs,
                sub_group_bys,
                offset: None,
            }
            .encode_to_vec(),
        ),
        GroupByKind::DateHistogram {
            field,
            interval,
            field_range,
            missing: m,
            min_doc_count,
            time_zone,
            offset,
            sort,
        } => (
            T::GroupByDateHistogram,
            pb::GroupByDateHistogram {
                field_name: Some(field.clone()),
                interval: Some(date_pb(*interval)),
                field_range: field_range.as_ref().map(|(min, max)| pb::FieldRange {
                    min: Some(variant(min)),
                    max: Some(variant(max)),
                }),
                missing: missing(m),
                min_doc_count: *min_doc_count,
                time_zone: time_zone.clone(),
                sort: group_sort_pb(sort),
                sub_aggs,
                sub_group_bys,
                offset: offset.map(date_pb),
            }
            .encode_to_vec(),
        ),
    };
    pb::GroupBy {
        name: Some(g.name.clone()),
        r#type: Some(kind as i32),
        body: Some(body),
    }
}

mod decode;

pub(crate) use decode::{aggregation_results, group_by_results};

#[cfg(test)]
mod tests;
