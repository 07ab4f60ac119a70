//! What a typed read covers: projections and filters ([`Query`]) and key ranges ([`KeyRange`])
//! over a [`KeySpace`] (a model's table or one of its secondary indexes), with the GetRange
//! request and row stream a range makes.

use super::table::{Col, OtsTable, TypedFilter};
use futures_core::Stream;
use futures_util::StreamExt;
use ots_core::model::{
    Direction, PrimaryKey, PrimaryKeyColumn, PrimaryKeySchema, PrimaryKeyType, PrimaryKeyValue, Row,
};
use ots_core::ops::batch::TableBatchGet;
use ots_core::ops::range::GetRangeRequest;
use ots_core::{Client, Error, Result};
use std::marker::PhantomData;

/// Projection and filter of a typed read.
#[derive(Debug)]
pub struct Query<T> {
    pub(super) columns: Vec<&'static str>,
    pub(super) filter: Option<TypedFilter<T>>,
}

impl<T> Clone for Query<T> {
    fn clone(&self) -> Self {
        Self {
            columns: self.columns.clone(),
            filter: self.filter.clone(),
        }
    }
}

impl<T> Query<T> {
    /// The columns to ask the service for. A projection also names the partition key column:
    /// the service answers no row when none of the named attribute columns has a value, while
    /// a model whose projected fields are all absent is still there.
    pub(super) fn columns_to_get(&self) -> Vec<String>
    where
        T: OtsTable,
    {
        let mut columns: Vec<String> = self.columns.iter().map(|c| (*c).to_owned()).collect();
        if !columns.is_empty() {
            if let Some(key) = T::create_table_request().primary_key.first() {
                columns.push(key.name.clone());
            }
            let managed = [T::VERSION_COLUMN, T::CREATED_AT_COLUMN, T::UPDATED_AT_COLUMN];
            for c in managed.into_iter().flatten() {
                if !columns.iter().any(|have| have == c) {
                    columns.push(c.to_owned());
                }
            }
        }
        columns
    }

    pub(super) fn batch_get(&self, keys: Vec<PrimaryKey>) -> Result<TableBatchGet>
    where
        T: OtsTable,
    {
        let t = TableBatchGet::new(T::TABLE, keys).columns(self.columns_to_get());
        Ok(match &self.filter {
            Some(f) => t.filter(f.clone().into_filter()?),
            None => t,
        })
    }
}

impl<T> From<&Query<T>> for Query<T> {
    fn from(query: &Query<T>) -> Self {
        query.clone()
    }
}

impl<T> Default for Query<T> {
    fn default() -> Self {
        Self {
            columns: Vec::new(),
            filter: None,
        }
    }
}

impl<T> Query<T> {
    /// Every column, no filter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a column to read (by default all are read): any column handle, JSON fields
    /// included. Fields left out must be optional or `#[ots(default)]` in the model; the
    /// version and timestamp columns the repository manages are added by themselves.
    #[must_use]
    pub fn column<V>(mut self, column: Col<T, V>) -> Self {
        self.columns.push(column.name());
        self
    }

    /// Keeps only rows passing `filter`, evaluated by the server.
    #[must_use]
    pub fn filter(mut self, filter: TypedFilter<T>) -> Self {
        self.filter = Some(filter);
        self
    }
}

/// A key prefix of model `T` (or of secondary index `T`, by its marker type): what
/// [`KeyRange::prefix`] and [`KeyRange::between`] take. `#[derive(OtsTable)]` implements it for
/// the first key column's value, for tuples of the leading key columns' values (`(shop,)`,
/// `(shop, order)`, ...; each element as its column takes it: `&str` for a `String`, an
/// unsuffixed literal for an integer) and for the key struct.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a key prefix of `{T}`",
    label = "expected the leading primary key values of `{T}`",
    note = "a prefix is the partition key's value, a tuple of the first key columns' values in order (`(shop,)`, `(shop, order_id)`), or the whole key struct"
)]
pub trait KeyPrefix<T> {
    /// The prefix's values, in key order.
    ///
    /// # Errors
    /// A mapping error when a value cannot be stored in its column.
    fn prefix_values(self) -> Result<Vec<PrimaryKeyValue>>;
}

