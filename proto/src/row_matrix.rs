//! SimpleRowMatrix (`DBT_SIMPLE_ROW_MATRIX`): the block format GetRange answers in when the request
//! sets `data_block_type_hint`. Column names are written once in a header; every row is then one
//! cell per header column, in header order, without names or timestamps.
//!
//! All integers are little-endian. Layout of a block:
//!
//! ```text
//! header   api_version u32 = 0x304d5253 ("SRM0"), data_offset i32, options_offset i32,
//!          pk_count i32, attr_count i32,
//!          then pk_count + attr_count names: len i16, UTF-8 bytes (primary key names first)
//! options  at options_offset: 0x0a entire_primary_keys u8 (0|1), 0x03 row_count i32
//! rows     at data_offset, row_count times: 0x02, then pk_count + attr_count cells
//! cell     type u8, then 8 bytes (0x00 integer, 0x01 double), 1 byte (0x02 boolean, 0|1),
//!          len i32 + bytes (0x03 string, 0x07 binary), or nothing (0x06: no value in this row)
//! footer   0x01, CRC-8 of every preceding byte of the block (tag included)
//! ```
//!
//! The format holds one value per row and column: the encoder writes the newest version (the first
//! entry of that name in [`Row::columns`]) and drops timestamps, so rows decode with
//! `timestamp: None`. Primary key cells are integer, string or binary only.

use std::collections::{BTreeSet, HashMap};

use crate::crc8::crc8_bytes;
use crate::model::{Column, PrimaryKey, PrimaryKeyColumn, PrimaryKeyValue, Row, Value};
use crate::plainbuffer::{VT_BLOB, VT_BOOLEAN, VT_DOUBLE, VT_INTEGER, VT_NULL, VT_STRING};

/// The block's first four bytes (little-endian u32).
pub const API_VERSION: u32 = 0x304d_5253;

const TAG_CHECKSUM: u8 = 0x01;
const TAG_ROW: u8 = 0x02;
const TAG_ROW_COUNT: u8 = 0x03;
const TAG_ENTIRE_PRIMARY_KEYS: u8 = 0x0a;

/// Why rows could not be written as a row matrix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A row's primary key columns are not the header's names, in the same order.
    #[error("primary key of row {row} is {found}, expected the columns {expected:?} in this order")]
    PrimaryKeyMismatch {
        /// Index of the row in the input.
        row: usize,
        /// The row's key.
        found: PrimaryKey,
        /// The primary key names given for the header.
        expected: Vec<String>,
    },
    /// A primary key column holds `InfMin`, `InfMax` or `AutoIncrement`, which the format lacks.
    #[error("primary key column `{column}` of row {row} is {type_name}, which a row matrix cannot carry")]
    PlaceholderKey {
        /// Index of the row in the input.
        row: usize,
        /// Column name.
        column: String,
        /// The value's type (`VT_INF_MIN`, ...).
        type_name: &'static str,
    },
    /// A name, value or count exceeds its length field (i16 for names, i32 otherwise).
    #[error("{what} is too large for a row matrix: {len}")]
    TooLarge {
        /// What overflowed (`column name`, `string value`, `row count`, ...).
        what: &'static str,
        /// Its size in bytes or items.
        len: usize,
    },
}

/// Why a row matrix could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed row matrix at byte {offset}: {reason}")]
pub struct DecodeError {
    /// Byte offset where decoding stopped.
    pub offset: usize,
    /// What was wrong there.
    pub reason: String,
}

impl DecodeError {
    fn new(offset: usize, reason: impl Into<String>) -> Self {
        Self {
            offset,
            reason: reason.into(),
        }
    }
}

