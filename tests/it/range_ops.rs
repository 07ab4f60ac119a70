//! GetRange pages and the whole-range stream against an in-process ots-local.

use crate::common;
use crate::common::{all_ids, id};
use futures_util::TryStreamExt;
use ots::model::{Column, Direction, Filter, PrimaryKey, PrimaryKeySchema, PrimaryKeyValue, Row, Value};
use ots::ops::batch::BatchWriteRowRequest;
use ots::ops::range::GetRangeRequest;
use ots::ops::row::PutRowRequest;
use ots::ops::table::CreateTableRequest;

#[allow(clippy::unwrap_used)]
async fn fill(c: &ots::Client, table: &str, n: i64) {
    let mut batch = BatchWriteRowRequest::new();
    for i in 0..n {
        batch = batch.put(PutRowRequest::new(
            table,
            Row {
                primary_key: id(i),
                columns: vec![Column::new("v", i), Column::new("even", i % 2 == 0)],
            },
        ));
    }
    assert!(c.batch_write_row(batch).await.unwrap().is_all_ok());
}

#[allow(clippy::panic)]
fn ids(rows: &[Row]) -> Vec<i64> {
    rows.iter()
        .map(|r| match r.primary_key.get("id") {
            Some(PrimaryKeyValue::Integer(i)) => *i,
            other => panic!("{other:?}"),
        })
        .collect()
}

#[tokio::test]
async fn pages_bounds_and_directions() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "t").await;
    fill(c, "t", 20).await;
    let (min, max) = all_ids();

    let page = c
        .get_range(GetRangeRequest::new("t", min.clone(), max.clone()).limit(5))
        .await
        .unwrap();
    assert_eq!(ids(&page.rows), vec![0, 1, 2, 3, 4]);
    assert_eq!(page.next_start_primary_key, Some(id(5)));
    let page = c
        .get_range(GetRangeRequest::new("t", id(5), id(8)))
        .await
        .unwrap();
    assert_eq!(ids(&page.rows), vec![5, 6, 7]);
    assert_eq!(page.next_start_primary_key, None);

    let back = GetRangeRequest::new("t", max.clone(), min.clone())
        .direction(Direction::Backward)
        .limit(3);
    let page = c.get_range(back).await.unwrap();
    assert_eq!(ids(&page.rows), vec![19, 18, 17]);
    assert_eq!(page.next_start_primary_key, Some(id(16)));
    let back = GetRangeRequest::new("t", id(10), id(7)).direction(Direction::Backward);
    assert_eq!(ids(&c.get_range(back).await.unwrap().rows), vec![10, 9, 8]);

    let filtered = GetRangeRequest::new("t", min.clone(), max.clone())
        .filter(Filter::eq("even", true))
        .columns(["v", "even"]);
    let page = c.get_range(filtered).await.unwrap();
    assert_eq!(
        ids(&page.rows),
        (0..20).filter(|i| i % 2 == 0).collect::<Vec<_>>()
    );

    let e = c
        .get_range(GetRangeRequest::new("t", id(5), id(1)))
        .await
        .unwrap_err();
    assert_eq!(e.message(), "Begin key must less than end key in FORWARD");
    let e = c
        .get_range(GetRangeRequest::new("t", id(1), id(5)).direction(Direction::Backward))
        .await
        .unwrap_err();
    assert_eq!(e.message(), "Begin key must more than end key in BACKWARD");
    let e = c
        .get_range(GetRangeRequest::new("t", min.clone(), max.clone()).limit(0))
        .await
        .unwrap_err();
    assert_eq!(e.message(), "The limit must be greater than 0.");
    let e = c
        .get_range(GetRangeRequest::new("t", PrimaryKey::new().with("x", 1), max))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(&ots::ErrorCode::InvalidPk));
}

#[tokio::test]
async fn stream_crosses_pages() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "t").await;
    // 5000 rows per page is the service's cap: 6000 rows need two pages.
    for chunk in 0..3 {
        let mut batch = BatchWriteRowRequest::new();
        for i in chunk * 2000..(chunk + 1) * 2000 {
            batch = batch.put(PutRowRequest::new(
                "t",
                Row {
                    primary_key: id(i),
                    columns: vec![Column::new("v", i)],
                },
            ));
        }
        assert!(c.batch_write_row(batch).await.unwrap().is_all_ok());
    }
    let (min, max) = all_ids();
    let first = c
        .get_range(GetRangeRequest::new("t", min.clone(), max.clone()))
        .await
        .unwrap();
    assert_eq!(first.rows.len(), 5000, "one page holds at most 5000 rows");
    assert_eq!(first.next_start_primary_key, Some(id(5000)));

    let rows: Vec<Row> = c
        .get_range_stream(GetRangeRequest::new("t", min.clone(), max.clone()))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&rows), (0..6000).collect::<Vec<_>>());

    // Small pages via the limit-per-page of the stream's total limit.
    let limited: Vec<Row> = c
        .get_range_stream(GetRangeRequest::new("t", min.clone(), max.clone()).limit(7))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&limited), (0..7).collect::<Vec<_>>());
    let back: Vec<Row> = c
        .get_range_stream(
            GetRangeRequest::new("t", max, min)
                .direction(Direction::Backward)
                .limit(5001),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(back.len(), 5001);
    assert_eq!(ids(&back)[..2], [5999, 5998]);
    assert_eq!(back.last().unwrap().get("v"), Some(&Value::Integer(999)));
}

#[tokio::test]
async fn pages_stop_at_four_megabytes() {
    let env = common::start().await;
    let c = &env.client;
    c.create_table(CreateTableRequest::new("big").primary_key(PrimaryKeySchema::integer("id")))
        .await
        .unwrap();
    // 6 rows of 1 MB each: a page holds at most 4 MB.
    for i in 0..6 {
        let row = Row {
            primary_key: id(i),
            columns: vec![Column::new("blob", vec![7u8; 1024 * 1024])],
        };
        c.put_row(PutRowRequest::new("big", row)).await.unwrap();
    }
    let (min, max) = all_ids();
    let page = c
        .get_range(GetRangeRequest::new("big", min.clone(), max.clone()))
        .await
        .unwrap();
    assert!(
        page.rows.len() < 6 && !page.rows.is_empty(),
        "got {} rows",
        page.rows.len()
    );
    assert!(page.next_start_primary_key.is_some());
    let all: Vec<Row> = c
        .get_range_stream(GetRangeRequest::new("big", min, max))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&all), (0..6).collect::<Vec<_>>());
}
