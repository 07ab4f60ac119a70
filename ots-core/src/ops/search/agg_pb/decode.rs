//! Aggregation and group-by results: the bytes of `SearchResponse.aggs` / `group_bys` -> our
//! result types.

use crate::codec;
use crate::error::{Error, Result};
use crate::ops::search::agg::{
    AggregationResult, AggregationResults, Group, GroupByResults, GroupKey, Percentile,
};
use crate::ops::search::query::GeoPoint;
use ots_proto::pb::search as pb;
use ots_proto::plainbuffer;
use prost::Message;
use std::ops::Range;

/// PlainBuffer's type byte of a null value (a percentile without a value).
const VT_NULL: u8 = 0x06;

fn decode<M: Message + Default>(bytes: &[u8], what: &str) -> Result<M> {
    M::decode(bytes).map_err(|e| Error::response(format!("cannot decode the {what}")).with_source(e))
}

/// Decodes `SearchResponse.aggs` (a serialized `AggregationsResult`; empty: no aggregations).
pub(crate) fn aggregation_results(bytes: &[u8]) -> Result<AggregationResults> {
    aggs_from(&decode::<pb::AggregationsResult>(bytes, "aggregation results")?)
}

/// Decodes `SearchResponse.group_bys` (a serialized `GroupBysResult`; empty: no group-bys).
pub(crate) fn group_by_results(bytes: &[u8]) -> Result<GroupByResults> {
    group_bys_from(&decode::<pb::GroupBysResult>(bytes, "group-by results")?)
}

fn aggs_from(r: &pb::AggregationsResult) -> Result<AggregationResults> {
    let results = r
        .agg_results
        .iter()
        .map(|a| {
            let name = a.name.clone().unwrap_or_default();
            let result = agg_from(
                a.r#type.unwrap_or_default(),
                a.agg_result.as_deref().unwrap_or_default(),
            )
            .map_err(|e| Error::response(format!("aggregation {name:?}: {}", e.message())).with_source(e))?;
            Ok((name, result))
        })
        .collect::<Result<_>>()?;
    Ok(AggregationResults { results })
}

/// The service reports "no value" (no row had the field) as an infinity: +inf for avg and min,
/// -inf for max (Go SDK `HasValue`). NaN is treated the same way.
fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite())
}

fn agg_from(kind: i32, body: &[u8]) -> Result<AggregationResult> {
    use pb::AggregationType as T;
    let kind = T::try_from(kind).map_err(|_| Error::response(format!("unknown aggregation type {kind}")))?;
    Ok(match kind {
        T::AggAvg => {
            AggregationResult::Avg(finite(decode::<pb::AvgAggregationResult>(body, "average")?.value))
        }
        T::AggMax => {
            AggregationResult::Max(finite(decode::<pb::MaxAggregationResult>(body, "maximum")?.value))
        }
        T::AggMin => {
            AggregationResult::Min(finite(decode::<pb::MinAggregationResult>(body, "minimum")?.value))
        }
        T::AggSum => AggregationResult::Sum(finite(decode::<pb::SumAggregationResult>(body, "sum")?.value)),
        T::AggCount => AggregationResult::Count(
            decode::<pb::CountAggregationResult>(body, "count")?
                .value
                .unwrap_or(0),
        ),
        T::AggDistinctCount => AggregationResult::DistinctCount(
            decode::<pb::DistinctCountAggregationResult>(body, "distinct count")?
                .value
                .unwrap_or(0),
        ),
        T::AggPercentiles => {
            let r = decode::<pb::PercentilesAggregationResult>(body, "percentiles")?;
            let items = r
                .percentiles_aggregation_items
                .iter()
                .map(|i| {
                    let value = match i.value.as_deref() {
                        None | Some([]) | Some([VT_NULL]) => None,
                        Some(b) => Some(plainbuffer::decode_variant(b).map_err(|e| {
                            Error::response("cannot decode a percentile value").with_source(e)
                        })?),
                    };
                    Ok(Percentile {
                        percentile: i.key.unwrap_or_default(),
                        value,
                    })
                })
                .collect::<Result<_>>()?;
            AggregationResult::Percentiles(items)
        }
        T::AggTopRows => {
            let r = decode::<pb::TopRowsAggregationResult>(body, "top rows")?;
            let mut rows = Vec::with_capacity(r.rows.len());
            for b in &r.rows {
                rows.extend(codec::rows(b)?);
            }
            AggregationResult::TopRows(rows)
        }
    })
}

fn group_bys_from(r: &pb::GroupBysResult) -> Result<GroupByResults> {
    let results = r
        .group_by_results
        .iter()
        .map(|g| {
            let name = g.name.clone().unwrap_or_default();
            let groups = groups_from(
                g.r#type.unwrap_or_default(),
                g.group_by_result.as_deref().unwrap_or_default(),
            )
            .map_err(|e| Error::response(format!("group-by {name:?}: {}", e.message())).with_source(e))?;
            Ok((name, groups))
        })
        .collect::<Result<_>>()?;
    Ok(GroupByResults { results })
}

