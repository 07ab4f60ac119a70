//! What aggregations and group-bys return.

use crate::model::{Row, Value};
use crate::ops::search::query::GeoPoint;
use std::ops::Range;

/// The results of a search's aggregations, by name, in the order the service returned them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AggregationResults {
    pub(crate) results: Vec<(String, AggregationResult)>,
}

impl AggregationResults {
    /// The result of the aggregation named `name`.
    pub fn get(&self, name: &str) -> Option<&AggregationResult> {
        self.results.iter().find(|(n, _)| n == name).map(|(_, r)| r)
    }
    /// Every `(name, result)`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &AggregationResult)> {
        self.results.iter().map(|(n, r)| (n.as_str(), r))
    }
    /// How many results there are.
    pub fn len(&self) -> usize {
        self.results.len()
    }
    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }
}

/// The result of one aggregation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AggregationResult {
    /// The average; `None` when no row had a value.
    Avg(Option<f64>),
    /// The largest value; `None` when no row had a value.
    Max(Option<f64>),
    /// The smallest value; `None` when no row had a value.
    Min(Option<f64>),
    /// The sum (0 when no row had a value).
    Sum(Option<f64>),
    /// The number of rows with the field.
    Count(i64),
    /// The number of distinct values.
    DistinctCount(i64),
    /// The percentiles, in the order asked for.
    Percentiles(Vec<Percentile>),
    /// The rows.
    TopRows(Vec<Row>),
}

impl AggregationResult {
    /// The number of an avg, max, min or sum result (`None` for other kinds and missing values).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            AggregationResult::Avg(v)
            | AggregationResult::Max(v)
            | AggregationResult::Min(v)
            | AggregationResult::Sum(v) => *v,
            _ => None,
        }
    }
    /// The count of a count or distinct count result.
    pub fn as_count(&self) -> Option<i64> {
        match self {
            AggregationResult::Count(n) | AggregationResult::DistinctCount(n) => Some(*n),
            _ => None,
        }
    }
}

/// One percentile of a percentiles result.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Percentile {
    /// Which percentile (`0.0..=100.0`).
    pub percentile: f64,
    /// Its value (a number, or a date as the field stores it); `None` when the service sent none.
    pub value: Option<Value>,
}

/// The results of a search's group-bys, by name, in the order the service returned them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupByResults {
    pub(crate) results: Vec<(String, Vec<Group>)>,
}

impl GroupByResults {
    /// The groups of the group-by named `name`.
    pub fn get(&self, name: &str) -> Option<&[Group]> {
        self.results
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, g)| g.as_slice())
    }
    /// Every `(name, groups)`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[Group])> {
        self.results.iter().map(|(n, g)| (n.as_str(), g.as_slice()))
    }
    /// How many group-by results there are.
    pub fn len(&self) -> usize {
        self.results.len()
    }
    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }
}

/// One group of a group-by result.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Group {
    /// What the group's rows share.
    pub key: GroupKey,
    /// How many rows the group has.
    pub row_count: i64,
    /// The group's sub-aggregation results.
    pub sub_aggregations: AggregationResults,
    /// The group's sub-group-by results.
    pub sub_group_bys: GroupByResults,
}

/// The key of a [`Group`], by kind of group-by.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum GroupKey {
    /// A field group-by: the field's value, as text.
    Field(String),
    /// A range group-by: the range.
    Range(Range<f64>),
    /// A filter group-by: the index of the filter in the request.
    Filter(usize),
    /// A geo distance group-by: the range of distances in meters.
    GeoDistance(Range<f64>),
    /// A histogram group-by: the bucket's lower bound.
    Histogram(Value),
    /// A date histogram group-by: the bucket's start, in milliseconds since the Unix epoch.
    DateHistogram(i64),
    /// A geo grid group-by: the cell's geohash and corners.
    GeoGrid {
        /// The geohash.
        hash: String,
        /// The cell's north-west corner.
        top_left: GeoPoint,
        /// The cell's south-east corner.
        bottom_right: GeoPoint,
    },
}
