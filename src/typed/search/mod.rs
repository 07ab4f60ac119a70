//! Typed search: the handles `#[derive(OtsTable)]` generates for a model's search-index fields,
//! the queries, sorts and aggregations built from them, and the repository's search operations.
//!
//! A model declares its indexes on the struct (`#[ots(search_index = "catalog")]`) and marks
//! the indexed fields (`#[ots(search)]`). The derive then implements [`Searchable`]:
//! `Product::search_fields()` gives one typed handle per indexed field, and a handle offers
//! only what its index type allows: `matches` on text, `term` and `prefix` on keywords,
//! `between` on numbers and dates, `within_km` on geo points, `knn` on vectors, sorts and
//! aggregations on fields indexed with sort-and-agg. Values are checked against the field's
//! Rust type, so a query on a field that is not indexed, or with a value of another type, does
//! not compile.

mod agg;
mod field;
mod group;
mod query;
mod repo;
mod request;
mod results;
mod sort;
mod sync;

pub use agg::{avg, count, distinct_count, max, min, sum, top_rows, Agg};
pub use field::{NestedField, SearchField};
pub use group::{group_by_filters, GroupBy, GroupKeyValue};
pub use query::{bool, BoolSearch, SearchQuery};
pub use request::{Search, SearchPage, SearchToken};
pub use results::{Group, SearchAggs};
pub use sort::SearchSort;
pub use sync::{SearchIndexDrift, SearchIndexReport};

use super::table::OtsTable;
use ots_core::ops::search::index::{CreateSearchIndexRequest, FieldSchema};

/// A model with search indexes. `#[derive(OtsTable)]` implements it for a struct that declares
/// `#[ots(search_index = "...")]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no search index",
    label = "this model declares no search index",
    note = "declare one on the struct, `#[ots(search_index = \"name\")]`, and mark the indexed fields `#[ots(search)]`"
)]
pub trait Searchable: OtsTable {
    /// The typed handles of the indexed fields (`ProductSearchFields`).
    type SearchFields: 'static;
    /// The index names, in declared order; the first is the default.
    const SEARCH_INDEXES: &'static [&'static str];
    /// The typed handles.
    fn search_fields() -> Self::SearchFields;
    /// One create request per index, in the order of [`Searchable::SEARCH_INDEXES`].
    fn search_index_requests() -> Vec<CreateSearchIndexRequest>;
}

/// A struct stored as nested documents of a search index (a `Vec` of it in a JSON column).
/// Implement it with `#[derive(SearchDocument)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a search document",
    label = "nested search fields hold structs deriving SearchDocument",
    note = "add `#[derive(SearchDocument)]` (and serde's Serialize and Deserialize) to `{Self}`"
)]
pub trait SearchDocument: Sized + 'static {
    /// The typed handles of the document's fields.
    type Fields: 'static;
    /// Handles named `{path}.{field}`, in the indexes of the nested field (`indexes` is their
    /// bit mask).
    fn search_fields(path: &str, indexes: u64) -> Self::Fields;
    /// The schemas of the document's fields.
    fn search_schema() -> Vec<FieldSchema>;
}

/// The index types of search fields, and whether a field can be sorted and aggregated: the
/// last two type parameters of a [`SearchField`].
pub mod kind {
    macro_rules! markers {
        ($($(#[$doc:meta])* $name:ident),*) => {$(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy)]
            pub enum $name {}
        )*};
    }
    markers!(
        /// Analyzed text: `matches`, `matches_all`, `phrase`.
        Text,
        /// Exact strings: terms, prefixes, wildcards, ranges.
        Keyword,
        /// Integers.
        Long,
        /// Floating point numbers.
        Double,
        /// Booleans.
        Boolean,
        /// Dates (stored as milliseconds or text in the field's formats).
        Date,
        /// Points on the earth.
        GeoPoint,
        /// Float vectors for nearest-neighbour queries.
        Vector,
        /// The field was indexed with sort-and-agg: it can be sorted and aggregated.
        Sortable,
        /// The field cannot be sorted or aggregated.
        Unsortable
    );
}

/// Which index kinds take which operations; sealed, implemented for the [`kind`] markers.
pub mod capability {
    use super::kind::*;

    mod sealed {
        pub trait Sealed {}
    }

