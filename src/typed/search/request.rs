//! A typed search: the query, the index it runs on, sorts, aggregations and group-bys; and the
//! page a search answers with.

use super::agg::Agg;
use super::group::GroupBy;
use super::query::SearchQuery;
use super::results::SearchAggs;
use super::sort::SearchSort;
use super::{Searchable, Uses};
use base64::Engine as _;
use ots_core::ops::search::agg::{Aggregation, GroupBy as UntypedGroupBy};
use ots_core::ops::search::request::{SearchColumns, SearchRequest};
use ots_core::{Error, Result};
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;

/// A search over model `T`: a query on one of its indexes (the first declared, unless
/// [`Search::in_index`] picks another), with sorts, aggregations and group-bys. A
/// [`SearchQuery`] converts into one, so `repo.search(f.name.matches("tea"))` works.
pub struct Search<T> {
    pub(crate) table: &'static str,
    pub(crate) index: &'static str,
    /// The position of the index among the model's (for checking the fields used).
    bit: usize,
    query: SearchQuery<T>,
    sorts: Vec<SearchSort<T>>,
    aggregations: Vec<Aggregation>,
    group_bys: Vec<UntypedGroupBy>,
    uses: Uses,
    _model: PhantomData<fn() -> T>,
}

impl<T> Search<T> {
    /// A search on the model's first index.
    pub fn new(query: impl Into<SearchQuery<T>>) -> Self
    where
        T: Searchable,
    {
        Self {
            table: T::TABLE,
            index: T::SEARCH_INDEXES.first().copied().unwrap_or_default(),
            bit: 0,
            query: query.into(),
            sorts: Vec::new(),
            aggregations: Vec::new(),
            group_bys: Vec::new(),
            uses: Uses::default(),
            _model: PhantomData,
        }
    }

    /// Runs on the model's index `name` instead. A name the model does not declare, or a query
    /// on a field that index does not hold, is refused before anything is sent.
    #[must_use]
    pub fn in_index(mut self, name: &str) -> Self
    where
        T: Searchable,
    {
        match T::SEARCH_INDEXES.iter().position(|i| *i == name) {
            Some(bit) => {
                self.bit = bit;
                self.index = T::SEARCH_INDEXES[bit];
            }
            None => self.uses.merge(Uses::invalid(format!(
                "{} has no search index {name:?} (it declares {:?})",
                T::TABLE,
                T::SEARCH_INDEXES
            ))),
        }
        self
    }
}

impl<T: Searchable> From<SearchQuery<T>> for Search<T> {
    fn from(query: SearchQuery<T>) -> Self {
        Search::new(query)
    }
}

impl<T: Searchable> From<super::query::BoolSearch<T>> for Search<T> {
    fn from(query: super::query::BoolSearch<T>) -> Self {
        Search::new(query)
    }
}

impl<T> Search<T> {
    /// Sorts by `sort`, after the sorts added before it.
    #[must_use]
    pub fn sort(mut self, sort: SearchSort<T>) -> Self {
        self.sorts.push(sort);
        self
    }

    /// Computes `agg` over every match (read it from [`SearchPage::aggs`]).
    #[must_use]
    pub fn aggregate<R>(mut self, agg: &Agg<T, R>) -> Self {
        self.aggregations.push(agg.agg.clone());
        self.uses.merge(agg.uses.clone());
        self
    }

    /// Groups every match by `group_by` (read it from [`SearchPage::aggs`]).
    #[must_use]
    pub fn group_by<K>(mut self, group_by: &GroupBy<T, K>) -> Self {
        self.group_bys.push(group_by.group.clone());
        self.uses.merge(group_by.uses.clone());
        self
    }

    /// The index the search runs on.
    pub fn index(&self) -> &str {
        self.index
    }

    pub(crate) fn has_aggregations(&self) -> bool {
        !self.aggregations.is_empty() || !self.group_bys.is_empty()
    }

    pub(crate) fn has_sorts(&self) -> bool {
        !self.sorts.is_empty()
    }

    /// The untyped request, returning whole rows; refused when a value is invalid or a field
    /// is not in the chosen index.
    pub(crate) fn into_request(self) -> Result<SearchRequest> {
        let (query, mut uses) = self.query.into_parts();
        uses.merge(self.uses);
        for s in &self.sorts {
            uses.merge(s.uses.clone());
        }
        uses.check(self.bit, self.index)?;
        let mut req = SearchRequest::new(self.table, self.index, query).columns(SearchColumns::All);
        for s in self.sorts {
            req = req.sort_by(s.sorter);
        }
        for a in self.aggregations {
            req = req.aggregation(a);
        }
        for g in self.group_bys {
            req = req.group_by(g);
        }
        Ok(req)
    }
}

/// One page of a search ([`crate::Repo::search_page`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SearchPage<T> {
    /// The matching rows, in result order.
    pub items: Vec<T>,
    /// Each item's relevance score (0 where the service does not score).
    pub scores: Vec<f64>,
    /// How many rows match in all.
    pub total: u64,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<SearchToken>,
    /// The aggregations and group-bys, computed over every match (on the first page; a page
    /// read with a token has none).
    pub aggs: SearchAggs,
}

impl<T> SearchPage<T> {
    /// A page (for fakes of [`crate::Repository`]).
    pub fn new(items: Vec<T>, total: u64, next: Option<SearchToken>) -> Self {
        Self {
            scores: vec![0.0; items.len()],
            items,
            total,
            next,
            aggs: SearchAggs::default(),
        }
    }
}

/// Where a search resumes: the service's opaque token as URL-safe text. Put it in an API
/// answer and pass it back with the same search for the next page; it serializes as a plain
/// string.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SearchToken(String);

impl SearchToken {
    pub(crate) fn from_bytes(bytes: &[u8]) -> Self {
        Self(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    pub(crate) fn to_bytes(&self) -> Result<Vec<u8>> {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&self.0)
            .ok()
            .filter(|b| !b.is_empty())
            .ok_or_else(|| Error::construction(format!("{:?} is not a search token", self.0)))
    }

    /// The token as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::typed::page::text_token!(SearchToken, to_bytes);

impl<T> Clone for Search<T> {
    fn clone(&self) -> Self {
        Self {
            table: self.table,
            index: self.index,
            bit: self.bit,
            query: self.query.clone(),
            sorts: self.sorts.clone(),
            aggregations: self.aggregations.clone(),
            group_bys: self.group_bys.clone(),
            uses: self.uses.clone(),
            _model: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Search<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search")
            .field("index", &self.index)
            .field("query", &self.query)
            .field("sorts", &self.sorts)
            .field("aggregations", &self.aggregations)
            .field("group_bys", &self.group_bys)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_through_json_and_refuse_foreign_text() {
        let token = SearchToken::from_bytes(&[0, 1, 2, 250, 255]);
        let json = serde_json::to_string(&token).expect("serialize");
        let back: SearchToken = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back.to_bytes().expect("bytes"), vec![0, 1, 2, 250, 255]);
        for bad in ["", "!!", "a b"] {
            assert!(bad.parse::<SearchToken>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_field_outside_the_chosen_index_is_refused() {
        let mut uses = Uses::field("price".into(), 0b01);
        assert!(uses.check(0, "main").is_ok());
        let e = uses.check(1, "geo").expect_err("not in index 1");
        assert!(
            e.to_string().contains("\"price\"") && e.to_string().contains("\"geo\""),
            "{e}"
        );
        uses.merge(Uses::invalid("a bad value".into()));
        assert!(uses.check(0, "main").is_err());
    }
}
