//! The repository's search operations: a stream over every match, a page with its total,
//! scores, token and aggregations, and a parallel scan.

use super::request::{Search, SearchPage, SearchToken};
use super::results::SearchAggs;
use crate::typed::repo::{model_of, Repo};
use crate::typed::table::OtsTable;
use futures_core::Stream;
use futures_util::StreamExt;
use ots_core::ops::search::request::SearchColumns;
use ots_core::ops::search::scan::ScanAllRequest;
use ots_core::{Error, Result};

/// Rows per search request: the service's largest page.
const MAX_PAGE: u32 = 100;

/// Keys read back per batch call in a scan (the service's BatchGetRow limit).
const SCAN_BATCH: usize = 100;

/// Splits a scan reads at once (the service serves at most 10 concurrent scan requests).
const SCAN_SPLITS: usize = 10;

/// How long a scan session lives between two pages, in seconds: a consumer that works on each
/// row gets time before the session expires.
const SCAN_ALIVE_SECONDS: i32 = 300;

fn failed<X: Send + 'static>(e: Error) -> impl Stream<Item = Result<X>> + Send + 'static {
    futures_util::stream::once(std::future::ready(Err(e)))
}

impl<T: OtsTable> Repo<T> {
    pub(in crate::typed) fn do_search(
        &self,
        search: Search<T>,
    ) -> impl Stream<Item = Result<T>> + Send + 'static {
        match search.into_request() {
            Ok(mut req) => {
                // A stream yields rows only: aggregations would be computed for nothing.
                req.aggregations.clear();
                req.group_bys.clear();
                self.client()
                    .search_stream(req.limit(MAX_PAGE as i32))
                    .map(|r| r.and_then(model_of))
                    .left_stream()
            }
            Err(e) => failed(e).right_stream(),
        }
    }

    pub(in crate::typed) async fn do_search_page(
        &self,
        search: Search<T>,
        size: u32,
        after: Option<SearchToken>,
    ) -> Result<SearchPage<T>> {
        let size = size.clamp(1, MAX_PAGE);
        let mut req = search.into_request()?.limit(size as i32).total_count();
        let token_page = after.is_some();
        if let Some(token) = after {
            req = req.next_page(token.to_bytes()?);
        }
        let out = self.client().search(req).await?;
        let items = out.rows.into_iter().map(model_of).collect::<Result<Vec<T>>>()?;
        let mut scores = out.scores;
        scores.resize(items.len(), 0.0);
        Ok(SearchPage {
            total: out
                .total_hits
                .and_then(|n| u64::try_from(n).ok())
                .unwrap_or(items.len() as u64),
            items,
            scores,
            next: out.next_token.as_deref().map(SearchToken::from_bytes),
            aggs: if token_page {
                SearchAggs::of_token_page()
            } else {
                SearchAggs::new(out.aggregations, out.group_bys)
            },
        })
    }

    pub(in crate::typed) fn do_scan(
        &self,
        search: Search<T>,
    ) -> impl Stream<Item = Result<T>> + Send + 'static {
        if search.has_sorts() || search.has_aggregations() {
            let e = Error::construction(
                "a scan returns the matches in no order and computes no aggregation: search without sorts, aggregations and group-bys",
            );
            return failed(e).left_stream();
        }
        let (table, index) = (search.table, search.index);
        let query = match search.into_request() {
            Ok(req) => req.query,
            Err(e) => return failed(e).left_stream(),
        };
        let repo = self.clone();
        let keys = self.client().parallel_scan_stream(
            ScanAllRequest::new(table, index, query)
                .columns(SearchColumns::None)
                .concurrency(SCAN_SPLITS)
                .alive_time(SCAN_ALIVE_SECONDS),
        );
        // Read the rows back a batch at a time; a row deleted since the scan saw it is skipped.
        // The keys found before an error are read back, then the error ends the stream.
        keys.chunks(SCAN_BATCH)
            .then(move |chunk| {
                let repo = repo.clone();
                async move {
                    let mut keys = Vec::with_capacity(chunk.len());
                    let mut failure = None;
                    for found in chunk {
                        match found.and_then(|row| T::key_from_primary_key(&row.primary_key)) {
                            Ok(key) if failure.is_none() => keys.push(key),
                            Ok(_) => {}
                            Err(e) => failure = failure.or(Some(e)),
                        }
                    }
                    let mut out: Vec<Result<T>> = match repo.do_get_many(keys).await {
                        Ok(rows) => rows.into_iter().flatten().map(Ok).collect(),
                        Err(e) => vec![Err(e)],
                    };
                    out.extend(failure.map(Err));
                    futures_util::stream::iter(out)
                }
            })
            .flatten()
            .scan(false, |failed, item| {
                let next = (!*failed).then(|| {
                    *failed = item.is_err();
                    item
                });
                std::future::ready(next)
            })
            .right_stream()
    }
}
