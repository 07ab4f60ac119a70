//! Filters (for reads) and conditions (for writes), with their protobuf forms: one vocabulary
//! for the client (which builds and encodes them) and ots-local (which decodes and evaluates
//! them).

use crate::model::Value;
use crate::pb::filter as pbf;
use crate::pb::table_store as pb;
use crate::plainbuffer;
use prost::Message;

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
/// use ots_proto::filter::Filter;
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

/// Why filter bytes could not be decoded: the message the service answers with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FilterError(pub String);

/// Nesting deeper than this is refused.
const MAX_DEPTH: usize = 32;

fn invalid(message: impl Into<String>) -> FilterError {
    FilterError(message.into())
}

fn decode_message<M: Message + Default>(bytes: &[u8]) -> Result<M, FilterError> {
    M::decode(bytes).map_err(|e| invalid(format!("Failed to parse the request body: {e}.")))
}

impl Filter {
    /// The protobuf message.
    pub fn to_pb(&self) -> pbf::Filter {
        match self {
            Filter::Column {
                column,
                comparator,
                value,
                pass_if_missing,
                latest_version_only,
            } => {
                let single = pbf::SingleColumnValueFilter {
                    comparator: comparator.to_pb() as i32,
                    column_name: column.clone(),
                    column_value: plainbuffer::encode_variant(value),
                    filter_if_missing: !pass_if_missing,
                    latest_version_only: *latest_version_only,
                    value_trans_rule: None,
                };
                pbf::Filter {
                    r#type: pbf::FilterType::FtSingleColumnValue as i32,
                    filter: single.encode_to_vec(),
                }
            }
            Filter::Not(inner) => {
                composite(pbf::LogicalOperator::LoNot, std::slice::from_ref(inner.as_ref()))
            }
            Filter::And(fs) => composite(pbf::LogicalOperator::LoAnd, fs),
            Filter::Or(fs) => composite(pbf::LogicalOperator::LoOr, fs),
            Filter::ColumnPagination { offset, limit } => {
                let p = pbf::ColumnPaginationFilter {
                    offset: i32::try_from(*offset).unwrap_or(i32::MAX),
                    limit: i32::try_from(*limit).unwrap_or(i32::MAX),
                };
                pbf::Filter {
                    r#type: pbf::FilterType::FtColumnPagination as i32,
                    filter: p.encode_to_vec(),
                }
            }
        }
    }

    /// The serialized protobuf message.
    pub fn encode(&self) -> Vec<u8> {
        self.to_pb().encode_to_vec()
    }

    /// Decodes a serialized `Filter` message (at most 32 levels deep).
    ///
    /// # Errors
    /// A [`FilterError`] with the message the service answers with.
    pub fn decode(bytes: &[u8]) -> Result<Filter, FilterError> {
        decode_depth(bytes, 0)
    }

    /// The column pagination, when this filter is one.
    pub fn pagination(&self) -> Option<(u32, u32)> {
        match self {
            Filter::ColumnPagination { offset, limit } => Some((*offset, *limit)),
            _ => None,
        }
    }
}

fn composite(op: pbf::LogicalOperator, subs: &[Filter]) -> pbf::Filter {
    let c = pbf::CompositeColumnValueFilter {
        combinator: op as i32,
        sub_filters: subs.iter().map(Filter::to_pb).collect(),
    };
    pbf::Filter {
        r#type: pbf::FilterType::FtCompositeColumnValue as i32,
        filter: c.encode_to_vec(),
    }
}

impl Comparator {
    fn to_pb(self) -> pbf::ComparatorType {
        match self {
            Comparator::Equal => pbf::ComparatorType::CtEqual,
            Comparator::NotEqual => pbf::ComparatorType::CtNotEqual,
            Comparator::GreaterThan => pbf::ComparatorType::CtGreaterThan,
            Comparator::GreaterEqual => pbf::ComparatorType::CtGreaterEqual,
            Comparator::LessThan => pbf::ComparatorType::CtLessThan,
            Comparator::LessEqual => pbf::ComparatorType::CtLessEqual,
            Comparator::Exists => pbf::ComparatorType::CtExist,
            Comparator::NotExists => pbf::ComparatorType::CtNotExist,
        }
    }

    fn from_pb(value: i32) -> Option<Self> {
        Some(match pbf::ComparatorType::try_from(value).ok()? {
            pbf::ComparatorType::CtEqual => Comparator::Equal,
            pbf::ComparatorType::CtNotEqual => Comparator::NotEqual,
            pbf::ComparatorType::CtGreaterThan => Comparator::GreaterThan,
            pbf::ComparatorType::CtGreaterEqual => Comparator::GreaterEqual,
            pbf::ComparatorType::CtLessThan => Comparator::LessThan,
            pbf::ComparatorType::CtLessEqual => Comparator::LessEqual,
            pbf::ComparatorType::CtExist => Comparator::Exists,
            pbf::ComparatorType::CtNotExist => Comparator::NotExists,
        })
    }
}

