//! Typed aggregations: `avg(&f.price)` reads as an `Option<f64>`, `top_rows` as models.

use super::capability::{ByValue, Extremes, Numeric, SortAndAgg};
use super::field::SearchField;
use super::sort::SearchSort;
use super::Uses;
use crate::typed::table::OtsTable;
use ots_core::ops::search::agg::{Aggregation, AggregationResult};
use ots_core::{Error, Result};
use std::sync::atomic::{AtomicU64, Ordering};

/// A unique name for an aggregation or group-by of this process.
pub(crate) fn next_name(prefix: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("{prefix}{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// An aggregation over the matches of a search on model `T`, whose result reads as `R`. Add it
/// to a search with [`crate::search::Search::aggregate`] (or to a group-by), then read it from
/// the page's [`SearchAggs::get`](super::results::SearchAggs::get).
pub struct Agg<T, R> {
    pub(crate) agg: Aggregation,
    pub(crate) uses: Uses,
    read: fn(&AggregationResult) -> Result<R>,
    _model: std::marker::PhantomData<fn() -> T>,
}

impl<T, R> Agg<T, R> {
    fn new(agg: Aggregation, uses: Uses, read: fn(&AggregationResult) -> Result<R>) -> Self {
        Self {
            agg,
            uses,
            read,
            _model: std::marker::PhantomData,
        }
    }

    /// The name the aggregation has in the request.
    pub fn name(&self) -> &str {
        &self.agg.name
    }

    /// Reads this aggregation's result.
    pub(crate) fn read(&self, result: &AggregationResult) -> Result<R> {
        (self.read)(result)
    }

    /// The same aggregation as one of model `U` (a nested document's, lifted to its model).
    pub(crate) fn lift<U>(self) -> Agg<U, R> {
        Agg::new(self.agg, self.uses, self.read)
    }
}

fn read_f64(r: &AggregationResult) -> Result<Option<f64>> {
    match r {
        AggregationResult::Avg(v)
        | AggregationResult::Sum(v)
        | AggregationResult::Min(v)
        | AggregationResult::Max(v) => Ok(*v),
        other => Err(unexpected(other)),
    }
}

fn read_count(r: &AggregationResult) -> Result<u64> {
    match r.as_count() {
        Some(n) => u64::try_from(n).map_err(|_| Error::response(format!("a negative count: {n}"))),
        None => Err(unexpected(r)),
    }
}

fn read_rows<T: OtsTable>(r: &AggregationResult) -> Result<Vec<T>> {
    match r {
        AggregationResult::TopRows(rows) => rows.iter().cloned().map(T::from_row).collect(),
        other => Err(unexpected(other)),
    }
}

fn unexpected(r: &AggregationResult) -> Error {
    Error::response(format!("an aggregation result of another kind: {r:?}"))
}

fn name() -> String {
    next_name("agg_")
}

/// The average of a numeric field over the matches (`None` when no match has a value).
pub fn avg<T, V, K: Numeric, A: SortAndAgg>(field: &SearchField<T, V, K, A>) -> Agg<T, Option<f64>> {
    Agg::new(Aggregation::avg(name(), field.name()), field.uses(), read_f64)
}

/// The sum of a numeric field over the matches.
pub fn sum<T, V, K: Numeric, A: SortAndAgg>(field: &SearchField<T, V, K, A>) -> Agg<T, Option<f64>> {
    Agg::new(Aggregation::sum(name(), field.name()), field.uses(), read_f64)
}

/// The smallest value of a field over the matches (dates in milliseconds).
pub fn min<T, V, K: Extremes, A: SortAndAgg>(field: &SearchField<T, V, K, A>) -> Agg<T, Option<f64>> {
    Agg::new(Aggregation::min(name(), field.name()), field.uses(), read_f64)
}

/// The largest value of a field over the matches (dates in milliseconds).
pub fn max<T, V, K: Extremes, A: SortAndAgg>(field: &SearchField<T, V, K, A>) -> Agg<T, Option<f64>> {
    Agg::new(Aggregation::max(name(), field.name()), field.uses(), read_f64)
}

/// How many matches have a value in the field.
pub fn count<T, V, K, A: SortAndAgg>(field: &SearchField<T, V, K, A>) -> Agg<T, u64> {
    Agg::new(Aggregation::count(name(), field.name()), field.uses(), read_count)
}

/// How many distinct values the field has over the matches.
pub fn distinct_count<T, V, K: ByValue, A: SortAndAgg>(field: &SearchField<T, V, K, A>) -> Agg<T, u64> {
    Agg::new(
        Aggregation::distinct_count(name(), field.name()),
        field.uses(),
        read_count,
    )
}

/// The first `limit` matching rows (in `sort` order, if given), as models: "the best rows of
/// each group" inside a group-by. ots-local answers whole rows; whether the service includes
/// columns the index does not store is not documented, so a model whose required fields are
/// not stored in the index may fail to map there (a mapping error, not wrong data).
pub fn top_rows<T: OtsTable>(limit: u16, sort: impl IntoIterator<Item = SearchSort<T>>) -> Agg<T, Vec<T>> {
    let mut agg = Aggregation::top_rows(name(), i32::from(limit));
    let mut uses = Uses::default();
    for s in sort {
        agg = agg.sort_by(s.sorter);
        uses.merge(s.uses);
    }
    Agg::new(agg, uses, read_rows::<T>)
}

impl<T, R> Clone for Agg<T, R> {
    fn clone(&self) -> Self {
        Self::new(self.agg.clone(), self.uses.clone(), self.read)
    }
}

impl<T, R> std::fmt::Debug for Agg<T, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Agg").field(&self.agg).finish()
    }
}
