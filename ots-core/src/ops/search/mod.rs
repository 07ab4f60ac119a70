//! Search indexes: management (create, describe, list, update, delete) in [`index`]. Queries,
//! sorts and aggregations arrive with the search engine of ots-local.

pub mod index;
mod index_pb;
