//! Group-bys evaluated: documents split into groups (by field value, range, filter, geo grid or geo
//! distance here; histograms in [`super::histogram`]), each with its sub-aggregations and
//! sub-group-bys computed over its own documents.
//!
//! A document counts once in a group however many of its values (arrays) fall in it, and may
//! be in several groups. Field groups are ordered by row count (descending) unless sorters are
//! given, ties by key ascending (Go SDK `TestGroupByGroupByFieldValidType`); range, filter and
//! geo distance groups come in the request's order, empty ones included (Go SDK
//! `TestGroupByNestedAggOrGroupBy`).

use super::bucket::{row_count, sort_buckets, Bucket, EvaluateSub};
use super::docs::Docs;
use super::histogram;
use super::plan::{GroupBy, GroupKind, GroupSorter};
use super::value::{values_of, Scalar};
use crate::error::ServiceResult;
use crate::search::geo::Point;
use ots_proto::pb::search as spb;
use prost::Message;
use std::collections::BTreeMap;

/// A geohash cell: its top-left and bottom-right corners and its documents.
type Cell = (Point, Point, Vec<usize>);

/// The documents with a number in `[from, to)`.
fn within(numbers: &[(usize, Vec<f64>)], from: f64, to: f64) -> Vec<usize> {
    numbers
        .iter()
        .filter(|(_, vs)| vs.iter().any(|&v| from <= v && v < to))
        .map(|(doc, _)| *doc)
        .collect()
}

