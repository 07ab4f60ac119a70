//! Typed search queries: what the field handles build, combined with `bool()` or the `&`,
//! `|` and `!` operators.

use super::Uses;
use ots_core::ops::search::query::{BoolQuery, Query};
use ots_core::Result;
use std::marker::PhantomData;

/// A search query over the indexed fields of model `T`; queries of another model do not fit.
/// Combine them with [`bool()`] or with `a & b` (both must match), `a | b` (either), `!a`
/// (must not match).
///
/// A query holding a value no field can store (a `u64` above `i64::MAX`) is kept as an error
/// that the search reports before sending anything.
pub struct SearchQuery<T> {
    query: Query,
    uses: Uses,
    _model: PhantomData<fn() -> T>,
}

impl<T> SearchQuery<T> {
    pub(crate) fn new(query: Query, uses: Uses) -> Self {
        Self {
            query,
            uses,
            _model: PhantomData,
        }
    }

    /// Every row.
    pub fn all() -> Self {
        Self::new(Query::MatchAll, Uses::default())
    }

    /// Wraps an untyped query (the caller vouches that it names `T`'s indexed fields).
    pub fn from_untyped(query: Query) -> Self {
        Self::new(query, Uses::default())
    }

    /// The untyped query.
    ///
    /// # Errors
    /// A construction error when a value in it cannot be stored in a column.
    pub fn into_query(self) -> Result<Query> {
        self.uses.check_values()?;
        Ok(self.query)
    }

    pub(crate) fn into_parts(self) -> (Query, Uses) {
        (self.query, self.uses)
    }

    pub(crate) fn add_uses(&mut self, uses: Uses) {
        self.uses.merge(uses);
    }

    /// The same matches, each scored `weight` times higher (a boost among `should` clauses).
    /// The service weighs match, phrase, term, terms, prefix, wildcard, nested and knn
    /// queries; a boost on another query (a range, a bool, ...) is refused when the search is
    /// sent: boost its clauses instead.
    #[must_use]
    pub fn boost(mut self, weight: f32) -> Self {
        if !set_weight(&mut self.query, weight) {
            self.uses.merge(Uses::invalid(format!(
                "a boost applies to match, phrase, term, terms, prefix, wildcard, nested and knn queries, not to {}",
                query_kind(&self.query)
            )));
        }
        self
    }

    /// The same matches, all with the same score (no relevance ranking: cheaper).
    #[must_use]
    pub fn constant_score(self) -> Self {
        let (q, uses) = self.into_parts();
        Self::new(Query::const_score(q), uses)
    }
}

/// What a query is, in words, for errors.
fn query_kind(query: &Query) -> &'static str {
    match query {
        Query::MatchAll => "all rows",
        Query::Range { .. } => "a range",
        Query::Exists { .. } => "an exists query",
        Query::Bool(_) => "a bool query (or `&`, `|`, `!`)",
        Query::ConstScore(_) => "a constant-score query",
        Query::GeoBoundingBox { .. } | Query::GeoDistance { .. } | Query::GeoPolygon { .. } => "a geo query",
        _ => "this query",
    }
}

/// Sets the weight of the query types that carry one; false for the others.
fn set_weight(query: &mut Query, w: f32) -> bool {
    match query {
        Query::Match { weight, .. }
        | Query::MatchPhrase { weight, .. }
        | Query::Term { weight, .. }
        | Query::Terms { weight, .. }
        | Query::Prefix { weight, .. }
        | Query::Wildcard { weight, .. }
        | Query::Nested { weight, .. }
        | Query::KnnVector { weight, .. } => {
            *weight = Some(w);
            true
        }
        _ => false,
    }
}

/// A bool query under construction: `bool().must(a).should(b).must_not(c)`. It converts into
/// a [`SearchQuery`] wherever one is taken.
pub struct BoolSearch<T> {
    query: BoolQuery,
    uses: Uses,
    _model: PhantomData<fn() -> T>,
}

/// Starts a bool query.
pub fn bool<T>() -> BoolSearch<T> {
    BoolSearch {
        query: BoolQuery::default(),
        uses: Uses::default(),
        _model: PhantomData,
    }
}

impl<T> SearchQuery<T> {
    /// Starts a bool query (as [`bool()`]).
    pub fn bool() -> BoolSearch<T> {
        bool()
    }
}

