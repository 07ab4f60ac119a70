//! Typed models: the runtime behind `#[derive(OtsTable)]`, `filter!`, `condition!` and
//! [`Repo`].

mod convert;
mod repo;
mod table;

pub use convert::{
    assert_column_value, assert_key_value, json_from_value, json_to_value, ColumnArg, ColumnValue, KeyValue,
    Mismatch,
};
pub use repo::{BoxFuture, BoxStream, KeyRange, Query, Repo, Repository, SchemaReport};
pub use table::{Col, OtsTable, Patch, TypedCondition, TypedFilter};
