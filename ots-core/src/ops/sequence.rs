//! Sequences: numbers that only go up, one series per event, kept in a table of their own.
//!
//! The table layout and the semantics are those of the Elixir SDK's `ExAliyunOts.Sequence`, so
//! both can share a table: one string primary key column `name` holding the event, one integer
//! column `value` holding the last number handed out. For an event seen for the first time
//! the first number is `starter + increment` (defaults 0 and 1: the numbers are 1, 2, 3, ...);
//! after that each call adds `increment` atomically on the service and returns the sum.
//!
//! ```
//! use ots_core::ops::sequence::{NextValueRequest, Sequence};
//! # use ots_core::{Client, Credentials};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = ots_local::LocalServer::builder().start().await?;
//! # let client = Client::builder()
//! #     .endpoint(server.endpoint())
//! #     .instance("ots-local")
//! #     .credentials(Credentials::new("ots-local-id", "ots-local-secret"))
//! #     .build()?;
//! let seq = Sequence::new(client, "sequences");
//! seq.create_if_absent().await?;
//! assert_eq!(seq.next_value(NextValueRequest::new("orders")).await?, 1);
//! assert_eq!(seq.next_value(NextValueRequest::new("orders")).await?, 2);
//!
//! // Another event is another series; `starter` counts only for an event's first number.
//! let invoices = NextValueRequest::new("invoices").starter(1000).increment(10);
//! assert_eq!(seq.next_value(invoices.clone()).await?, 1010);
//! assert_eq!(seq.next_value(invoices).await?, 1020);
//!
//! // Deleting an event starts it again.
//! assert!(seq.delete_event("orders").await?);
//! assert_eq!(seq.next_value(NextValueRequest::new("orders")).await?, 1);
//! # Ok(()) }
//! ```
//!
//! A number is handed out at most once, also under concurrent calls from many processes:
//! every step is one conditional write the service applies atomically. A call whose answer was
//! lost (a timeout) is not retried, since the service may have applied it: that number is
//! skipped, never handed out twice.

use super::row::{DeleteRowRequest, GetRowRequest, PutRowRequest, UpdateRowRequest};
use super::table::{CreateTableRequest, DeleteTableRequest, DescribeTableRequest};
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Column, Condition, Filter, PrimaryKey, PrimaryKeySchema, ReturnType, Row, Value};
use tracing::Instrument as _;

/// The primary key column of a sequence table: a string holding the event.
pub const KEY_COLUMN: &str = "name";
/// The integer column holding an event's last number.
pub const VALUE_COLUMN: &str = "value";
/// The event the Elixir SDK uses when none is given ([`NextValueRequest::default`]).
pub const DEFAULT_EVENT: &str = "default";

/// How often [`Sequence::next_value`] starts over when concurrent calls create or delete the
/// same event between its steps. Each round needs another caller's write in between.
const MAX_ROUNDS: u32 = 16;

/// The next number of one event: which event, where it starts, how far it steps.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NextValueRequest {
    /// The event (the row's key): each event is a series of its own.
    pub event: String,
    /// The number before the first: the first is `starter + increment`. Only read when the
    /// event has no number yet. Default 0.
    pub starter: i64,
    /// How far each number is from the previous one; more than 0. Default 1.
    pub increment: i64,
    /// The largest number the event may reach; a call that would pass it fails and stores
    /// nothing. Default `i64::MAX`.
    pub max: i64,
}

impl NextValueRequest {
    /// The next number of `event`, starting at 1 and stepping by 1.
    pub fn new(event: impl Into<String>) -> Self {
        Self {
            event: event.into(),
            starter: 0,
            increment: 1,
            max: i64::MAX,
        }
    }

    /// Sets the number before the first (the first is `starter + increment`).
    #[must_use]
    pub fn starter(mut self, starter: i64) -> Self {
        self.starter = starter;
        self
    }

    /// Sets the step (more than 0).
    #[must_use]
    pub fn increment(mut self, increment: i64) -> Self {
        self.increment = increment;
        self
    }

