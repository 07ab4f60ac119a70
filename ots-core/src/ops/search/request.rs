//! The Search operation: a request (query, paging, sort, columns) and its output, one page at
//! a time or as a stream over every page.

use super::agg::{Aggregation, AggregationResults, GroupBy, GroupByResults};
use super::agg_pb::{aggregation_results, aggs_pb, group_by_results, group_bys_pb};
use super::highlight::{highlight_pb, highlights_from, Highlight, Highlights};
use super::query::{query_pb, Query};
use super::sort::{sort_pb, Sorter};
use crate::client::Client;
use crate::codec;
use crate::error::{Error, Result};
use crate::model::{PrimaryKey, Row};
use futures_core::Stream;
use ots_proto::action::Action;
use ots_proto::pb::search as pb;
use ots_proto::plainbuffer;
use prost::Message;
use std::collections::VecDeque;

/// Which columns a search returns with each row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SearchColumns {
    /// Only the primary key (the default).
    #[default]
    None,
    /// Every column of the table row.
    All,
    /// These columns.
    Specified(Vec<String>),
    /// Every column stored in the index.
    AllFromIndex,
}

impl SearchColumns {
    pub(crate) fn to_pb(&self) -> pb::ColumnsToGet {
        let (return_type, column_names) = match self {
            SearchColumns::None => (pb::ColumnReturnType::ReturnNone, Vec::new()),
            SearchColumns::All => (pb::ColumnReturnType::ReturnAll, Vec::new()),
            SearchColumns::Specified(c) => (pb::ColumnReturnType::ReturnSpecified, c.clone()),
            SearchColumns::AllFromIndex => (pb::ColumnReturnType::ReturnAllFromIndex, Vec::new()),
        };
        pb::ColumnsToGet {
            return_type: Some(return_type as i32),
            column_names,
        }
    }
}

/// Searches an index.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SearchRequest {
    /// The table.
    pub table: String,
    /// The index.
    pub index: String,
    /// What rows must match.
    pub query: Query,
    /// Rows to skip (offset + limit is bounded by the service; use tokens for deep paging).
    pub offset: Option<i32>,
    /// Rows per page.
    pub limit: Option<i32>,
    /// The sort (default: the index's presorting).
    pub sort: Vec<Sorter>,
    /// One row per distinct value of this field.
    pub collapse: Option<String>,
    /// Ask for the total number of matches.
    pub total_count: bool,
    /// Continue after the page this token ended (from a previous output).
    pub token: Option<Vec<u8>>,
    /// The columns returned.
    pub columns: SearchColumns,
    /// Only the partitions these routing keys select.
    pub routing_values: Vec<PrimaryKey>,
    /// Server-side time limit in milliseconds.
    pub timeout_ms: Option<i32>,
    /// Aggregations over every match (not only the page).
    pub aggregations: Vec<Aggregation>,
    /// Group-bys over every match.
    pub group_bys: Vec<GroupBy>,
    /// The fields whose matched words are highlighted.
    pub highlight: Option<Highlight>,
}

impl SearchRequest {
    /// A search of `index` on `table` for `query`.
    pub fn new(table: impl Into<String>, index: impl Into<String>, query: impl Into<Query>) -> Self {
        Self {
            table: table.into(),
            index: index.into(),
            query: query.into(),
            offset: None,
            limit: None,
            sort: Vec::new(),
            collapse: None,
            total_count: false,
            token: None,
            columns: SearchColumns::None,
            routing_values: Vec::new(),
            timeout_ms: None,
            aggregations: Vec::new(),
            group_bys: Vec::new(),
            highlight: None,
        }
    }

