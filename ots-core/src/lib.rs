//! The async Tablestore client: transport, signing, retries and every table and row operation,
//! with the project's own request, output and value types (no protobuf type is public). This is
//! the untyped layer; the `ots` crate adds typed models on top and re-exports this one.
//!
//! ## One convention
//!
//! Every operation is a method of [`Client`] that takes one request **by value** and returns
//! its output: `client.get_row(GetRowRequest::new(table, key)).await`. A request is built with
//! `XxxRequest::new(..)`, which takes what the operation cannot do without, and chained
//! setters for the rest (`.columns(..)`, `.filter(..)`, `.condition(..)`, `.limit(..)`);
//! request types are `#[non_exhaustive]`, so fields the service adds later are new setters,
//! not breaking changes. Requests live next to their operation in [`ops`] (`ops::row`,
//! `ops::range`, `ops::batch`, `ops::table`, `ops::transaction`); an operation without
//! parameters ([`Client::list_tables`]) takes none, and the two that need only a transaction
//! id ([`Client::commit_transaction`], [`Client::abort_transaction`]) take just that. Errors are one [`Error`] type: match on
//! [`Error::code`] (a typed [`ErrorCode`]) or the predicates (`is_condition_failed`,
//! `is_not_found`, ...); [`Error::table`] and [`Error::primary_key`] say what it concerns.
//!
//! ```
//! use ots_core::model::{Column, PrimaryKey, PrimaryKeySchema, Row, Value};
//! use ots_core::ops::row::{GetRowRequest, PutRowRequest};
//! use ots_core::ops::table::CreateTableRequest;
//! use ots_core::{Client, Credentials};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = ots_local::LocalServer::builder().start().await?;
//! # let endpoint = server.endpoint();
//! // `endpoint` is an in-process ots-local here; a real instance works the same way.
//! let client = Client::builder()
//!     .endpoint(endpoint)
//!     .instance("ots-local")
//!     .credentials(Credentials::new("ots-local-id", "ots-local-secret"))
//!     .build()?;
//! client.create_table(CreateTableRequest::new("users").primary_key(PrimaryKeySchema::integer("id"))).await?;
//! let key = PrimaryKey::new().with("id", 1);
//! let row = Row { primary_key: key.clone(), columns: vec![Column::new("name", "alice")] };
//! client.put_row(PutRowRequest::new("users", row)).await?;
//! let got = client.get_row(GetRowRequest::new("users", key)).await?.row;
//! assert_eq!(got.as_ref().and_then(|r| r.get("name")), Some(&Value::from("alice")));
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod auth;
mod client;
mod codec;
mod error;
pub mod model;
pub mod ops;
pub mod retry;
mod transport;

pub use auth::{
    Credentials, CredentialsFuture, CredentialsProvider, EnvironmentCredentials, RefreshingCredentials,
};
#[cfg(feature = "ecs")]
pub use auth::{EcsRamRoleCredentials, EcsRamRoleCredentialsBuilder};
pub use client::{Client, ClientBuilder};
pub use error::{Error, ErrorCode, ErrorKind, Result, RetryClass};
