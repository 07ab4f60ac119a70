//! Typed group-bys: the matches split into groups whose keys read as Rust values, each with
//! its row count and its own aggregations.

use super::agg::{next_name, Agg};
use super::capability::{GroupKind, Numeric, SortAndAgg};
use super::field::{NestedField, SearchField};
use super::query::SearchQuery;
use super::{kind, SearchDocument, Uses};
use crate::typed::convert::{ColumnArg, ColumnValue, MillisValue};
use ots_core::model::{DefinedColumnType, Value};
use ots_core::ops::search::agg::{self as agg, GroupBySorter, GroupKey};
use ots_core::ops::search::index::SortOrder;
use ots_core::ops::search::query::GeoPoint;
use ots_core::{Error, Result};
use std::ops::Range;

/// A group-by over the matches of a search on model `T`, whose group keys read as `K`: a
/// field's own type for [`SearchField::group_by`], a `Range<f64>` for ranges, the filter's
/// position for [`group_by_filters`]. Add it to a search with
/// [`crate::search::Search::group_by`] and read it with [`SearchAggs::groups`](super::results::SearchAggs::groups).
pub struct GroupBy<T, K> {
    pub(crate) group: agg::GroupBy,
    pub(crate) uses: Uses,
    read_key: fn(&GroupKey) -> Result<K>,
    _model: std::marker::PhantomData<fn() -> T>,
}

/// A field value as a group key reports it (as text): read with the field type's column type.
pub trait GroupKeyValue: Sized {
    /// Reads a key.
    ///
    /// # Errors
    /// A mapping error when the text does not read as the type.
    fn from_key(text: &str) -> Result<Self>;
}

impl<V: ColumnValue> GroupKeyValue for V {
    fn from_key(text: &str) -> Result<Self> {
        let bad = |expected: &str| Error::mapping("group-by", "key", expected, text);
        let value = match V::COLUMN_TYPE {
            DefinedColumnType::Integer => Value::Integer(text.parse().map_err(|_| bad("an integer"))?),
            DefinedColumnType::Double => Value::Double(text.parse().map_err(|_| bad("a number"))?),
            DefinedColumnType::Boolean => Value::Boolean(text.parse().map_err(|_| bad("true or false"))?),
            _ => Value::String(text.to_owned()),
        };
        V::from_value(value).map_err(|m| Error::mapping("group-by", "key", &m.expected, &m.found))
    }
}

fn field_key<V: GroupKeyValue>(key: &GroupKey) -> Result<V> {
    match key {
        GroupKey::Field(text) => V::from_key(text),
        other => Err(unexpected(other)),
    }
}

fn range_key(key: &GroupKey) -> Result<Range<f64>> {
    match key {
        GroupKey::Range(r) | GroupKey::GeoDistance(r) => Ok(r.clone()),
        other => Err(unexpected(other)),
    }
}

fn filter_key(key: &GroupKey) -> Result<usize> {
    match key {
        GroupKey::Filter(i) => Ok(*i),
        other => Err(unexpected(other)),
    }
}

fn histogram_key<V: ColumnValue>(key: &GroupKey) -> Result<V> {
    let value = match key {
        GroupKey::Histogram(v) => v.clone(),
        GroupKey::DateHistogram(ms) => Value::Integer(*ms),
        other => return Err(unexpected(other)),
    };
    V::from_value(value).map_err(|m| Error::mapping("group-by", "key", &m.expected, &m.found))
}

fn unexpected(key: &GroupKey) -> Error {
    Error::response(format!("a group key of another kind: {key:?}"))
}

fn name() -> String {
    next_name("group_")
}

/// The group-by kinds whose groups can be ordered and thinned out.
fn sortable(kind: &agg::GroupByKind) -> bool {
    matches!(
        kind,
        agg::GroupByKind::Field { .. }
            | agg::GroupByKind::Histogram { .. }
            | agg::GroupByKind::DateHistogram { .. }
    )
}

impl<T, K> GroupBy<T, K> {
    fn new(group: agg::GroupBy, uses: Uses, read_key: fn(&GroupKey) -> Result<K>) -> Self {
        Self {
            group,
            uses,
            read_key,
            _model: std::marker::PhantomData,
        }
    }

