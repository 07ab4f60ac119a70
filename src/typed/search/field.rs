//! The typed handles on indexed fields and the queries each index type takes.

use super::capability::{Exact, Ordered};
use super::kind;
use super::query::SearchQuery;
use super::{SearchDocument, Uses};
use crate::typed::convert::{ColumnArg, ColumnValue};
use ots_core::model::Value;
use ots_core::ops::search::query::{GeoPoint, Query};
use std::borrow::Cow;
use std::marker::PhantomData;
use std::ops::{Bound, RangeBounds};

/// A typed handle on an indexed field of model `T` holding values of type `V` (the element
/// type for arrays), indexed as `K` (a [`kind`] marker); `A` says whether it can be sorted and
/// aggregated ([`kind::Sortable`]). `#[derive(OtsTable)]` generates them:
/// `Product::search_fields().price`.
pub struct SearchField<T, V, K, A = kind::Sortable> {
    name: Cow<'static, str>,
    indexes: u64,
    _types: Types<T, V, K, A>,
}

/// The type parameters a handle carries without holding values of them.
type Types<T, V, K, A> = PhantomData<fn() -> (T, V, K, A)>;

impl<T, V, K, A> Clone for SearchField<T, V, K, A> {
    fn clone(&self) -> Self {
        Self {
            name: self.name.clone(),
            indexes: self.indexes,
            _types: PhantomData,
        }
    }
}

impl<T, V, K, A> std::fmt::Debug for SearchField<T, V, K, A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SearchField").field(&self.name).finish()
    }
}

impl<T, V, K, A> SearchField<T, V, K, A> {
    /// A handle on field `name`, in the indexes whose bits are set in `indexes` (used by the
    /// derive).
    #[doc(hidden)]
    pub fn new(name: impl Into<Cow<'static, str>>, indexes: u64) -> Self {
        Self {
            name: name.into(),
            indexes,
            _types: PhantomData,
        }
    }

    /// The field name in the index (`reviews.stars` inside nested documents).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn uses(&self) -> Uses {
        Uses::field(self.name.clone(), self.indexes)
    }

    pub(crate) fn query(&self, query: Query) -> SearchQuery<T> {
        SearchQuery::new(query, self.uses())
    }

    /// Rows where the field has a value.
    pub fn exists(&self) -> SearchQuery<T> {
        self.query(Query::exists(self.name.to_string()))
    }
}

impl<T, V: ColumnValue, K, A> SearchField<T, V, K, A> {
    /// The stored form of `value`; when there is none, `uses` records why (so the search is
    /// refused when sent) and a placeholder stands in.
    pub(crate) fn value_or_refuse(&self, value: V, uses: &mut Uses) -> Value {
        self.value(value).unwrap_or_else(|why| {
            uses.merge(Uses::invalid(why));
            Value::Integer(0)
        })
    }

    /// The stored form of `value`, or why there is none.
    pub(crate) fn value(&self, value: V) -> Result<Value, String> {
        value.to_value().map_err(|m| {
            format!(
                "search on field {:?}: the value cannot be stored in a column: expected {}, found {}",
                self.name, m.expected, m.found
            )
        })
    }
}

/// A query that cannot be sent, and why.
fn invalid<T>(why: String) -> SearchQuery<T> {
    SearchQuery::new(Query::MatchAll, Uses::invalid(why))
}

impl<T, V, K, A> SearchField<T, V, K, A> {
    /// Rows whose field holds exactly `value` (for arrays: one of its values).
    pub fn term(&self, value: impl ColumnArg<V>) -> SearchQuery<T>
    where
        V: ColumnValue,
        K: Exact,
    {
        match self.value(value.into_column_value()) {
            Ok(v) => self.query(Query::term(self.name.to_string(), v)),
            Err(why) => invalid(why),
        }
    }

    /// Rows whose field holds one of `values`.
    pub fn terms<I>(&self, values: I) -> SearchQuery<T>
    where
        I: IntoIterator,
        I::Item: ColumnArg<V>,
        V: ColumnValue,
        K: Exact,
    {
        let mut stored = Vec::new();
        for v in values {
            match self.value(v.into_column_value()) {
                Ok(v) => stored.push(v),
                Err(why) => return invalid(why),
            }
        }
        self.query(Query::terms(self.name.to_string(), stored))
    }
}

