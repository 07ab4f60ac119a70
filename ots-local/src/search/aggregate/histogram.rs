//! Histograms evaluated: numeric buckets of a fixed width, date buckets of fixed or calendar
//! lengths. Only values within `field_range` (both ends included) are counted; a document
//! without a value counts under `missing` when it is given. Buckets with fewer than
//! `min_doc_count` rows (default 1) are left out; with 0, every bucket from the one holding
//! `field_range.min` to the one holding `field_range.max` is returned. Buckets are ordered by
//! key ascending unless sorters are given (Python SDK `test_group_by_histogram`).

use super::group::{row_count, sort_buckets, Bucket, SubResults};
use super::plan::Plan;
use super::plan_group::{DateHistogram, GroupSorter, Histogram};
use super::value::values_of;
use super::Docs;
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
) -> ServiceResult<Vec<(Bucket<i64>, SubResults)>> {
    let default = GroupSorter::Key { desc: false };
    sort_buckets(buckets, sort, default, sub, docs, i64::cmp)
        .into_iter()
        .map(|b| {
            let subs = sub.evaluate(docs, &b.docs)?;
            Ok((b, subs))
        })
        .collect()
}

impl Histogram {
    fn index(&self, v: f64) -> i64 {
        ((v - self.offset) / self.interval).floor() as i64
    }

    /// The serialized `GroupByHistogramResult` over `subset`.
    ///
    /// # Errors
    /// The errors of its sub-aggregations.
    pub(super) fn evaluate(&self, docs: &dyn Docs, subset: &[usize], sub: &Plan) -> ServiceResult<Vec<u8>> {
        let (min, max) = (self.min, self.max);
        let buckets = split(
            subset,
            self.min_doc_count,
            (self.index(min), self.index(max)),
            |doc| {
                let mut vs: Vec<f64> = values_of(docs, doc, &self.field)
                    .iter()
                    .filter_map(|v| v.as_f64())
                    .collect();
                if vs.is_empty() {
                    vs.extend(self.missing);
                }
                vs.into_iter()
                    .filter(|v| (min..=max).contains(v))
                    .map(|v| self.index(v))
                    .collect()
            },
        );
        let items = sorted(buckets, &self.sort, sub, docs)?
            .into_iter()
            .map(|(b, (aggs, group_bys))| {
                let start = b.key as f64 * self.interval + self.offset;
                // Keys have the field's type: a LONG field's buckets start at integers.
                let key = if self.field.kind == FieldKind::Long {
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
}

impl DateHistogram {
    /// The serialized `GroupByDateHistogramResult` over `subset`.
    ///
    /// # Errors
    /// The errors of its sub-aggregations.
    pub(super) fn evaluate(&self, docs: &dyn Docs, subset: &[usize], sub: &Plan) -> ServiceResult<Vec<u8>> {
        let (min, max) = (self.min, self.max);
        let every = (self.buckets.index(min), self.buckets.index(max));
        let buckets = split(subset, self.min_doc_count, every, |doc| {
            let mut vs: Vec<i64> = values_of(docs, doc, &self.field)
                .iter()
                .filter_map(|v| match v {
                    super::value::Scalar::Int(i) => Some(*i),
                    _ => None,
                })
                .collect();
            if vs.is_empty() {
                vs.extend(self.missing);
            }
            vs.into_iter()
                .filter(|v| (min..=max).contains(v))
                .map(|v| self.buckets.index(v))
                .collect()
        });
        let items = sorted(buckets, &self.sort, sub, docs)?
            .into_iter()
            .map(|(b, (aggs, group_bys))| spb::GroupByDateHistogramItem {
                timestamp: Some(self.buckets.start(b.key)),
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
}