fn group(
    key: GroupKey,
    row_count: Option<i64>,
    aggs: Option<&pb::AggregationsResult>,
    group_bys: Option<&pb::GroupBysResult>,
) -> Result<Group> {
    Ok(Group {
        key,
        row_count: row_count.unwrap_or(0),
        sub_aggregations: aggs.map(aggs_from).transpose()?.unwrap_or_default(),
        sub_group_bys: group_bys.map(group_bys_from).transpose()?.unwrap_or_default(),
    })
}

fn range(from: Option<f64>, to: Option<f64>) -> Range<f64> {
    from.unwrap_or(f64::NEG_INFINITY)..to.unwrap_or(f64::INFINITY)
}

fn groups_from(kind: i32, body: &[u8]) -> Result<Vec<Group>> {
    use pb::GroupByType as T;
    let unknown = || Error::response(format!("unknown group-by type {kind}"));
    match T::try_from(kind).map_err(|_| unknown())? {
        T::GroupByField => decode::<pb::GroupByFieldResult>(body, "field groups")?
            .group_by_field_result_items
            .iter()
            .map(|i| {
                let key = GroupKey::Field(i.key.clone().unwrap_or_default());
                group(
                    key,
                    i.row_count,
                    i.sub_aggs_result.as_ref(),
                    i.sub_group_bys_result.as_ref(),
                )
            })
            .collect(),
        T::GroupByRange => decode::<pb::GroupByRangeResult>(body, "range groups")?
            .group_by_range_result_items
            .iter()
            .map(|i| {
                let key = GroupKey::Range(range(i.from, i.to));
                group(
                    key,
                    i.row_count,
                    i.sub_aggs_result.as_ref(),
                    i.sub_group_bys_result.as_ref(),
                )
            })
            .collect(),
        T::GroupByFilter => decode::<pb::GroupByFilterResult>(body, "filter groups")?
            .group_by_filter_result_items
            .iter()
            .enumerate()
            .map(|(n, i)| {
                let key = GroupKey::Filter(n);
                group(
                    key,
                    i.row_count,
                    i.sub_aggs_result.as_ref(),
                    i.sub_group_bys_result.as_ref(),
                )
            })
            .collect(),
        T::GroupByGeoDistance => decode::<pb::GroupByGeoDistanceResult>(body, "geo distance groups")?
            .group_by_geo_distance_result_items
            .iter()
            .map(|i| {
                let key = GroupKey::GeoDistance(range(i.from, i.to));
                group(
                    key,
                    i.row_count,
                    i.sub_aggs_result.as_ref(),
                    i.sub_group_bys_result.as_ref(),
                )
            })
            .collect(),
        T::GroupByHistogram => decode::<pb::GroupByHistogramResult>(body, "histogram")?
            .group_by_histogra_items
            .iter()
            .map(|i| {
                let key = plainbuffer::decode_variant(i.key.as_deref().unwrap_or_default())
                    .map_err(|e| Error::response("cannot decode a histogram key").with_source(e))?;
                group(
                    GroupKey::Histogram(key),
                    i.value,
                    i.sub_aggs_result.as_ref(),
                    i.sub_group_bys_result.as_ref(),
                )
            })
            .collect(),
        T::GroupByDateHistogram => decode::<pb::GroupByDateHistogramResult>(body, "date histogram")?
            .group_by_date_histogram_items
            .iter()
            .map(|i| {
                let key = GroupKey::DateHistogram(i.timestamp.unwrap_or_default());
                group(
                    key,
                    i.row_count,
                    i.sub_aggs_result.as_ref(),
                    i.sub_group_bys_result.as_ref(),
                )
            })
            .collect(),
        T::GroupByGeoGrid => decode::<pb::GroupByGeoGridResult>(body, "geo grid")?
            .group_by_geo_gird_result_items
            .iter()
            .map(|i| {
                let corner = |p: Option<pb::GeoPoint>| {
                    let p = p.unwrap_or_default();
                    GeoPoint::new(p.lat.unwrap_or_default(), p.lon.unwrap_or_default())
                };
                let grid = i.geo_grid.unwrap_or_default();
                let key = GroupKey::GeoGrid {
                    hash: i.key.clone().unwrap_or_default(),
                    top_left: corner(grid.top_left),
                    bottom_right: corner(grid.bottom_right),
                };
                group(
                    key,
                    i.row_count,
                    i.sub_aggs_result.as_ref(),
                    i.sub_group_bys_result.as_ref(),
                )
            })
            .collect(),
        T::GroupByComposite => Err(unknown()),
    }
}
