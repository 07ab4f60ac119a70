//! Column filters, evaluated on the columns of one row.

use ots_proto::model::{Column, Value};
use std::cmp::Ordering;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Column present.
    Exist,
    /// Column absent.
    NotExist,
}

/// A decoded filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// Compare one column with a value.
    Single {
        /// Column name.
        column: String,
        /// Operator.
        op: Comparator,
        /// Operand.
        value: Value,
        /// Whether a row without the column passes.
        pass_if_missing: bool,
        /// Compare only the newest version (else: any version may match).
        latest_only: bool,
    },
    /// Negation.
    Not(Box<Filter>),
    /// All must pass.
    And(Vec<Filter>),
    /// One must pass.
    Or(Vec<Filter>),
    /// Column pagination: keep `limit` columns after skipping `offset` (reads only).
    Pagination {
        /// Columns to skip.
        offset: usize,
        /// Columns to keep.
        limit: usize,
    },
}

impl Filter {
    /// Whether a row with these columns (versions of a column adjacent, newest first) passes.
    pub fn matches(&self, columns: &[Column]) -> bool {
        match self {
            Filter::Single {
                column,
                op,
                value,
                pass_if_missing,
                latest_only,
            } => {
                let mut versions = columns.iter().filter(|c| &c.name == column).peekable();
                if versions.peek().is_none() {
                    return match op {
                        Comparator::Exist => false,
                        Comparator::NotExist => true,
                        _ => *pass_if_missing,
                    };
                }
                match op {
                    Comparator::Exist => return true,
                    Comparator::NotExist => return false,
                    _ => {}
                }
                if *latest_only {
                    versions.next().is_some_and(|c| compare(*op, &c.value, value))
                } else {
                    versions.any(|c| compare(*op, &c.value, value))
                }
            }
            Filter::Not(f) => !f.matches(columns),
            Filter::And(fs) => fs.iter().all(|f| f.matches(columns)),
            Filter::Or(fs) => fs.iter().any(|f| f.matches(columns)),
            Filter::Pagination { .. } => true,
        }
    }

    /// The column pagination, when this filter is one.
    pub fn pagination(&self) -> Option<(usize, usize)> {
        match self {
            Filter::Pagination { offset, limit } => Some((*offset, *limit)),
            _ => None,
        }
    }
}

/// Values of different types never compare as matching.
fn compare(op: Comparator, stored: &Value, operand: &Value) -> bool {
    let Some(ord) = stored.partial_cmp_same_type(operand) else {
        return false;
    };
    match op {
        Comparator::Equal => ord == Ordering::Equal,
        Comparator::NotEqual => ord != Ordering::Equal,
        Comparator::GreaterThan => ord == Ordering::Greater,
        Comparator::GreaterEqual => ord != Ordering::Less,
        Comparator::LessThan => ord == Ordering::Less,
        Comparator::LessEqual => ord != Ordering::Greater,
        Comparator::Exist | Comparator::NotExist => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn single(
        column: &str,
        op: Comparator,
        value: impl Into<Value>,
        pass_if_missing: bool,
        latest_only: bool,
    ) -> Filter {
        Filter::Single {
            column: column.into(),
            op,
            value: value.into(),
            pass_if_missing,
            latest_only,
        }
    }

    #[test]
    fn single_column_semantics() {
        let cols = vec![
            Column::new("age", 30).at(2),
            Column::new("age", 10).at(1),
            Column::new("name", "bob"),
        ];
        assert!(single("age", Comparator::GreaterEqual, 18, false, true).matches(&cols));
        assert!(!single("age", Comparator::LessThan, 18, false, true).matches(&cols));
        assert!(single("age", Comparator::LessThan, 18, false, false).matches(&cols));
        assert!(single("missing", Comparator::Equal, 1, true, true).matches(&cols));
        assert!(!single("missing", Comparator::Equal, 1, false, true).matches(&cols));
        assert!(!single("age", Comparator::Equal, "30", false, true).matches(&cols));
        let exists = single("name", Comparator::Exist, 0, false, true);
        assert!(exists.matches(&cols));
        assert!(Filter::Not(Box::new(exists)).matches(&[]));
    }

    #[test]
    fn composites() {
        let cols = vec![Column::new("a", 1), Column::new("b", true)];
        let a1 = single("a", Comparator::Equal, 1, false, true);
        let b_false = single("b", Comparator::Equal, false, false, true);
        assert!(!Filter::And(vec![a1.clone(), b_false.clone()]).matches(&cols));
        assert!(Filter::Or(vec![a1, b_false.clone()]).matches(&cols));
        assert!(Filter::Not(Box::new(b_false)).matches(&cols));
    }
}
