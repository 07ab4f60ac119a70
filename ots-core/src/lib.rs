//! The async Tablestore client: transport, signing, retries and every table and row operation,
//! with the project's own request, output and value types (no protobuf type is public).
//!
//! ```no_run
//! # async fn demo() -> ots_core::Result<()> {
//! use ots_core::model::{Column, PrimaryKey, Row};
//! use ots_core::ops::row::{GetRowRequest, PutRowRequest};
//! use ots_core::{Client, Credentials};
//!
//! let client = Client::builder()
//!     .endpoint("http://127.0.0.1:8300")
//!     .instance("ots-local")
//!     .credentials(Credentials::new("ots-local-id", "ots-local-secret"))
//!     .build()?;
//! let key = PrimaryKey::new().with("id", 1);
//! let row = Row { primary_key: key.clone(), columns: vec![Column::new("name", "alice")] };
//! client.put_row(PutRowRequest::new("users", row)).await?;
//! let got = client.get_row(GetRowRequest::new("users", key)).await?;
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
pub mod typed;

pub use auth::Credentials;
pub use client::{Client, ClientBuilder};
pub use error::{Error, ErrorKind, Result};