    /// Rows to skip.
    #[must_use]
    pub fn offset(mut self, n: i32) -> Self {
        self.offset = Some(n);
        self
    }
    /// Rows per page.
    #[must_use]
    pub fn limit(mut self, n: i32) -> Self {
        self.limit = Some(n);
        self
    }
    /// Adds a sort key.
    #[must_use]
    pub fn sort_by(mut self, sorter: Sorter) -> Self {
        self.sort.push(sorter);
        self
    }
    /// One row per distinct value of `field`.
    #[must_use]
    pub fn collapse(mut self, field: impl Into<String>) -> Self {
        self.collapse = Some(field.into());
        self
    }
    /// Asks for the total number of matches.
    #[must_use]
    pub fn total_count(mut self) -> Self {
        self.total_count = true;
        self
    }
    /// Continues after a previous page.
    #[must_use]
    pub fn token(mut self, token: Vec<u8>) -> Self {
        self.token = Some(token);
        self
    }
    /// The request for the page after one that answered `token`: the token carries the sort
    /// and the position (as the official SDKs send it, without sort or offset), and the
    /// aggregations came with the first page, so those are left out.
    #[must_use]
    pub fn next_page(mut self, token: Vec<u8>) -> Self {
        self.offset = None;
        self.sort.clear();
        self.aggregations.clear();
        self.group_bys.clear();
        self.token(token)
    }
    /// The columns returned.
    #[must_use]
    pub fn columns(mut self, columns: SearchColumns) -> Self {
        self.columns = columns;
        self
    }
    /// Adds an aggregation.
    #[must_use]
    pub fn aggregation(mut self, aggregation: Aggregation) -> Self {
        self.aggregations.push(aggregation);
        self
    }
    /// Adds a group-by.
    #[must_use]
    pub fn group_by(mut self, group_by: GroupBy) -> Self {
        self.group_bys.push(group_by);
        self
    }
    /// Highlights matched words in text fields ([`SearchOutput::highlights`]).
    #[must_use]
    pub fn highlight(mut self, highlight: Highlight) -> Self {
        self.highlight = Some(highlight);
        self
    }
    /// Adds a routing value (a primary key holding the routing fields).
    #[must_use]
    pub fn routing_value(mut self, key: PrimaryKey) -> Self {
        self.routing_values.push(key);
        self
    }

    pub(crate) fn query_pb(&self) -> pb::SearchQuery {
        pb::SearchQuery {
            offset: self.offset,
            limit: self.limit,
            query: Some(query_pb(&self.query)),
            collapse: self
                .collapse
                .clone()
                .map(|f| pb::Collapse { field_name: Some(f) }),
            sort: (!self.sort.is_empty()).then(|| sort_pb(&self.sort)),
            get_total_count: Some(self.total_count),
            token: self.token.clone(),
            aggs: (!self.aggregations.is_empty()).then(|| aggs_pb(&self.aggregations)),
            group_bys: (!self.group_bys.is_empty()).then(|| group_bys_pb(&self.group_bys)),
            highlight: self.highlight.as_ref().map(highlight_pb),
        }
    }

    pub(crate) fn to_pb(&self) -> pb::SearchRequest {
        pb::SearchRequest {
            table_name: Some(self.table.clone()),
            index_name: Some(self.index.clone()),
            columns_to_get: Some(self.columns.to_pb()),
            search_query: Some(self.query_pb().encode_to_vec()),
            routing_values: self
                .routing_values
                .iter()
                .map(plainbuffer::encode_primary_key)
                .collect(),
            timeout_ms: self.timeout_ms,
        }
    }
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SearchOutput {
    /// The rows, in result order.
    pub rows: Vec<Row>,
    /// Each row's score, when the service reports scores.
    pub scores: Vec<f64>,
    /// The total number of matches, when asked for.
    pub total_hits: Option<i64>,
    /// Where the next page starts; `None` on the last page.
    pub next_token: Option<Vec<u8>>,
    /// False when some partitions did not answer (the results are partial).
    pub is_all_succeed: bool,
    /// The aggregations' results, by name.
    pub aggregations: AggregationResults,
    /// The group-bys' results, by name.
    pub group_bys: GroupByResults,
    /// Each row's highlighted fields, one entry per row when the search asked for highlights
    /// (a row without a match has an empty entry), else empty. `search_stream` yields rows only.
    pub highlights: Vec<Highlights>,
}

fn output_from(resp: pb::SearchResponse, total_asked: bool, highlight_asked: bool) -> Result<SearchOutput> {
    let rows = codec::each_row(&resp.rows)?;
    if !resp.search_hits.is_empty() && resp.search_hits.len() != rows.len() {
        return Err(Error::response(
            "the search answer has a different number of hits and rows",
        ));
    }
    let highlighted = highlight_asked || resp.search_hits.iter().any(|h| h.highlight_result.is_some());
    Ok(SearchOutput {
        scores: resp
            .search_hits
            .iter()
            .map(|h| h.score.unwrap_or_default())
            .collect(),
        highlights: if highlighted {
            (0..rows.len())
                .map(|i| highlights_from(resp.search_hits.get(i).and_then(|h| h.highlight_result.clone())))
                .collect()
        } else {
            Vec::new()
        },
        rows,
        total_hits: resp.total_hits.filter(|_| total_asked),
        next_token: resp.next_token.filter(|t| !t.is_empty()),
        is_all_succeed: resp.is_all_succeed.unwrap_or(true),
        aggregations: match resp.aggs.as_deref() {
            Some(b) if !b.is_empty() => aggregation_results(b)?,
            _ => AggregationResults::default(),
        },
        group_bys: match resp.group_bys.as_deref() {
            Some(b) if !b.is_empty() => group_by_results(b)?,
            _ => GroupByResults::default(),
        },
    })
}

impl Client {
    /// Searches an index: one page of rows.
    ///
    /// # Errors
    /// `OTSMetaNotMatch` for a missing index and `is_invalid_parameter()` for a missing table
    /// or a query the service refuses; transport errors.
    pub async fn search(&self, request: SearchRequest) -> Result<SearchOutput> {
        let resp: pb::SearchResponse = self
            .call(Action::Search, &request.table, &request.to_pb(), true)
            .await?;
        output_from(resp, request.total_count, request.highlight.is_some())
    }

