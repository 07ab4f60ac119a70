//! BatchGetRow and BatchWriteRow against an in-process ots-local.

use crate::common;
use crate::common::id;
use ots::model::{
    Column, Condition, Filter, PrimaryKey, PrimaryKeySchema, PrimaryKeyValue, ReturnType, Row, Value,
};
use ots::ops::batch::{BatchGetRowRequest, BatchWriteRowRequest, TableBatchGet};
use ots::ops::row::{DeleteRowRequest, GetRowRequest, PutRowRequest, UpdateRowRequest};
use ots::ops::table::CreateTableRequest;

fn put(table: &str, i: i64) -> PutRowRequest {
    PutRowRequest::new(
        table,
        Row {
            primary_key: id(i),
            columns: vec![Column::new("v", i)],
        },
    )
}

#[tokio::test]
async fn mixed_writes_with_per_row_results() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "a").await;
    common::simple_table(c, "b").await;
    c.put_row(put("a", 1)).await.unwrap();
    let batch = BatchWriteRowRequest::new()
        .put(put("a", 2))
        .update(
            UpdateRowRequest::new("a", id(1))
                .increment("v", 10)
                .return_type(ReturnType::AfterModify(vec![])),
        )
        .put(put("b", 1).condition(Condition::expect_exist())) // fails: no such row
        .delete(DeleteRowRequest::new("a", id(3)))
        .put(put("b", 2).return_type(ReturnType::PrimaryKey));
    let out = c.batch_write_row(batch).await.unwrap();
    assert_eq!(out.rows.len(), 5);
    assert!(!out.is_all_ok());
    assert!(out.rows[0].as_ref().unwrap().is_none());
    assert_eq!(
        out.rows[1].as_ref().unwrap().as_ref().unwrap().get("v"),
        Some(&Value::Integer(11))
    );
    let e = out.rows[2].as_ref().unwrap_err();
    assert!(e.is_condition_failed(), "{e}");
    assert!(out.rows[3].is_ok());
    assert_eq!(out.rows[4].as_ref().unwrap().as_ref().unwrap().primary_key, id(2));
    assert!(
        c.get_row(GetRowRequest::new("b", id(1)))
            .await
            .unwrap()
            .row
            .is_none(),
        "failed row not written"
    );
    assert!(c
        .get_row(GetRowRequest::new("b", id(2)))
        .await
        .unwrap()
        .row
        .is_some());
}

#[tokio::test]
async fn large_batches_are_chunked_and_results_keep_request_order() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "t").await;
    let batch = (0..450).fold(BatchWriteRowRequest::new(), |b, i| b.put(put("t", i)));
    let out = c.batch_write_row(batch).await.unwrap();
    assert_eq!(out.rows.len(), 450);
    assert!(out.is_all_ok());

    // 250 keys (more than 100 per call), some missing, in a scrambled order.
    let keys: Vec<PrimaryKey> = (0..250).map(|i| id((i * 7919) % 500)).collect();
    let req = BatchGetRowRequest::new().table(TableBatchGet::new("t", keys.clone()).columns(["v"]));
    let out = c.batch_get_row(req).await.unwrap();
    assert_eq!(out.tables.len(), 1);
    let rows = &out.tables[0].rows;
    assert_eq!(rows.len(), 250);
    for (key, result) in keys.iter().zip(rows) {
        let Some(PrimaryKeyValue::Integer(k)) = key.get("id") else {
            unreachable!()
        };
        match result.as_ref().unwrap() {
            Some(row) => {
                assert!(*k < 450);
                assert_eq!(&row.primary_key, key);
                assert_eq!(row.get("v"), Some(&Value::Integer(*k)));
            }
            None => assert!(*k >= 450, "row {k} should exist"),
        }
    }
}

