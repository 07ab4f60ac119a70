//! # ots
//!
//! The typed way for Rust services to use Alibaba Cloud Tablestore (OTS).
//!
//! Declare a struct once with `#[derive(OtsTable)]` and work through a [`Repo`]: typed get,
//! insert, put, update with patches, delete, counters, range streams and batches, with filters
//! and conditions whose column names and value types the compiler checks. Underneath is a
//! complete async [`Client`] for the Tablestore protocol ([`ops`]), which also runs against
//! `ots-local`, a local server that speaks that protocol. The example below runs one in process.
//!
//! ```
//! use futures_util::TryStreamExt;
//! use ots::{filter, Client, KeyRange, OtsTable, Query, Repo};
//!
//! #[derive(Debug, Clone, PartialEq, OtsTable)]
//! #[ots(table = "users")]
//! struct User {
//!     #[ots(pk)]
//!     id: i64,
//!     name: String,
//!     age: u32,
//!     nickname: Option<String>,
//!     #[ots(version)]
//!     version: i64,
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = ots_local::LocalServer::builder().start().await?;
//! let client: Client = server.client()?; // feature `client` of ots-local
//! let users = Repo::<User>::new(client);
//! users.sync_schema().await?;
//!
//! let mut alice = User { id: 1, name: "alice".into(), age: 34, nickname: None, version: 0 };
//! users.insert(&mut alice).await?;
//! users.update(UserKey { id: 1 }, UserPatch::new().set_nickname("ali")).await?;
//!
//! let min_age = 18;
//! let adults: Vec<User> = users
//!     .range_with(KeyRange::all(), Query::new().filter(filter!(User, age >= min_age)))
//!     .try_collect()
//!     .await?;
//! assert_eq!(adults[0].nickname.as_deref(), Some("ali"));
//! # Ok(()) }
//! ```
//!
//! ## `#[derive(OtsTable)]`
//!
//! On the struct:
//!
//! | attribute | meaning |
//! |---|---|
//! | `table = "name"` | table name (default: the struct name in snake case) |
//! | `ttl = seconds` | how long versions live (-1, the default, keeps them) |
//! | `max_versions = n` | versions kept per column (default 1) |
//! | `max_time_deviation = seconds` | allowed distance between a written timestamp and now |
//! | `crate = "path"` | where the generated code finds `ots` (default `::ots`), for crates that re-export it: `crate = "my_facade::ots"` |
//!
//! On fields:
//!
//! | attribute | meaning |
//! |---|---|
//! | `pk` | a primary key column; 1 to 4, in declared order, the first is the partition key |
//! | `pk, auto_increment` | an integer key the service assigns on insert (not the first key); 0 until then |
//! | `rename = "col"` | the stored column name |
//! | `skip` | not stored; reads back as `Default` |
//! | `default` | a missing column reads as `Default` instead of failing |
//! | `json` | any serde type, stored as a JSON string |
//! | `defined` | declared as a defined column in the table schema |
//! | `version` | an `i64` for optimistic locking: writes check it and bump it |
//! | `created_at` / `updated_at` | times maintained by the repository: `i64` milliseconds, `chrono::DateTime<Utc>` or `time::OffsetDateTime` |
//!
//! Field types: all integer widths (range-checked on read), `f32`, `f64`, `bool`, `String`,
//! `Vec<u8>`, `chrono::DateTime<Utc>` (feature `chrono`), `time::OffsetDateTime` (feature
//! `time`), `Option` of those (an absent column),
//! and anything serde handles with `json`. Keys are integers, `String` or `Vec<u8>`.
//!
//! The derive also generates `<Name>Key` (the primary key, with `From` the key field, a `&str`
//! for a `String` key, or a tuple of the key values as their columns take them:
//! `repo.get(("core", 1))`), `<Name>Columns` (column handles, `Name::columns().age`, for
//! filters, projections and counters) and `<Name>Patch` (partial updates: `set_*`,
//! `set_or_delete_*` for `Option` fields, `delete_*` for optional or default fields,
//! `increment_*` for integers, kept inside the field type's range). It implements
//! [`KeyPrefix`] so [`KeyRange::prefix`] and [`KeyRange::between`] take the partition key's
//! value or a tuple of leading key values, checked by the compiler. Mistakes (no key, five
//! keys, an auto-increment partition key, an unsupported type, an unknown attribute) are
//! compile errors that point at the field and say what to do.
//!
//! ## Writes and their errors
//!
//! `insert` creates (an auto-increment key must be 0 and is assigned), `put` replaces (checking
//! and bumping a version field), `update*` patch an existing row, `increment` adds to a counter
//! of an existing row (`increment_or_create` creates it), `batch_put` puts many. A failed write
//! says why with one predicate each: [`Error::is_stale`] (the version moved on),
//! [`Error::is_row_missing`] (the row is not there), [`Error::is_condition_failed`] (your
//! condition, or a counter's range, did not hold). Conditions an operation cannot honour
//! (`expect_not_exist` on an update or a delete) and filter values no column can hold are
//! refused before anything is sent.
//!
//! ## Pages
//!
//! [`Repo::page`] returns a [`Page`]: the items and, when more follow, a [`PageToken`] that
//! serializes as a string for an API and resumes inside the same range.
//!
//! ## `filter!` and `condition!`
//!
//! `filter!(User, age >= min_age && (name == "bob" || !active))` takes `== != < <= > >=`,
//! `&&`, `||`, `!`, parentheses, boolean columns alone, `exists(col)`, `missing(col)`, and the
//! per-comparison options `fail_if_missing(..)`, `pass_if_missing(..)` (the default),
//! `any_version(..)` and `latest_version_only(..)` (the default). Values are any Rust
//! expressions; a misspelled column or a value of the wrong type fails to compile at that
//! token. `condition!(User, expect_exist, version == 3)` adds a row-existence expectation
//! (`ignore`, `expect_exist`, `expect_not_exist`) for conditional put, update and delete.
#![deny(missing_docs)]

