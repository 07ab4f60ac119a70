//! SimpleRowMatrix: golden vectors that the official Go SDK's `parseMatrixRows` reads back as the
//! rows below (checked with the SDK at commit a0e80326), plus property tests.
#![allow(clippy::unwrap_used)]

use ots_proto::crc8::crc8_bytes;
use ots_proto::model::{Column, PrimaryKey, PrimaryKeyColumn, PrimaryKeyValue, Row, Value};
use ots_proto::row_matrix::{decode_rows, encode_rows, EncodeError, API_VERSION};
use proptest::prelude::*;

/// One row with every key type (string, binary, integer) and every attribute type.
const V1_EVERY_TYPE: &str = "53524d30550000004e00000003000000050000000400706b5f730400706b5f620400706b5f69\
    0400626c6f620700626f6f6c65616e0600646f75626c650700696e74656765720600737472696e67\
    0a0103010000000203020000006b31070200000001ff00f9ffffffffffffff070200000000fe0201\
    010000000000000c40002a00000000000000030600000068c3a96c6c6f0194";

/// Two rows that each lack some column (0x06 cells); row 1 has two versions of `a`.
const V2_MISSING_AND_VERSIONS: &str =
    "53524d3028000000210000000100000003000000020069640100610100620100630a01030200\
    00000200010000000000000000010000000000000006030100000078020002000000000000000602000601e5";

/// No rows: the header still names the primary key.
const V3_NO_ROWS: &str = "53524d301f000000180000000100000000000000020069640a0103000000000113";

fn unhex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn id(i: i64) -> PrimaryKey {
    PrimaryKey::new().with("id", i)
}

/// Recomputes the footer so that a mutated block gets past the checksum.
fn with_footer(mut body: Vec<u8>) -> Vec<u8> {
    body.push(0x01);
    body.push(crc8_bytes(0, &body));
    body
}

#[test]
fn v1_every_type() {
    let rows = vec![Row {
        primary_key: PrimaryKey::new()
            .with("pk_s", "k1")
            .with("pk_b", vec![0x01u8, 0xff])
            .with("pk_i", -7),
        columns: vec![
            Column::new("blob", vec![0u8, 0xfe]),
            Column::new("boolean", true),
            Column::new("double", 3.5),
            Column::new("integer", 42),
            Column::new("string", "h\u{e9}llo"),
        ],
    }];
    let bytes = unhex(V1_EVERY_TYPE);
    assert_eq!(encode_rows(&rows, &["pk_s", "pk_b", "pk_i"]).unwrap(), bytes);
    assert_eq!(decode_rows(&bytes).unwrap(), rows);
}

#[test]
fn v2_missing_columns_and_versions() {
    let rows = vec![
        Row {
            primary_key: id(1),
            columns: vec![
                Column::new("a", 1).at(2),
                Column::new("a", 0).at(1),
                Column::new("c", "x"),
            ],
        },
        Row {
            primary_key: id(2),
            columns: vec![Column::new("b", false)],
        },
    ];
    let bytes = unhex(V2_MISSING_AND_VERSIONS);
    assert_eq!(encode_rows(&rows, &["id"]).unwrap(), bytes);
    let expected = vec![
        Row {
            primary_key: id(1),
            columns: vec![Column::new("a", 1), Column::new("c", "x")],
        },
        Row {
            primary_key: id(2),
            columns: vec![Column::new("b", false)],
        },
    ];
    assert_eq!(decode_rows(&bytes).unwrap(), expected);
}

#[test]
fn v3_no_rows() {
    let bytes = unhex(V3_NO_ROWS);
    assert_eq!(encode_rows(&[], &["id"]).unwrap(), bytes);
    assert_eq!(decode_rows(&bytes).unwrap(), vec![]);
}

#[test]
fn refuses_what_the_format_cannot_carry() {
    let inf = Row {
        primary_key: PrimaryKey::new().with("id", PrimaryKeyValue::InfMax),
        columns: vec![],
    };
    assert!(matches!(
        encode_rows(&[inf], &["id"]),
        Err(EncodeError::PlaceholderKey {
            row: 0,
            type_name: "VT_INF_MAX",
            ..
        })
    ));
    let other_key = Row {
        primary_key: PrimaryKey::new().with("k", 1),
        columns: vec![],
    };
    assert!(matches!(
        encode_rows(&[Row::default(), other_key], &[] as &[&str]),
        Err(EncodeError::PrimaryKeyMismatch { row: 1, .. })
    ));
}