    /// The name the group-by has in the request.
    pub fn name(&self) -> &str {
        &self.group.name
    }

    /// Reads a group's key.
    pub(crate) fn read_key(&self, key: &GroupKey) -> Result<K> {
        (self.read_key)(key)
    }

    /// The same group-by as one of model `U` (a nested document's, lifted to its model).
    pub(crate) fn lift<U>(self) -> GroupBy<U, K> {
        GroupBy::new(self.group, self.uses, self.read_key)
    }

    /// Computes `agg` in every group (read it from [`Group::aggs`](super::results::Group::aggs)).
    #[must_use]
    pub fn aggregate<R>(mut self, agg: &Agg<T, R>) -> Self {
        self.group = self.group.sub_aggregation(agg.agg.clone());
        self.uses.merge(agg.uses.clone());
        self
    }

    /// Splits every group again by `sub` (read it from [`Group::aggs`](super::results::Group::aggs)).
    #[must_use]
    pub fn group_by<S>(mut self, sub: &GroupBy<T, S>) -> Self {
        self.group = self.group.sub_group_by(sub.group.clone());
        self.uses.merge(sub.uses.clone());
        self
    }

    /// Keeps the option `what` only where the group-by's kind takes it; elsewhere the search is
    /// refused when sent, rather than sent without it.
    fn only_for(
        mut self,
        takes_it: fn(&agg::GroupByKind) -> bool,
        what: &str,
        set: impl FnOnce(agg::GroupBy) -> agg::GroupBy,
    ) -> Self {
        if takes_it(&self.group.kind) {
            self.group = set(self.group);
        } else {
            self.uses.merge(Uses::invalid(format!(
                "group-by {:?}: {what} applies to field group-bys and histograms, not to ranges, filters or distances",
                self.group.name
            )));
        }
        self
    }

    /// At most `n` groups (field group-bys; the service's default is 10).
    #[must_use]
    pub fn size(self, n: u16) -> Self {
        let field = |k: &agg::GroupByKind| matches!(k, agg::GroupByKind::Field { .. });
        self.only_for(field, "`size`", |g| g.size(i32::from(n)))
    }

    /// Only groups with at least `n` rows (field group-bys and histograms).
    #[must_use]
    pub fn min_doc_count(self, n: u64) -> Self {
        self.only_for(sortable, "`min_doc_count`", |g| {
            g.min_doc_count(i64::try_from(n).unwrap_or(i64::MAX))
        })
    }

    /// Largest groups first.
    #[must_use]
    pub fn by_count_desc(self) -> Self {
        self.only_for(sortable, "a group order", |g| {
            g.sort_by(GroupBySorter::row_count(SortOrder::Desc))
        })
    }

    /// Groups in key order, smallest first.
    #[must_use]
    pub fn by_key(self) -> Self {
        self.only_for(sortable, "a group order", |g| {
            g.sort_by(GroupBySorter::group_key(SortOrder::Asc))
        })
    }

    /// Groups by the value of a sub-aggregation (added with [`GroupBy::aggregate`]),
    /// largest first.
    #[must_use]
    pub fn by_aggregation_desc<R>(self, agg: &Agg<T, R>) -> Self {
        let name = agg.name().to_owned();
        self.only_for(sortable, "a group order", |g| {
            g.sort_by(GroupBySorter::sub_aggregation(name, SortOrder::Desc))
        })
    }
}

impl<T, V, K, A> SearchField<T, V, K, A> {
    /// Groups the matches by this field's value (for arrays, each value); keys read as the
    /// field's type. At most 10 groups unless [`GroupBy::size`] says otherwise.
    pub fn group_by(&self) -> GroupBy<T, V>
    where
        V: GroupKeyValue,
        K: GroupKind<V>,
        A: SortAndAgg,
    {
        GroupBy::new(
            agg::GroupBy::field(name(), self.name()),
            self.uses(),
            field_key::<V>,
        )
    }
}

