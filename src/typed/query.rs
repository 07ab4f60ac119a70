//! What a typed read covers: projections and filters ([`Query`]) and key ranges ([`KeyRange`]).

use super::table::{Col, OtsTable, TypedFilter};
use super::ColumnValue;
use ots_core::model::{Direction, PrimaryKey, PrimaryKeyColumn, PrimaryKeyValue};
use ots_core::ops::batch::TableBatchGet;
use ots_core::Result;
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
        }
        columns
    }

    pub(super) fn batch_get(&self, keys: Vec<PrimaryKey>) -> TableBatchGet
    where
        T: OtsTable,
    {
        let t = TableBatchGet::new(T::TABLE, keys).columns(self.columns_to_get());
        match &self.filter {
            Some(f) => t.filter(f.clone().into_filter()),
            None => t,
        }
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

    /// Adds a column to read (by default all are read). Fields left out must be optional or
    /// `#[ots(default)]` in the model.
    #[must_use]
    pub fn column<V>(mut self, column: Col<T, V>) -> Self
    where
        V: ColumnValue,
    {
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

/// Which rows a range read covers: bounds on the leading primary key columns (the remaining
/// columns span everything), a direction and an optional limit.
#[derive(Debug)]
pub struct KeyRange<T> {
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

impl<T: OtsTable> KeyRange<T> {
    /// The whole table.
    pub fn all() -> Self {
        Self {
            start: Vec::new(),
            end: Vec::new(),
            end_inclusive: true,
            start_exclusive: false,
            direction: Direction::Forward,
            limit: None,
            _model: PhantomData,
        }
    }

    /// Rows whose leading key columns equal `values` (e.g. one partition key).
    pub fn prefix<I, V>(values: I) -> Self
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

    /// Rows from the leading-column values `start` (inclusive) to `end` (exclusive).
    pub fn between<I, J, V, W>(start: I, end: J) -> Self
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

    fn key_values(key: &T::Key) -> Result<Vec<PrimaryKeyValue>> {
        Ok(T::primary_key_of(key)?
            .columns
            .into_iter()
            .map(|c| c.value)
            .collect())
    }

    /// Rows from `key` (inclusive) to the end of the table.
    ///
    /// # Errors
    /// A mapping error when a key value cannot be represented.
    pub fn from_key(key: &T::Key) -> Result<Self> {
        Ok(Self {
            start: Self::key_values(key)?,
            ..Self::all()
        })
    }

    /// Rows after `key` (exclusive) to the end of the table: the next page of a listing.
    ///
    /// # Errors
    /// A mapping error when a key value cannot be represented.
    pub fn after_key(key: &T::Key) -> Result<Self> {
        Ok(Self {
            start: Self::key_values(key)?,
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
            start: Self::key_values(start)?,
            end: Self::key_values(end)?,
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

    /// Builds full wire keys: given values, then INF_MIN / INF_MAX for the rest.
    pub(super) fn bounds(&self) -> (PrimaryKey, PrimaryKey) {
        let names: Vec<String> = T::create_table_request()
            .primary_key
            .into_iter()
            .map(|c| c.name)
            .collect();
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
        let (mut lo, hi) = (
            fill(&self.start, PrimaryKeyValue::InfMin),
            fill(&self.end, end_pad),
        );
        match self.direction {
            Direction::Forward => (lo, hi),
            // Backward scans start at the upper bound and end exclusively at the lower one. A
            // full lower key would exclude itself, so the scan ends one level up and
            // `range_with` stops at the key.
            Direction::Backward => {
                if self.start.len() == names.len() {
                    if let Some(last) = lo.columns.last_mut() {
                        last.value = PrimaryKeyValue::InfMin;
                    }
                }
                (hi, lo)
            }
        }
    }
}