mod typed;

/// Typed search over a model's search indexes: handles, queries, sorts, aggregations, pages.
pub mod search {
    pub use crate::typed::search::*;
    pub use ots_core::ops::search::agg::{DateInterval, DateUnit};
    pub use ots_core::ops::search::query::GeoPoint;
}

pub use ots_core::ops::search::query::GeoPoint;
pub use ots_core::{
    model, ops, retry, Client, ClientBuilder, Credentials, CredentialsFuture, CredentialsProvider,
    EnvironmentCredentials, Error, ErrorCode, ErrorKind, RefreshingCredentials, Result, RetryClass,
};
#[cfg(feature = "ecs")]
pub use ots_core::{EcsRamRoleCredentials, EcsRamRoleCredentialsBuilder};
pub use ots_derive::{condition, filter, OtsTable, SearchDocument};
pub use typed::search::{Search, SearchDocument, SearchPage, SearchQuery, SearchToken, Searchable};
pub use typed::{
    BoxFuture, BoxStream, Col, ColumnArg, ColumnValue, IntegerColumn, IntegerValue, Json, KeyArg, KeyPrefix,
    KeyRange, KeyValue, Mismatch, OtsTable, Page, PageToken, Patch, Query, Repo, Repository, SchemaDrift,
    SchemaReport, Timestamp, TypedCondition, TypedFilter,
};

/// What the macros expand to. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::typed::search::{
        kind as search_kind, NestedField, SearchDocument, SearchField, Searchable,
    };
    pub use crate::typed::{
        column_fns, json_fns, key_fns, Col, ColumnArg, ColumnFns, ColumnValue, IntegerValue, Json, KeyArg,
        KeyFns, KeyPrefix, KeyValue, Mismatch, OtsTable, Patch, Timestamp, TypedCondition, TypedFilter,
    };
    pub use ots_core::model::{
        Column, ColumnUpdate, PrimaryKey, PrimaryKeyColumn, PrimaryKeySchema, PrimaryKeyValue, Row,
        RowExistence, Value,
    };
    pub use ots_core::ops::search::index::{
        Analyzer, CreateSearchIndexRequest, FieldSchema, IndexSorter, SortOrder, VectorMetric,
    };
    pub use ots_core::ops::search::query::GeoPoint;
    pub use ots_core::ops::table::CreateTableRequest;
    pub use ots_core::{Error, Result};
}

/// The README's Rust snippets are compiled as doc tests, so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
