//! What a search's aggregations and group-bys answered, read through the typed definitions.

use super::agg::Agg;
use super::group::GroupBy;
use ots_core::ops::search::agg::{self as agg, AggregationResults, GroupByResults};
use ots_core::{Error, Result};

/// The aggregation and group-by results of a search (or of one group).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchAggs {
    aggregations: AggregationResults,
    group_bys: GroupByResults,
    /// The results of a page read with a token, which has none.
    token_page: bool,
}

impl SearchAggs {
    pub(crate) fn new(aggregations: AggregationResults, group_bys: GroupByResults) -> Self {
        Self {
            aggregations,
            group_bys,
            token_page: false,
        }
    }

    /// The (empty) results of a page read with a token.
    pub(crate) fn of_token_page() -> Self {
        Self {
            token_page: true,
            ..Self::default()
        }
    }

    /// Why `name` has no result.
    fn absent(&self, what: &str, name: &str) -> Error {
        if self.token_page {
            Error::construction(format!(
                "{what} {name:?} is answered with the first page of a search only; this page was read with a token"
            ))
        } else {
            Error::construction(format!(
                "{what} {name:?} is not in these results: add it to the search (or group-by) before reading it"
            ))
        }
    }

    /// The result of `agg`.
    ///
    /// # Errors
    /// A construction error when the search did not include `agg`, or this page was read
    /// with a token (aggregations come with the first page); a response error when the
    /// service answered with a result of another kind; a mapping error for top rows that do
    /// not read as the model.
    pub fn get<T, R>(&self, agg: &Agg<T, R>) -> Result<R> {
        match self.aggregations.get(agg.name()) {
            Some(r) => agg.read(r),
            None => Err(self.absent("aggregation", agg.name())),
        }
    }

    /// The groups of `group_by`, in the order the service returned them.
    ///
    /// # Errors
    /// A construction error when the search did not include `group_by`, or this page was
    /// read with a token; a mapping error for
    /// a group key that does not read as the field's type.
    pub fn groups<T, K>(&self, group_by: &GroupBy<T, K>) -> Result<Vec<Group<K>>> {
        match self.group_bys.get(group_by.name()) {
            Some(groups) => groups.iter().map(|g| group(group_by, g)).collect(),
            None => Err(self.absent("group-by", group_by.name())),
        }
    }
}

/// One group: its key, how many matches it holds, and the results of the group-by's
/// sub-aggregations and sub-group-bys.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Group<K> {
    /// The group's key.
    pub key: K,
    /// How many matches are in the group.
    pub count: u64,
    /// The sub-aggregations and sub-group-bys, computed over the group's rows.
    pub aggs: SearchAggs,
}

/// One group of `group_by` as its typed form.
fn group<T, K>(group_by: &GroupBy<T, K>, group: &agg::Group) -> Result<Group<K>> {
    Ok(Group {
        key: group_by.read_key(&group.key)?,
        count: u64::try_from(group.row_count).unwrap_or(0),
        aggs: SearchAggs::new(group.sub_aggregations.clone(), group.sub_group_bys.clone()),
    })
}
