//! The integration tests, in one binary (one link instead of one per file): every client and
//! typed-layer feature against an in-process ots-local over real HTTP, the example web app, and
//! the official Python and Node SDKs' conformance scripts. Only tests/client_env.rs, which
//! changes process-wide environment variables, has a binary of its own.

mod batch_ops;
mod client_transport;
mod common;
mod derive_crate_path;
mod derive_ui;
mod errors;
mod example_web_app;
mod local_atomicity;
mod local_http;
mod node_conformance;
mod python_conformance;
mod range_ops;
mod row_ops;
mod search;
mod search_aggs;
mod search_index;
mod search_scan;
mod search_special;
mod secondary_index;
mod sequence;
mod table_ops;
mod transactions;
mod typed_fixes;
mod typed_repo;
mod typed_search;
mod typed_search_aggs;
mod typed_secondary_index;
#[cfg(all(feature = "chrono", feature = "time"))]
mod typed_timestamps;
mod typed_transactions;
