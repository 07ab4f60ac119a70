//! PlainBuffer readers: bounds-checked, checksum-verified, never panicking.

use super::*;
use crate::crc8::{crc8_byte, crc8_bytes, crc8_i64, crc8_u32};
use crate::model::{Column, ColumnUpdate, PrimaryKey, PrimaryKeyColumn, PrimaryKeyValue, Row, Value};

/// An attribute cell as read from the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct PlainCell {
    /// Column name.
    pub name: String,
    /// The value, absent for deletes.
    pub value: Option<Value>,
    /// The operation, absent for plain puts.
    pub op: Option<CellOp>,
    /// Version timestamp in milliseconds.
    pub timestamp: Option<i64>,
}

/// A row as read from the wire: key, attribute cells, delete marker.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlainRow {
    /// The primary key.
    pub primary_key: PrimaryKey,
    /// Attribute cells in wire order.
    pub cells: Vec<PlainCell>,
    /// True when the row carried the delete marker (DeleteRow keys, delete records).
    pub delete_marker: bool,
}

impl PlainRow {
    /// Converts to a stored row; fails when a cell carries an operation or lacks a value.
    ///
    /// # Errors
    /// Returns the name of the offending column.
    pub fn into_row(self) -> Result<Row, String> {
        let mut columns = Vec::with_capacity(self.cells.len());
        for c in self.cells {
            match (c.op, c.value) {
                (None, Some(value)) => columns.push(Column {
                    name: c.name,
                    value,
                    timestamp: c.timestamp,
                }),
                _ => return Err(c.name),
            }
        }
        Ok(Row {
            primary_key: self.primary_key,
            columns,
        })
    }

    /// Converts the cells to update operations; fails on a cell that is not a valid change.
    ///
    /// # Errors
    /// Returns the name of the offending column.
    pub fn into_updates(self) -> Result<(PrimaryKey, Vec<ColumnUpdate>), String> {
        let mut out = Vec::with_capacity(self.cells.len());
        for c in self.cells {
            let u = match (c.op, c.value, c.timestamp) {
                (None, Some(value), timestamp) => ColumnUpdate::Put {
                    name: c.name,
                    value,
                    timestamp,
                },
                (Some(CellOp::DeleteOneVersion), None, Some(timestamp)) => ColumnUpdate::DeleteOneVersion {
                    name: c.name,
                    timestamp,
                },
                (Some(CellOp::DeleteAllVersions), None, _) => {
                    ColumnUpdate::DeleteAllVersions { name: c.name }
                }
                (Some(CellOp::Increment), Some(Value::Integer(delta)), _) => {
                    ColumnUpdate::Increment { name: c.name, delta }
                }
                _ => return Err(c.name),
            };
            out.push(u);
        }
        Ok((self.primary_key, out))
    }
}

