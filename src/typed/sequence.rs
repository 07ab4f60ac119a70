//! `Sequence<E, V>`: numbered series per event, typed by the event and the number's type.

use super::convert::IntegerValue;
use ots_core::model::{PrimaryKey, Value};
use ots_core::ops::sequence::{self as untyped, NextValueRequest};
use ots_core::{Client, Error, Result};
use std::fmt;
use std::marker::PhantomData;

/// Numbers that only go up, one series per event: order numbers, invoice numbers, ticket ids.
///
/// The series live in a table of their own, laid out as the Elixir SDK's
/// `ExAliyunOts.Sequence` lays them out (string key `name` holding the event, integer column
/// `value` holding the last number), so both can share a table; the untyped handle is
/// [`ops::sequence::Sequence`](crate::ops::sequence::Sequence).
///
/// `E` is the event type: anything that is `AsRef<str>`, such as `str` (the default), `String`
/// or an enum of your events, so that a misspelled event does not compile. `V` is the number's
/// type, any integer type (`i64` by default): a series stops, with an error, rather than hand
/// out a number its type cannot hold.
///
/// An event's first number is `starter + increment` (by default 0 and 1: the numbers are
/// 1, 2, 3, ...); each next one adds `increment`. Numbers of one event strictly increase and
/// none is handed out twice, whatever the number of concurrent callers and processes: each
/// step is one conditional write the service applies atomically. A call that fails after its
/// write may have been applied (a timeout) is not retried, so a number can be skipped, never
/// repeated.
///
/// ```
/// use ots::Sequence;
///
/// #[derive(Debug, Clone, Copy)]
/// enum Counter {
///     Order,
///     Invoice,
/// }
///
/// impl AsRef<str> for Counter {
///     fn as_ref(&self) -> &str {
///         match self {
///             Counter::Order => "order",
///             Counter::Invoice => "invoice",
///         }
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let server = ots_local::LocalServer::builder().start().await?;
/// # let client = server.client()?;
/// let numbers = Sequence::<Counter, u64>::new(client.clone(), "counters");
/// numbers.create_table_if_absent().await?;
/// assert_eq!(numbers.next(&Counter::Order).await?, 1);
/// assert_eq!(numbers.next(&Counter::Order).await?, 2);
/// assert_eq!(numbers.next(&Counter::Invoice).await?, 1);
/// assert_eq!(numbers.current(&Counter::Order).await?, Some(2));
///
/// // Ticket numbers 1010, 1020, ...: string events, a starter and a step.
/// let tickets: Sequence = Sequence::new(client, "tickets").starter(1000).increment(10);
/// tickets.create_table_if_absent().await?;
/// assert_eq!(tickets.next("support").await?, 1010);
/// assert_eq!(tickets.next("support").await?, 1020);
/// assert!(tickets.reset("support").await?); // starts again
/// assert_eq!(tickets.next("support").await?, 1010);
/// # Ok(()) }
/// ```
pub struct Sequence<E: ?Sized = str, V = i64> {
    inner: untyped::Sequence,
    starter: i64,
    increment: i64,
    _types: PhantomData<fn(&E) -> V>,
}

impl<E: ?Sized, V> Clone for Sequence<E, V> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            starter: self.starter,
            increment: self.increment,
            _types: PhantomData,
        }
    }
}

impl<E: ?Sized, V> fmt::Debug for Sequence<E, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sequence")
            .field("table", &self.inner.table())
            .field("starter", &self.starter)
            .field("increment", &self.increment)
            .field("event", &std::any::type_name::<E>())
            .field("value", &std::any::type_name::<V>())
            .finish()
    }
}