/// What is read by primary key and key range: a model's table (every [`OtsTable`] is one) or a
/// secondary index (`#[ots(index(..))]` implements it for the index's marker type, whose key is
/// the index's whole key). [`KeyRange`] and [`KeyPrefix`] are over a key space. There is no
/// need to implement it by hand.
pub trait KeySpace: 'static {
    /// The whole key as a struct (`UserKey`, `UserByEmailKey`).
    type Key: Clone + Send + Sync + 'static;
    /// The name reads go to: the table's, or the index's.
    const NAME: &'static str;
    /// The key columns, in order.
    fn key_columns() -> Vec<PrimaryKeySchema>;
    /// A key's values, in key order.
    ///
    /// # Errors
    /// A mapping error when a value cannot be stored in its column.
    fn key_values(key: &Self::Key) -> Result<Vec<PrimaryKeyValue>>;

    /// A key as a wire primary key.
    ///
    /// # Errors
    /// As [`KeySpace::key_values`].
    fn primary_key(key: &Self::Key) -> Result<PrimaryKey> {
        let values = Self::key_values(key)?;
        Ok(PrimaryKey {
            columns: Self::key_columns()
                .into_iter()
                .zip(values)
                .map(|(c, value)| PrimaryKeyColumn { name: c.name, value })
                .collect(),
        })
    }
}

impl<T: OtsTable> KeySpace for T {
    type Key = T::Key;
    const NAME: &'static str = T::TABLE;

    fn key_columns() -> Vec<PrimaryKeySchema> {
        T::create_table_request().primary_key
    }

    fn key_values(key: &T::Key) -> Result<Vec<PrimaryKeyValue>> {
        Ok(T::primary_key_of(key)?
            .columns
            .into_iter()
            .map(|c| c.value)
            .collect())
    }

    fn primary_key(key: &T::Key) -> Result<PrimaryKey> {
        T::primary_key_of(key)
    }
}

/// Which rows a range read covers: bounds on the leading primary key columns (the remaining
/// columns span everything), a direction and an optional limit. `KeyRange<User>` ranges over
/// the table of model `User`, `KeyRange<UserByEmail>` over its secondary index `UserByEmail`
/// (see [`KeySpace`]).
#[derive(Debug)]
pub struct KeyRange<T> {
    /// A bound that could not be built (a value no key column can hold), reported on use.
    invalid: Option<String>,
    pub(super) start: Vec<PrimaryKeyValue>,
    pub(super) end: Vec<PrimaryKeyValue>,
    pub(super) end_inclusive: bool,
    pub(super) start_exclusive: bool,
    pub(super) direction: Direction,
    pub(super) limit: Option<u32>,
    _model: PhantomData<fn() -> T>,
}

impl<T> Clone for KeyRange<T> {
    fn clone(&self) -> Self {
        Self {
            invalid: self.invalid.clone(),
            start: self.start.clone(),
            end: self.end.clone(),
            end_inclusive: self.end_inclusive,
            start_exclusive: self.start_exclusive,
            direction: self.direction,
            limit: self.limit,
            _model: PhantomData,
        }
    }
}

impl<T: KeySpace> KeyRange<T> {
    /// The whole table.
    pub fn all() -> Self {
        Self {
            invalid: None,
            start: Vec::new(),
            end: Vec::new(),
            end_inclusive: true,
            start_exclusive: false,
            direction: Direction::Forward,
            limit: None,
            _model: PhantomData,
        }
    }

    fn values_of(prefix: impl KeyPrefix<T>, invalid: &mut Option<String>) -> Vec<PrimaryKeyValue> {
        prefix.prefix_values().unwrap_or_else(|e| {
            invalid.get_or_insert_with(|| e.message().to_owned());
            Vec::new()
        })
    }