    /// Sets the largest number the event may reach.
    #[must_use]
    pub fn max(mut self, max: i64) -> Self {
        self.max = max;
        self
    }

    /// The first number, and the largest stored number that can still take a step; refuses
    /// what no call could satisfy.
    fn bounds(&self, table: &str) -> Result<(i64, i64)> {
        let refuse = |why: String| {
            Err(Error::construction(format!(
                "next value of sequence table {table:?}, event {:?}: {why}",
                self.event
            )))
        };
        if table.is_empty() {
            return refuse("the table name is empty".into());
        }
        if self.event.is_empty() {
            return refuse("the event is empty".into());
        }
        if self.increment <= 0 {
            return refuse(format!(
                "the increment must be more than 0, not {}",
                self.increment
            ));
        }
        let Some(first) = self.starter.checked_add(self.increment) else {
            return refuse(format!(
                "the first number, starter {} + increment {}, overflows i64",
                self.starter, self.increment
            ));
        };
        if first > self.max {
            return refuse(format!(
                "the first number, starter {} + increment {} = {first}, is above the maximum {}",
                self.starter, self.increment, self.max
            ));
        }
        // No overflow: max >= first > starter >= i64::MIN, so max - increment >= starter.
        Ok((first, self.max - self.increment))
    }
}

impl Default for NextValueRequest {
    /// The next number of the event `"default"`, as the Elixir SDK's defaults.
    fn default() -> Self {
        Self::new(DEFAULT_EVENT)
    }
}

/// A table of sequences over a client: creates and deletes the table, hands out each event's
/// next number, deletes events. Cheap to clone. See the
/// [module documentation](crate::ops::sequence).
#[derive(Debug, Clone)]
pub struct Sequence {
    client: Client,
    table: String,
}

