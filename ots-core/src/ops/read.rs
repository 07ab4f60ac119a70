//! Read options shared by GetRow, BatchGetRow and GetRange.

use crate::codec;
use crate::model::{Filter, TimeRange};
use ots_proto::pb::table_store as pb;

/// Which columns and versions a read returns, and the filter rows must pass.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Columns to return; empty returns all.
    pub columns: Vec<String>,
    /// Versions per column (default 1 unless a time range is set).
    pub max_versions: Option<i32>,
    /// Version time range.
    pub time_range: Option<TimeRange>,
    /// First column of a column range (inclusive).
    pub start_column: Option<String>,
    /// End of a column range (exclusive).
    pub end_column: Option<String>,
    /// Server-side row filter (sees only the columns read).
    pub filter: Option<Filter>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            columns: Vec::new(),
            max_versions: Some(1),
            time_range: None,
            start_column: None,
            end_column: None,
            filter: None,
        }
    }
}

pub(crate) struct ReadPb {
    pub columns_to_get: Vec<String>,
    pub time_range: Option<pb::TimeRange>,
    pub max_versions: Option<i32>,
    pub filter: Option<Vec<u8>>,
    pub start_column: Option<String>,
    pub end_column: Option<String>,
}

impl ReadOptions {
    pub(crate) fn to_pb(&self) -> ReadPb {
        ReadPb {
            columns_to_get: self.columns.clone(),
            time_range: self.time_range.as_ref().map(codec::time_range_pb),
            max_versions: self.max_versions,
            filter: self.filter.as_ref().map(Filter::encode),
            start_column: self.start_column.clone(),
            end_column: self.end_column.clone(),
        }
    }
}

/// Builder methods shared by the read requests.
macro_rules! read_builders {
    ($ty:ty) => {
        impl $ty {
            /// Return only these columns.
            #[must_use]
            pub fn columns<I, S>(mut self, columns: I) -> Self
            where
                I: IntoIterator<Item = S>,
                S: Into<String>,
            {
                self.read.columns = columns.into_iter().map(Into::into).collect();
                self
            }

            /// Return up to `n` versions per column.
            #[must_use]
            pub fn max_versions(mut self, n: i32) -> Self {
                self.read.max_versions = Some(n);
                self
            }

            /// Return versions in a time range (and, unless `max_versions` is also set, all of them).
            #[must_use]
            pub fn time_range(mut self, range: $crate::model::TimeRange) -> Self {
                self.read.time_range = Some(range);
                if self.read.max_versions == Some(1) {
                    self.read.max_versions = None;
                }
                self
            }

            /// Return columns whose names are in `[start, end)`.
            #[must_use]
            pub fn column_range(mut self, start: impl Into<String>, end: impl Into<String>) -> Self {
                self.read.start_column = Some(start.into());
                self.read.end_column = Some(end.into());
                self
            }

            /// Keep only rows that pass `filter` (evaluated by the server).
            #[must_use]
            pub fn filter(mut self, filter: $crate::model::Filter) -> Self {
                self.read.filter = Some(filter);
                self
            }
        }
    };
}
pub(crate) use read_builders;
