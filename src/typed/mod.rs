//! Typed models: the runtime behind `#[derive(OtsTable)]`, `filter!`, `condition!` and
//! [`Repo`].

mod convert;
mod index;
mod page;
mod query;
mod repo;
mod repository;
mod schema;
mod scope;
pub mod search;
mod sequence;
mod stub;
mod table;
mod transaction;
mod write;

pub use convert::{
    column_fns, json_fns, key_fns, ColumnArg, ColumnFns, ColumnValue, IntegerValue, Json, KeyArg, KeyFns,
    KeyValue, MillisValue, Mismatch, Timestamp,
};
pub use index::{Index, SecondaryIndex};
pub use page::{Page, PageToken};
pub use query::{KeyPrefix, KeyRange, KeySpace, Query};
pub use repo::Repo;
pub use repository::{BoxFuture, BoxStream, Repository};
pub use schema::{SchemaDrift, SchemaReport};
pub use sequence::Sequence;
pub use stub::AnyKey;
pub use table::{Col, IntegerColumn, OtsTable, Patch, TypedCondition, TypedFilter};
pub use transaction::{PartitionKey, TransactionOptions, Tx};
