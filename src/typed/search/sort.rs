//! Typed sorts of search results.

use super::capability::{ByValue, SortAndAgg};
use super::field::SearchField;
use super::{kind, Uses};
use ots_core::ops::search::index::{SortMode, SortOrder};
use ots_core::ops::search::query::GeoPoint;
use ots_core::ops::search::sort::Sorter;
use std::marker::PhantomData;

/// One sort key of a search over model `T`: `price.desc()`, `location.nearest(here)`,
/// `SearchSort::score()`. Without any, results come in the index's presort (by default the
/// primary key).
pub struct SearchSort<T> {
    pub(crate) sorter: Sorter,
    pub(crate) uses: Uses,
    _model: PhantomData<fn() -> T>,
}

impl<T> SearchSort<T> {
    fn new(sorter: Sorter, uses: Uses) -> Self {
        Self {
            sorter,
            uses,
            _model: PhantomData,
        }
    }

    /// Best score first (for relevance ranking).
    pub fn score() -> Self {
        Self::new(Sorter::score(), Uses::default())
    }

    /// By primary key, smallest first.
    pub fn primary_key() -> Self {
        Self::new(
            Sorter::PrimaryKey {
                order: SortOrder::Asc,
            },
            Uses::default(),
        )
    }

    /// By primary key, largest first.
    pub fn primary_key_desc() -> Self {
        Self::new(
            Sorter::PrimaryKey {
                order: SortOrder::Desc,
            },
            Uses::default(),
        )
    }
}

impl<T, V, K, A> SearchField<T, V, K, A> {
    /// Sorts by this field, smallest first (for arrays: by their smallest value).
    pub fn asc(&self) -> SearchSort<T>
    where
        K: ByValue,
        A: SortAndAgg,
    {
        self.by_value(SortOrder::Asc, SortMode::Min)
    }

    /// Sorts by this field, largest first (for arrays: by their largest value).
    pub fn desc(&self) -> SearchSort<T>
    where
        K: ByValue,
        A: SortAndAgg,
    {
        self.by_value(SortOrder::Desc, SortMode::Max)
    }

    fn by_value(&self, order: SortOrder, mode: SortMode) -> SearchSort<T> {
        let sorter = Sorter::Field {
            field: self.name().to_owned(),
            order,
            mode: Some(mode),
        };
        SearchSort::new(sorter, self.uses())
    }
}

impl<T, V, A> SearchField<T, V, kind::GeoPoint, A> {
    /// Sorts by distance to `point`, nearest first.
    pub fn nearest(&self, point: GeoPoint) -> SearchSort<T>
    where
        A: SortAndAgg,
    {
        SearchSort::new(Sorter::nearest(self.name(), point), self.uses())
    }
}

impl<T> Clone for SearchSort<T> {
    fn clone(&self) -> Self {
        Self::new(self.sorter.clone(), self.uses.clone())
    }
}

impl<T> std::fmt::Debug for SearchSort<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SearchSort").field(&self.sorter).finish()
    }
}
