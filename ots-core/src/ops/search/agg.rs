//! Aggregations (one number or list over the matching rows: average, count, percentiles, top
//! rows, ...) and group-bys (the matching rows split into groups, each with its own
//! sub-aggregations and sub-group-bys), and their results.
//!
//! Both are named; the results come back under the same names:
//!
//! ```
//! use ots_core::ops::search::agg::{Aggregation, GroupBy, GroupBySorter};
//! use ots_core::ops::search::index::SortOrder;
//!
//! let aggs = [
//!     Aggregation::avg("avg_price", "price").missing(0.0),
//!     Aggregation::distinct_count("cities", "city"),
//! ];
//! let by_city = GroupBy::field("by_city", "city")
//!     .size(5)
//!     .sort_by(GroupBySorter::row_count(SortOrder::Desc))
//!     .sub_aggregation(Aggregation::max("top_price", "price"));
//! # let _ = (aggs, by_city);
//! ```

use super::sort::Sorter;
use crate::model::Value;

mod group_by;
mod result;

pub use group_by::{DateInterval, DateUnit, GroupBy, GroupByKind, GroupBySorter};
pub use result::{AggregationResult, AggregationResults, Group, GroupByResults, GroupKey, Percentile};

/// A named aggregation. Build one with the constructors (`Aggregation::avg("a", "price")`, ...)
/// and the setters.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Aggregation {
    /// The name its result comes back under.
    pub name: String,
    /// What is computed.
    pub kind: AggregationKind,
}

/// What an [`Aggregation`] computes.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AggregationKind {
    /// The average of a numeric field.
    Avg {
        /// The field.
        field: String,
        /// The value counted for rows without the field (default: they are skipped).
        missing: Option<Value>,
    },
    /// The largest value of a numeric field.
    Max {
        /// The field.
        field: String,
        /// The value counted for rows without the field.
        missing: Option<Value>,
    },
    /// The smallest value of a numeric field.
    Min {
        /// The field.
        field: String,
        /// The value counted for rows without the field.
        missing: Option<Value>,
    },
    /// The sum of a numeric field.
    Sum {
        /// The field.
        field: String,
        /// The value counted for rows without the field.
        missing: Option<Value>,
    },
    /// The number of rows that have the field.
    Count {
        /// The field.
        field: String,
    },
    /// The number of distinct values of the field (approximate for large counts).
    DistinctCount {
        /// The field.
        field: String,
        /// The value counted for rows without the field.
        missing: Option<Value>,
    },
    /// Percentiles of a numeric or date field.
    Percentiles {
        /// The field.
        field: String,
        /// Which percentiles, each in `0.0..=100.0`.
        percentiles: Vec<f64>,
        /// The value counted for rows without the field.
        missing: Option<Value>,
    },
    /// The first rows in some order (usually inside a group-by).
    TopRows {
        /// How many rows.
        limit: i32,
        /// Their order (default: the index's presorting).
        sort: Vec<Sorter>,
    },
}

impl Aggregation {
    fn new(name: impl Into<String>, kind: AggregationKind) -> Self {
        Self {
            name: name.into(),
            kind,
        }
    }
    /// The average of `field`.
    pub fn avg(name: impl Into<String>, field: impl Into<String>) -> Self {
        Self::new(
            name,
            AggregationKind::Avg {
                field: field.into(),
                missing: None,
            },
        )
    }
    /// The largest value of `field`.
    pub fn max(name: impl Into<String>, field: impl Into<String>) -> Self {
        Self::new(
            name,
            AggregationKind::Max {
                field: field.into(),
                missing: None,
            },
        )
    }
    /// The smallest value of `field`.
    pub fn min(name: impl Into<String>, field: impl Into<String>) -> Self {
        Self::new(
            name,
            AggregationKind::Min {
                field: field.into(),
                missing: None,
            },
        )
    }
    /// The sum of `field`.
    pub fn sum(name: impl Into<String>, field: impl Into<String>) -> Self {
        Self::new(
            name,
            AggregationKind::Sum {
                field: field.into(),
                missing: None,
            },
        )
    }
    /// The number of rows that have `field`.
    pub fn count(name: impl Into<String>, field: impl Into<String>) -> Self {
        Self::new(name, AggregationKind::Count { field: field.into() })
    }
    /// The number of distinct values of `field`.
    pub fn distinct_count(name: impl Into<String>, field: impl Into<String>) -> Self {
        Self::new(
            name,
            AggregationKind::DistinctCount {
                field: field.into(),
                missing: None,
            },
        )
    }
    /// The given percentiles (`[50.0, 90.0, 99.0]`) of `field`.
    pub fn percentiles(
        name: impl Into<String>,
        field: impl Into<String>,
        percentiles: impl IntoIterator<Item = f64>,
    ) -> Self {
        Self::new(
            name,
            AggregationKind::Percentiles {
                field: field.into(),
                percentiles: percentiles.into_iter().collect(),
                missing: None,
            },
        )
    }
    /// The first `limit` rows (in the index's order unless [`sort_by`](Self::sort_by) is set).
    pub fn top_rows(name: impl Into<String>, limit: i32) -> Self {
        Self::new(
            name,
            AggregationKind::TopRows {
                limit,
                sort: Vec::new(),
            },
        )
    }

    /// The value used for rows without the field. Applies to avg, max, min, sum, distinct
    /// count and percentiles; count and top rows have no such setting and stay unchanged.
    #[must_use]
    pub fn missing(mut self, value: impl Into<Value>) -> Self {
        match &mut self.kind {
            AggregationKind::Avg { missing, .. }
            | AggregationKind::Max { missing, .. }
            | AggregationKind::Min { missing, .. }
            | AggregationKind::Sum { missing, .. }
            | AggregationKind::DistinctCount { missing, .. }
            | AggregationKind::Percentiles { missing, .. } => *missing = Some(value.into()),
            AggregationKind::Count { .. } | AggregationKind::TopRows { .. } => {}
        }
        self
    }

    /// Adds a sort key to a top-rows aggregation (other kinds stay unchanged).
    #[must_use]
    pub fn sort_by(mut self, sorter: Sorter) -> Self {
        if let AggregationKind::TopRows { sort, .. } = &mut self.kind {
            sort.push(sorter);
        }
        self
    }
}
