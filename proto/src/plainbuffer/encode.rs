//! PlainBuffer writers.

use super::*;
use crate::crc8::{crc8_byte, crc8_bytes, crc8_i64, crc8_u32};
use crate::model::{ColumnUpdate, PrimaryKey, PrimaryKeyValue, Row, Value};

/// A value as it goes on the wire, borrowed from the caller's types.
enum WireValue<'a> {
    Attr(&'a Value),
    Pk(&'a PrimaryKeyValue),
}

struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    fn with_header(capacity: usize) -> Self {
        let mut buf = Vec::with_capacity(capacity + 4);
        buf.extend_from_slice(&HEADER.to_le_bytes());
        Self { buf }
    }

    fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    fn len32(&mut self, n: usize) {
        // Every length the format carries is a u32; inputs beyond 4 GiB are refused earlier by
        // the service limits (2 MB cells, 5 MB bodies), so saturating here only guards the type.
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    fn variant(&mut self, value: &WireValue<'_>) {
        write_variant(&mut self.buf, value);
    }

    /// Writes a cell and returns its checksum.
    fn cell(&mut self, name: &str, value: Option<WireValue<'_>>, op: Option<CellOp>, ts: Option<i64>) -> u8 {
        self.buf.push(TAG_CELL);
        self.buf.push(TAG_CELL_NAME);
        self.len32(name.len());
        self.buf.extend_from_slice(name.as_bytes());
        let mut crc = crc8_bytes(0, name.as_bytes());
        if let Some(v) = &value {
            self.buf.push(TAG_CELL_VALUE);
            self.len32(variant_len(v));
            self.variant(v);
            crc = crc_variant(crc, v);
        }
        if let Some(op) = op {
            self.buf.push(TAG_CELL_TYPE);
            self.buf.push(op.code());
        }
        if let Some(ts) = ts {
            self.buf.push(TAG_CELL_TIMESTAMP);
            self.buf.extend_from_slice(&ts.to_le_bytes());
            crc = crc8_i64(crc, ts);
        }
        if let Some(op) = op {
            crc = crc8_byte(crc, op.code());
        }
        self.buf.push(TAG_CELL_CHECKSUM);
        self.buf.push(crc);
        crc
    }

    fn primary_key(&mut self, pk: &PrimaryKey) -> u8 {
        self.buf.push(TAG_ROW_PK);
        let mut row_crc = 0;
        for c in &pk.columns {
            let cell_crc = self.cell(&c.name, Some(WireValue::Pk(&c.value)), None, None);
            row_crc = crc8_byte(row_crc, cell_crc);
        }
        row_crc
    }

    fn finish_row(&mut self, row_crc: u8, delete_marker: bool) {
        if delete_marker {
            self.buf.push(TAG_DELETE_ROW_MARKER);
        }
        self.buf.push(TAG_ROW_CHECKSUM);
        self.buf.push(crc8_byte(row_crc, u8::from(delete_marker)));
    }

    fn row(&mut self, row: &Row) {
        let mut crc = self.primary_key(&row.primary_key);
        if !row.columns.is_empty() {
            self.buf.push(TAG_ROW_DATA);
            for c in &row.columns {
                let cell_crc = self.cell(&c.name, Some(WireValue::Attr(&c.value)), None, c.timestamp);
                crc = crc8_byte(crc, cell_crc);
            }
        }
        self.finish_row(crc, false);
    }
}

fn variant_len(v: &WireValue<'_>) -> usize {
    match v {
        WireValue::Attr(Value::Integer(_) | Value::Double(_))
        | WireValue::Pk(PrimaryKeyValue::Integer(_)) => 9,
        WireValue::Attr(Value::Boolean(_)) => 2,
        WireValue::Attr(Value::String(s)) | WireValue::Pk(PrimaryKeyValue::String(s)) => 5 + s.len(),
        WireValue::Attr(Value::Binary(b)) | WireValue::Pk(PrimaryKeyValue::Binary(b)) => 5 + b.len(),
        WireValue::Pk(_) => 1,
    }
}

fn push_len(buf: &mut Vec<u8>, n: usize) {
    buf.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn write_variant(buf: &mut Vec<u8>, v: &WireValue<'_>) {
    match v {
        WireValue::Attr(Value::Integer(i)) | WireValue::Pk(PrimaryKeyValue::Integer(i)) => {
            buf.push(VT_INTEGER);
            buf.extend_from_slice(&i.to_le_bytes());
        }
        WireValue::Attr(Value::Double(d)) => {
            buf.push(VT_DOUBLE);
            buf.extend_from_slice(&d.to_bits().to_le_bytes());
        }
        WireValue::Attr(Value::Boolean(b)) => {
            buf.push(VT_BOOLEAN);
            buf.push(u8::from(*b));
        }
        WireValue::Attr(Value::String(s)) | WireValue::Pk(PrimaryKeyValue::String(s)) => {
            buf.push(VT_STRING);
            push_len(buf, s.len());
            buf.extend_from_slice(s.as_bytes());
        }
        WireValue::Attr(Value::Binary(b)) | WireValue::Pk(PrimaryKeyValue::Binary(b)) => {
            buf.push(VT_BLOB);
            push_len(buf, b.len());
            buf.extend_from_slice(b);
        }
        WireValue::Pk(PrimaryKeyValue::InfMin) => buf.push(VT_INF_MIN),
        WireValue::Pk(PrimaryKeyValue::InfMax) => buf.push(VT_INF_MAX),
        WireValue::Pk(PrimaryKeyValue::AutoIncrement) => buf.push(VT_AUTO_INCREMENT),
    }
}

fn crc_variant(crc: u8, v: &WireValue<'_>) -> u8 {
    match v {
        WireValue::Attr(Value::Integer(i)) | WireValue::Pk(PrimaryKeyValue::Integer(i)) => {
            crc8_i64(crc8_byte(crc, VT_INTEGER), *i)
        }
        WireValue::Attr(Value::Double(d)) => crc8_i64(crc8_byte(crc, VT_DOUBLE), d.to_bits() as i64),
        WireValue::Attr(Value::Boolean(b)) => crc8_byte(crc8_byte(crc, VT_BOOLEAN), u8::from(*b)),
        WireValue::Attr(Value::String(s)) | WireValue::Pk(PrimaryKeyValue::String(s)) => {
            let c = crc8_u32(crc8_byte(crc, VT_STRING), s.len() as u32);
            crc8_bytes(c, s.as_bytes())
        }
        WireValue::Attr(Value::Binary(b)) | WireValue::Pk(PrimaryKeyValue::Binary(b)) => {
            let c = crc8_u32(crc8_byte(crc, VT_BLOB), b.len() as u32);
            crc8_bytes(c, b)
        }
        WireValue::Pk(PrimaryKeyValue::InfMin) => crc8_byte(crc, VT_INF_MIN),
        WireValue::Pk(PrimaryKeyValue::InfMax) => crc8_byte(crc, VT_INF_MAX),
        WireValue::Pk(PrimaryKeyValue::AutoIncrement) => crc8_byte(crc, VT_AUTO_INCREMENT),
    }
}

fn pk_size(pk: &PrimaryKey) -> usize {
    pk.columns
        .iter()
        .map(|c| 16 + c.name.len() + c.value.data_size())
        .sum()
}

/// Encodes a primary key alone (GetRow keys, range bounds, next start keys).
#[must_use]
pub fn encode_primary_key(pk: &PrimaryKey) -> Vec<u8> {
    let mut w = Writer::with_header(pk_size(pk) + 2);
    let crc = w.primary_key(pk);
    w.finish_row(crc, false);
    w.buf
}

/// Encodes a DeleteRow key: the primary key followed by the delete marker.
#[must_use]
pub fn encode_delete_row(pk: &PrimaryKey) -> Vec<u8> {
    let mut w = Writer::with_header(pk_size(pk) + 3);
    let crc = w.primary_key(pk);
    w.finish_row(crc, true);
    w.buf
}

/// Encodes one row: a PutRow body, or one row of a read response.
#[must_use]
pub fn encode_put_row(row: &Row) -> Vec<u8> {
    encode_rows(std::slice::from_ref(row))
}

/// Encodes several rows after a single header (GetRange responses).
#[must_use]
pub fn encode_rows(rows: &[Row]) -> Vec<u8> {
    if rows.is_empty() {
        return Vec::new();
    }
    let size: usize = rows
        .iter()
        .map(|r| {
            pk_size(&r.primary_key)
                + r.columns
                    .iter()
                    .map(|c| 24 + c.name.len() + c.value.data_size())
                    .sum::<usize>()
        })
        .sum();
    let mut w = Writer::with_header(size);
    for r in rows {
        w.row(r);
    }
    w.buf
}

/// Encodes an UpdateRow change: the key, then each change in order.
#[must_use]
pub fn encode_update_row(pk: &PrimaryKey, updates: &[ColumnUpdate]) -> Vec<u8> {
    let mut w = Writer::with_header(pk_size(pk) + updates.len() * 32);
    let mut crc = w.primary_key(pk);
    if !updates.is_empty() {
        w.buf.push(TAG_ROW_DATA);
    }
    for u in updates {
        let cell_crc = match u {
            ColumnUpdate::Put {
                name,
                value,
                timestamp,
            } => w.cell(name, Some(WireValue::Attr(value)), None, *timestamp),
            ColumnUpdate::DeleteOneVersion { name, timestamp } => {
                w.cell(name, None, Some(CellOp::DeleteOneVersion), Some(*timestamp))
            }
            ColumnUpdate::DeleteAllVersions { name } => {
                w.cell(name, None, Some(CellOp::DeleteAllVersions), None)
            }
            ColumnUpdate::Increment { name, delta } => {
                let v = Value::Integer(*delta);
                w.cell(name, Some(WireValue::Attr(&v)), Some(CellOp::Increment), None)
            }
        };
        crc = crc8_byte(crc, cell_crc);
    }
    w.finish_row(crc, false);
    w.buf
}

/// Encodes a bare attribute value (filter operands, search terms): type byte then payload.
#[must_use]
pub fn encode_variant(value: &Value) -> Vec<u8> {
    let mut buf = Vec::with_capacity(9 + value.data_size());
    write_variant(&mut buf, &WireValue::Attr(value));
    buf
}

/// Encodes a bare primary key value (partition bounds).
#[must_use]
pub fn encode_pk_variant(value: &PrimaryKeyValue) -> Vec<u8> {
    let mut buf = Vec::with_capacity(9 + value.data_size());
    write_variant(&mut buf, &WireValue::Pk(value));
    buf
}