    macro_rules! capability {
        ($(#[$doc:meta])* $trait:ident, $message:literal, $note:literal: $($k:ident),*) => {
            $(#[$doc])*
            #[diagnostic::on_unimplemented(message = $message, note = $note)]
            pub trait $trait: sealed::Sealed {}
            $(impl $trait for $k {})*
        };
    }
    macro_rules! sealed {
        ($($k:ident),*) => {$(impl sealed::Sealed for $k {})*};
    }
    sealed!(Text, Keyword, Long, Double, Boolean, Date, GeoPoint, Vector, Sortable, Unsortable);

    capability!(
        /// Fields matched by exact value (`term`, `terms`).
        Exact,
        "a `{Self}` search field has no exact values",
        "`term` and `terms` work on keyword, long, double, boolean and date fields; match text with `matches` or `phrase`":
        Keyword, Long, Double, Boolean, Date
    );
    capability!(
        /// Fields with ordered values (`between`, `gt`, ...).
        Ordered,
        "a `{Self}` search field has no order",
        "ranges work on keyword, long, double and date fields":
        Keyword, Long, Double, Date
    );
    capability!(
        /// Numeric fields (`avg`, `sum`, histograms, range groups).
        Numeric,
        "a `{Self}` search field is not numeric",
        "avg, sum, range groups and histograms work on long and double fields":
        Long, Double
    );
    capability!(
        /// Fields with a largest and smallest value (`min`, `max`).
        Extremes,
        "a `{Self}` search field has no minimum or maximum",
        "min and max work on long, double and date fields":
        Long, Double, Date
    );
    capability!(
        /// Fields sorted by value and grouped by value.
        ByValue,
        "a `{Self}` search field cannot be sorted or grouped by value",
        "sort and group keyword, long, double, boolean and date fields; sort geo points with `nearest`":
        Keyword, Long, Double, Boolean, Date
    );
    /// Fields grouped by value, with keys read as `V`: keywords, numbers and booleans, and
    /// dates whose field holds milliseconds (an integer or a timestamp; keys of a date stored
    /// as text would be milliseconds, not text).
    #[diagnostic::on_unimplemented(
        message = "a `{Self}` search field holding `{V}` cannot be grouped by value",
        note = "group keyword, long, double and boolean fields, and date fields holding milliseconds (i64, u64, chrono::DateTime<Utc>, time::OffsetDateTime)"
    )]
    pub trait GroupKind<V>: sealed::Sealed {}
    impl<V> GroupKind<V> for Keyword {}
    impl<V> GroupKind<V> for Long {}
    impl<V> GroupKind<V> for Double {}
    impl<V> GroupKind<V> for Boolean {}
    impl<V: crate::typed::convert::MillisValue> GroupKind<V> for Date {}

    capability!(
        /// Fields indexed with sort-and-agg.
        SortAndAgg,
        "this search field was indexed without sort-and-agg",
        "sorting and aggregating need `#[ots(search(sort_and_agg))]` on the field (keyword, long, double, boolean, date or geo_point); a text field cannot: index it as `keyword`":
        Sortable
    );
}

/// Fields a query, sort or aggregation uses, with the indexes each is in: checked against the
/// index a search runs on, before anything is sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Uses {
    fields: Vec<(std::borrow::Cow<'static, str>, u64)>,
    /// Why the query cannot be sent (a value no field can hold), if it cannot.
    invalid: Option<String>,
}

impl Uses {
    pub(crate) fn field(name: std::borrow::Cow<'static, str>, indexes: u64) -> Self {
        Self {
            fields: vec![(name, indexes)],
            invalid: None,
        }
    }

    pub(crate) fn invalid(why: String) -> Self {
        Self {
            fields: Vec::new(),
            invalid: Some(why),
        }
    }

    pub(crate) fn merge(&mut self, other: Uses) {
        for f in other.fields {
            if !self.fields.contains(&f) {
                self.fields.push(f);
            }
        }
        if self.invalid.is_none() {
            self.invalid = other.invalid;
        }
    }

    /// An error when a value was invalid.
    pub(crate) fn check_values(&self) -> ots_core::Result<()> {
        match &self.invalid {
            Some(why) => Err(ots_core::Error::construction(why.clone())),
            None => Ok(()),
        }
    }

    /// An error when a value was invalid or a field is not in index number `bit` (`name`).
    pub(crate) fn check(&self, bit: usize, name: &str) -> ots_core::Result<()> {
        self.check_values()?;
        match self.fields.iter().find(|(_, mask)| mask & (1u64 << bit) == 0) {
            Some((field, _)) => Err(ots_core::Error::construction(format!(
                "search field {field:?} is not in search index {name:?}"
            ))),
            None => Ok(()),
        }
    }
}
