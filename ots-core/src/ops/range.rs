//! GetRange, one page at a time or as a stream over the whole range.

use super::read::{read_builders, ReadOptions};
use super::transaction::transaction_id_setter;
use crate::client::Client;
use crate::codec;
use crate::error::{Error, Result};
use crate::model::{ConsumedCapacity, Direction, PrimaryKey, Row};
use futures_core::Stream;
use ots_proto::action::Action;
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;
use std::collections::VecDeque;

/// Reads rows between two keys.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GetRangeRequest {
    /// Table name.
    pub table: String,
    /// First key (inclusive); use `PrimaryKeyValue::InfMin` / `InfMax` for open ends.
    pub start: PrimaryKey,
    /// Last key (exclusive).
    pub end: PrimaryKey,
    /// Scan direction; backward scans go from the larger `start` down to `end`.
    pub direction: Direction,
    /// Most rows to return (per page for [`Client::get_range`], in total for the stream).
    pub limit: Option<u32>,
    /// What to read.
    pub read: ReadOptions,
    /// The local transaction the read runs in, sent with every page; `None` reads committed
    /// data only.
    pub transaction_id: Option<String>,
}

impl GetRangeRequest {
    /// A forward scan of `[start, end)`.
    pub fn new(table: impl Into<String>, start: PrimaryKey, end: PrimaryKey) -> Self {
        Self {
            table: table.into(),
            start,
            end,
            direction: Direction::Forward,
            limit: None,
            read: ReadOptions::default(),
            transaction_id: None,
        }
    }

    /// Sets the direction.
    #[must_use]
    pub fn direction(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }

    /// Sets the row limit.
    #[must_use]
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    pub(crate) fn to_pb(&self, start: &PrimaryKey, limit: Option<u32>) -> pb::GetRangeRequest {
        let r = self.read.to_pb();
        pb::GetRangeRequest {
            table_name: self.table.clone(),
            direction: match self.direction {
                Direction::Forward => pb::Direction::Forward,
                Direction::Backward => pb::Direction::Backward,
            } as i32,
            columns_to_get: r.columns_to_get,
            time_range: r.time_range,
            max_versions: r.max_versions,
            limit: limit.map(|l| i32::try_from(l).unwrap_or(i32::MAX)),
            inclusive_start_primary_key: plainbuffer::encode_primary_key(start),
            exclusive_end_primary_key: plainbuffer::encode_primary_key(&self.end),
            cache_blocks: None,
            filter: r.filter,
            start_column: r.start_column,
            end_column: r.end_column,
            token: None,
            transaction_id: self.transaction_id.clone(),
            data_block_type_hint: None,
            return_entire_primary_keys: None,
            compress_type_hint: None,
        }
    }
}
read_builders!(GetRangeRequest);
transaction_id_setter!(GetRangeRequest;
    "Reads inside the local transaction `id`: the read also sees the transaction's own \
     uncommitted writes. Both bounds must lie within the transaction's partition key; \
     [`Client::get_range_stream`] sends the id with every page.");

/// One page of a range read.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GetRangeOutput {
    /// Rows in scan order.
    pub rows: Vec<Row>,
    /// Where the next page starts; `None` when the range is exhausted.
    pub next_start_primary_key: Option<PrimaryKey>,
    /// Capacity consumed.
    pub consumed: ConsumedCapacity,
}

impl Client {
    /// Reads one page of a range. A page ends at the limit, at 5000 rows or 4 MB, whichever
    /// comes first; continue from `next_start_primary_key`, or use [`Client::get_range_stream`].
    ///
    /// # Errors
    /// Service errors (bad bounds, unknown table) and transport errors.
    pub async fn get_range(&self, request: GetRangeRequest) -> Result<GetRangeOutput> {
        self.range_page(&request, &request.start, request.limit).await
    }