macro_rules! clause {
    ($($(#[$doc:meta])* $name:ident),*) => {$(
        $(#[$doc])*
        #[must_use]
        pub fn $name(mut self, query: impl Into<SearchQuery<T>>) -> Self {
            let (q, uses) = query.into().into_parts();
            self.query = self.query.$name(q);
            self.uses.merge(uses);
            self
        }
    )*};
}

impl<T> BoolSearch<T> {
    clause!(
        /// This query must match, and it counts for the score.
        must,
        /// This query must not match.
        must_not,
        /// This query must match, without counting for the score.
        filter,
        /// This query should match: rows matching more `should` clauses score higher, and
        /// with no `must` or `filter` clause at least one must match.
        should
    );

    /// At least `n` of the `should` clauses must match.
    #[must_use]
    pub fn minimum_should_match(mut self, n: u16) -> Self {
        self.query = self.query.minimum_should_match(i32::from(n));
        self
    }
}

impl<T> From<BoolSearch<T>> for SearchQuery<T> {
    fn from(b: BoolSearch<T>) -> Self {
        SearchQuery::new(Query::Bool(b.query), b.uses)
    }
}

impl<T> SearchQuery<T> {
    /// `self` and `rhs` in one bool query; a chain (`a & b & c`) stays one level deep, so a
    /// query folded from many conditions does not nest one level per condition.
    fn join(self, rhs: Self, chain: fn(&BoolQuery) -> bool, add: fn(BoolQuery, Query) -> BoolQuery) -> Self {
        let (left, mut uses) = self.into_parts();
        let (right, more) = rhs.into_parts();
        uses.merge(more);
        let base = match left {
            Query::Bool(b) if chain(&b) => b,
            other => add(BoolQuery::default(), other),
        };
        Self::new(Query::Bool(add(base, right)), uses)
    }
}

/// A bool query of `must` clauses only, as `&` builds.
fn all_of(b: &BoolQuery) -> bool {
    !b.must.is_empty()
        && b.must_not.is_empty()
        && b.filter.is_empty()
        && b.should.is_empty()
        && b.minimum_should_match.is_none()
}

/// A bool query of `should` clauses of which one must match, as `|` builds.
fn any_of(b: &BoolQuery) -> bool {
    !b.should.is_empty()
        && b.must.is_empty()
        && b.must_not.is_empty()
        && b.filter.is_empty()
        && b.minimum_should_match == Some(1)
}

impl<T> std::ops::BitAnd for SearchQuery<T> {
    type Output = SearchQuery<T>;
    /// Both must match.
    fn bitand(self, rhs: Self) -> Self {
        self.join(rhs, all_of, BoolQuery::must)
    }
}

impl<T> std::ops::BitOr for SearchQuery<T> {
    type Output = SearchQuery<T>;
    /// Either must match.
    fn bitor(self, rhs: Self) -> Self {
        self.join(rhs, any_of, |b, q| b.should(q).minimum_should_match(1))
    }
}

impl<T> std::ops::Not for SearchQuery<T> {
    type Output = SearchQuery<T>;
    /// Must not match.
    fn not(self) -> Self {
        bool().must(SearchQuery::all()).must_not(self).into()
    }
}

impl<T> Clone for SearchQuery<T> {
    fn clone(&self) -> Self {
        Self::new(self.query.clone(), self.uses.clone())
    }
}

impl<T> std::fmt::Debug for SearchQuery<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SearchQuery").field(&self.query).finish()
    }
}

impl<T> PartialEq for SearchQuery<T> {
    fn eq(&self, other: &Self) -> bool {
        self.query == other.query && self.uses == other.uses
    }
}

impl<T> std::fmt::Debug for BoolSearch<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("BoolSearch").field(&self.query).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(v: i64) -> SearchQuery<()> {
        SearchQuery::from_untyped(Query::term("n", v))
    }

    #[test]
    fn chains_of_and_and_or_stay_one_level_deep() {
        let and = (term(1) & term(2) & term(3)).into_query().expect("query");
        assert!(matches!(&and, Query::Bool(b) if b.must.len() == 3), "{and:?}");
        let or = (term(1) | term(2) | term(3)).into_query().expect("query");
        assert!(
            matches!(&or, Query::Bool(b) if b.should.len() == 3 && b.minimum_should_match == Some(1)),
            "{or:?}"
        );
        // Mixed operators keep their grouping: (1 | 2) & 3 is a must of an any-of.
        let mixed = ((term(1) | term(2)) & term(3)).into_query().expect("query");
        let Query::Bool(b) = &mixed else {
            panic!("{mixed:?}")
        };
        assert_eq!(b.must.len(), 2);
        assert!(matches!(&b.must[0], Query::Bool(inner) if inner.should.len() == 2));
        // A negation is not flattened into a chain.
        let not = (!term(1) & term(2)).into_query().expect("query");
        let Query::Bool(b) = &not else { panic!("{not:?}") };
        assert_eq!(b.must.len(), 2, "{not:?}");
    }
}
