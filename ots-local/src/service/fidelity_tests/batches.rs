//! Batches: per-row key errors, capacity units, atomic batches, auto-increment values.
#![allow(clippy::unwrap_used)]

use super::*;

#[test]
fn a_batch_row_whose_key_does_not_fit_fails_alone() {
    let svc = service();
    let wrong_name = PrimaryKey::new().with("PK2", "x").with("id", 1);
    let too_short = PrimaryKey::new().with("part", "a");
    let rows = batch_write(
        &svc,
        vec![
            put_row(&key("a", 1), vec![Column::new("c", 1)], ignore()),
            put_row(&wrong_name, vec![Column::new("c", 1)], ignore()),
            put_row(&too_short, vec![Column::new("c", 1)], ignore()),
        ],
        false,
    );
    assert!(rows[0].is_ok);
    let messages: Vec<_> = rows[1..]
        .iter()
        .map(|r| {
            let e = r.error.as_ref().unwrap();
            (e.code.as_str(), e.message.as_deref().unwrap_or_default())
        })
        .collect();
    assert_eq!(
        messages,
        vec![
            ("OTSInvalidPK", "Validate PK name fail. Input: PK2, Meta: part."),
            ("OTSInvalidPK", "Validate PK size fail. Input: 1, Meta: 2."),
        ]
    );
    assert!(get(&svc, &key("a", 1)).0.is_some());

    // BatchGetRow: the same, and a table naming no row is no error.
    let req = pb::BatchGetRowRequest {
        tables: vec![pb::TableInBatchGetRowRequest {
            table_name: "t".into(),
            primary_key: vec![
                plainbuffer::encode_primary_key(&key("a", 1)),
                plainbuffer::encode_primary_key(&wrong_name),
            ],
            max_versions: Some(1),
            ..Default::default()
        }],
    };
    let resp = pb::BatchGetRowResponse::decode(
        svc.dispatch_at("BatchGetRow", &req.encode_to_vec(), T0)
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    let rows = &resp.tables[0].rows;
    assert!(rows[0].is_ok && !rows[1].is_ok);
    assert_eq!(rows[1].error.as_ref().unwrap().code, "OTSInvalidPK");
    let empty = pb::BatchGetRowRequest {
        tables: vec![pb::TableInBatchGetRowRequest {
            table_name: "t".into(),
            max_versions: Some(1),
            ..Default::default()
        }],
    };
    let resp = pb::BatchGetRowResponse::decode(
        svc.dispatch_at("BatchGetRow", &empty.encode_to_vec(), T0)
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    assert_eq!(resp.tables.len(), 1);
    assert!(resp.tables[0].rows.is_empty());
    let none = pb::BatchGetRowRequest { tables: vec![] };
    let e = svc
        .dispatch_at("BatchGetRow", &none.encode_to_vec(), T0)
        .unwrap_err();
    assert_eq!(e.message, "No row specified in the request of BatchGetRow.");
}

#[test]
fn capacity_units_follow_the_row_data_size() {
    let svc = service();
    // Key "part"+"a" (5) and "id"+8 (10): 15 bytes; a 4081-byte column of name "c" brings the
    // row to 4096 bytes, one unit; one byte more is two.
    let pk = key("a", 1);
    let one_unit = Column::new("c", "x".repeat(4096 - 15 - 1));
    let rows = batch_write(&svc, vec![put_row(&pk, vec![one_unit], ignore())], false);
    assert_eq!(rows[0].consumed.as_ref().unwrap().capacity_unit.write, Some(1));
    assert_eq!(
        get(&svc, &pk).1.read,
        Some(1),
        "a 4096-byte row costs one read unit"
    );
    let two_units = Column::new("c", "x".repeat(4096 - 15));
    let rows = batch_write(&svc, vec![put_row(&pk, vec![two_units], ignore())], false);
    assert_eq!(rows[0].consumed.as_ref().unwrap().capacity_unit.write, Some(2));
    assert_eq!(get(&svc, &pk).1.read, Some(2));
    assert_eq!(
        get(&svc, &key("none", 0)).1.read,
        Some(1),
        "a miss costs one unit"
    );

    // A column condition reads the row: one read unit besides the write.
    batch_write(
        &svc,
        vec![put_row(&key("b", 1), vec![Column::new("index", 0)], ignore())],
        false,
    );
    let rows = batch_write(
        &svc,
        vec![put_row(
            &key("b", 1),
            vec![Column::new("index", 6)],
            column_equals("index", 0),
        )],
        false,
    );
    let cu = &rows[0].consumed.as_ref().unwrap().capacity_unit;
    assert_eq!((cu.read, cu.write), (Some(1), Some(1)));
    let rows = batch_write(
        &svc,
        vec![put_row(&key("b", 2), vec![Column::new("index", 6)], ignore())],
        false,
    );
    let cu = &rows[0].consumed.as_ref().unwrap().capacity_unit;
    assert_eq!((cu.read, cu.write), (Some(0), Some(1)), "no condition, no read");
}

#[test]
fn an_atomic_batch_applies_all_or_nothing_within_one_partition() {
    let svc = service();
    let counter = |id| increment_row(&key("p", id), "n");
    // One partition: every row applied.
    let rows = batch_write(&svc, vec![counter(1), counter(2), counter(3)], true);
    assert!(rows.iter().all(|r| r.is_ok));
    // One row fails its condition: the rows before it are taken back, every row fails.
    let failing = put_row(&key("p", 9), vec![Column::new("n", 0)], column_equals("n", 42));
    let rows = batch_write(&svc, vec![counter(1), counter(2), failing, counter(3)], true);
    assert!(rows
        .iter()
        .all(|r| !r.is_ok && error_code(r) == "OTSConditionCheckFail"));
    for id in 1..=3 {
        let (row, _) = get(&svc, &key("p", id));
        assert_eq!(
            row.unwrap().get("n"),
            Some(&Value::Integer(1)),
            "row {id} kept one increment"
        );
    }
    assert!(get(&svc, &key("p", 9)).0.is_none());
    // Rows of several partitions: refused, nothing applied.
    let rows = batch_write(&svc, vec![counter(1), increment_row(&key("q", 1), "n")], true);
    assert!(rows
        .iter()
        .all(|r| !r.is_ok && error_code(r) == "OTSParameterInvalid"));
    assert_eq!(
        get(&svc, &key("p", 1)).0.unwrap().get("n"),
        Some(&Value::Integer(1))
    );
    assert!(get(&svc, &key("q", 1)).0.is_none());
    // An atomic batch may write a row more than once, in order (Go
    // TestAtomicBatchWriteRowWithSamePartitionKey); any other batch may not.
    let twice = || {
        vec![
            put_row(&key("p", 5), vec![Column::new("n", 10)], ignore()),
            counter(5),
        ]
    };
    let rows = batch_write(&svc, twice(), true);
    assert!(rows.iter().all(|r| r.is_ok));
    assert_eq!(
        get(&svc, &key("p", 5)).0.unwrap().get("n"),
        Some(&Value::Integer(11))
    );
    let req = pb::BatchWriteRowRequest {
        tables: vec![pb::TableInBatchWriteRowRequest {
            table_name: "t".into(),
            rows: twice(),
        }],
        transaction_id: None,
        is_atomic: None,
    };
    let e = svc
        .dispatch_at("BatchWriteRow", &req.encode_to_vec(), T0)
        .unwrap_err();
    assert_eq!(e.code, "OTSInvalidPK");
    // One row written four times, then a failing row: everything is taken back in order.
    let before = get(&svc, &key("p", 1)).0;
    let delete = pb::RowInBatchWriteRowRequest {
        r#type: pb::OperationType::Delete as i32,
        row_change: plainbuffer::encode_delete_row(&key("p", 1)),
        condition: ignore(),
        return_content: None,
    };
    let rows = batch_write(
        &svc,
        vec![
            put_row(&key("p", 1), vec![Column::new("n", 100)], ignore()),
            counter(1),
            delete,
            put_row(&key("p", 1), vec![Column::new("n", 200)], ignore()),
            put_row(&key("p", 9), vec![Column::new("n", 0)], column_equals("n", 42)),
        ],
        true,
    );
    assert!(rows.iter().all(|r| !r.is_ok));
    assert_eq!(get(&svc, &key("p", 1)).0, before, "the row is as it was");
    // A row whose key does not fit fails the atomic batch too.
    let wrong = PrimaryKey::new().with("part", "p").with("id", "not an integer");
    let rows = batch_write(
        &svc,
        vec![counter(1), put_row(&wrong, vec![Column::new("n", 0)], ignore())],
        true,
    );
    assert!(rows.iter().all(|r| !r.is_ok));
    assert_eq!(get(&svc, &key("p", 1)).0, before);
    // Not atomic: the same failing batch applies the rows that pass.
    let failing = put_row(&key("p", 9), vec![Column::new("n", 0)], column_equals("n", 42));
    let rows = batch_write(&svc, vec![counter(1), failing], false);
    assert!(rows[0].is_ok && !rows[1].is_ok);
    assert_eq!(
        get(&svc, &key("p", 1)).0.unwrap().get("n"),
        Some(&Value::Integer(2))
    );
}

#[test]
fn an_explicit_auto_increment_value_needs_an_existing_row() {
    let svc = Service::new(Arc::new(MemoryStorage::default()));
    create(
        &svc,
        "t",
        vec![
            pk_schema("part", pb::PrimaryKeyType::String, false),
            pk_schema("id", pb::PrimaryKeyType::Integer, true),
        ],
    )
    .unwrap();
    let rows = batch_write(
        &svc,
        vec![put_row(&key("a", 5), vec![Column::new("c", 1)], ignore())],
        false,
    );
    assert_eq!(error_code(&rows[0]), "OTSConditionCheckFail");
    // The placeholder still makes a new row.
    let generated = PrimaryKey::new()
        .with("part", "a")
        .with("id", PrimaryKeyValue::AutoIncrement);
    let mut returned = put_row(&generated, vec![Column::new("c", 1)], ignore());
    returned.return_content = Some(pb::ReturnContent {
        return_type: Some(pb::ReturnType::RtPk as i32),
        return_column_names: vec![],
    });
    let rows = batch_write(&svc, vec![returned], false);
    assert!(rows[0].is_ok);
    let made = plainbuffer::decode_rows(rows[0].row.as_deref().unwrap())
        .unwrap()
        .remove(0)
        .primary_key;
    // The generated key names an existing row: puts and increments with IGNORE change it.
    let rows = batch_write(
        &svc,
        vec![
            put_row(&made, vec![Column::new("c", 2)], ignore()),
            increment_row(&made, "n"),
        ],
        true,
    );
    assert!(rows.iter().all(|r| r.is_ok), "{rows:?}");
    let row = get(&svc, &made).0.unwrap();
    assert_eq!(
        (row.get("c"), row.get("n")),
        (Some(&Value::Integer(2)), Some(&Value::Integer(1)))
    );
}

/// Whole-request problems are found before whether a key fits: a row with both fails the call.
#[test]
fn a_whole_request_problem_wins_over_a_key_that_does_not_fit() {
    let svc = service();
    let wrong_name = PrimaryKey::new().with("PK2", "x").with("id", 1);
    let huge = Column::new("c", "x".repeat(2 * 1024 * 1024 + 1));
    let req = pb::BatchWriteRowRequest {
        tables: vec![pb::TableInBatchWriteRowRequest {
            table_name: "t".into(),
            rows: vec![
                put_row(&key("a", 1), vec![Column::new("c", 1)], ignore()),
                put_row(&wrong_name, vec![huge], ignore()),
            ],
        }],
        transaction_id: None,
        is_atomic: None,
    };
    let e = svc
        .dispatch_at("BatchWriteRow", &req.encode_to_vec(), T0)
        .unwrap_err();
    assert!(e.message.contains("MaxLength:2097152"), "{}", e.message);
    assert!(get(&svc, &key("a", 1)).0.is_none(), "nothing applied");
}