    async fn range_page(
        &self,
        request: &GetRangeRequest,
        start: &PrimaryKey,
        limit: Option<u32>,
    ) -> Result<GetRangeOutput> {
        let resp: pb::GetRangeResponse = self
            .call(
                Action::GetRange,
                &request.table,
                &request.to_pb(start, limit),
                true,
            )
            .await?;
        let next = match resp.next_start_primary_key.as_deref() {
            Some(b) if !b.is_empty() => Some(codec::primary_key(b)?),
            _ => None,
        };
        Ok(GetRangeOutput {
            rows: codec::rows(&resp.rows)?,
            next_start_primary_key: next,
            consumed: codec::consumed(Some(&resp.consumed)),
        })
    }

    /// Streams every row of the range, fetching pages as the consumer reads; `limit` caps the
    /// total. Each page is requested only when the previous one has been consumed.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> ots_core::Result<()> {
    /// # let server = ots_local::LocalServer::builder().start().await.unwrap();
    /// # let client = ots_core::Client::builder().endpoint(server.endpoint()).instance("ots-local")
    /// #     .credentials(ots_core::Credentials::new("ots-local-id", "ots-local-secret")).build()?;
    /// use futures_util::TryStreamExt;
    /// use ots_core::model::{PrimaryKey, PrimaryKeySchema, PrimaryKeyValue};
    /// use ots_core::ops::range::GetRangeRequest;
    /// use ots_core::ops::table::CreateTableRequest;
    ///
    /// client.create_table(CreateTableRequest::new("users").primary_key(PrimaryKeySchema::integer("id"))).await?;
    /// let all = GetRangeRequest::new(
    ///     "users",
    ///     PrimaryKey::new().with("id", PrimaryKeyValue::InfMin),
    ///     PrimaryKey::new().with("id", PrimaryKeyValue::InfMax),
    /// );
    /// let rows: Vec<_> = client.get_range_stream(all).try_collect().await?;
    /// assert!(rows.is_empty());
    /// # Ok(()) }
    /// ```
    pub fn get_range_stream(
        &self,
        request: GetRangeRequest,
    ) -> impl Stream<Item = Result<Row>> + Send + 'static {
        struct State {
            client: Client,
            remaining: Option<u32>,
            next: Option<PrimaryKey>,
            buffer: VecDeque<Row>,
            request: GetRangeRequest,
        }
        let state = State {
            client: self.clone(),
            remaining: request.limit,
            next: Some(request.start.clone()),
            buffer: VecDeque::new(),
            request,
        };
        futures_util::stream::unfold(state, |mut st| async move {
            loop {
                if st.remaining == Some(0) {
                    return None;
                }
                if let Some(row) = st.buffer.pop_front() {
                    if let Some(r) = st.remaining.as_mut() {
                        *r -= 1;
                    }
                    return Some((Ok(row), st));
                }
                let start = st.next.take()?;
                match st.client.range_page(&st.request, &start, st.remaining).await {
                    Ok(page) => {
                        if page.next_start_primary_key.as_ref() == Some(&start) && page.rows.is_empty() {
                            let e = Error::response(
                                "the range did not advance: next start key equals the start key",
                            );
                            return Some((Err(e), st));
                        }
                        st.next = page.next_start_primary_key;
                        st.buffer.extend(page.rows);
                    }
                    Err(e) => return Some((Err(e), st)),
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PrimaryKeyValue;

    #[test]
    fn every_page_carries_the_transaction_id() {
        let key = |pk1: PrimaryKeyValue| PrimaryKey::new().with("PK0", 1).with("PK1", pk1);
        let req = GetRangeRequest::new("t", key(PrimaryKeyValue::InfMin), key(PrimaryKeyValue::InfMax));
        assert_eq!(req.to_pb(&req.start, None).transaction_id, None);
        let req = req.limit(10).transaction_id("tx-1");
        // The first page, and a later one from where the previous page stopped: the stream
        // builds every page's message this way.
        let first = req.to_pb(&req.start, req.limit);
        let later = req.to_pb(&key(PrimaryKeyValue::Integer(7)), Some(3));
        for page in [&first, &later] {
            assert_eq!(page.transaction_id.as_deref(), Some("tx-1"));
        }
        assert_ne!(
            first.inclusive_start_primary_key,
            later.inclusive_start_primary_key
        );
        assert_eq!(later.limit, Some(3));
    }
}
