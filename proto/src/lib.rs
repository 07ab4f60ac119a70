//! Tablestore wire formats: the protobuf messages, the PlainBuffer row codec with its CRC-8,
//! and request/response signing. Both the client (`ots-core`) and the local server
//! (`ots-local`) build on this crate; it is the only one that knows wire bytes.
#![deny(missing_docs)]

pub mod action;
pub mod crc8;
pub mod error_code;
pub mod filter;
pub mod model;
pub mod plainbuffer;
pub mod row_matrix;
pub mod schema;
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

#[cfg(test)]
mod required_fields {
    use crate::pb::table_store as pb;
    use prost::Message;

    /// Clients built on protobufjs, Go and Java reject responses that lack a `required` field,
    /// so empty required fields must still be on the wire.
    #[test]
    fn empty_required_fields_are_encoded() {
        let get = pb::GetRowResponse {
            consumed: Default::default(),
            row: Vec::new(),
            next_token: None,
        };
        assert_eq!(get.encode_to_vec(), vec![0x0a, 0x02, 0x0a, 0x00, 0x12, 0x00]);
        let range = pb::GetRangeResponse {
            rows: Vec::new(),
            ..Default::default()
        };
        assert!(range.encode_to_vec().ends_with(&[0x12, 0x00]));
        let describe = pb::DescribeTableResponse {
            table_status: pb::TableStatus::Active as i32,
            ..Default::default()
        };
        let bytes = describe.encode_to_vec();
        assert!(
            bytes.windows(2).any(|w| w == [0x20, 0x01]),
            "table_status present: {bytes:02x?}"
        );
    }
}
