//! Group-bys: how the matching rows are split into groups.

use super::Aggregation;
use crate::model::Value;
use crate::ops::search::index::SortOrder;
use crate::ops::search::query::{GeoPoint, Query};
use std::ops::Range;

/// How the groups of a group-by are ordered; several sorters apply in turn.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GroupBySorter {
    /// By the group's key (the field value, range, bucket, ...).
    GroupKey(SortOrder),
    /// By the number of rows in the group.
    RowCount(SortOrder),
    /// By the value of one of the group-by's sub-aggregations.
    SubAggregation {
        /// The sub-aggregation's name.
        name: String,
        /// The order.
        order: SortOrder,
    },
}

impl GroupBySorter {
    /// By the group's key.
    pub fn group_key(order: SortOrder) -> Self {
        GroupBySorter::GroupKey(order)
    }
    /// By the number of rows in the group.
    pub fn row_count(order: SortOrder) -> Self {
        GroupBySorter::RowCount(order)
    }
    /// By the value of the sub-aggregation named `name`.
    pub fn sub_aggregation(name: impl Into<String>, order: SortOrder) -> Self {
        GroupBySorter::SubAggregation {
            name: name.into(),
            order,
        }
    }
}

/// The unit of a [`DateInterval`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateUnit {
    /// Calendar years.
    Year,
    /// Calendar quarters.
    QuarterYear,
    /// Calendar months.
    Month,
    /// Weeks.
    Week,
    /// Days.
    Day,
    /// Hours.
    Hour,
    /// Minutes.
    Minute,
    /// Seconds.
    Second,
    /// Milliseconds.
    Millisecond,
}

/// A length of time: a count of [`DateUnit`]s (the bucket width of a date histogram).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateInterval {
    /// How many units.
    pub value: i32,
    /// The unit.
    pub unit: DateUnit,
}

impl DateInterval {
    /// `value` times `unit`.
    pub fn new(value: i32, unit: DateUnit) -> Self {
        Self { value, unit }
    }
}

/// A named group-by. Build one with the constructors (`GroupBy::field("by_city", "city")`,
/// ...) and the setters.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GroupBy {
    /// The name its result comes back under.
    pub name: String,
    /// How rows are grouped.
    pub kind: GroupByKind,
    /// Aggregations computed in every group.
    pub sub_aggregations: Vec<Aggregation>,
    /// Group-bys applied inside every group.
    pub sub_group_bys: Vec<GroupBy>,
}

/// How a [`GroupBy`] splits rows.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum GroupByKind {
    /// One group per value of a field.
    Field {
        /// The field.
        field: String,
        /// At most this many groups (the service's default is 10).
        size: Option<i32>,
        /// The order of the groups.
        sort: Vec<GroupBySorter>,
        /// Groups with fewer rows are left out.
        min_doc_count: Option<i64>,
    },
    /// One group per numeric range, each `from..to` (`from` included, `to` excluded; use the
    /// infinities for open ends).
    Range {
        /// The field.
        field: String,
        /// The ranges.
        ranges: Vec<Range<f64>>,
    },
    /// One group per query: the rows that match it.
    Filter {
        /// The queries.
        filters: Vec<Query>,
    },
    /// One group per distance range (meters) from a point.
    GeoDistance {
        /// The geo point field.
        field: String,
        /// The point distances are measured from.
        origin: GeoPoint,
        /// The ranges in meters.
        ranges: Vec<Range<f64>>,
    },
    /// One group per geohash cell of `precision` characters (1: about 5000 km, 3: 156 km,
    /// 5: 4.9 km, 7: 152 m, 12: 37 mm), the `size` fullest.
    GeoGrid {
        /// The geo point field.
        field: String,
        /// Geohash length, 1 to 12.
        precision: u8,
        /// Most cells returned.
        size: Option<i64>,
    },
    /// Fixed-width numeric buckets.
    Histogram {
        /// The field.
        field: String,
        /// The bucket width.
        interval: Value,
        /// The smallest value bucketed.
        min: Value,
        /// The largest value bucketed.
        max: Value,
        /// The value used for rows without the field.
        missing: Option<Value>,
        /// Buckets with fewer rows are left out.
        min_doc_count: Option<i64>,
        /// The order of the buckets.
        sort: Vec<GroupBySorter>,
    },
    /// Fixed-width date buckets.
    DateHistogram {
        /// The date field.
        field: String,
        /// The bucket width.
        interval: DateInterval,
        /// The bucketed range (`(min, max)`, dates as the field stores them).
        field_range: Option<(Value, Value)>,
        /// The value used for rows without the field.
        missing: Option<Value>,
        /// Buckets with fewer rows are left out.
        min_doc_count: Option<i64>,
        /// The time zone buckets are aligned to, as `+08:00` or `-05:00`.
        time_zone: Option<String>,
        /// Shifts the bucket boundaries.
        offset: Option<DateInterval>,
        /// The order of the buckets.
        sort: Vec<GroupBySorter>,
    },
}

