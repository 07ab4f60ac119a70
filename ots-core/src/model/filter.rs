//! Filters (for reads) and conditions (for writes).

use super::Value;

/// A comparison operator of a column filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Comparator {
    /// `==`
    Equal,
    /// `!=`
    NotEqual,
    /// `>`
    GreaterThan,
    /// `>=`
    GreaterEqual,
    /// `<`
    LessThan,
    /// `<=`
    LessEqual,
    /// The column is present.
    Exists,
    /// The column is absent.
    NotExists,
}

/// A filter evaluated by the server on each row's columns.
///
/// ```
/// use ots_core::model::Filter;
/// let adults_named_bob = Filter::ge("age", 18).and(Filter::eq("name", "bob"));
/// let strict = Filter::eq("active", true).pass_if_missing(false);
/// # let _ = (adults_named_bob, strict);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Filter {
    /// Compare one column with a value.
    Column {
        /// Column name.
        column: String,
        /// Operator.
        comparator: Comparator,
        /// Operand (ignored by `Exists` / `NotExists`).
        value: Value,
        /// Whether a row lacking the column passes (default `true`, as in the service).
        pass_if_missing: bool,
        /// Compare only the newest version (default `true`); else any version may match.
        latest_version_only: bool,
    },
    /// Negation.
    Not(Box<Filter>),
    /// Every filter must pass.
    And(Vec<Filter>),
    /// At least one filter must pass.
    Or(Vec<Filter>),
    /// Column pagination (reads only): skip `offset` columns, return `limit`.
    ColumnPagination {
        /// Columns to skip.
        offset: u32,
        /// Columns to return.
        limit: u32,
    },
}

impl Filter {
    /// A column comparison with the service defaults (pass if missing, newest version only).
    pub fn compare(column: impl Into<String>, comparator: Comparator, value: impl Into<Value>) -> Self {
        Filter::Column {
            column: column.into(),
            comparator,
            value: value.into(),
            pass_if_missing: true,
            latest_version_only: true,
        }
    }

    /// `column == value`
    pub fn eq(column: impl Into<String>, value: impl Into<Value>) -> Self {
        Self::compare(column, Comparator::Equal, value)
    }
    /// `column != value`
    pub fn ne(column: impl Into<String>, value: impl Into<Value>) -> Self {
        Self::compare(column, Comparator::NotEqual, value)
    }
    /// `column > value`
    pub fn gt(column: impl Into<String>, value: impl Into<Value>) -> Self {
        Self::compare(column, Comparator::GreaterThan, value)
    }
    /// `column >= value`
    pub fn ge(column: impl Into<String>, value: impl Into<Value>) -> Self {
        Self::compare(column, Comparator::GreaterEqual, value)
    }
    /// `column < value`
    pub fn lt(column: impl Into<String>, value: impl Into<Value>) -> Self {
        Self::compare(column, Comparator::LessThan, value)
    }
    /// `column <= value`
    pub fn le(column: impl Into<String>, value: impl Into<Value>) -> Self {
        Self::compare(column, Comparator::LessEqual, value)
    }
    /// The column is present.
    pub fn exists(column: impl Into<String>) -> Self {
        Self::compare(column, Comparator::Exists, Value::Integer(0)).pass_if_missing(false)
    }
    /// The column is absent.
    pub fn not_exists(column: impl Into<String>) -> Self {
        Self::compare(column, Comparator::NotExists, Value::Integer(0))
    }
    /// Column pagination for reads.
    pub fn column_pagination(offset: u32, limit: u32) -> Self {
        Filter::ColumnPagination { offset, limit }
    }

    /// `self && other` (flattens nested ANDs).
    #[must_use]
    pub fn and(self, other: Filter) -> Self {
        match self {
            Filter::And(mut fs) => {
                fs.push(other);
                Filter::And(fs)
            }
            f => Filter::And(vec![f, other]),
        }
    }

    /// `self || other` (flattens nested ORs).
    #[must_use]
    pub fn or(self, other: Filter) -> Self {
        match self {
            Filter::Or(mut fs) => {
                fs.push(other);
                Filter::Or(fs)
            }
            f => Filter::Or(vec![f, other]),
        }
    }

    /// `!self`
    #[must_use]
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Self {
        Filter::Not(Box::new(self))
    }

    /// Sets whether rows lacking the column pass (column comparisons only).
    #[must_use]
    pub fn pass_if_missing(mut self, pass: bool) -> Self {
        if let Filter::Column { pass_if_missing, .. } = &mut self {
            *pass_if_missing = pass;
        }
        self
    }

    /// Sets whether only the newest version is compared (column comparisons only).
    #[must_use]
    pub fn latest_version_only(mut self, latest: bool) -> Self {
        if let Filter::Column {
            latest_version_only, ..
        } = &mut self
        {
            *latest_version_only = latest;
        }
        self
    }
}

/// What a write expects of the row before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RowExistence {
    /// No expectation (the default).
    #[default]
    Ignore,
    /// The row must exist.
    ExpectExist,
    /// The row must not exist.
    ExpectNotExist,
}

/// A write condition: row existence plus an optional column filter, checked atomically.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Condition {
    /// Row existence expectation.
    pub row_existence: RowExistence,
    /// Column condition on the current row.
    pub column_condition: Option<Filter>,
}

impl Condition {
    /// No condition.
    pub fn ignore() -> Self {
        Self::default()
    }
    /// The row must exist.
    pub fn expect_exist() -> Self {
        Self {
            row_existence: RowExistence::ExpectExist,
            column_condition: None,
        }
    }
    /// The row must not exist.
    pub fn expect_not_exist() -> Self {
        Self {
            row_existence: RowExistence::ExpectNotExist,
            column_condition: None,
        }
    }
    /// Adds a column condition.
    #[must_use]
    pub fn with_filter(mut self, filter: Filter) -> Self {
        self.column_condition = Some(filter);
        self
    }
}
