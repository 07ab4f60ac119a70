//! Typed models: the runtime behind `#[derive(OtsTable)]`, `filter!`, `condition!` and
//! [`Repo`].

mod convert;
mod page;
mod query;
mod repo;
mod repository;
mod table;

pub use convert::{
    column_fns, json_fns, key_fns, ColumnArg, ColumnFns, ColumnValue, IntegerValue, KeyArg, KeyFns, KeyValue,
    Mismatch,
};
pub use page::{Page, PageToken};
pub use query::{KeyPrefix, KeyRange, Query};
pub use repo::{Repo, SchemaReport};
pub use repository::{BoxFuture, BoxStream, Repository};
pub use table::{Col, IntegerColumn, OtsTable, Patch, TypedCondition, TypedFilter};
