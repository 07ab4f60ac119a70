//! Search indexes: management ([`index`]), queries ([`query`]), sorts ([`sort`]) and the
//! Search operation ([`request`]).

pub mod agg;
mod agg_pb;
pub mod highlight;
pub mod index;
mod index_ops;
mod index_pb;
pub mod query;
pub mod request;
pub mod scan;
pub mod sort;

#[cfg(test)]
mod golden_tests;
