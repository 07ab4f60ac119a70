//! The documents a search matched, as every part of the aggregations sees them: the one
//! input of this module besides the request.

use crate::error::ServiceResult;
use crate::search::engine::IndexField;
use ots_proto::model::Value;
use ots_proto::pb::search as spb;

/// The documents a search matched, as the aggregations read them.
pub trait Docs {
    /// Number of matching documents; documents are `0..len()`.
    fn len(&self) -> usize;

    /// The schema facts of index field `name`; `None` when the index has no such field.
    fn field(&self, name: &str) -> Option<IndexField>;

    /// The values of field `name` in document `doc`: arrays expanded, only values of the
    /// field's type (numbers for LONG, DOUBLE and DATE, strings for KEYWORD, ...); a geo point
    /// is a `"lat,lon"` string.
    fn values(&self, doc: usize, name: &str) -> Vec<Value>;

    /// A DATE field's value given in a request (text in the field's formats, or an epoch
    /// integer) as epoch milliseconds; `None` when it is not a date of that field.
    fn date_millis(&self, name: &str, value: &Value) -> Option<i64>;

    /// Which documents match `query`, one flag per document.
    ///
    /// # Errors
    /// The query's own errors (unknown field, unsupported query type, ...).
    fn matching(&self, query: &spb::Query) -> ServiceResult<Vec<bool>>;

    /// The first `limit` of `docs` in the order of `sort` (`None`: in the order given), each
    /// encoded as one PlainBuffer row.
    ///
    /// # Errors
    /// The sort's own errors (unknown field, field without `enable_sort_and_agg`, ...).
    fn rows(&self, docs: &[usize], sort: Option<&spb::Sort>, limit: usize) -> ServiceResult<Vec<Vec<u8>>>;
}