/// Writes `rows` as one block whose header names `primary_key_names`, then the attribute columns
/// that occur in any row, sorted by name (bytewise). A row that lacks an attribute gets a
/// no-value cell (0x06) there; of several versions of a column only the first (newest) is kept.
///
/// # Errors
/// [`EncodeError::PrimaryKeyMismatch`] when a row's key columns are not exactly
/// `primary_key_names` in order, [`EncodeError::PlaceholderKey`] for `InfMin`, `InfMax` or
/// `AutoIncrement` in a key, [`EncodeError::TooLarge`] when a length overflows its field.
///
/// # Examples
/// ```
/// use ots_proto::model::{Column, PrimaryKey, Row};
/// use ots_proto::row_matrix::{decode_rows, encode_rows};
///
/// let row = Row { primary_key: PrimaryKey::new().with("id", 1), columns: vec![Column::new("a", "x")] };
/// let bytes = encode_rows(std::slice::from_ref(&row), &["id"])?;
/// assert_eq!(decode_rows(&bytes)?, vec![row]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn encode_rows<S: AsRef<str>>(rows: &[Row], primary_key_names: &[S]) -> Result<Vec<u8>, EncodeError> {
    let pk_names: Vec<&str> = primary_key_names.iter().map(AsRef::as_ref).collect();
    let attr_names: Vec<&str> = rows
        .iter()
        .flat_map(|r| r.columns.iter().map(|c| c.name.as_str()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let attr_slot: HashMap<&str, usize> = attr_names.iter().enumerate().map(|(i, n)| (*n, i)).collect();

    let mut buf = Vec::new();
    buf.extend_from_slice(&API_VERSION.to_le_bytes());
    buf.extend_from_slice(&[0; 8]); // data_offset and options_offset, patched below
    put_i32(&mut buf, pk_names.len(), "primary key column count")?;
    put_i32(&mut buf, attr_names.len(), "attribute column count")?;
    for name in pk_names.iter().chain(&attr_names) {
        let len = i16::try_from(name.len()).map_err(|_| too_large("column name", name.len()))?;
        buf.extend_from_slice(&len.to_le_bytes());
        buf.extend_from_slice(name.as_bytes());
    }
    let options_offset = buf.len();
    buf.extend_from_slice(&[TAG_ENTIRE_PRIMARY_KEYS, 1, TAG_ROW_COUNT]);
    put_i32(&mut buf, rows.len(), "row count")?;
    let data_offset = buf.len();
    patch_i32(&mut buf, 4, data_offset)?;
    patch_i32(&mut buf, 8, options_offset)?;

    let mut cells: Vec<Option<&Value>> = Vec::with_capacity(attr_names.len());
    for (index, row) in rows.iter().enumerate() {
        buf.push(TAG_ROW);
        check_key(index, row, &pk_names)?;
        for col in &row.primary_key.columns {
            put_key(&mut buf, index, col)?;
        }
        cells.clear();
        cells.resize(attr_names.len(), None);
        for col in &row.columns {
            if let Some(&slot) = attr_slot.get(col.name.as_str()) {
                cells[slot].get_or_insert(&col.value);
            }
        }
        for cell in &cells {
            match cell {
                Some(value) => put_value(&mut buf, value)?,
                None => buf.push(VT_NULL),
            }
        }
    }
    buf.push(TAG_CHECKSUM);
    buf.push(crc8_bytes(0, &buf));
    Ok(buf)
}

fn too_large(what: &'static str, len: usize) -> EncodeError {
    EncodeError::TooLarge { what, len }
}

fn put_i32(buf: &mut Vec<u8>, n: usize, what: &'static str) -> Result<(), EncodeError> {
    let v = i32::try_from(n).map_err(|_| too_large(what, n))?;
    buf.extend_from_slice(&v.to_le_bytes());
    Ok(())
}

fn patch_i32(buf: &mut [u8], at: usize, n: usize) -> Result<(), EncodeError> {
    let v = i32::try_from(n).map_err(|_| too_large("header", n))?;
    if let Some(dst) = buf.get_mut(at..at + 4) {
        dst.copy_from_slice(&v.to_le_bytes());
    }
    Ok(())
}

fn put_bytes(buf: &mut Vec<u8>, ty: u8, bytes: &[u8], what: &'static str) -> Result<(), EncodeError> {
    buf.push(ty);
    put_i32(buf, bytes.len(), what)?;
    buf.extend_from_slice(bytes);
    Ok(())
}

fn check_key(row: usize, r: &Row, names: &[&str]) -> Result<(), EncodeError> {
    let cols = &r.primary_key.columns;
    if cols.len() == names.len() && cols.iter().zip(names).all(|(c, n)| c.name == *n) {
        return Ok(());
    }
    Err(EncodeError::PrimaryKeyMismatch {
        row,
        found: r.primary_key.clone(),
        expected: names.iter().map(|n| (*n).to_owned()).collect(),
    })
}

fn put_key(buf: &mut Vec<u8>, row: usize, col: &PrimaryKeyColumn) -> Result<(), EncodeError> {
    match &col.value {
        PrimaryKeyValue::Integer(i) => {
            buf.push(VT_INTEGER);
            buf.extend_from_slice(&i.to_le_bytes());
            Ok(())
        }
        PrimaryKeyValue::String(s) => put_bytes(buf, VT_STRING, s.as_bytes(), "string value"),
        PrimaryKeyValue::Binary(b) => put_bytes(buf, VT_BLOB, b, "binary value"),
        other => Err(EncodeError::PlaceholderKey {
            row,
            column: col.name.clone(),
            type_name: other.type_name(),
        }),
    }
}

fn put_value(buf: &mut Vec<u8>, value: &Value) -> Result<(), EncodeError> {
    match value {
        Value::Integer(i) => {
            buf.push(VT_INTEGER);
            buf.extend_from_slice(&i.to_le_bytes());
        }
        Value::Double(d) => {
            buf.push(VT_DOUBLE);
            buf.extend_from_slice(&d.to_le_bytes());
        }
        Value::Boolean(b) => buf.extend_from_slice(&[VT_BOOLEAN, u8::from(*b)]),
        Value::String(s) => put_bytes(buf, VT_STRING, s.as_bytes(), "string value")?,
        Value::Binary(b) => put_bytes(buf, VT_BLOB, b, "binary value")?,
    }
    Ok(())
}

/// Reads every row of a block. Cells without a value are left out of [`Row::columns`], which
/// keep header order; timestamps are `None`. Never panics on arbitrary input.
///
/// # Errors
/// A [`DecodeError`] naming the offset of the first malformed byte: wrong API version or
/// checksum, negative counts or lengths, offsets outside the block, unknown tags or value types,
/// a key cell that is not integer, string or binary, non-UTF-8 names or strings, or bytes left
/// between the last row and the footer.
pub fn decode_rows(bytes: &[u8]) -> Result<Vec<Row>, DecodeError> {
    let footer = check_footer(bytes)?;
    // Reading only up to the footer keeps rows from running into it.
    let mut r = Reader {
        buf: &bytes[..footer],
        pos: 0,
    };
    if u32::from_le_bytes(r.take()?) != API_VERSION {
        return Err(DecodeError::new(0, "api version is not 0x304d5253"));
    }
    let data_offset = r.count("data offset")?;
    let options_offset = r.count("options offset")?;
    let pk_count = r.count("primary key column count")?;
    let attr_count = r.count("attribute column count")?;
    let mut names = Vec::with_capacity((pk_count + attr_count).min(r.remaining()));
    for _ in 0..pk_count + attr_count {
        let at = r.pos;
        let len = i16::from_le_bytes(r.take()?);
        let len = usize::try_from(len).map_err(|_| DecodeError::new(at, "negative name length"))?;
        names.push(r.string(len)?);
    }

    r.seek(options_offset)?;
    let row_count = loop {
        match r.u8()? {
            TAG_ENTIRE_PRIMARY_KEYS => {
                if r.u8()? > 1 {
                    return Err(r.err_before(1, "entire primary keys flag is neither 0 nor 1"));
                }
            }
            TAG_ROW_COUNT => break r.count("row count")?,
            other => return Err(r.err_before(1, format!("unknown option tag 0x{other:02x}"))),
        }
    };

    r.seek(data_offset)?;
    let (pk_names, attr_names) = names.split_at(pk_count);
    let mut rows = Vec::with_capacity(row_count.min(r.remaining()));
    for _ in 0..row_count {
        if r.u8()? != TAG_ROW {
            return Err(r.err_before(1, "expected row tag 0x02"));
        }
        let mut primary_key = PrimaryKey::new();
        for name in pk_names {
            primary_key.columns.push(PrimaryKeyColumn {
                name: name.clone(),
                value: r.key()?,
            });
        }
        let mut columns = Vec::new();
        for name in attr_names {
            if let Some(value) = r.value()? {
                columns.push(Column::new(name.clone(), value));
            }
        }
        rows.push(Row { primary_key, columns });
    }
    if r.remaining() != 0 {
        return Err(r.err_before(0, format!("{} bytes after the last row", r.remaining())));
    }
    Ok(rows)
}

/// Checks the two-byte footer and returns its offset.
fn check_footer(bytes: &[u8]) -> Result<usize, DecodeError> {
    let (footer, tag, crc) = match bytes {
        [.., tag, crc] => (bytes.len() - 2, *tag, *crc),
        _ => return Err(DecodeError::new(bytes.len(), "block is shorter than its footer")),
    };
    if tag != TAG_CHECKSUM {
        return Err(DecodeError::new(footer, "expected checksum tag 0x01"));
    }
    let expected = crc8_bytes(0, &bytes[..footer + 1]);
    if crc != expected {
        return Err(DecodeError::new(
            footer + 1,
            format!("checksum 0x{crc:02x} does not match 0x{expected:02x}"),
        ));
    }
    Ok(footer)
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// An error at `back` bytes before the current position.
    fn err_before(&self, back: usize, reason: impl Into<String>) -> DecodeError {
        DecodeError::new(self.pos.saturating_sub(back), reason)
    }

    fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    fn seek(&mut self, to: usize) -> Result<(), DecodeError> {
        if to > self.buf.len() {
            return Err(self.err_before(0, format!("offset {to} lies beyond the data")));
        }
        self.pos = to;
        Ok(())
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        Ok(self.slice(N)?.try_into().unwrap_or([0; N]))
    }

    fn slice(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        match self.buf.get(self.pos..self.pos.saturating_add(n)) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => Err(self.err_before(0, format!("unexpected end of block, {n} more bytes needed"))),
        }
    }

    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take::<1>()?[0])
    }

    /// An i32 that must not be negative: counts, offsets and lengths.
    fn count(&mut self, what: &str) -> Result<usize, DecodeError> {
        let v = i32::from_le_bytes(self.take()?);
        usize::try_from(v).map_err(|_| self.err_before(4, format!("{what} is negative: {v}")))
    }

    fn string(&mut self, len: usize) -> Result<String, DecodeError> {
        let at = self.pos;
        let bytes = self.slice(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| DecodeError::new(at, "string is not valid UTF-8"))
    }

    fn binary(&mut self) -> Result<Vec<u8>, DecodeError> {
        let len = self.count("binary length")?;
        Ok(self.slice(len)?.to_vec())
    }

    fn key(&mut self) -> Result<PrimaryKeyValue, DecodeError> {
        Ok(match self.u8()? {
            VT_INTEGER => PrimaryKeyValue::Integer(i64::from_le_bytes(self.take()?)),
            VT_STRING => {
                let len = self.count("string length")?;
                PrimaryKeyValue::String(self.string(len)?)
            }
            VT_BLOB => PrimaryKeyValue::Binary(self.binary()?),
            other => return Err(self.err_before(1, format!("primary key cell has type 0x{other:02x}"))),
        })
    }

    fn value(&mut self) -> Result<Option<Value>, DecodeError> {
        Ok(Some(match self.u8()? {
            VT_INTEGER => Value::Integer(i64::from_le_bytes(self.take()?)),
            VT_DOUBLE => Value::Double(f64::from_le_bytes(self.take()?)),
            VT_BOOLEAN => match self.u8()? {
                0 => Value::Boolean(false),
                1 => Value::Boolean(true),
                b => return Err(self.err_before(1, format!("boolean cell holds {b}"))),
            },
            VT_STRING => {
                let len = self.count("string length")?;
                Value::String(self.string(len)?)
            }
            VT_BLOB => Value::Binary(self.binary()?),
            VT_NULL => return Ok(None),
            other => return Err(self.err_before(1, format!("unknown value type 0x{other:02x}"))),
        }))
    }
}