    /// Every row the search matches, fetching pages (following next tokens) as the consumer
    /// reads.
    pub fn search_stream(&self, request: SearchRequest) -> impl Stream<Item = Result<Row>> + Send + 'static {
        struct State {
            client: Client,
            request: SearchRequest,
            buffer: VecDeque<Row>,
            done: bool,
        }
        let state = State {
            client: self.clone(),
            request,
            buffer: VecDeque::new(),
            done: false,
        };
        futures_util::stream::unfold(state, |mut st| async move {
            loop {
                if let Some(row) = st.buffer.pop_front() {
                    return Some((Ok(row), st));
                }
                if st.done {
                    return None;
                }
                match st.client.search(st.request.clone()).await {
                    Ok(page) => {
                        st.buffer.extend(page.rows);
                        match page.next_token {
                            Some(t) if Some(&t) != st.request.token.as_ref() => {
                                st.request = st.request.clone().next_page(t);
                            }
                            _ => st.done = true,
                        }
                    }
                    Err(e) => {
                        st.done = true;
                        return Some((Err(e), st));
                    }
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Column, PrimaryKey};

    #[test]
    fn an_answer_becomes_rows_scores_and_a_token() {
        let row = |id: i64| Row {
            primary_key: PrimaryKey::new().with("id", id),
            columns: vec![Column::new("name", "x")],
        };
        let resp = pb::SearchResponse {
            total_hits: Some(42),
            rows: vec![
                plainbuffer::encode_put_row(&row(1)),
                plainbuffer::encode_put_row(&row(2)),
            ],
            is_all_succeed: Some(true),
            search_hits: vec![
                pb::SearchHit {
                    score: Some(2.5),
                    highlight_result: None,
                    nested_doc_offset: None,
                },
                pb::SearchHit {
                    score: Some(1.0),
                    highlight_result: None,
                    nested_doc_offset: None,
                },
            ],
            next_token: Some(b"tok".to_vec()),
            aggs: None,
            group_bys: None,
        };
        let out = output_from(resp.clone(), true, false).unwrap();
        assert_eq!(out.rows, vec![row(1), row(2)]);
        assert_eq!(out.scores, vec![2.5, 1.0]);
        assert_eq!(
            (out.total_hits, out.next_token.as_deref()),
            (Some(42), Some(&b"tok"[..]))
        );
        // The total only when asked; an empty token is the last page.
        let last = pb::SearchResponse {
            next_token: Some(Vec::new()),
            ..resp.clone()
        };
        let out = output_from(last, false, false).unwrap();
        assert_eq!((out.total_hits, out.next_token), (None, None));
        let uneven = pb::SearchResponse {
            search_hits: vec![pb::SearchHit::default()],
            ..resp
        };
        assert!(output_from(uneven, true, false).is_err());
    }
}
