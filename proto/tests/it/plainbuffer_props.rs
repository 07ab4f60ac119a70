//! Property tests: encode -> decode is the identity, and arbitrary bytes never panic the decoder.

use ots_proto::model::{Column, ColumnUpdate, PrimaryKey, PrimaryKeyColumn, PrimaryKeyValue, Row, Value};
use ots_proto::plainbuffer::*;
use proptest::prelude::*;

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z_][A-Za-z0-9_]{0,12}"
}

fn pk_value() -> impl Strategy<Value = PrimaryKeyValue> {
    prop_oneof![
        any::<i64>().prop_map(PrimaryKeyValue::Integer),
        ".{0,20}".prop_map(PrimaryKeyValue::String),
        proptest::collection::vec(any::<u8>(), 0..20).prop_map(PrimaryKeyValue::Binary),
        Just(PrimaryKeyValue::InfMin),
        Just(PrimaryKeyValue::InfMax),
        Just(PrimaryKeyValue::AutoIncrement),
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

fn primary_key() -> impl Strategy<Value = PrimaryKey> {
    proptest::collection::vec((name(), pk_value()), 1..5).prop_map(|cols| PrimaryKey {
        columns: cols
            .into_iter()
            .map(|(name, value)| PrimaryKeyColumn { name, value })
            .collect(),
    })
}

fn row() -> impl Strategy<Value = Row> {
    let col = (name(), value(), proptest::option::of(0i64..i64::MAX)).prop_map(|(n, v, ts)| Column {
        name: n,
        value: v,
        timestamp: ts,
    });
    (primary_key(), proptest::collection::vec(col, 0..8))
        .prop_map(|(primary_key, columns)| Row { primary_key, columns })
}

fn update() -> impl Strategy<Value = ColumnUpdate> {
    prop_oneof![
        (name(), value(), proptest::option::of(0i64..i64::MAX)).prop_map(|(name, value, timestamp)| {
            ColumnUpdate::Put {
                name,
                value,
                timestamp,
            }
        }),
        (name(), 0i64..i64::MAX)
            .prop_map(|(name, timestamp)| ColumnUpdate::DeleteOneVersion { name, timestamp }),
        name().prop_map(|name| ColumnUpdate::DeleteAllVersions { name }),
        (name(), any::<i64>()).prop_map(|(name, delta)| ColumnUpdate::Increment { name, delta }),
    ]
}

proptest! {
    #[test]
    fn rows_round_trip(rows in proptest::collection::vec(row(), 1..5)) {
        let bytes = encode_rows(&rows);
        let back: Vec<Row> = decode_rows(&bytes).unwrap().into_iter().map(|r| r.into_row().unwrap()).collect();
        prop_assert_eq!(back, rows);
    }

    #[test]
    fn updates_round_trip(pk in primary_key(), updates in proptest::collection::vec(update(), 0..8)) {
        let bytes = encode_update_row(&pk, &updates);
        let (k, back) = decode_single_row(&bytes).unwrap().into_updates().unwrap();
        prop_assert_eq!(k, pk);
        prop_assert_eq!(back, updates);
    }

    #[test]
    fn delete_row_round_trip(pk in primary_key()) {
        let row = decode_single_row(&encode_delete_row(&pk)).unwrap();
        prop_assert!(row.delete_marker);
        prop_assert_eq!(row.primary_key, pk);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = decode_rows(&bytes);
        let _ = decode_variant(&bytes);
        let _ = decode_pk_variant(&bytes);
    }

    #[test]
    fn corrupted_encodings_never_panic(r in row(), idx in any::<usize>(), byte in any::<u8>()) {
        let mut bytes = encode_put_row(&r);
        let i = idx % bytes.len();
        bytes[i] = byte;
        let _ = decode_rows(&bytes);
        let mut with_header = 0x75u32.to_le_bytes().to_vec();
        with_header.extend_from_slice(&bytes[4..]);
        let _ = decode_rows(&with_header);
    }
}