impl<E: AsRef<str> + ?Sized, V: IntegerValue> Sequence<E, V> {
    /// The sequences of table `table`, numbered from 1 by steps of 1.
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            inner: untyped::Sequence::new(client, table),
            starter: 0,
            increment: 1,
            _types: PhantomData,
        }
    }

    /// Sets the number before an event's first: the first is `starter + increment`. It only
    /// counts for an event without a number yet.
    #[must_use]
    pub fn starter(mut self, starter: i64) -> Self {
        self.starter = starter;
        self
    }

    /// Sets the step between two numbers; more than 0 (a step of 0 or less is refused when
    /// the next number is asked for, before anything is sent).
    #[must_use]
    pub fn increment(mut self, increment: i64) -> Self {
        self.increment = increment;
        self
    }

    /// The table name.
    pub fn table(&self) -> &str {
        self.inner.table()
    }

    /// The underlying client.
    pub fn client(&self) -> &Client {
        self.inner.client()
    }

    /// Creates the table (string key `name`).
    ///
    /// # Errors
    /// `is_already_exists()` when it exists; service and transport errors.
    pub async fn create_table(&self) -> Result<()> {
        self.inner.create().await
    }

    /// Creates the table unless it exists; returns whether it created it.
    ///
    /// # Errors
    /// A mapping error when a table of that name exists with another key; service and
    /// transport errors.
    pub async fn create_table_if_absent(&self) -> Result<bool> {
        self.inner.create_if_absent().await
    }

    /// Deletes the table and every series in it.
    ///
    /// # Errors
    /// `is_not_found()` when there is no such table; service and transport errors.
    pub async fn delete_table(&self) -> Result<()> {
        self.inner.delete().await
    }

    /// The next number of `event`: `starter + increment` for an event without a number, the
    /// last number plus `increment` otherwise.
    ///
    /// # Errors
    /// A construction error, before anything is sent, for an empty event, an increment of 0
    /// or less, or a first number `V` cannot hold. `is_exhausted()` when the series'
    /// next number would pass `V::MAX`, or `i64::MAX` (nothing is stored). A mapping error
    /// when its row was written by something else than a sequence. Service errors (no such table:
    /// `is_not_found()`) and transport errors.
    pub async fn next(&self, event: &E) -> Result<V> {
        let request = NextValueRequest::new(event.as_ref())
            .starter(self.starter)
            .increment(self.increment)
            .max(V::MAX);
        if let Some(first) = self.starter.checked_add(self.increment) {
            if first < V::MIN {
                return Err(Error::construction(format!(
                    "next value of sequence table {:?}, event {:?}: the first number, starter {} + \
                     increment {} = {first}, is below the smallest {} ({})",
                    self.table(),
                    event.as_ref(),
                    self.starter,
                    self.increment,
                    std::any::type_name::<V>(),
                    V::MIN
                )));
            }
        }
        let n = self.inner.next_value(request).await?;
        self.number(n, event)
    }

    /// The last number handed out for `event`, without changing it; `None` for an event
    /// without a number.
    ///
    /// # Errors
    /// A mapping error when the stored number does not fit `V`; as [`Sequence::next`].
    pub async fn current(&self, event: &E) -> Result<Option<V>> {
        let n = self.inner.current_value(event.as_ref()).await?;
        n.map(|n| self.number(n, event)).transpose()
    }

    /// Deletes `event`'s series, so that its next number is its first again (the Elixir SDK's
    /// `delete_event`); returns whether it had one.
    ///
    /// # Errors
    /// A construction error for an empty event; service and transport errors.
    pub async fn reset(&self, event: &E) -> Result<bool> {
        self.inner.delete_event(event.as_ref()).await
    }

    /// A stored number as `V`; a mapping error names the event's row.
    fn number(&self, n: i64, event: &E) -> Result<V> {
        V::from_value(Value::Integer(n)).map_err(|m| {
            Error::mapping(self.table(), untyped::VALUE_COLUMN, &m.expected, &m.found)
                .with_primary_key(PrimaryKey::new().with(untyped::KEY_COLUMN, event.as_ref()))
        })
    }
}
