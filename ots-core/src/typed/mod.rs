//! Typed models: the runtime behind `#[derive(OtsTable)]`, `filter!`, `condition!` and
//! [`Repo`].

mod convert;
mod query;
mod repo;
mod repository;
mod table;

pub use convert::{
    column_fns, json_fns, json_from_value, json_to_value, key_fns, ColumnArg, ColumnFns, ColumnValue, KeyFns,
    KeyValue, Mismatch,
};
pub use query::{KeyRange, Query};
pub use repo::{Repo, SchemaReport};
pub use repository::{BoxFuture, BoxStream, Repository};
pub use table::{Col, OtsTable, Patch, TypedCondition, TypedFilter};
