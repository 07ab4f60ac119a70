//! What a request's aggregations and group-bys ask, read and checked (by [`super::read`] and
//! [`super::read_group`]) and ready to be evaluated: one level of aggregations and group-bys, each
//! group-by holding the level computed in every one of its groups. The types refer to each other
//! (a group-by holds a plan), so they live together here; reading and evaluating them is done
//! elsewhere.

use super::calendar::DateBuckets;
use super::field::Field;
use super::value::Scalar;
use crate::search::geo::Point;
use ots_proto::pb::search as spb;

/// The aggregations and group-bys of one level (the search, or one group-by's groups).
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub(super) aggs: Vec<Agg>,
    pub(super) group_bys: Vec<GroupBy>,
}

/// One named aggregation.
#[derive(Debug)]
pub(super) struct Agg {
    pub(super) name: String,
    pub(super) kind: AggKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StatOp {
    Avg,
    Max,
    Min,
    Sum,
}

#[derive(Debug)]
pub(super) enum AggKind {
    /// avg, max, min or sum; `missing` stands in for a document without a value.
    Stat {
        op: StatOp,
        field: Field,
        missing: Option<f64>,
    },
    /// The number of values (an array counts each element).
    Count { field: Field },
    /// The number of distinct values.
    DistinctCount { field: Field, missing: Option<Scalar> },
    /// Percentiles, ascending.
    Percentiles {
        field: Field,
        percents: Vec<f64>,
        missing: Option<f64>,
    },
    /// The first rows in the order of `sort`.
    TopRows { limit: usize, sort: Option<spb::Sort> },
}

impl AggKind {
    /// Whether groups can be sorted by this aggregation's result (one number).
    pub(super) fn is_single_number(&self) -> bool {
        matches!(
            self,
            AggKind::Stat { .. } | AggKind::Count { .. } | AggKind::DistinctCount { .. }
        )
    }
}

/// One named group-by.
#[derive(Debug)]
pub(super) struct GroupBy {
    pub(super) name: String,
    pub(super) kind: GroupKind,
    /// What is computed in every group.
    pub(super) sub: Plan,
}

#[derive(Debug)]
pub(super) enum GroupKind {
    Field {
        field: Field,
        size: usize,
        sort: Vec<GroupSorter>,
        min_doc_count: usize,
    },
    /// Ranges `[from, to)`, as the request gives them (open ends as infinities).
    Range {
        field: Field,
        ranges: Vec<(f64, f64)>,
    },
    /// Which documents each filter matches.
    Filter {
        matches: Vec<Vec<bool>>,
    },
    /// Distance ranges in meters from `origin`.
    GeoDistance {
        field: Field,
        origin: Point,
        ranges: Vec<(f64, f64)>,
    },
    /// Geohash cells of `precision` characters, the `size` fullest.
    GeoGrid {
        field: Field,
        precision: usize,
        size: usize,
    },
    Histogram(Histogram),
    DateHistogram(DateHistogram),
}

/// How groups are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GroupSorter {
    Key {
        desc: bool,
    },
    RowCount {
        desc: bool,
    },
    /// By the result of the sub-aggregation at `index` of the group-by's plan.
    SubAgg {
        index: usize,
        desc: bool,
    },
}

/// Numeric buckets `[offset + k * interval, offset + (k + 1) * interval)` over `[min, max]`.
#[derive(Debug)]
pub(super) struct Histogram {
    pub(super) field: Field,
    pub(super) interval: f64,
    pub(super) offset: f64,
    pub(super) min: f64,
    pub(super) max: f64,
    pub(super) missing: Option<f64>,
    pub(super) min_doc_count: usize,
    pub(super) sort: Vec<GroupSorter>,
}

/// Date buckets (milliseconds) over `[min, max]`.
#[derive(Debug)]
pub(super) struct DateHistogram {
    pub(super) field: Field,
    pub(super) buckets: DateBuckets,
    pub(super) min: i64,
    pub(super) max: i64,
    pub(super) missing: Option<i64>,
    pub(super) min_doc_count: usize,
    pub(super) sort: Vec<GroupSorter>,
}
