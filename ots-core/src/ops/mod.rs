//! Operations: request types, output types and the `Client` methods that send them.

pub mod batch;
pub mod range;
pub mod read;
pub mod row;
pub mod search;
pub mod sequence;
pub mod table;
pub mod transaction;

#[cfg(test)]
mod golden_tests;