impl<T, V, K, A> SearchField<T, V, K, A> {
    /// Groups the matches by ranges of this field's value (`[0.0..10.0, 10.0..100.0]`, the
    /// upper bound excluded); the groups come in the ranges' order.
    pub fn group_by_ranges(&self, ranges: impl IntoIterator<Item = Range<f64>>) -> GroupBy<T, Range<f64>>
    where
        K: Numeric,
        A: SortAndAgg,
    {
        GroupBy::new(
            agg::GroupBy::range(name(), self.name(), ranges),
            self.uses(),
            range_key,
        )
    }

    /// Buckets of width `interval` over `min..=max`; each key is a bucket's lower bound.
    pub fn histogram(
        &self,
        interval: impl ColumnArg<V>,
        min: impl ColumnArg<V>,
        max: impl ColumnArg<V>,
    ) -> GroupBy<T, V>
    where
        V: ColumnValue,
        K: Numeric,
        A: SortAndAgg,
    {
        let mut uses = self.uses();
        let mut value = |v: V| self.value_or_refuse(v, &mut uses);
        let group = agg::GroupBy::histogram(
            name(),
            self.name(),
            value(interval.into_column_value()),
            value(min.into_column_value()),
            value(max.into_column_value()),
        );
        GroupBy::new(group, uses, histogram_key::<V>)
    }
}

impl<T, V, A> SearchField<T, V, kind::Date, A> {
    /// Buckets of `interval` over the dates from `from` to `to`; each key is a bucket's start.
    pub fn date_histogram(
        &self,
        interval: agg::DateInterval,
        from: impl ColumnArg<V>,
        to: impl ColumnArg<V>,
    ) -> GroupBy<T, V>
    where
        V: MillisValue,
        A: SortAndAgg,
    {
        let mut uses = self.uses();
        let mut value = |v: V| self.value_or_refuse(v, &mut uses);
        let (from, to) = (value(from.into_column_value()), value(to.into_column_value()));
        let group = agg::GroupBy::date_histogram(name(), self.name(), interval).field_range(from, to);
        GroupBy::new(group, uses, histogram_key::<V>)
    }
}

impl<T, V, A> SearchField<T, V, kind::GeoPoint, A> {
    /// Groups the matches by distance from `center`, in ranges of meters (upper bound
    /// excluded), in the ranges' order.
    pub fn group_by_distance(
        &self,
        center: GeoPoint,
        meters: impl IntoIterator<Item = Range<f64>>,
    ) -> GroupBy<T, Range<f64>>
    where
        A: SortAndAgg,
    {
        GroupBy::new(
            agg::GroupBy::geo_distance(name(), self.name(), center, meters),
            self.uses(),
            range_key,
        )
    }
}

impl<T, S: SearchDocument> NestedField<T, S> {
    /// An aggregation over the documents' fields, counting every document of every matching
    /// row: `reviews.aggregate(|r| avg(&r.stars))` is the average of all their reviews' stars.
    pub fn aggregate<R>(&self, agg: impl FnOnce(S::Fields) -> Agg<S, R>) -> Agg<T, R> {
        agg(self.fields()).lift()
    }

    /// A group-by over the documents' fields: `reviews.group_by(|r| r.author.group_by())`
    /// groups the matching rows by their reviews' authors, a row counting once in each group
    /// one of its documents falls in.
    pub fn group_by<K>(&self, group_by: impl FnOnce(S::Fields) -> GroupBy<S, K>) -> GroupBy<T, K> {
        group_by(self.fields()).lift()
    }
}

/// One group per query, in order (a row may be in several); keys are the queries' positions.
pub fn group_by_filters<T>(queries: impl IntoIterator<Item = SearchQuery<T>>) -> GroupBy<T, usize> {
    let mut uses = Uses::default();
    let mut filters = Vec::new();
    for q in queries {
        let (q, u) = q.into_parts();
        filters.push(q);
        uses.merge(u);
    }
    GroupBy::new(agg::GroupBy::filter(name(), filters), uses, filter_key)
}

impl<T, K> Clone for GroupBy<T, K> {
    fn clone(&self) -> Self {
        Self::new(self.group.clone(), self.uses.clone(), self.read_key)
    }
}

impl<T, K> std::fmt::Debug for GroupBy<T, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("GroupBy").field(&self.group).finish()
    }
}