impl<T, V, K, A> SearchField<T, V, K, A> {
    /// Rows whose value is in `range` (`18..65`, `18..=65`, `..10`, `5..`).
    pub fn range<R, X>(&self, range: R) -> SearchQuery<T>
    where
        R: RangeBounds<X>,
        X: ColumnArg<V> + Clone,
        V: ColumnValue,
        K: Ordered,
    {
        let own = |b: Bound<&X>| b.cloned().map(ColumnArg::into_column_value);
        self.bounded(own(range.start_bound()), own(range.end_bound()))
    }

    /// The range query between two bounds, or the query that reports a value no column holds.
    fn bounded(&self, from: Bound<V>, to: Bound<V>) -> SearchQuery<T>
    where
        V: ColumnValue,
    {
        let stored = |b: Bound<V>| -> Result<Bound<Value>, String> {
            Ok(match b {
                Bound::Included(v) => Bound::Included(self.value(v)?),
                Bound::Excluded(v) => Bound::Excluded(self.value(v)?),
                Bound::Unbounded => Bound::Unbounded,
            })
        };
        match (stored(from), stored(to)) {
            (Ok(from), Ok(to)) => self.query(Query::range(self.name.to_string(), from, to)),
            (Err(why), _) | (_, Err(why)) => invalid(why),
        }
    }

    /// Rows whose value is between `low` and `high`, both included.
    pub fn between(&self, low: impl ColumnArg<V>, high: impl ColumnArg<V>) -> SearchQuery<T>
    where
        V: ColumnValue,
        K: Ordered,
    {
        self.bounded(
            Bound::Included(low.into_column_value()),
            Bound::Included(high.into_column_value()),
        )
    }

    /// Rows whose value is greater than `value`.
    pub fn gt(&self, value: impl ColumnArg<V>) -> SearchQuery<T>
    where
        V: ColumnValue,
        K: Ordered,
    {
        self.bounded(Bound::Excluded(value.into_column_value()), Bound::Unbounded)
    }
    /// Rows whose value is at least `value`.
    pub fn ge(&self, value: impl ColumnArg<V>) -> SearchQuery<T>
    where
        V: ColumnValue,
        K: Ordered,
    {
        self.bounded(Bound::Included(value.into_column_value()), Bound::Unbounded)
    }
    /// Rows whose value is less than `value`.
    pub fn lt(&self, value: impl ColumnArg<V>) -> SearchQuery<T>
    where
        V: ColumnValue,
        K: Ordered,
    {
        self.bounded(Bound::Unbounded, Bound::Excluded(value.into_column_value()))
    }
    /// Rows whose value is at most `value`.
    pub fn le(&self, value: impl ColumnArg<V>) -> SearchQuery<T>
    where
        V: ColumnValue,
        K: Ordered,
    {
        self.bounded(Bound::Unbounded, Bound::Included(value.into_column_value()))
    }
}

impl<T, A> SearchField<T, String, kind::Keyword, A> {
    /// Rows whose keyword starts with `prefix`.
    pub fn prefix(&self, prefix: impl Into<String>) -> SearchQuery<T> {
        self.query(Query::prefix(self.name.to_string(), prefix))
    }

    /// Rows whose keyword matches `pattern`: `*` any characters, `?` one (at most 32
    /// characters, by the service's limit).
    pub fn wildcard(&self, pattern: impl Into<String>) -> SearchQuery<T> {
        self.query(Query::wildcard(self.name.to_string(), pattern))
    }
}

impl<T, V, A> SearchField<T, V, kind::Text, A> {
    /// Rows whose text contains any word of `text` (scored by relevance).
    pub fn matches(&self, text: impl Into<String>) -> SearchQuery<T> {
        self.query(Query::matches(self.name.to_string(), text))
    }

    /// Rows whose text contains every word of `text`.
    pub fn matches_all(&self, text: impl Into<String>) -> SearchQuery<T> {
        self.query(Query::matches_all(self.name.to_string(), text))
    }