enum Variant {
    Attr(Value),
    Pk(PrimaryKeyValue),
    Null,
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn err(&self, reason: impl Into<String>) -> PlainBufferError {
        PlainBufferError::new(self.pos, reason)
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], PlainBufferError> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.buf.len());
        match end {
            Some(end) => {
                let s = &self.buf[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(self.err(format!("unexpected end of buffer, {n} more bytes needed"))),
        }
    }

    fn u8(&mut self) -> Result<u8, PlainBufferError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, PlainBufferError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn i64(&mut self) -> Result<i64, PlainBufferError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(i64::from_le_bytes(a))
    }

    fn expect_tag(&mut self, tag: u8, what: &str) -> Result<(), PlainBufferError> {
        match self.peek() {
            Some(t) if t == tag => {
                self.pos += 1;
                Ok(())
            }
            Some(t) => Err(self.err(format!("expected {what} tag 0x{tag:02x}, found 0x{t:02x}"))),
            None => Err(self.err(format!("expected {what} tag 0x{tag:02x}, found end of buffer"))),
        }
    }

    fn string(&mut self, len: usize, what: &str) -> Result<String, PlainBufferError> {
        let start = self.pos;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| PlainBufferError::new(start, format!("{what} is not valid UTF-8")))
    }

    /// Reads one variant (type byte + payload) and folds it into `crc`.
    fn variant(&mut self, crc: &mut u8) -> Result<Variant, PlainBufferError> {
        let ty = self.u8()?;
        *crc = crc8_byte(*crc, ty);
        let v = match ty {
            VT_INTEGER => {
                let i = self.i64()?;
                *crc = crc8_i64(*crc, i);
                Variant::Pk(PrimaryKeyValue::Integer(i))
            }
            VT_DOUBLE => {
                let bits = self.i64()?;
                *crc = crc8_i64(*crc, bits);
                Variant::Attr(Value::Double(f64::from_bits(bits as u64)))
            }
            VT_BOOLEAN => {
                let b = self.u8()?;
                *crc = crc8_byte(*crc, b);
                Variant::Attr(Value::Boolean(b != 0))
            }
            VT_STRING | VT_BLOB => {
                let len = self.u32()?;
                *crc = crc8_u32(*crc, len);
                let start = self.pos;
                let bytes = self.take(len as usize)?;
                *crc = crc8_bytes(*crc, bytes);
                if ty == VT_STRING {
                    let s = String::from_utf8(bytes.to_vec())
                        .map_err(|_| PlainBufferError::new(start, "string value is not valid UTF-8"))?;
                    Variant::Pk(PrimaryKeyValue::String(s))
                } else {
                    Variant::Pk(PrimaryKeyValue::Binary(bytes.to_vec()))
                }
            }
            VT_NULL => Variant::Null,
            VT_INF_MIN => Variant::Pk(PrimaryKeyValue::InfMin),
            VT_INF_MAX => Variant::Pk(PrimaryKeyValue::InfMax),
            VT_AUTO_INCREMENT => Variant::Pk(PrimaryKeyValue::AutoIncrement),
            other => {
                return Err(PlainBufferError::new(
                    self.pos - 1,
                    format!("unknown value type 0x{other:02x}"),
                ))
            }
        };
        Ok(v)
    }

    /// Reads `TAG_CELL_VALUE len variant`, checking that the variant fills exactly `len` bytes.
    fn cell_value(&mut self, crc: &mut u8) -> Result<Variant, PlainBufferError> {
        let len = self.u32()? as usize;
        let start = self.pos;
        let v = self.variant(crc)?;
        if self.pos - start != len {
            return Err(PlainBufferError::new(
                start,
                format!("cell value length {len} does not match its content"),
            ));
        }
        Ok(v)
    }

    /// Reads a whole cell; returns name, value, op, timestamp and the verified cell checksum.
    #[allow(clippy::type_complexity)]
    fn cell(
        &mut self,
    ) -> Result<(String, Option<Variant>, Option<CellOp>, Option<i64>, u8), PlainBufferError> {
        self.expect_tag(TAG_CELL, "cell")?;
        self.expect_tag(TAG_CELL_NAME, "cell name")?;
        let len = self.u32()? as usize;
        let name = self.string(len, "column name")?;
        let mut crc = crc8_bytes(0, name.as_bytes());
        let mut value = None;
        if self.peek() == Some(TAG_CELL_VALUE) {
            self.pos += 1;
            value = Some(self.cell_value(&mut crc)?);
        }
        let mut op = None;
        if self.peek() == Some(TAG_CELL_TYPE) {
            self.pos += 1;
            let code = self.u8()?;
            op = Some(
                CellOp::from_code(code).ok_or_else(|| self.err(format!("unknown cell type 0x{code:02x}")))?,
            );
        }
        let mut ts = None;
        if self.peek() == Some(TAG_CELL_TIMESTAMP) {
            self.pos += 1;
            let t = self.i64()?;
            crc = crc8_i64(crc, t);
            ts = Some(t);
        }
        if let Some(op) = op {
            crc = crc8_byte(crc, op.code());
        }
        self.expect_tag(TAG_CELL_CHECKSUM, "cell checksum")?;
        let stored = self.u8()?;
        if stored != crc {
            return Err(self.err(format!(
                "checksum mismatch in cell {name:?}: stored 0x{stored:02x}, computed 0x{crc:02x}"
            )));
        }
        Ok((name, value, op, ts, crc))
    }

    fn row(&mut self) -> Result<PlainRow, PlainBufferError> {
        let mut row = PlainRow::default();
        let mut row_crc = 0u8;
        if self.peek() == Some(TAG_ROW_PK) {
            self.pos += 1;
            while self.peek() == Some(TAG_CELL) {
                let at = self.pos;
                let (name, value, op, ts, crc) = self.cell()?;
                let value = match (value, op, ts) {
                    (Some(Variant::Pk(v)), None, None) => v,
                    _ => {
                        return Err(PlainBufferError::new(
                            at,
                            format!("primary key cell {name:?} is not a key value"),
                        ))
                    }
                };
                row.primary_key.columns.push(PrimaryKeyColumn { name, value });
                row_crc = crc8_byte(row_crc, crc);
            }
        } else if self.peek() != Some(TAG_ROW_DATA) {
            return Err(self.err("expected a row"));
        }
        if self.peek() == Some(TAG_ROW_DATA) {
            self.pos += 1;
            while self.peek() == Some(TAG_CELL) {
                let at = self.pos;
                let (name, value, op, timestamp, crc) = self.cell()?;
                let value = match value {
                    None => None,
                    Some(Variant::Attr(v)) => Some(v),
                    Some(Variant::Pk(PrimaryKeyValue::Integer(i))) => Some(Value::Integer(i)),
                    Some(Variant::Pk(PrimaryKeyValue::String(s))) => Some(Value::String(s)),
                    Some(Variant::Pk(PrimaryKeyValue::Binary(b))) => Some(Value::Binary(b)),
                    Some(_) => {
                        return Err(PlainBufferError::new(
                            at,
                            format!("column {name:?} has a value type not allowed in attributes"),
                        ))
                    }
                };
                row.cells.push(PlainCell {
                    name,
                    value,
                    op,
                    timestamp,
                });
                row_crc = crc8_byte(row_crc, crc);
            }
        }
        if self.peek() == Some(TAG_DELETE_ROW_MARKER) {
            self.pos += 1;
            row.delete_marker = true;
        }
        if self.peek() == Some(TAG_EXTENSION) {
            self.pos += 1;
            let len = self.u32()? as usize;
            self.take(len)?;
        }
        self.expect_tag(TAG_ROW_CHECKSUM, "row checksum")?;
        let stored = self.u8()?;
        let crc = crc8_byte(row_crc, u8::from(row.delete_marker));
        if stored != crc {
            return Err(self.err(format!(
                "row checksum mismatch: stored 0x{stored:02x}, computed 0x{crc:02x}"
            )));
        }
        Ok(row)
    }
}

