//! Reads and tables: validations, columns_to_get, the row matrix, table options.
#![allow(clippy::unwrap_used)]

use super::*;

#[test]
fn a_specific_time_and_max_versions_together_are_refused_in_get_range() {
    let svc = service();
    let bound = |v: PrimaryKeyValue| {
        plainbuffer::encode_primary_key(&PrimaryKey::new().with("part", v.clone()).with("id", v))
    };
    let mut req = pb::GetRangeRequest {
        table_name: "t".into(),
        direction: pb::Direction::Forward as i32,
        max_versions: Some(1),
        time_range: Some(pb::TimeRange {
            start_time: None,
            end_time: None,
            specific_time: Some(T0),
        }),
        inclusive_start_primary_key: bound(PrimaryKeyValue::InfMin),
        exclusive_end_primary_key: bound(PrimaryKeyValue::InfMax),
        ..Default::default()
    };
    let e = svc.dispatch_at("GetRange", &req.encode_to_vec(), T0).unwrap_err();
    assert_eq!(e.code, "OTSParameterInvalid");
    req.time_range = Some(pb::TimeRange {
        start_time: Some(T0),
        end_time: Some(T0 + 1),
        specific_time: None,
    });
    assert!(svc.dispatch_at("GetRange", &req.encode_to_vec(), T0).is_ok());
}

#[test]
fn an_invalid_index_meta_creates_no_table() {
    let svc = Service::new(Arc::new(MemoryStorage::default()));
    let req = pb::CreateTableRequest {
        table_meta: pb::TableMeta {
            table_name: "t".into(),
            primary_key: vec![pk_schema("id", pb::PrimaryKeyType::Integer, false)],
            defined_column: vec![],
            index_meta: vec![],
        },
        reserved_throughput: pb::ReservedThroughput {
            capacity_unit: pb::CapacityUnit {
                read: Some(0),
                write: Some(0),
            },
        },
        index_metas: vec![pb::IndexMeta {
            name: "idx".into(),
            primary_key: vec!["nope".into()],
            ..Default::default()
        }],
        ..Default::default()
    };
    let e = svc
        .dispatch_at("CreateTable", &req.encode_to_vec(), T0)
        .unwrap_err();
    assert_eq!(e.code, "OTSParameterInvalid");
    assert!(e.message.contains("[nope]"), "{}", e.message);
    let describe = pb::DescribeTableRequest {
        table_name: "t".into(),
    };
    let e = svc
        .dispatch_at("DescribeTable", &describe.encode_to_vec(), T0)
        .unwrap_err();
    assert_eq!(e.code, "OTSObjectNotExist", "the table was not created");
}

fn get_with(svc: &Service, pk: &PrimaryKey, columns: &[&str], time_range: Option<(i64, i64)>) -> Option<Row> {
    let req = pb::GetRowRequest {
        table_name: "t".into(),
        primary_key: plainbuffer::encode_primary_key(pk),
        columns_to_get: columns.iter().map(|c| (*c).to_owned()).collect(),
        max_versions: time_range.is_none().then_some(1),
        time_range: time_range.map(|(s, e)| pb::TimeRange {
            start_time: Some(s),
            end_time: Some(e),
            specific_time: None,
        }),
        ..Default::default()
    };
    let resp = pb::GetRowResponse::decode(
        svc.dispatch_at("GetRow", &req.encode_to_vec(), T0)
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    plainbuffer::decode_rows(&resp.row)
        .unwrap()
        .into_iter()
        .next()
        .map(|r| r.into_row().unwrap())
}

/// Python test_columns_to_get_semantics, Go TestPutGetRowWithTimestamp: naming only attribute
/// columns that have no cell left (absent, or no version in the time range) finds no row;
/// naming none keeps the bare row (Go TestBatchGetRow, TestGetRange).
#[test]
fn naming_absent_columns_finds_no_row() {
    let svc = service();
    let pk = key("a", 1);
    batch_write(
        &svc,
        vec![put_row(&pk, vec![Column::new("c1", "v").at(T0)], ignore())],
        false,
    );
    assert!(get_with(&svc, &pk, &["blah"], None).is_none());
    assert_eq!(
        get_with(&svc, &pk, &["c1", "blah"], None).unwrap().columns.len(),
        1
    );
    let key_only = get_with(&svc, &pk, &["part"], None).expect("a key column was asked for");
    assert!(key_only.columns.is_empty());
    let later = Some((T0 + 1, T0 + 2));
    assert!(
        get_with(&svc, &pk, &["c1"], later).is_none(),
        "no version of c1 in the range"
    );
    // No column named: the bare key, even when the time range leaves no cell (Go
    // TestBatchGetRow and TestGetRange expect every row back with no column).
    let bare = get_with(&svc, &pk, &[], later).expect("no column named: the row is still there");
    assert!(bare.columns.is_empty());
}

/// Go TestFuzzyGetRangeMatrix: GetRange asked for the row matrix answers in it.
#[test]
fn get_range_answers_in_the_row_matrix_when_asked() {
    let svc = service();
    batch_write(
        &svc,
        vec![
            put_row(
                &key("a", 1),
                vec![Column::new("n", 7), Column::new("s", "x")],
                ignore(),
            ),
            put_row(&key("a", 2), vec![Column::new("b", true)], ignore()),
        ],
        false,
    );
    let bound = |v: PrimaryKeyValue| {
        plainbuffer::encode_primary_key(&PrimaryKey::new().with("part", v.clone()).with("id", v))
    };
    let req = pb::GetRangeRequest {
        table_name: "t".into(),
        direction: pb::Direction::Forward as i32,
        max_versions: Some(1),
        inclusive_start_primary_key: bound(PrimaryKeyValue::InfMin),
        exclusive_end_primary_key: bound(PrimaryKeyValue::InfMax),
        data_block_type_hint: Some(pb::DataBlockType::DbtSimpleRowMatrix as i32),
        ..Default::default()
    };
    let resp = pb::GetRangeResponse::decode(
        svc.dispatch_at("GetRange", &req.encode_to_vec(), T0)
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    assert_eq!(
        resp.data_block_type,
        Some(pb::DataBlockType::DbtSimpleRowMatrix as i32)
    );
    let rows = ots_proto::row_matrix::decode_rows(&resp.rows).unwrap();
    let flat: Vec<(PrimaryKey, Vec<(String, Value)>)> = rows
        .into_iter()
        .map(|r| {
            (
                r.primary_key,
                r.columns.into_iter().map(|c| (c.name, c.value)).collect(),
            )
        })
        .collect();
    assert_eq!(
        flat,
        vec![
            (
                key("a", 1),
                vec![("n".into(), Value::Integer(7)), ("s".into(), "x".into())]
            ),
            (key("a", 2), vec![("b".into(), Value::Boolean(true))]),
        ]
    );
}

/// Go TestUpdateAndDescribeTable: update_full_row is fixed at creation.
#[test]
fn update_full_row_cannot_be_changed() {
    let svc = service();
    let req = pb::UpdateTableRequest {
        table_name: "t".into(),
        table_options: Some(pb::TableOptions {
            max_versions: Some(5),
            update_full_row: Some(false),
            ..Default::default()
        }),
        ..Default::default()
    };
    let e = svc
        .dispatch_at("UpdateTable", &req.encode_to_vec(), T0)
        .unwrap_err();
    assert_eq!(e.code, "OTSParameterInvalid");
    assert!(e.message.contains("contain updateFullRow"), "{}", e.message);
}
