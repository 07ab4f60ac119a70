//! Tablestore wire formats: the protobuf messages, the PlainBuffer row codec with its CRC-8,
//! and request/response signing. Both the client (`ots-core`) and the local server
//! (`ots-local`) build on this crate; it is the only one that knows wire bytes.
#![deny(missing_docs)]

pub mod crc8;
pub mod model;
pub mod plainbuffer;
pub mod sign;

/// Generated protobuf messages. Internal to the project: public APIs never expose them.
#[allow(missing_docs, clippy::all, missing_debug_implementations)]
pub mod pb {
    /// Tables, rows, batches, ranges, transactions.
    pub mod table_store {
        include!(concat!(env!("OUT_DIR"), "/ots.table_store.rs"));
    }
    /// Column filters.
    pub mod filter {
        include!(concat!(env!("OUT_DIR"), "/ots.filter.rs"));
    }
    /// Search indexes.
    pub mod search {
        include!(concat!(env!("OUT_DIR"), "/ots.search.rs"));
    }
    /// Tunnel service.
    pub mod tunnel {
        include!(concat!(env!("OUT_DIR"), "/ots.tunnel.rs"));
    }
}