    /// Rows whose text contains the words of `phrase`, in order.
    pub fn phrase(&self, phrase: impl Into<String>) -> SearchQuery<T> {
        self.query(Query::phrase(self.name.to_string(), phrase))
    }
}

impl<T, V, A> SearchField<T, V, kind::GeoPoint, A> {
    /// Rows with a point at most `km` kilometres from `center`.
    pub fn within_km(&self, center: GeoPoint, km: f64) -> SearchQuery<T> {
        self.within_meters(center, km * 1_000.0)
    }

    /// Rows with a point at most `meters` from `center`.
    pub fn within_meters(&self, center: GeoPoint, meters: f64) -> SearchQuery<T> {
        self.query(Query::geo_distance(self.name.to_string(), center, meters))
    }

    /// Rows with a point inside the box from `top_left` to `bottom_right`.
    pub fn in_box(&self, top_left: GeoPoint, bottom_right: GeoPoint) -> SearchQuery<T> {
        self.query(Query::geo_bounding_box(
            self.name.to_string(),
            top_left,
            bottom_right,
        ))
    }

    /// Rows with a point inside the polygon with these corners.
    pub fn in_polygon(&self, corners: impl IntoIterator<Item = GeoPoint>) -> SearchQuery<T> {
        self.query(Query::geo_polygon(self.name.to_string(), corners))
    }
}

impl<T, V, A> SearchField<T, V, kind::Vector, A> {
    /// The `top_k` rows whose vectors are nearest to `vector` (by the field's metric); scores
    /// rank them. The vector must have the field's dimension.
    pub fn knn(&self, vector: impl Into<Vec<f32>>, top_k: u16) -> SearchQuery<T> {
        self.query(Query::knn(self.name.to_string(), i32::from(top_k), vector))
    }

    /// [`SearchField::knn`] among the rows that match `filter`.
    pub fn knn_where(
        &self,
        vector: impl Into<Vec<f32>>,
        top_k: u16,
        filter: SearchQuery<T>,
    ) -> SearchQuery<T> {
        let (filter, uses) = filter.into_parts();
        let mut q = self.query(Query::knn_with_filter(
            self.name.to_string(),
            i32::from(top_k),
            vector,
            filter,
        ));
        q.add_uses(uses);
        q
    }
}

/// A typed handle on a nested field of model `T`: a `Vec<S>` of documents deriving
/// [`SearchDocument`], each matched on its own.
pub struct NestedField<T, S> {
    name: Cow<'static, str>,
    indexes: u64,
    _types: PhantomData<fn() -> (T, S)>,
}

impl<T, S> Clone for NestedField<T, S> {
    fn clone(&self) -> Self {
        Self {
            name: self.name.clone(),
            indexes: self.indexes,
            _types: PhantomData,
        }
    }
}

impl<T, S> std::fmt::Debug for NestedField<T, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("NestedField").field(&self.name).finish()
    }
}

impl<T, S> NestedField<T, S> {
    /// A handle on nested field `name` (used by the derive).
    #[doc(hidden)]
    pub fn new(name: impl Into<Cow<'static, str>>, indexes: u64) -> Self {
        Self {
            name: name.into(),
            indexes,
            _types: PhantomData,
        }
    }

    /// The field name in the index.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl<T, S: SearchDocument> NestedField<T, S> {
    /// The handles of the documents' fields, named under this field.
    pub(crate) fn fields(&self) -> S::Fields {
        S::search_fields(&self.name, self.indexes)
    }

    /// Rows with at least one document matching the query built from the document's handles:
    /// `reviews.any(|r| r.stars.ge(4) & r.author.term("ann"))` needs one review with both.
    pub fn any(&self, query: impl FnOnce(S::Fields) -> SearchQuery<S>) -> SearchQuery<T> {
        let inner = query(self.fields());
        let (inner, uses) = inner.into_parts();
        let mut q = SearchQuery::new(
            Query::nested(self.name.to_string(), inner),
            Uses::field(self.name.clone(), self.indexes),
        );
        q.add_uses(uses);
        q
    }
}
