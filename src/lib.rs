//! # ots
//!
//! The typed way for Rust services to use Alibaba Cloud Tablestore (OTS).
//!
//! This facade re-exports the client ([`Client`]), its value and request types, and the retry
//! policies. Develop and test against `ots-local`, a local server that speaks the Tablestore
//! protocol (see the README).
#![deny(missing_docs)]

pub use ots_core::{model, ops, retry, Client, ClientBuilder, Credentials, Error, ErrorKind, Result};
