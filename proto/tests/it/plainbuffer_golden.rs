//! PlainBuffer output must be byte-identical to the official SDK's on every golden vector.
#![allow(clippy::unwrap_used)]

use ots_proto::model::{Column, ColumnUpdate, PrimaryKey, PrimaryKeyValue, Row, Value};
use ots_proto::plainbuffer::*;
use std::collections::HashMap;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn vectors() -> HashMap<String, Vec<u8>> {
    include_str!("../fixtures/plainbuffer.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (name, hex) = l.split_once(' ').unwrap();
            (name.to_owned(), unhex(hex.trim()))
        })
        .collect()
}

fn v(name: &str) -> Vec<u8> {
    vectors().remove(name).unwrap()
}

const TS: i64 = 1_700_000_000_000;

fn id7() -> PrimaryKey {
    PrimaryKey::new().with("id", 7)
}

#[test]
fn v1_primary_key() {
    let pk = PrimaryKey::new().with("pk1", 1).with("pk2", "abc");
    assert_eq!(encode_primary_key(&pk), v("v1_pk"));
    let row = decode_single_row(&v("v1_pk")).unwrap();
    assert_eq!(row.primary_key, pk);
    assert!(row.cells.is_empty());
}

#[test]
fn v2_put_row_with_every_type() {
    let row = Row {
        primary_key: id7(),
        columns: vec![
            Column::new("i", 42).at(TS),
            Column::new("d", 3.5).at(TS + 1),
            Column::new("b", true).at(TS + 2),
            Column::new("s", "hi").at(TS + 3),
            Column::new("x", vec![1u8, 2]).at(TS + 4),
        ],
    };
    assert_eq!(encode_put_row(&row), v("v2_put_ts"));
    assert_eq!(
        decode_single_row(&v("v2_put_ts")).unwrap().into_row().unwrap(),
        row
    );

    let plain = Row {
        primary_key: id7(),
        columns: vec![Column::new("i", 42)],
    };
    assert_eq!(encode_put_row(&plain), v("v2_put_no_ts"));
}

#[test]
fn v3_update_row() {
    let updates = vec![
        ColumnUpdate::Put {
            name: "p".into(),
            value: Value::Integer(5),
            timestamp: Some(TS),
        },
        ColumnUpdate::DeleteOneVersion {
            name: "d".into(),
            timestamp: TS,
        },
        ColumnUpdate::DeleteAllVersions { name: "da".into() },
        ColumnUpdate::Increment {
            name: "c".into(),
            delta: 1,
        },
    ];
    assert_eq!(encode_update_row(&id7(), &updates), v("v3_update"));
    let (pk, decoded) = decode_single_row(&v("v3_update"))
        .unwrap()
        .into_updates()
        .unwrap();
    assert_eq!(pk, id7());
    assert_eq!(decoded, updates);
}

#[test]
fn v3_update_row_with_node_padding() {
    let mut padded = v("v3_update");
    padded.extend(std::iter::repeat_n(0u8, 27));
    let (_, decoded) = decode_single_row(&padded).unwrap().into_updates().unwrap();
    assert_eq!(decoded.len(), 4);
}

#[test]
fn v4_delete_marker() {
    assert_eq!(encode_delete_row(&id7()), v("v4_delete"));
    let row = decode_single_row(&v("v4_delete")).unwrap();
    assert!(row.delete_marker);
}

#[test]
fn v5_special_key_values() {
    let inf = PrimaryKey::new()
        .with("a", PrimaryKeyValue::InfMin)
        .with("b", PrimaryKeyValue::InfMax);
    assert_eq!(encode_primary_key(&inf), v("v5_inf"));
    let auto = PrimaryKey::new()
        .with("a", "k")
        .with("b", PrimaryKeyValue::AutoIncrement);
    assert_eq!(encode_primary_key(&auto), v("v5_auto"));
    let blob = PrimaryKey::new().with("a", vec![0xffu8]);
    assert_eq!(encode_primary_key(&blob), v("v5_blob"));
    for name in ["v5_inf", "v5_auto", "v5_blob"] {
        let bytes = v(name);
        let row = decode_single_row(&bytes).unwrap();
        assert_eq!(encode_primary_key(&row.primary_key), bytes, "{name}");
    }
    let mut node_padded = v("v5_inf");
    node_padded.push(0);
    assert_eq!(decode_single_row(&node_padded).unwrap().primary_key, inf);
}

#[test]
fn range_response_with_versions() {
    let rows = vec![
        Row {
            primary_key: PrimaryKey::new().with("pk", 1),
            columns: vec![
                Column::new("c", "v2").at(1_700_000_002_000),
                Column::new("c", "v1").at(1_700_000_001_000),
                Column::new("n", 10).at(1_700_000_001_000),
            ],
        },
        Row {
            primary_key: PrimaryKey::new().with("pk", 2),
            columns: vec![Column::new("c", "w").at(1_700_000_003_000)],
        },
    ];
    assert_eq!(encode_rows(&rows), v("range_rows"));
    let decoded: Vec<Row> = decode_rows(&v("range_rows"))
        .unwrap()
        .into_iter()
        .map(|r| r.into_row().unwrap())
        .collect();
    assert_eq!(decoded, rows);
    assert_eq!(
        encode_primary_key(&PrimaryKey::new().with("pk", 3)),
        v("range_next")
    );
}

#[test]
fn variants() {
    assert_eq!(encode_variant(&Value::Integer(1)), unhex("000100000000000000"));
    assert_eq!(encode_variant(&Value::from("ab")), unhex("03020000006162"));
    assert_eq!(encode_variant(&Value::Boolean(true)), unhex("0201"));
    assert_eq!(encode_variant(&Value::Double(2.0)), unhex("010000000000000040"));
    assert_eq!(encode_variant(&Value::Binary(vec![0])), unhex("070100000000"));
    assert_eq!(encode_pk_variant(&PrimaryKeyValue::InfMin), unhex("09"));
    assert_eq!(encode_pk_variant(&PrimaryKeyValue::InfMax), unhex("0a"));
    assert_eq!(
        encode_pk_variant(&PrimaryKeyValue::Integer(100)),
        unhex("006400000000000000")
    );
    assert_eq!(
        decode_variant(&unhex("03020000006162")).unwrap(),
        Value::from("ab")
    );
    assert_eq!(
        decode_pk_variant(&unhex("070100000080")).unwrap(),
        PrimaryKeyValue::Binary(vec![0x80])
    );
    assert!(decode_variant(&unhex("0302000000")).is_err());
}

#[test]
fn corrupted_checksums_are_rejected() {
    let mut bytes = v("v1_pk");
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    assert!(decode_rows(&bytes).unwrap_err().reason.contains("row checksum"));
    let mut bytes = v("v1_pk");
    bytes[last - 2] ^= 1; // second cell's checksum
    assert!(decode_rows(&bytes)
        .unwrap_err()
        .reason
        .contains("checksum mismatch in cell"));
}
