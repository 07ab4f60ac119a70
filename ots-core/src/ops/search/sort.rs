//! How search results are sorted.

use super::index::{IndexSorter, SortMode, SortOrder};
use super::query::GeoPoint;
use ots_proto::pb::search as pb;

/// One sort key of a search.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Sorter {
    /// By a field's value (one with sort-and-agg).
    Field {
        /// The field.
        field: String,
        /// The order.
        order: SortOrder,
        /// For array fields, which value counts.
        mode: Option<SortMode>,
    },
    /// By the distance of a geo point field to some points.
    GeoDistance {
        /// The field.
        field: String,
        /// The points measured from.
        points: Vec<GeoPoint>,
        /// The order.
        order: SortOrder,
        /// With several points or an array field, which distance counts.
        mode: Option<SortMode>,
    },
    /// By relevance score.
    Score {
        /// The order (descending is the usual).
        order: SortOrder,
    },
    /// By primary key.
    PrimaryKey {
        /// The order.
        order: SortOrder,
    },
}

impl Sorter {
    /// By `field`, smallest first.
    pub fn field_asc(field: impl Into<String>) -> Self {
        Sorter::Field {
            field: field.into(),
            order: SortOrder::Asc,
            mode: None,
        }
    }
    /// By `field`, largest first.
    pub fn field_desc(field: impl Into<String>) -> Self {
        Sorter::Field {
            field: field.into(),
            order: SortOrder::Desc,
            mode: None,
        }
    }
    /// Nearest to `point` first.
    pub fn nearest(field: impl Into<String>, point: GeoPoint) -> Self {
        Sorter::GeoDistance {
            field: field.into(),
            points: vec![point],
            order: SortOrder::Asc,
            mode: None,
        }
    }
    /// Best score first.
    pub fn score() -> Self {
        Sorter::Score {
            order: SortOrder::Desc,
        }
    }
}

/// A sort order on the wire.
pub(crate) fn order_pb(o: SortOrder) -> i32 {
    match o {
        SortOrder::Asc => pb::SortOrder::Asc as i32,
        SortOrder::Desc => pb::SortOrder::Desc as i32,
    }
}

/// A sort mode on the wire.
pub(crate) fn mode_pb(m: SortMode) -> i32 {
    match m {
        SortMode::Min => pb::SortMode::Min as i32,
        SortMode::Max => pb::SortMode::Max as i32,
        SortMode::Avg => pb::SortMode::Avg as i32,
    }
}

/// The protobuf of a sort.
pub(crate) fn sort_pb(sorters: &[Sorter]) -> pb::Sort {
    pb::Sort {
        sorter: sorters
            .iter()
            .map(|s| match s {
                Sorter::Field { field, order, mode } => pb::Sorter {
                    field_sort: Some(pb::FieldSort {
                        field_name: Some(field.clone()),
                        order: Some(order_pb(*order)),
                        mode: mode.map(mode_pb),
                        missing_value: None,
                        missing_field: None,
                    }),
                    ..Default::default()
                },
                Sorter::GeoDistance {
                    field,
                    points,
                    order,
                    mode,
                } => pb::Sorter {
                    geo_distance_sort: Some(pb::GeoDistanceSort {
                        field_name: Some(field.clone()),
                        points: points.iter().map(GeoPoint::to_text).collect(),
                        order: Some(order_pb(*order)),
                        mode: mode.map(mode_pb),
                    }),
                    ..Default::default()
                },
                Sorter::Score { order } => pb::Sorter {
                    score_sort: Some(pb::ScoreSort {
                        order: Some(order_pb(*order)),
                    }),
                    ..Default::default()
                },
                Sorter::PrimaryKey { order } => pb::Sorter {
                    pk_sort: Some(pb::PrimaryKeySort {
                        order: Some(order_pb(*order)),
                    }),
                    ..Default::default()
                },
            })
            .collect(),
    }
}

impl From<&IndexSorter> for Sorter {
    fn from(s: &IndexSorter) -> Self {
        match s {
            IndexSorter::Field { name, order, mode } => Sorter::Field {
                field: name.clone(),
                order: *order,
                mode: *mode,
            },
            IndexSorter::PrimaryKey { order } => Sorter::PrimaryKey { order: *order },
        }
    }
}
