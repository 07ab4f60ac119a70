//! PlainBuffer: the little-endian tag/length/value format in which Tablestore carries rows,
//! primary keys and filter values, each cell and row protected by a CRC-8.
//!
//! Encoding is byte-identical to the official SDKs (golden vectors in `tests/fixtures`); decoding
//! verifies every checksum, tolerates the zero padding some SDKs leave after a row, and returns
//! an error (never panics) on malformed input.

mod decode;
mod encode;

pub use decode::{decode_pk_variant, decode_rows, decode_single_row, decode_variant, PlainCell, PlainRow};
pub use encode::{
    encode_delete_row, encode_pk_variant, encode_primary_key, encode_put_row, encode_rows, encode_update_row,
    encode_variant,
};

/// Buffer header (little-endian u32).
pub const HEADER: u32 = 0x75;

pub(crate) const TAG_ROW_PK: u8 = 0x01;
pub(crate) const TAG_ROW_DATA: u8 = 0x02;
pub(crate) const TAG_CELL: u8 = 0x03;
pub(crate) const TAG_CELL_NAME: u8 = 0x04;
pub(crate) const TAG_CELL_VALUE: u8 = 0x05;
pub(crate) const TAG_CELL_TYPE: u8 = 0x06;
pub(crate) const TAG_CELL_TIMESTAMP: u8 = 0x07;
pub(crate) const TAG_DELETE_ROW_MARKER: u8 = 0x08;
pub(crate) const TAG_ROW_CHECKSUM: u8 = 0x09;
pub(crate) const TAG_CELL_CHECKSUM: u8 = 0x0A;
pub(crate) const TAG_EXTENSION: u8 = 0x0B;

pub(crate) const VT_INTEGER: u8 = 0x00;
pub(crate) const VT_DOUBLE: u8 = 0x01;
pub(crate) const VT_BOOLEAN: u8 = 0x02;
pub(crate) const VT_STRING: u8 = 0x03;
pub(crate) const VT_NULL: u8 = 0x06;
pub(crate) const VT_BLOB: u8 = 0x07;
pub(crate) const VT_INF_MIN: u8 = 0x09;
pub(crate) const VT_INF_MAX: u8 = 0x0A;
pub(crate) const VT_AUTO_INCREMENT: u8 = 0x0B;

/// The operation a cell carries inside an update or a change record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CellOp {
    /// Delete every version of the column (0x01).
    DeleteAllVersions,
    /// Delete the version at the cell's timestamp (0x03).
    DeleteOneVersion,
    /// Add the cell's integer value to the column (0x04).
    Increment,
}

impl CellOp {
    pub(crate) fn code(self) -> u8 {
        match self {
            CellOp::DeleteAllVersions => 0x01,
            CellOp::DeleteOneVersion => 0x03,
            CellOp::Increment => 0x04,
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<Self> {
        match code {
            0x01 => Some(CellOp::DeleteAllVersions),
            0x03 => Some(CellOp::DeleteOneVersion),
            0x04 => Some(CellOp::Increment),
            _ => None,
        }
    }
}

/// Why a PlainBuffer could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed PlainBuffer at byte {offset}: {reason}")]
pub struct PlainBufferError {
    /// Byte offset where decoding stopped.
    pub offset: usize,
    /// What was wrong there.
    pub reason: String,
}

impl PlainBufferError {
    pub(crate) fn new(offset: usize, reason: impl Into<String>) -> Self {
        Self {
            offset,
            reason: reason.into(),
        }
    }
}