impl GroupBy {
    fn new(name: impl Into<String>, kind: GroupByKind) -> Self {
        Self {
            name: name.into(),
            kind,
            sub_aggregations: Vec::new(),
            sub_group_bys: Vec::new(),
        }
    }
    /// One group per value of `field`.
    pub fn field(name: impl Into<String>, field: impl Into<String>) -> Self {
        Self::new(
            name,
            GroupByKind::Field {
                field: field.into(),
                size: None,
                sort: Vec::new(),
                min_doc_count: None,
            },
        )
    }
    /// One group per range of `field` (`0.0..10.0`, `10.0..f64::INFINITY`, ...).
    pub fn range(
        name: impl Into<String>,
        field: impl Into<String>,
        ranges: impl IntoIterator<Item = Range<f64>>,
    ) -> Self {
        Self::new(
            name,
            GroupByKind::Range {
                field: field.into(),
                ranges: ranges.into_iter().collect(),
            },
        )
    }
    /// One group per query, in order.
    pub fn filter<Q: Into<Query>>(name: impl Into<String>, filters: impl IntoIterator<Item = Q>) -> Self {
        Self::new(
            name,
            GroupByKind::Filter {
                filters: filters.into_iter().map(Into::into).collect(),
            },
        )
    }
    /// One group per range of distances in meters from `origin`.
    pub fn geo_distance(
        name: impl Into<String>,
        field: impl Into<String>,
        origin: GeoPoint,
        ranges: impl IntoIterator<Item = Range<f64>>,
    ) -> Self {
        Self::new(
            name,
            GroupByKind::GeoDistance {
                field: field.into(),
                origin,
                ranges: ranges.into_iter().collect(),
            },
        )
    }
    /// One group per geohash cell of `precision` characters (1 to 12) holding points of
    /// `field`, the fullest first.
    pub fn geo_grid(name: impl Into<String>, field: impl Into<String>, precision: u8) -> Self {
        Self::new(
            name,
            GroupByKind::GeoGrid {
                field: field.into(),
                precision,
                size: None,
            },
        )
    }
    /// Buckets of width `interval` over the values `min..=max` of `field`.
    pub fn histogram(
        name: impl Into<String>,
        field: impl Into<String>,
        interval: impl Into<Value>,
        min: impl Into<Value>,
        max: impl Into<Value>,
    ) -> Self {
        Self::new(
            name,
            GroupByKind::Histogram {
                field: field.into(),
                interval: interval.into(),
                min: min.into(),
                max: max.into(),
                missing: None,
                min_doc_count: None,
                sort: Vec::new(),
            },
        )
    }
    /// Buckets of width `interval` over the date field `field`. The service requires the
    /// bucketed range: add [`GroupBy::field_range`] (a request without one is refused with
    /// `OTSParameterInvalid`).
    pub fn date_histogram(name: impl Into<String>, field: impl Into<String>, interval: DateInterval) -> Self {
        Self::new(
            name,
            GroupByKind::DateHistogram {
                field: field.into(),
                interval,
                field_range: None,
                missing: None,
                min_doc_count: None,
                time_zone: None,
                offset: None,
                sort: Vec::new(),
            },
        )
    }

    /// Adds an aggregation computed in every group.
    #[must_use]
    pub fn sub_aggregation(mut self, aggregation: Aggregation) -> Self {
        self.sub_aggregations.push(aggregation);
        self
    }
    /// Adds a group-by applied inside every group.
    #[must_use]
    pub fn sub_group_by(mut self, group_by: GroupBy) -> Self {
        self.sub_group_bys.push(group_by);
        self
    }
    /// At most `size` groups (field and geo grid group-bys; other kinds stay unchanged).
    #[must_use]
    pub fn size(mut self, size: i32) -> Self {
        match &mut self.kind {
            GroupByKind::Field { size: s, .. } => *s = Some(size),
            GroupByKind::GeoGrid { size: s, .. } => *s = Some(i64::from(size)),
            _ => {}
        }
        self
    }
    /// Adds a sorter of the groups (field, histogram and date histogram group-bys; other
    /// kinds stay unchanged).
    #[must_use]
    pub fn sort_by(mut self, sorter: GroupBySorter) -> Self {
        match &mut self.kind {
            GroupByKind::Field { sort, .. }
            | GroupByKind::Histogram { sort, .. }
            | GroupByKind::DateHistogram { sort, .. } => sort.push(sorter),
            _ => {}
        }
        self
    }
    /// Leaves out groups with fewer than `count` rows (field, histogram and date histogram
    /// group-bys; other kinds stay unchanged).
    #[must_use]
    pub fn min_doc_count(mut self, count: i64) -> Self {
        match &mut self.kind {
            GroupByKind::Field { min_doc_count, .. }
            | GroupByKind::Histogram { min_doc_count, .. }
            | GroupByKind::DateHistogram { min_doc_count, .. } => *min_doc_count = Some(count),
            _ => {}
        }
        self
    }
    /// The value used for rows without the field (histogram and date histogram group-bys;
    /// other kinds stay unchanged).
    #[must_use]
    pub fn missing(mut self, value: impl Into<Value>) -> Self {
        match &mut self.kind {
            GroupByKind::Histogram { missing, .. } | GroupByKind::DateHistogram { missing, .. } => {
                *missing = Some(value.into());
            }
            _ => {}
        }
        self
    }
    /// The bucketed range of a date histogram (other kinds stay unchanged).
    #[must_use]
    pub fn field_range(mut self, min: impl Into<Value>, max: impl Into<Value>) -> Self {
        if let GroupByKind::DateHistogram { field_range, .. } = &mut self.kind {
            *field_range = Some((min.into(), max.into()));
        }
        self
    }
    /// The time zone date histogram buckets align to, as `+08:00` (other kinds stay unchanged).
    #[must_use]
    pub fn time_zone(mut self, zone: impl Into<String>) -> Self {
        if let GroupByKind::DateHistogram { time_zone, .. } = &mut self.kind {
            *time_zone = Some(zone.into());
        }
        self
    }
    /// Shifts the bucket boundaries of a date histogram (other kinds stay unchanged).
    #[must_use]
    pub fn offset(mut self, offset: DateInterval) -> Self {
        if let GroupByKind::DateHistogram { offset: o, .. } = &mut self.kind {
            *o = Some(offset);
        }
        self
    }
}