fn decode_depth(bytes: &[u8], depth: usize) -> Result<Filter, FilterError> {
    if depth > MAX_DEPTH {
        return Err(invalid("The filter is nested too deeply."));
    }
    let f: pbf::Filter = decode_message(bytes)?;
    match pbf::FilterType::try_from(f.r#type) {
        Ok(pbf::FilterType::FtSingleColumnValue) => {
            let s: pbf::SingleColumnValueFilter = decode_message(&f.filter)?;
            let comparator = Comparator::from_pb(s.comparator)
                .ok_or_else(|| invalid(format!("Invalid comparator type: {}.", s.comparator)))?;
            let value = match comparator {
                Comparator::Exists | Comparator::NotExists if s.column_value.is_empty() => Value::Integer(0),
                _ => plainbuffer::decode_variant(&s.column_value)
                    .map_err(|e| invalid(format!("Invalid column value in filter: {e}.")))?,
            };
            if s.value_trans_rule.is_some() {
                return Err(invalid("Value transfer rules are not supported by ots-local."));
            }
            Ok(Filter::Column {
                column: s.column_name,
                comparator,
                value,
                pass_if_missing: !s.filter_if_missing,
                latest_version_only: s.latest_version_only,
            })
        }
        Ok(pbf::FilterType::FtCompositeColumnValue) => {
            let c: pbf::CompositeColumnValueFilter = decode_message(&f.filter)?;
            let subs = c
                .sub_filters
                .iter()
                .map(|sf| decode_depth(&sf.encode_to_vec(), depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            if subs.iter().any(|s| s.pagination().is_some()) {
                return Err(invalid("Column pagination filter cannot be combined."));
            }
            match pbf::LogicalOperator::try_from(c.combinator) {
                Ok(pbf::LogicalOperator::LoNot) => {
                    let mut subs = subs;
                    if subs.len() != 1 {
                        return Err(invalid("The NOT operator takes exactly one sub filter."));
                    }
                    Ok(Filter::Not(Box::new(subs.remove(0))))
                }
                Ok(op @ (pbf::LogicalOperator::LoAnd | pbf::LogicalOperator::LoOr)) => {
                    if subs.is_empty() {
                        return Err(invalid("The composite filter has no sub filters."));
                    }
                    Ok(if op == pbf::LogicalOperator::LoAnd {
                        Filter::And(subs)
                    } else {
                        Filter::Or(subs)
                    })
                }
                Err(_) => Err(invalid(format!("Invalid logical operator: {}.", c.combinator))),
            }
        }
        Ok(pbf::FilterType::FtColumnPagination) => {
            let p: pbf::ColumnPaginationFilter = decode_message(&f.filter)?;
            match (u32::try_from(p.offset), u32::try_from(p.limit)) {
                (Ok(offset), Ok(limit)) => Ok(Filter::ColumnPagination { offset, limit }),
                _ => Err(invalid(
                    "Offset and limit of column pagination must not be negative.",
                )),
            }
        }
        Err(_) => Err(invalid(format!("Invalid filter type: {}.", f.r#type))),
    }
}

impl RowExistence {
    fn to_pb(self) -> pb::RowExistenceExpectation {
        match self {
            RowExistence::Ignore => pb::RowExistenceExpectation::Ignore,
            RowExistence::ExpectExist => pb::RowExistenceExpectation::ExpectExist,
            RowExistence::ExpectNotExist => pb::RowExistenceExpectation::ExpectNotExist,
        }
    }

    /// The expectation a protobuf enum number names, if any.
    pub fn from_pb(value: i32) -> Option<Self> {
        Some(match pb::RowExistenceExpectation::try_from(value).ok()? {
            pb::RowExistenceExpectation::Ignore => RowExistence::Ignore,
            pb::RowExistenceExpectation::ExpectExist => RowExistence::ExpectExist,
            pb::RowExistenceExpectation::ExpectNotExist => RowExistence::ExpectNotExist,
        })
    }
}

impl Condition {
    /// The protobuf message.
    pub fn to_pb(&self) -> pb::Condition {
        pb::Condition {
            row_existence: self.row_existence.to_pb() as i32,
            column_condition: self.column_condition.as_ref().map(Filter::encode),
        }
    }

    /// Decodes a protobuf condition (a column pagination filter is refused).
    ///
    /// # Errors
    /// A [`FilterError`] with the message the service answers with.
    pub fn from_pb(c: &pb::Condition) -> Result<Self, FilterError> {
        let row_existence = RowExistence::from_pb(c.row_existence)
            .ok_or_else(|| invalid(format!("Invalid row existence expectation: {}.", c.row_existence)))?;
        let column_condition = match &c.column_condition {
            Some(bytes) if !bytes.is_empty() => {
                let f = Filter::decode(bytes)?;
                if f.pagination().is_some() {
                    return Err(invalid("Column pagination filter is not allowed in a condition."));
                }
                Some(f)
            }
            _ => None,
        };
        Ok(Condition {
            row_existence,
            column_condition,
        })
    }
}