impl Sequence {
    /// The sequence table `table` (the Elixir SDK calls it the sequence's name).
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }

    /// The table name.
    pub fn table(&self) -> &str {
        &self.table
    }

    /// The client underneath.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// What [`Sequence::create`] sends: the key column `name` (string) and the client's table
    /// defaults, which are the Elixir SDK's (one version, versions kept for ever, a day of
    /// allowed time deviation, no reserved throughput). Change it (reserved throughput, ...)
    /// and send it with [`Client::create_table`].
    pub fn create_table_request(&self) -> CreateTableRequest {
        CreateTableRequest::new(self.table.clone()).primary_key(PrimaryKeySchema::string(KEY_COLUMN))
    }

    /// Creates the table. On the service a new table takes a moment (about a minute at
    /// most) before it accepts writes; ots-local accepts them at once.
    ///
    /// # Errors
    /// `is_already_exists()` when a table of that name exists; a construction error for an
    /// empty name; service and transport errors.
    pub async fn create(&self) -> Result<()> {
        self.check_table("create")?;
        self.client
            .create_table(self.create_table_request())
            .instrument(self.span("create"))
            .await
    }

    /// Creates the table unless it exists; returns whether it created it. An existing table
    /// must have the key of a sequence table (one string column `name`).
    ///
    /// # Errors
    /// A mapping error naming the key found when the existing table has another key; as
    /// [`Sequence::create`] otherwise.
    pub async fn create_if_absent(&self) -> Result<bool> {
        self.check_table("create")?;
        async {
            match self.client.create_table(self.create_table_request()).await {
                Ok(()) => return Ok(true),
                Err(e) if e.is_already_exists() => {}
                Err(e) => return Err(e),
            }
            let found = self
                .client
                .describe_table(DescribeTableRequest::new(self.table.clone()))
                .await?
                .primary_key;
            if found != [PrimaryKeySchema::string(KEY_COLUMN)] {
                let found = found
                    .iter()
                    .map(|c| {
                        format!(
                            "{} {:?}{}",
                            c.name,
                            c.key_type,
                            if c.auto_increment { " auto-increment" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(Error::mapping(
                    &self.table,
                    KEY_COLUMN,
                    "the key of a sequence table: one string column `name`",
                    &format!("an existing table keyed by [{found}]"),
                ));
            }
            Ok(false)
        }
        .instrument(self.span("create_if_absent"))
        .await
    }

    /// The next number of `request.event`: `starter + increment` for an event without a
    /// number yet, the last number plus `increment` otherwise. Numbers of one event strictly
    /// increase and none is handed out twice, whatever the concurrency.
    ///
    /// Asks the service once for an event that has a number, twice for a new one, and a few
    /// more times when concurrent callers create (or delete) the same event meanwhile.
    ///
    /// # Errors
    /// A construction error, before anything is sent, for an empty table name or event, an
    /// increment of 0 or less, or a first number that overflows or passes `max`.
    /// `is_exhausted()` when the event's next number would pass `max` (nothing is stored). A
    /// mapping error when its row does not hold an integer `value`. `is_condition_failed()` when
    /// concurrent calls created and deleted the event again and again. Service errors (an
    /// unknown table: `is_not_found()`; a table with another key: `is_invalid_parameter()`)
    /// and transport errors.
    pub async fn next_value(&self, request: NextValueRequest) -> Result<i64> {
        let (first, limit) = request.bounds(&self.table)?;
        self.next_value_within(&request, first, limit)
            .instrument(self.span("next_value"))
            .await
    }

    async fn next_value_within(&self, request: &NextValueRequest, first: i64, limit: i64) -> Result<i64> {
        let key = self.key(&request.event);
        let mut round = 0;
        loop {
            round += 1;
            // 1. An event with a number: add the increment unless that passes the maximum.
            let bump = UpdateRowRequest::new(self.table.clone(), key.clone())
                .increment(VALUE_COLUMN, request.increment)
                .condition(
                    Condition::expect_exist()
                        .with_filter(Filter::le(VALUE_COLUMN, limit).pass_if_missing(false)),
                )
                .return_type(ReturnType::AfterModify(vec![VALUE_COLUMN.to_owned()]));
            let refused = match self.client.update_row(bump).await {
                Ok(out) => {
                    let row = out.row.ok_or_else(|| {
                        Error::response(format!(
                            "sequence table {:?}: the increment was applied but its result was not returned",
                            self.table
                        ))
                    })?;
                    return self.value_of(&row, &key);
                }
                Err(e) if e.is_condition_failed() => e,
                Err(e) => return Err(e),
            };
            // 2. No row, or a row at its maximum: create the event with its first number.
            let create = PutRowRequest::new(
                self.table.clone(),
                Row {
                    primary_key: key.clone(),
                    columns: vec![Column::new(VALUE_COLUMN, first)],
                },
            )
            .condition(Condition::expect_not_exist());
            match self.client.put_row(create).await {
                Ok(_) => return Ok(first),
                Err(e) if e.is_condition_failed() => {}
                Err(e) => return Err(e),
            }
            // 3. The row exists: exhausted, not an integer, or created by a concurrent call
            //    after step 1 (then step 1 succeeds next round).
            let read = GetRowRequest::new(self.table.clone(), key.clone()).columns([VALUE_COLUMN]);
            if let Some(row) = self.client.get_row(read).await?.row {
                let stored = self.value_of(&row, &key)?;
                if stored > limit {
                    return Err(Error::new(
                        ErrorKind::Exhausted,
                        format!(
                            "sequence table {:?}, event {:?} is exhausted: its number {stored} plus the \
                             increment {} passes the maximum {}",
                            self.table, request.event, request.increment, request.max
                        ),
                    )
                    .with_table(self.table.clone())
                    .with_primary_key(key));
                }
            }
            if round >= MAX_ROUNDS {
                tracing::debug!(rounds = round, "sequence event kept changing; giving up");
                return Err(refused);
            }
            tracing::debug!(round, "sequence event changed meanwhile; starting over");
        }
    }

    /// The last number handed out for `event`, without changing it; `None` for an event
    /// without a number.
    ///
    /// # Errors
    /// A construction error for an empty table name or event; a mapping error when the row
    /// does not hold an integer `value`; service and transport errors.
    pub async fn current_value(&self, event: &str) -> Result<Option<i64>> {
        self.check_event("read", event)?;
        let key = self.key(event);
        let read = GetRowRequest::new(self.table.clone(), key.clone()).columns([VALUE_COLUMN]);
        let row = self
            .client
            .get_row(read)
            .instrument(self.span("current_value"))
            .await?
            .row;
        row.map(|r| self.value_of(&r, &key)).transpose()
    }

    /// Deletes `event`, so that its next number is its first again; returns whether it
    /// existed (the Elixir SDK answers an error for an event that does not).
    ///
    /// # Errors
    /// A construction error for an empty table name or event; service and transport errors.
    pub async fn delete_event(&self, event: &str) -> Result<bool> {
        self.check_event("delete", event)?;
        let delete =
            DeleteRowRequest::new(self.table.clone(), self.key(event)).condition(Condition::expect_exist());
        match self
            .client
            .delete_row(delete)
            .instrument(self.span("delete_event"))
            .await
        {
            Ok(_) => Ok(true),
            Err(e) if e.is_condition_failed() => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Deletes the table and every event in it.
    ///
    /// # Errors
    /// `is_not_found()` when there is no such table; a construction error for an empty name;
    /// service and transport errors.
    pub async fn delete(&self) -> Result<()> {
        self.check_table("delete")?;
        self.client
            .delete_table(DeleteTableRequest::new(self.table.clone()))
            .instrument(self.span("delete"))
            .await
    }

    fn span(&self, op: &'static str) -> tracing::Span {
        tracing::debug_span!("ots_sequence", op, table = %self.table)
    }

    fn key(&self, event: &str) -> PrimaryKey {
        PrimaryKey::new().with(KEY_COLUMN, event)
    }

    fn check_table(&self, what: &str) -> Result<()> {
        if self.table.is_empty() {
            return Err(Error::construction(format!(
                "{what} sequence table: the table name is empty"
            )));
        }
        Ok(())
    }

    fn check_event(&self, what: &str, event: &str) -> Result<()> {
        self.check_table(what)?;
        if event.is_empty() {
            return Err(Error::construction(format!(
                "{what} an event of sequence table {:?}: the event is empty",
                self.table
            )));
        }
        Ok(())
    }

    /// The integer `value` of a sequence row.
    fn value_of(&self, row: &Row, key: &PrimaryKey) -> Result<i64> {
        match row.get(VALUE_COLUMN) {
            Some(Value::Integer(v)) => Ok(*v),
            other => {
                let found = other.map_or("no value", Value::type_name);
                Err(Error::mapping(&self.table, VALUE_COLUMN, "INTEGER", found).with_primary_key(key.clone()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_refuse_what_no_call_could_satisfy() {
        let ok = NextValueRequest::new("e").starter(5).increment(3).bounds("t");
        assert_eq!(ok.ok(), Some((8, i64::MAX - 3)));
        let refused = [
            (NextValueRequest::new("e"), "", "the table name is empty"),
            (NextValueRequest::new(""), "t", "the event is empty"),
            (NextValueRequest::new("e").increment(0), "t", "more than 0, not 0"),
            (
                NextValueRequest::new("e").increment(-2),
                "t",
                "more than 0, not -2",
            ),
            (NextValueRequest::new("e").starter(i64::MAX), "t", "overflows i64"),
            (
                NextValueRequest::new("e").starter(9).max(9),
                "t",
                "above the maximum 9",
            ),
        ];
        for (request, table, why) in refused {
            match request.bounds(table) {
                Err(e) => {
                    assert_eq!(e.kind(), ErrorKind::Construction);
                    assert!(e.message().contains(why), "{e}");
                }
                Ok(b) => panic!("{request:?} gave {b:?}"),
            }
        }
    }

    #[test]
    fn limit_never_overflows() {
        let r = NextValueRequest::new("e").starter(i64::MIN).increment(i64::MAX);
        assert_eq!(r.bounds("t").ok(), Some((-1, 0)));
        let r = NextValueRequest::new("e")
            .starter(i64::MIN)
            .increment(1)
            .max(i64::MIN + 1);
        assert_eq!(r.bounds("t").ok(), Some((i64::MIN + 1, i64::MIN)));
    }
}
