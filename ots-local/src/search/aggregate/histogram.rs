//! Histograms evaluated: numeric buckets of a fixed width, date buckets of fixed or calendar
//! lengths. Only values within `field_range` (both ends included) are counted; a document
//! without a value counts under `missing` when it is given. Buckets with fewer than
//! `min_doc_count` rows (default 1) are left out; with 0, every bucket from the one holding
//! `field_range.min` to the one holding `field_range.max` is returned. Buckets are ordered by
//! key ascending unless sorters are given (Python SDK `test_group_by_histogram`).

use super::bucket::{row_count, sort_buckets, Bucket, EvaluateSub, SubResults};
use super::docs::Docs;
use super::plan::{DateHistogram, GroupSorter, Histogram, Plan};
use super::value::{values_of, Scalar};
use crate::error::ServiceResult;
use crate::search::engine::FieldKind;
use ots_proto::model::Value;
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use prost::Message;
use std::collections::BTreeMap;

/// Splits `subset` by bucket number; `bucket_of` gives the buckets of one document. With
/// `min_doc_count` 0, the buckets `first..=last` are there even when empty.
fn split(
    subset: &[usize],
    min_doc_count: usize,
    (first, last): (i64, i64),
    mut bucket_of: impl FnMut(usize) -> Vec<i64>,
) -> Vec<Bucket<i64>> {
    let mut groups: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    if min_doc_count == 0 {
        for k in first..=last {
            groups.entry(k).or_default();
        }
    }
    for &doc in subset {
        let mut ks = bucket_of(doc);
        ks.sort_unstable();
        ks.dedup();
        for k in ks {
            groups.entry(k).or_default().push(doc);
        }
    }
    groups
        .into_iter()
        .filter(|(_, d)| d.len() >= min_doc_count)
        .map(|(key, docs)| Bucket { key, docs })
        .collect()
}

fn sorted(
    buckets: Vec<Bucket<i64>>,
    sort: &[GroupSorter],
    sub: &Plan,
    docs: &dyn Docs,
    evaluate_sub: &EvaluateSub<'_>,
) -> ServiceResult<Vec<(Bucket<i64>, SubResults)>> {
    let default = GroupSorter::Key { desc: false };
    sort_buckets(buckets, sort, default, sub, docs, i64::cmp)
        .into_iter()
        .map(|b| {
            let subs = evaluate_sub(sub, &b.docs)?;
            Ok((b, subs))
        })
        .collect()
}

/// The number of the bucket of `v`.
fn index(h: &Histogram, v: f64) -> i64 {
    ((v - h.offset) / h.interval).floor() as i64
}

/// The serialized `GroupByHistogramResult` of `h` over `subset`; `evaluate_sub` evaluates
/// `sub`, the plan of each bucket.
///
/// # Errors
/// The errors of its sub-aggregations.
pub(super) fn numbers(
    h: &Histogram,
    docs: &dyn Docs,
    subset: &[usize],
    sub: &Plan,
    evaluate_sub: &EvaluateSub<'_>,
) -> ServiceResult<Vec<u8>> {
    let (min, max) = (h.min, h.max);
    let buckets = split(subset, h.min_doc_count, (index(h, min), index(h, max)), |doc| {
        let mut vs: Vec<f64> = values_of(docs, doc, &h.field)
            .iter()
            .filter_map(|v| v.as_f64())
            .collect();
        if vs.is_empty() {
            vs.extend(h.missing);
        }
        vs.into_iter()
            .filter(|v| (min..=max).contains(v))
            .map(|v| index(h, v))
            .collect()
    });
    let items = sorted(buckets, &h.sort, sub, docs, evaluate_sub)?
        .into_iter()
        .map(|(b, (aggs, group_bys))| {
            let start = b.key as f64 * h.interval + h.offset;
            // Keys have the field's type: a LONG field's buckets start at integers.
            let key = if h.field.kind == FieldKind::Long {
                Value::Integer(start as i64)
            } else {
                Value::Double(start)
            };
            spb::GroupByHistogramItem {
                key: Some(plainbuffer::encode_variant(&key)),
                value: row_count(&b.docs),
                sub_aggs_result: aggs,
                sub_group_bys_result: group_bys,
            }
        })
        .collect();
    Ok(spb::GroupByHistogramResult {
        group_by_histogra_items: items,
    }
    .encode_to_vec())
}

/// The serialized `GroupByDateHistogramResult` of `h` over `subset`; `evaluate_sub` evaluates
/// `sub`, the plan of each bucket.
///
/// # Errors
/// The errors of its sub-aggregations.
pub(super) fn dates(
    h: &DateHistogram,
    docs: &dyn Docs,
    subset: &[usize],
    sub: &Plan,
    evaluate_sub: &EvaluateSub<'_>,
) -> ServiceResult<Vec<u8>> {
    let (min, max) = (h.min, h.max);
    let every = (h.buckets.index(min), h.buckets.index(max));
    let buckets = split(subset, h.min_doc_count, every, |doc| {
        let mut vs: Vec<i64> = values_of(docs, doc, &h.field)
            .iter()
            .filter_map(|v| match v {
                Scalar::Int(i) => Some(*i),
                _ => None,
            })
            .collect();
        if vs.is_empty() {
            vs.extend(h.missing);
        }
        vs.into_iter()
            .filter(|v| (min..=max).contains(v))
            .map(|v| h.buckets.index(v))
            .collect()
    });
    let items = sorted(buckets, &h.sort, sub, docs, evaluate_sub)?
        .into_iter()
        .map(|(b, (aggs, group_bys))| spb::GroupByDateHistogramItem {
            timestamp: Some(h.buckets.start(b.key)),
            row_count: row_count(&b.docs),
            sub_aggs_result: aggs,
            sub_group_bys_result: group_bys,
        })
        .collect();
    Ok(spb::GroupByDateHistogramResult {
        group_by_date_histogram_items: items,
    }
    .encode_to_vec())
}