/// The result of group-by `g` over `subset`; `evaluate_sub` evaluates the plan of each group.
///
/// # Errors
/// The errors of its sub-aggregations (a top_rows sort).
pub(super) fn evaluate(
    g: &GroupBy,
    docs: &dyn Docs,
    subset: &[usize],
    evaluate_sub: &EvaluateSub<'_>,
) -> ServiceResult<spb::GroupByResult> {
    use spb::GroupByType as T;
    let sub = |b: &[usize]| evaluate_sub(&g.sub, b);
    let (kind, body) = match &g.kind {
        GroupKind::Field {
            field,
            size,
            sort,
            min_doc_count,
        } => {
            let mut groups: BTreeMap<Scalar, Vec<usize>> = BTreeMap::new();
            for &doc in subset {
                let mut values = values_of(docs, doc, field);
                values.sort();
                values.dedup();
                for v in values {
                    groups.entry(v).or_default().push(doc);
                }
            }
            let buckets: Vec<Bucket<Scalar>> = groups
                .into_iter()
                .filter(|(_, d)| d.len() >= *min_doc_count)
                .map(|(key, docs)| Bucket { key, docs })
                .collect();
            let default = GroupSorter::RowCount { desc: true };
            let mut buckets = sort_buckets(buckets, sort, default, &g.sub, docs, Scalar::cmp);
            buckets.truncate(*size);
            let items = buckets
                .iter()
                .map(|b| {
                    let (aggs, group_bys) = sub(&b.docs)?;
                    Ok(spb::GroupByFieldResultItem {
                        key: Some(b.key.key_text()),
                        row_count: row_count(&b.docs),
                        sub_aggs_result: aggs,
                        sub_group_bys_result: group_bys,
                    })
                })
                .collect::<ServiceResult<_>>()?;
            (
                T::GroupByField,
                spb::GroupByFieldResult {
                    group_by_field_result_items: items,
                }
                .encode_to_vec(),
            )
        }
        GroupKind::Range { field, ranges } => {
            // Each document's numbers, once.
            let numbers: Vec<(usize, Vec<f64>)> = subset
                .iter()
                .map(|&doc| {
                    let vs = values_of(docs, doc, field)
                        .iter()
                        .filter_map(Scalar::as_f64)
                        .collect();
                    (doc, vs)
                })
                .collect();
            let items = ranges
                .iter()
                .map(|&(from, to)| {
                    let inside = within(&numbers, from, to);
                    let (aggs, group_bys) = sub(&inside)?;
                    Ok(spb::GroupByRangeResultItem {
                        from: Some(from),
                        to: Some(to),
                        row_count: row_count(&inside),
                        sub_aggs_result: aggs,
                        sub_group_bys_result: group_bys,
                    })
                })
                .collect::<ServiceResult<_>>()?;
            (
                T::GroupByRange,
                spb::GroupByRangeResult {
                    group_by_range_result_items: items,
                }
                .encode_to_vec(),
            )
        }
        GroupKind::Filter { matches } => {
            let items = matches
                .iter()
                .map(|m| {
                    let inside: Vec<usize> = subset
                        .iter()
                        .copied()
                        .filter(|&doc| m.get(doc).copied().unwrap_or(false))
                        .collect();
                    let (aggs, group_bys) = sub(&inside)?;
                    Ok(spb::GroupByFilterResultItem {
                        row_count: row_count(&inside),
                        sub_aggs_result: aggs,
                        sub_group_bys_result: group_bys,
                    })
                })
                .collect::<ServiceResult<_>>()?;
            (
                T::GroupByFilter,
                spb::GroupByFilterResult {
                    group_by_filter_result_items: items,
                }
                .encode_to_vec(),
            )
        }
        GroupKind::GeoDistance {
            field,
            origin,
            ranges,
        } => {
            // Each document's distances, once.
            let distances: Vec<(usize, Vec<f64>)> = subset
                .iter()
                .map(|&doc| {
                    let d = values_of(docs, doc, field)
                        .iter()
                        .filter_map(|v| match v {
                            Scalar::Str(s) => Point::parse(s),
                            _ => None,
                        })
                        .map(|p| origin.distance(&p))
                        .collect();
                    (doc, d)
                })
                .collect();
            let items = ranges
                .iter()
                .map(|&(from, to)| {
                    let inside = within(&distances, from, to);
                    let (aggs, group_bys) = sub(&inside)?;
                    Ok(spb::GroupByGeoDistanceResultItem {
                        // An open lower end is reported as 0 meters (Go SDK
                        // `TestGroupByGroupByGeoDistance`).
                        from: Some(if from.is_finite() { from } else { 0.0 }),
                        to: Some(to),
                        row_count: row_count(&inside),
                        sub_aggs_result: aggs,
                        sub_group_bys_result: group_bys,
                    })
                })
                .collect::<ServiceResult<_>>()?;
            (
                T::GroupByGeoDistance,
                spb::GroupByGeoDistanceResult {
                    group_by_geo_distance_result_items: items,
                }
                .encode_to_vec(),
            )
        }
        GroupKind::GeoGrid {
            field,
            precision,
            size,
        } => {
            // Each document once per cell its points fall in; the fullest cells first, ties by
            // key.
            let mut cells: BTreeMap<String, Cell> = BTreeMap::new();
            for &doc in subset {
                let mut seen: Vec<String> = Vec::new();
                for v in values_of(docs, doc, field) {
                    let Scalar::Str(s) = v else { continue };
                    let Some(point) = Point::parse(&s) else { continue };
                    let (hash, top_left, bottom_right) = point.geohash(*precision);
                    if !seen.contains(&hash) {
                        cells
                            .entry(hash.clone())
                            .or_insert((top_left, bottom_right, Vec::new()))
                            .2
                            .push(doc);
                        seen.push(hash);
                    }
                }
            }
            let mut cells: Vec<(String, Cell)> = cells.into_iter().collect();
            cells.sort_by(|a, b| b.1 .2.len().cmp(&a.1 .2.len()).then_with(|| a.0.cmp(&b.0)));
            cells.truncate(*size);
            let point = |p: &Point| spb::GeoPoint {
                lat: Some(p.lat),
                lon: Some(p.lon),
            };
            let items = cells
                .iter()
                .map(|(key, (top_left, bottom_right, inside))| {
                    let (aggs, group_bys) = sub(inside)?;
                    Ok(spb::GroupByGeoGridResultItem {
                        key: Some(key.clone()),
                        geo_grid: Some(spb::GeoGrid {
                            top_left: Some(point(top_left)),
                            bottom_right: Some(point(bottom_right)),
                        }),
                        row_count: row_count(inside),
                        sub_aggs_result: aggs,
                        sub_group_bys_result: group_bys,
                    })
                })
                .collect::<ServiceResult<_>>()?;
            (
                T::GroupByGeoGrid,
                spb::GroupByGeoGridResult {
                    group_by_geo_gird_result_items: items,
                }
                .encode_to_vec(),
            )
        }
        GroupKind::Histogram(h) => (
            T::GroupByHistogram,
            histogram::numbers(h, docs, subset, &g.sub, evaluate_sub)?,
        ),
        GroupKind::DateHistogram(h) => (
            T::GroupByDateHistogram,
            histogram::dates(h, docs, subset, &g.sub, evaluate_sub)?,
        ),
    };
    Ok(spb::GroupByResult {
        name: Some(g.name.clone()),
        r#type: Some(kind as i32),
        group_by_result: Some(body),
    })
}
