//! End-to-end throughput of the client against an in-process ots-local over real HTTP:
//! batch writes, a whole-range stream, and sequential single-row reads.
//! Run with `cargo bench --bench local_roundtrip`.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use futures_util::TryStreamExt;
use ots::model::{Column, PrimaryKey, PrimaryKeySchema, PrimaryKeyValue, Row};
use ots::ops::batch::BatchWriteRowRequest;
use ots::ops::range::GetRangeRequest;
use ots::ops::row::{GetRowRequest, PutRowRequest};
use ots::ops::table::CreateTableRequest;
use ots::{KeyRange, OtsTable, Repo};
use std::time::Instant;

const ROWS: i64 = 20_000;

/// The same rows as a typed model, to measure the mapping's cost on top of the client.
#[derive(Debug, Clone, OtsTable)]
#[ots(table = "bench_typed")]
struct Item {
    #[ots(pk)]
    id: i64,
    name: String,
    n: i64,
    blob: Vec<u8>,
}
const READS: i64 = 2_000;

#[tokio::main]
async fn main() {
    let server = ots_local::LocalServer::builder().start().await.unwrap();
    let client = server.client_builder().build().unwrap();
    client
        .create_table(CreateTableRequest::new("bench").primary_key(PrimaryKeySchema::integer("id")))
        .await
        .unwrap();

    let t = Instant::now();
    let mut batch = BatchWriteRowRequest::new();
    for i in 0..ROWS {
        let row = Row {
            primary_key: PrimaryKey::new().with("id", i),
            columns: vec![
                Column::new("name", format!("user-{i}")),
                Column::new("n", i),
                Column::new("blob", vec![1u8; 100]),
            ],
        };
        batch = batch.put(PutRowRequest::new("bench", row));
    }
    assert!(client.batch_write_row(batch).await.unwrap().is_all_ok());
    let w = t.elapsed();
    println!(
        "batch write: {ROWS} rows in {:.0} ms ({:.0} rows/s)",
        w.as_secs_f64() * 1e3,
        ROWS as f64 / w.as_secs_f64()
    );

    let t = Instant::now();
    let all = GetRangeRequest::new(
        "bench",
        PrimaryKey::new().with("id", PrimaryKeyValue::InfMin),
        PrimaryKey::new().with("id", PrimaryKeyValue::InfMax),
    );
    let rows: Vec<Row> = client.get_range_stream(all).try_collect().await.unwrap();
    assert_eq!(rows.len() as i64, ROWS);
    let r = t.elapsed();
    println!(
        "range stream: {ROWS} rows in {:.0} ms ({:.0} rows/s)",
        r.as_secs_f64() * 1e3,
        ROWS as f64 / r.as_secs_f64()
    );

    let t = Instant::now();
    for i in 0..READS {
        let got = client
            .get_row(GetRowRequest::new(
                "bench",
                PrimaryKey::new().with("id", i * 7 % ROWS),
            ))
            .await
            .unwrap();
        assert!(got.row.is_some());
    }
    let g = t.elapsed();
    println!(
        "get_row: {READS} sequential reads, {:.0} us each",
        g.as_secs_f64() * 1e6 / READS as f64
    );

    let repo = Repo::<Item>::new(client.clone());
    repo.create_table().await.unwrap();
    let mut items: Vec<Item> = (0..ROWS)
        .map(|i| Item {
            id: i,
            name: format!("user-{i}"),
            n: i,
            blob: vec![1u8; 100],
        })
        .collect();
    let t = Instant::now();
    assert!(repo
        .batch_put(&mut items)
        .await
        .unwrap()
        .iter()
        .all(Result::is_ok));
    let w = t.elapsed();
    println!(
        "typed batch_put: {ROWS} models in {:.0} ms ({:.0} rows/s)",
        w.as_secs_f64() * 1e3,
        ROWS as f64 / w.as_secs_f64()
    );
    let t = Instant::now();
    let back: Vec<Item> = repo.range(KeyRange::all()).try_collect().await.unwrap();
    assert_eq!(back.len() as i64, ROWS);
    let r = t.elapsed();
    println!(
        "typed range: {ROWS} models in {:.0} ms ({:.0} rows/s)",
        r.as_secs_f64() * 1e3,
        ROWS as f64 / r.as_secs_f64()
    );
}
