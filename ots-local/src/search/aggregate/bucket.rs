//! What every kind of group-by does with its groups: the documents of each, their order, and
//! the row count and the sub-results that every group reports.

use super::docs::Docs;
use super::metric;
use super::plan::{GroupSorter, Plan};
use crate::error::ServiceResult;
use ots_proto::pb::search as spb;
use std::cmp::Ordering;

/// The documents of one group.
#[derive(Debug)]
pub(super) struct Bucket<K> {
    pub(super) key: K,
    pub(super) docs: Vec<usize>,
}

/// A group's row count as the results carry it.
pub(super) fn row_count(docs: &[usize]) -> Option<i64> {
    Some(i64::try_from(docs.len()).unwrap_or(i64::MAX))
}

/// The sub-results of a group: `(sub_aggs_result, sub_group_bys_result)`.
pub(super) type SubResults = (Option<spb::AggregationsResult>, Option<spb::GroupBysResult>);

/// Evaluates the plan of a group over the group's documents: the evaluation of a whole plan
/// (`evaluate` in `aggregate.rs`) hands itself down as this, so group-bys never call back up.
///
/// # Errors
/// A top_rows sort the documents refuse.
pub(super) type EvaluateSub<'a> = dyn Fn(&Plan, &[usize]) -> ServiceResult<SubResults> + 'a;

/// Orders groups by `sorters` (`default` when none), then by key ascending.
pub(super) fn sort_buckets<K>(
    buckets: Vec<Bucket<K>>,
    sorters: &[GroupSorter],
    default: GroupSorter,
    sub: &Plan,
    docs: &dyn Docs,
    key_cmp: impl Fn(&K, &K) -> Ordering,
) -> Vec<Bucket<K>> {
    let sorters = if sorters.is_empty() {
        std::slice::from_ref(&default)
    } else {
        sorters
    };
    // Sub-aggregation values are computed once per group, not in the comparator.
    let mut keyed: Vec<(Vec<f64>, Bucket<K>)> = buckets
        .into_iter()
        .map(|b| {
            let values = sorters
                .iter()
                .map(|s| match s {
                    GroupSorter::SubAgg { index, .. } => sub
                        .aggs
                        .get(*index)
                        .map_or(0.0, |agg| metric::number(agg, docs, &b.docs)),
                    _ => 0.0,
                })
                .collect();
            (values, b)
        })
        .collect();
    keyed.sort_by(|(va, a), (vb, b)| {
        for (n, s) in sorters.iter().enumerate() {
            let (ord, desc) = match s {
                GroupSorter::Key { desc } => (key_cmp(&a.key, &b.key), *desc),
                GroupSorter::RowCount { desc } => (a.docs.len().cmp(&b.docs.len()), *desc),
                GroupSorter::SubAgg { desc, .. } => {
                    let (x, y) = (
                        va.get(n).copied().unwrap_or_default(),
                        vb.get(n).copied().unwrap_or_default(),
                    );
                    (x.total_cmp(&y), *desc)
                }
            };
            let ord = if desc { ord.reverse() } else { ord };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        key_cmp(&a.key, &b.key)
    });
    keyed.into_iter().map(|(_, b)| b).collect()
}