    /// Rows whose leading key columns equal `prefix`: the partition key's value alone
    /// (`KeyRange::prefix("shop-1")`), a tuple of the leading columns' values
    /// (`KeyRange::prefix(("shop-1", 42))`) or a whole key (one row). Types and the number of
    /// values are checked by the compiler.
    pub fn prefix(prefix: impl KeyPrefix<T>) -> Self {
        let mut invalid = None;
        let v = Self::values_of(prefix, &mut invalid);
        Self {
            invalid,
            start: v.clone(),
            end: v,
            ..Self::all()
        }
    }

    /// Rows from the key prefix `start` (inclusive) to `end` (exclusive), each given as for
    /// [`KeyRange::prefix`]: `KeyRange::between(("shop-1", 10), ("shop-1", 20))`.
    pub fn between(start: impl KeyPrefix<T>, end: impl KeyPrefix<T>) -> Self {
        let mut invalid = None;
        let start = Self::values_of(start, &mut invalid);
        let end = Self::values_of(end, &mut invalid);
        Self {
            invalid,
            start,
            end,
            end_inclusive: false,
            ..Self::all()
        }
    }

    /// [`KeyRange::prefix`] from untyped values, for prefixes built at run time. More values
    /// than the key has columns is an error when the range is used.
    pub fn prefix_values<I, V>(values: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<PrimaryKeyValue>,
    {
        let v: Vec<PrimaryKeyValue> = values.into_iter().map(Into::into).collect();
        Self {
            start: v.clone(),
            end: v,
            ..Self::all()
        }
    }

    /// [`KeyRange::between`] from untyped values.
    pub fn between_values<I, J, V, W>(start: I, end: J) -> Self
    where
        I: IntoIterator<Item = V>,
        J: IntoIterator<Item = W>,
        V: Into<PrimaryKeyValue>,
        W: Into<PrimaryKeyValue>,
    {
        Self {
            start: start.into_iter().map(Into::into).collect(),
            end: end.into_iter().map(Into::into).collect(),
            end_inclusive: false,
            ..Self::all()
        }
    }

    /// Rows from `key` (inclusive) to the end of the table.
    ///
    /// # Errors
    /// A mapping error when a key value cannot be represented.
    pub fn from_key(key: &T::Key) -> Result<Self> {
        Ok(Self {
            start: T::key_values(key)?,
            ..Self::all()
        })
    }

    /// Rows after `key` (exclusive) to the end of the table: the next page of a listing.
    ///
    /// # Errors
    /// A mapping error when a key value cannot be represented.
    pub fn after_key(key: &T::Key) -> Result<Self> {
        Ok(Self {
            start: T::key_values(key)?,
            start_exclusive: true,
            ..Self::all()
        })
    }

    /// Rows from `start` (inclusive) to `end` (exclusive), both full keys.
    ///
    /// # Errors
    /// A mapping error when a key value cannot be represented.
    pub fn between_keys(start: &T::Key, end: &T::Key) -> Result<Self> {
        Ok(Self {
            start: T::key_values(start)?,
            end: T::key_values(end)?,
            end_inclusive: false,
            ..Self::all()
        })
    }

    /// Scan from the end towards the start.
    #[must_use]
    pub fn backward(mut self) -> Self {
        self.direction = Direction::Backward;
        self
    }

    /// At most `n` rows.
    #[must_use]
    pub fn limit(mut self, n: u32) -> Self {
        self.limit = Some(n);
        self
    }

    /// Builds the service's bounds: the given values, then INF_MIN / INF_MAX for the rest,
    /// with the start first in scan order.
    ///
    /// # Errors
    /// A construction error when a bound has more values than the key has columns.
    pub(super) fn bounds(&self) -> Result<(PrimaryKey, PrimaryKey)> {
        if let Some(why) = &self.invalid {
            return Err(Error::construction(format!(
                "key range on table {:?}: {why}",
                T::NAME
            )));
        }
        let names: Vec<String> = T::key_columns().into_iter().map(|c| c.name).collect();
        for (which, vals) in [("start", &self.start), ("end", &self.end)] {
            if vals.len() > names.len() {
                return Err(Error::construction(format!(
                    "key range on table {:?}: the {which} has {} values but the primary key has {} columns ({})",
                    T::NAME,
                    vals.len(),
                    names.len(),
                    names.join(", ")
                )));
            }
        }
        let fill = |vals: &[PrimaryKeyValue], pad: PrimaryKeyValue| PrimaryKey {
            columns: names
                .iter()
                .enumerate()
                .map(|(i, n)| PrimaryKeyColumn {
                    name: n.clone(),
                    value: vals.get(i).cloned().unwrap_or_else(|| pad.clone()),
                })
                .collect(),
        };
        // Inclusive end: pad with INF_MAX so the whole prefix is covered; an empty end is INF_MAX.
        let end_pad = if self.end_inclusive || self.end.is_empty() {
            PrimaryKeyValue::InfMax
        } else {
            PrimaryKeyValue::InfMin
        };
        let (mut lo, mut hi) = (
            fill(&self.start, PrimaryKeyValue::InfMin),
            fill(&self.end, end_pad),
        );
        let full = names.len();
        match self.direction {
            Direction::Forward => {
                // The service's end is exclusive: a full key meant to be included (a prefix
                // naming every column) is reached past, and `past_the_end` stops at it.
                if self.end_inclusive && self.end.len() == full {
                    if let Some(last) = hi.columns.last_mut() {
                        last.value = PrimaryKeyValue::InfMax;
                    }
                }
                Ok((lo, hi))
            }
            // Backward scans start at the upper bound and end exclusively at the lower one. A
            // full lower key would exclude itself, so the scan ends one level up and
            // `past_the_end` stops at the key.
            Direction::Backward => {
                if self.start.len() == full {
                    if let Some(last) = lo.columns.last_mut() {
                        last.value = PrimaryKeyValue::InfMin;
                    }
                }
                Ok((hi, lo))
            }
        }
    }

    /// This range inside one partition: a missing bound becomes the partition's, so that
    /// `KeyRange::all()` covers the partition; a bound naming another partition is kept as an
    /// error, reported on use.
    pub(super) fn within_partition(mut self, partition: &PrimaryKeyValue) -> Self {
        let outside = [&self.start, &self.end]
            .into_iter()
            .any(|b| b.first().is_some_and(|v| v != partition));
        if outside {
            self.invalid.get_or_insert_with(|| {
                format!("a bound lies outside the transaction's partition {partition:?}")
            });
        }
        if self.start.is_empty() {
            self.start = vec![partition.clone()];
        }
        if self.end.is_empty() {
            self.end = vec![partition.clone()];
            self.end_inclusive = true;
        }
        self
    }

    /// The rest of this range after the row whose key is `values` (in scan order): where the
    /// next page starts.
    ///
    /// # Errors
    /// A construction error when `values` is not a full key inside the range (a token from
    /// another listing).
    pub(super) fn resume_after(mut self, values: Vec<PrimaryKeyValue>) -> Result<Self> {
        let schema = T::key_columns();
        let types_match = values.len() == schema.len()
            && values.iter().zip(&schema).all(|(v, c)| {
                matches!(
                    (v, c.key_type),
                    (PrimaryKeyValue::Integer(_), PrimaryKeyType::Integer)
                        | (PrimaryKeyValue::String(_), PrimaryKeyType::String)
                        | (PrimaryKeyValue::Binary(_), PrimaryKeyType::Binary)
                )
            });
        if !types_match || !self.holds(&values) {
            return Err(Error::construction(format!(
                "the page token does not belong to this key range of table {:?}",
                T::NAME
            )));
        }
        match self.direction {
            Direction::Forward => {
                self.start = values;
                self.start_exclusive = true;
            }
            Direction::Backward => {
                self.end = values;
                self.end_inclusive = false;
            }
        }
        Ok(self)
    }

    /// Whether the full key `values` lies inside the range.
    fn holds(&self, values: &[PrimaryKeyValue]) -> bool {
        let head = |n: usize| values.get(..n).unwrap_or(values);
        let (s, e) = (self.start.as_slice(), self.end.as_slice());
        let above_start = if self.start_exclusive && s.len() == values.len() {
            head(s.len()) > s
        } else {
            head(s.len()) >= s
        };
        let below_end = e.is_empty()
            || if self.end_inclusive {
                head(e.len()) <= e
            } else {
                head(e.len()) < e
            };
        above_start && below_end
    }

    fn key_len() -> usize {
        T::key_columns().len()
    }

    /// The scan's first key is inclusive for the service but excluded by the range: the
    /// forward scan's `after_key` start, the backward scan's full exclusive end.
    pub(super) fn excludes_its_start(&self) -> bool {
        match self.direction {
            Direction::Forward => self.start_exclusive && self.start.len() == Self::key_len(),
            Direction::Backward => !self.end_inclusive && self.end.len() == Self::key_len(),
        }
    }

    /// The GetRange request for this range, reading [`KeySpace::NAME`] (no projection, filter
    /// or transaction yet); `None` when nothing lies between the bounds (`between(k, k)`). The
    /// service's bounds are an inclusive start and an exclusive end; where the range wants
    /// otherwise, the request asks for one row more or reaches past the bound, and
    /// [`KeyRange::rows`] trims the rows.
    ///
    /// # Errors
    /// As [`KeyRange::bounds`].
    pub(super) fn request(&self) -> Result<Option<GetRangeRequest>> {
        let (start, end) = self.bounds()?;
        let values = |k: &PrimaryKey| k.columns.iter().map(|c| c.value.clone()).collect::<Vec<_>>();
        let empty = match self.direction {
            Direction::Forward => values(&start) >= values(&end),
            Direction::Backward => values(&start) <= values(&end),
        };
        if empty {
            return Ok(None);
        }
        let mut req = GetRangeRequest::new(T::NAME, start, end).direction(self.direction);
        if let Some(n) = self.limit {
            req = req.limit(if self.excludes_its_start() {
                n.saturating_add(1)
            } else {
                n
            });
        }
        Ok(Some(req))
    }

    /// The rows `req` (this range's request) reads, page by page, trimmed to the range.
    pub(super) fn rows(
        self,
        client: &Client,
        req: GetRangeRequest,
    ) -> impl Stream<Item = Result<Row>> + Send + 'static {
        // The scan's first key, when the range excludes it.
        let excluded = self.excludes_its_start().then(|| req.start.clone());
        let limit = self.limit.map_or(usize::MAX, |n| n as usize);
        client
            .get_range_stream(req)
            .filter(move |r| {
                let keep = !matches!((r, &excluded), (Ok(row), Some(x)) if &row.primary_key == x);
                std::future::ready(keep)
            })
            .take_while(move |r| {
                let keep = match r {
                    Ok(row) => !self.past_the_end(&row.primary_key),
                    Err(_) => true,
                };
                std::future::ready(keep)
            })
            .take(limit)
    }

    /// A row the scan reached past the range's far end (see [`KeyRange::bounds`]).
    pub(super) fn past_the_end(&self, key: &PrimaryKey) -> bool {
        let full = Self::key_len();
        let values = key.columns.iter().map(|c| &c.value);
        match self.direction {
            Direction::Forward if self.end_inclusive && self.end.len() == full => values.gt(self.end.iter()),
            Direction::Backward if self.start.len() == full && self.start_exclusive => {
                values.le(self.start.iter())
            }
            Direction::Backward if self.start.len() == full => values.lt(self.start.iter()),
            _ => false,
        }
    }
}