#[tokio::test]
async fn batch_get_across_tables_with_filters() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "a").await;
    c.create_table(CreateTableRequest::new("s").primary_key(PrimaryKeySchema::string("k")))
        .await
        .unwrap();
    for i in 0..4 {
        c.put_row(put("a", i)).await.unwrap();
    }
    let req = BatchGetRowRequest::new()
        .table(TableBatchGet::new("a", [id(0), id(1), id(2), id(9)]).filter(Filter::ge("v", 1)))
        .table(TableBatchGet::new("s", [PrimaryKey::new().with("k", "x")]));
    let out = c.batch_get_row(req).await.unwrap();
    let a: Vec<Option<i64>> = out.tables[0]
        .rows
        .iter()
        .map(|r| {
            r.as_ref().unwrap().as_ref().map(|row| match row.get("v") {
                Some(Value::Integer(v)) => *v,
                _ => -1,
            })
        })
        .collect();
    assert_eq!(a, vec![None, Some(1), Some(2), None]);
    assert!(out.tables[1].rows[0].as_ref().unwrap().is_none());

    // A key that does not fit the schema fails its row, with 200 for the call, as the
    // service answers (the official Python SDK's tests assert this against it).
    let bad = BatchGetRowRequest::new()
        .table(TableBatchGet::new("a", [id(0)]))
        .table(TableBatchGet::new("s", [PrimaryKey::new().with("k", 5)]));
    let out = c.batch_get_row(bad).await.unwrap();
    assert!(out.tables[0].rows[0].is_ok());
    let e = out.tables[1].rows[0].as_ref().unwrap_err();
    assert_eq!(e.code(), Some(&ots::ErrorCode::InvalidPk), "{e}");
    assert_eq!(
        e.message(),
        "Validate PK type fail. Input: VT_INTEGER, Meta: VT_STRING."
    );
    let dup = BatchGetRowRequest::new().table(TableBatchGet::new("a", [id(0), id(0)]));
    assert_eq!(
        c.batch_get_row(dup).await.unwrap_err().code(),
        Some(&ots::ErrorCode::InvalidPk)
    );
}

#[tokio::test]
async fn whole_request_errors() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "t").await;
    let e = c.batch_write_row(BatchWriteRowRequest::new()).await.unwrap_err();
    assert_eq!(e.kind(), ots::ErrorKind::Construction);
    let e = c.batch_get_row(BatchGetRowRequest::new()).await.unwrap_err();
    assert_eq!(e.kind(), ots::ErrorKind::Construction);
    let dup = BatchWriteRowRequest::new().put(put("t", 1)).put(put("t", 1));
    let e = c.batch_write_row(dup).await.unwrap_err();
    assert_eq!(e.code(), Some(&ots::ErrorCode::InvalidPk));
    assert!(
        c.get_row(GetRowRequest::new("t", id(1)))
            .await
            .unwrap()
            .row
            .is_none(),
        "nothing applied"
    );
    // Request problems in any row fail the whole call, and nothing is applied...
    let wrong_type = PutRowRequest::new(
        "t",
        Row {
            primary_key: PrimaryKey::new().with("id", "x"),
            columns: vec![],
        },
    );
    // ... but a key that does not fit the schema fails only its row.
    let out = c
        .batch_write_row(BatchWriteRowRequest::new().put(put("t", 9)).put(wrong_type))
        .await
        .unwrap();
    assert!(out.rows[0].is_ok());
    let e = out.rows[1].as_ref().unwrap_err();
    assert_eq!(e.code(), Some(&ots::ErrorCode::InvalidPk));
    assert_eq!(
        e.message(),
        "Validate PK type fail. Input: VT_STRING, Meta: VT_INTEGER."
    );
    let big = PutRowRequest::new(
        "t",
        Row {
            primary_key: id(2),
            columns: vec![Column::new("b", vec![0u8; 2 * 1024 * 1024 + 1])],
        },
    );
    let e = c
        .batch_write_row(BatchWriteRowRequest::new().put(put("t", 1)).put(big))
        .await
        .unwrap_err();
    assert!(e.message().contains("MaxLength:2097152"), "{e}");
    let named_like_key = PutRowRequest::new(
        "t",
        Row {
            primary_key: id(3),
            columns: vec![Column::new("id", 1)],
        },
    );
    let e = c
        .batch_write_row(BatchWriteRowRequest::new().put(put("t", 1)).put(named_like_key))
        .await
        .unwrap_err();
    assert!(e.is_invalid_parameter(), "{e}");
    assert!(
        c.get_row(GetRowRequest::new("t", id(1)))
            .await
            .unwrap()
            .row
            .is_none(),
        "nothing applied"
    );
    let missing = BatchWriteRowRequest::new().put(put("t", 1)).put(put("nope", 1));
    assert!(c.batch_write_row(missing).await.unwrap_err().is_not_found());
    assert!(
        c.get_row(GetRowRequest::new("t", id(1)))
            .await
            .unwrap()
            .row
            .is_none(),
        "nothing applied"
    );
}

