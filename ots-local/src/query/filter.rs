//! Column filters (the shared model of `ots_proto::filter`), evaluated on the columns of one
//! row.

pub use ots_proto::filter::{Comparator, Filter};
use ots_proto::model::{Column, Value};
use std::cmp::Ordering;

/// Evaluating a filter on the columns of one row.
pub trait Evaluate {
    /// Whether a row with these columns (versions of a column adjacent, newest first) passes.
    fn matches(&self, columns: &[Column]) -> bool;
}

impl Evaluate for Filter {
    fn matches(&self, columns: &[Column]) -> bool {
        match self {
            Filter::Column {
                column,
                comparator,
                value,
                pass_if_missing,
                latest_version_only,
            } => {
                let mut versions = columns.iter().filter(|c| &c.name == column).peekable();
                if versions.peek().is_none() {
                    return match comparator {
                        Comparator::Exists => false,
                        Comparator::NotExists => true,
                        _ => *pass_if_missing,
                    };
                }
                match comparator {
                    Comparator::Exists => return true,
                    Comparator::NotExists => return false,
                    _ => {}
                }
                if *latest_version_only {
                    versions
                        .next()
                        .is_some_and(|c| compare(*comparator, &c.value, value))
                } else {
                    versions.any(|c| compare(*comparator, &c.value, value))
                }
            }
            Filter::Not(f) => !f.matches(columns),
            Filter::And(fs) => fs.iter().all(|f| f.matches(columns)),
            Filter::Or(fs) => fs.iter().any(|f| f.matches(columns)),
            // Pagination selects columns (see `paginate`); it passes every row.
            _ => true,
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
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn single(
        column: &str,
        comparator: Comparator,
        value: impl Into<Value>,
        pass_if_missing: bool,
        latest_version_only: bool,
    ) -> Filter {
        Filter::compare(column, comparator, value)
            .pass_if_missing(pass_if_missing)
            .latest_version_only(latest_version_only)
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
        let exists = single("name", Comparator::Exists, 0, false, true);
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
