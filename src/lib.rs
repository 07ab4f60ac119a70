//! # ots
//!
//! The typed way for Rust services to use Alibaba Cloud Tablestore (OTS).
//!
//! This facade re-exports the client ([`Client`]), its value and request types, and the retry
//! policies. Develop and test against `ots-local`, a local server that speaks the Tablestore
//! protocol: the example below runs one in process.
//!
//! ```
//! use ots::model::{Column, Condition, PrimaryKey, PrimaryKeySchema, Row, Value};
//! use ots::ops::row::{GetRowRequest, PutRowRequest};
//! use ots::ops::table::CreateTableRequest;
//! use ots::{Client, Credentials};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = ots_local::LocalServer::builder().start().await?;
//! let client = Client::builder()
//!     .endpoint(server.endpoint())
//!     .instance(server.instance())
//!     .credentials(Credentials::new(server.access_key_id(), server.access_key_secret()))
//!     .build()?;
//!
//! client.create_table(CreateTableRequest::new("users").primary_key(PrimaryKeySchema::integer("id"))).await?;
//! let key = PrimaryKey::new().with("id", 1);
//! let row = Row { primary_key: key.clone(), columns: vec![Column::new("name", "alice")] };
//! client.put_row(PutRowRequest::new("users", row).condition(Condition::expect_not_exist())).await?;
//!
//! let user = client.get_row(GetRowRequest::new("users", key)).await?.row;
//! assert_eq!(user.as_ref().and_then(|r| r.get("name")), Some(&Value::from("alice")));
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

pub use ots_core::typed::{
    Col, KeyRange, OtsTable, Patch, Query, Repo, Repository, SchemaReport, TypedCondition, TypedFilter,
};
pub use ots_core::{model, ops, retry, typed, Client, ClientBuilder, Credentials, Error, ErrorKind, Result};
pub use ots_derive::{condition, filter, OtsTable};

/// What the macros expand to. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use ots_core::model::{
        Column, ColumnUpdate, PrimaryKey, PrimaryKeyColumn, PrimaryKeySchema, PrimaryKeyValue, Row,
        RowExistence, Value,
    };
    pub use ots_core::ops::table::CreateTableRequest;
    pub use ots_core::typed::{
        assert_column_value, assert_key_value, json_from_value, json_to_value, Col, ColumnArg, ColumnValue,
        KeyValue, Mismatch, OtsTable, Patch, TypedCondition, TypedFilter,
    };
    pub use ots_core::{Error, Result};
}