#[tokio::test]
async fn a_failed_later_chunk_is_reported_on_its_rows() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "t").await;
    // 250 rows: the first chunk (200) is fine, the second repeats a key, which the service
    // refuses as a whole. The output must say which rows were written and which were not.
    let batch = (0..250).fold(BatchWriteRowRequest::new(), |b, i| {
        b.put(put("t", if i == 249 { 248 } else { i }))
    });
    let out = c.batch_write_row(batch).await.unwrap();
    assert!(out.rows[..200].iter().all(Result::is_ok));
    for r in &out.rows[200..] {
        assert_eq!(r.as_ref().unwrap_err().code(), Some(&ots::ErrorCode::InvalidPk));
    }
    assert!(c
        .get_row(GetRowRequest::new("t", id(199)))
        .await
        .unwrap()
        .row
        .is_some());
    assert!(c
        .get_row(GetRowRequest::new("t", id(200)))
        .await
        .unwrap()
        .row
        .is_none());
}

/// Two entries of one request naming the same table keep their own keys and read options, also
/// across a chunk boundary (a regression: the second entry's keys were read from the first).
#[tokio::test]
async fn two_entries_for_one_table_keep_their_own_keys_and_options() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "t").await;
    let mut batch = BatchWriteRowRequest::new();
    for i in (0..150).chain([1000]) {
        batch = batch.put(PutRowRequest::new(
            "t",
            Row {
                primary_key: id(i),
                columns: vec![Column::new("v", i), Column::new("w", -i)],
            },
        ));
    }
    assert!(c.batch_write_row(batch).await.unwrap().is_all_ok());
    let req = BatchGetRowRequest::new()
        .table(TableBatchGet::new("t", (0..150).map(id)))
        .table(TableBatchGet::new("t", [id(1000)]).columns(["w"]));
    let out = c.batch_get_row(req).await.unwrap();
    assert_eq!(out.tables.len(), 2);
    for (i, row) in out.tables[0].rows.iter().enumerate() {
        let row = row.as_ref().unwrap().as_ref().unwrap();
        assert_eq!(row.primary_key, id(i as i64));
        assert_eq!(row.get("v"), Some(&Value::Integer(i as i64)));
    }
    let last = out.tables[1].rows[0].as_ref().unwrap().as_ref().unwrap();
    assert_eq!(last.primary_key, id(1000));
    assert_eq!(last.get("w"), Some(&Value::Integer(-1000)));
    assert_eq!(last.get("v"), None, "the second entry's projection applies");
}

/// When a later chunk fails as a whole after an earlier one was written, each of its rows
/// reports the failure with its own table and key.
#[tokio::test]
async fn a_later_chunks_failure_names_each_row() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "t").await;
    common::simple_table(c, "u").await;
    let mut batch = BatchWriteRowRequest::new();
    for i in 0..200 {
        batch = batch.put(put("t", i));
    }
    // The second chunk: a row of `u` and a value over the 2 MB cell limit (refused whole).
    batch = batch.put(put("u", 7)).put(PutRowRequest::new(
        "t",
        Row {
            primary_key: id(500),
            columns: vec![Column::new("b", vec![0u8; 2 * 1024 * 1024 + 1])],
        },
    ));
    let out = c.batch_write_row(batch).await.unwrap();
    assert!(out.rows[..200].iter().all(Result::is_ok));
    let u = out.rows[200].as_ref().unwrap_err();
    assert!(u.message().contains("MaxLength"), "{u}");
    assert_eq!((u.table(), u.primary_key()), (Some("u"), Some(&id(7))));
    let t = out.rows[201].as_ref().unwrap_err();
    assert_eq!((t.table(), t.primary_key()), (Some("t"), Some(&id(500))));
}