#[test]
fn rejects_corrupt_blocks() {
    let good = unhex(V2_MISSING_AND_VERSIONS);
    let mut bad_crc = good.clone();
    *bad_crc.last_mut().unwrap() ^= 1;
    assert!(decode_rows(&bad_crc).unwrap_err().reason.contains("checksum"));

    // The first key cell is at data_offset (0x28) + row tag; a no-value key is refused (as in Go).
    let body = &good[..good.len() - 2];
    let mut null_key = body.to_vec();
    null_key[0x29] = 0x06;
    assert_eq!(decode_rows(&with_footer(null_key)).unwrap_err().offset, 0x29);

    let mut bad_version = body.to_vec();
    bad_version[0] = 0;
    assert!(decode_rows(&with_footer(bad_version)).is_err());

    let mut trailing = body.to_vec();
    trailing.push(0x02);
    assert!(decode_rows(&with_footer(trailing))
        .unwrap_err()
        .reason
        .contains("after the last row"));
    assert_eq!(&good[..4], &API_VERSION.to_le_bytes());
}

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z_][A-Za-z0-9_]{0,12}"
}

fn key_value() -> impl Strategy<Value = PrimaryKeyValue> {
    prop_oneof![
        any::<i64>().prop_map(PrimaryKeyValue::Integer),
        ".{0,20}".prop_map(PrimaryKeyValue::String),
        proptest::collection::vec(any::<u8>(), 0..20).prop_map(PrimaryKeyValue::Binary),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::Integer),
        any::<f64>()
            .prop_filter("NaN has no equality", |d| !d.is_nan())
            .prop_map(Value::Double),
        any::<bool>().prop_map(Value::Boolean),
        ".{0,40}".prop_map(Value::String),
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(Value::Binary),
    ]
}

/// Key names shared by every row, and rows keyed by them (attribute names may repeat: versions).
fn block() -> impl Strategy<Value = (Vec<String>, Vec<Row>)> {
    proptest::collection::vec(name(), 0..4).prop_flat_map(|pk_names| {
        let n = pk_names.len();
        let col =
            (name(), value(), proptest::option::of(0i64..i64::MAX)).prop_map(|(name, value, timestamp)| {
                Column {
                    name,
                    value,
                    timestamp,
                }
            });
        let row = (
            proptest::collection::vec(key_value(), n),
            proptest::collection::vec(col, 0..8),
        );
        let names = pk_names.clone();
        let rows = proptest::collection::vec(row, 0..5).prop_map(move |rows| {
            rows.into_iter()
                .map(|(keys, columns)| Row {
                    primary_key: PrimaryKey {
                        columns: names
                            .iter()
                            .zip(keys)
                            .map(|(name, value)| PrimaryKeyColumn {
                                name: name.clone(),
                                value,
                            })
                            .collect(),
                    },
                    columns,
                })
                .collect::<Vec<_>>()
        });
        (Just(pk_names), rows)
    })
}

/// What a row matrix keeps of a row: the first entry per column name, sorted by name, no timestamp.
fn as_matrix_keeps(row: &Row) -> Row {
    let mut columns: Vec<Column> = Vec::new();
    for c in &row.columns {
        if !columns.iter().any(|k| k.name == c.name) {
            columns.push(Column::new(c.name.clone(), c.value.clone()));
        }
    }
    columns.sort_by(|a, b| a.name.cmp(&b.name));
    Row {
        primary_key: row.primary_key.clone(),
        columns,
    }
}

proptest! {
    #[test]
    fn rows_round_trip((pk_names, rows) in block()) {
        let bytes = encode_rows(&rows, &pk_names).unwrap();
        let expected: Vec<Row> = rows.iter().map(as_matrix_keeps).collect();
        prop_assert_eq!(decode_rows(&bytes).unwrap(), expected);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = decode_rows(&bytes);
        let _ = decode_rows(&with_footer(bytes.clone()));
        let mut versioned = API_VERSION.to_le_bytes().to_vec();
        versioned.extend_from_slice(&bytes);
        let _ = decode_rows(&with_footer(versioned));
    }

    #[test]
    fn corrupted_blocks_never_panic((pk_names, rows) in block(), idx in any::<usize>(), byte in any::<u8>()) {
        let bytes = encode_rows(&rows, &pk_names).unwrap();
        let mut body = bytes[..bytes.len() - 2].to_vec();
        let i = idx % body.len();
        body[i] = byte;
        let _ = decode_rows(&with_footer(body));
    }
}