/// Decodes a buffer of zero or more rows (an empty slice gives no rows). Zero bytes after the
/// last row checksum are ignored.
///
/// # Errors
/// A [`PlainBufferError`] naming the offset and the problem.
pub fn decode_rows(buf: &[u8]) -> Result<Vec<PlainRow>, PlainBufferError> {
    if buf.is_empty() {
        return Ok(Vec::new());
    }
    let mut r = Reader { buf, pos: 0 };
    let header = r.u32()?;
    if header != HEADER {
        return Err(PlainBufferError::new(
            0,
            format!("bad header 0x{header:08x}, expected 0x00000075"),
        ));
    }
    let mut rows = Vec::new();
    loop {
        let rest = &buf[r.pos..];
        if rest.iter().all(|b| *b == 0) && !rows.is_empty() {
            break;
        }
        if rest.is_empty() {
            return Err(r.err("buffer has a header but no row"));
        }
        rows.push(r.row()?);
    }
    Ok(rows)
}

/// Decodes a buffer that must hold exactly one row.
///
/// # Errors
/// A [`PlainBufferError`] when the buffer is malformed or holds more than one row.
pub fn decode_single_row(buf: &[u8]) -> Result<PlainRow, PlainBufferError> {
    let mut rows = decode_rows(buf)?;
    if rows.len() != 1 {
        return Err(PlainBufferError::new(
            0,
            format!("expected one row, found {}", rows.len()),
        ));
    }
    Ok(rows.remove(0))
}

fn whole_variant(buf: &[u8]) -> Result<Variant, PlainBufferError> {
    let mut r = Reader { buf, pos: 0 };
    let mut crc = 0;
    let v = r.variant(&mut crc)?;
    if r.pos != buf.len() {
        return Err(r.err("trailing bytes after value"));
    }
    Ok(v)
}

/// Decodes a bare attribute value (filter operand).
///
/// # Errors
/// When the bytes are not exactly one attribute value.
pub fn decode_variant(buf: &[u8]) -> Result<Value, PlainBufferError> {
    match whole_variant(buf)? {
        Variant::Attr(v) => Ok(v),
        Variant::Pk(PrimaryKeyValue::Integer(i)) => Ok(Value::Integer(i)),
        Variant::Pk(PrimaryKeyValue::String(s)) => Ok(Value::String(s)),
        Variant::Pk(PrimaryKeyValue::Binary(b)) => Ok(Value::Binary(b)),
        _ => Err(PlainBufferError::new(0, "value type not allowed here")),
    }
}

/// Decodes a bare primary key value (partition bounds).
///
/// # Errors
/// When the bytes are not exactly one primary key value.
pub fn decode_pk_variant(buf: &[u8]) -> Result<PrimaryKeyValue, PlainBufferError> {
    match whole_variant(buf)? {
        Variant::Pk(v) => Ok(v),
        _ => Err(PlainBufferError::new(
            0,
            "value type not allowed in a primary key",
        )),
    }
}
