//! What secondary indexes cost ots-local: single-row writes (puts that change indexed values,
//! updates, deletes) on a table without indexes and on one with three, then reads of the same
//! rows through an index. The client talks to an in-process ots-local over real HTTP.
//! Run with `cargo bench --bench secondary_index`.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use futures_util::TryStreamExt;
use ots::model::{Column, DefinedColumnType, IndexMeta, PrimaryKey, PrimaryKeySchema, PrimaryKeyValue, Row};
use ots::ops::range::GetRangeRequest;
use ots::ops::row::{DeleteRowRequest, PutRowRequest, UpdateRowRequest};
use ots::ops::table::CreateTableRequest;
use ots::Client;
use std::time::{Duration, Instant};

const ROWS: i64 = 5_000;

async fn table(client: &Client, name: &str, indexes: &[IndexMeta]) {
    let mut req = CreateTableRequest::new(name)
        .primary_key(PrimaryKeySchema::string("team"))
        .primary_key(PrimaryKeySchema::integer("id"))
        .defined_column("email", DefinedColumnType::String)
        .defined_column("age", DefinedColumnType::Integer)
        .defined_column("name", DefinedColumnType::String);
    for index in indexes {
        req = req.index(index.clone());
    }
    client.create_table(req).await.unwrap();
}

fn key(i: i64) -> PrimaryKey {
    PrimaryKey::new()
        .with("team", format!("t{}", i % 16))
        .with("id", i)
}

fn per_op(d: Duration, n: i64) -> f64 {
    d.as_secs_f64() * 1e6 / n as f64
}

/// Puts every row twice (the second put changes the indexed values), updates the email of
/// each, deletes half; prints microseconds per request of each phase.
async fn writes(client: &Client, name: &str) {
    for round in 0..2 {
        let t = Instant::now();
        for i in 0..ROWS {
            let row = Row {
                primary_key: key(i),
                columns: vec![
                    Column::new("email", format!("u{i}-{round}@example.com")),
                    Column::new("age", i % 90),
                    Column::new("name", format!("user {i}")),
                ],
            };
            client.put_row(PutRowRequest::new(name, row)).await.unwrap();
        }
        println!(
            "{name}: put (round {round}) {:.1} µs/row",
            per_op(t.elapsed(), ROWS)
        );
    }
    let t = Instant::now();
    for i in 0..ROWS {
        client
            .update_row(UpdateRowRequest::new(name, key(i)).put("email", format!("v{i}@example.com")))
            .await
            .unwrap();
    }
    println!("{name}: update {:.1} µs/row", per_op(t.elapsed(), ROWS));
    let t = Instant::now();
    for i in (0..ROWS).step_by(2) {
        client
            .delete_row(DeleteRowRequest::new(name, key(i)))
            .await
            .unwrap();
    }
    println!("{name}: delete {:.1} µs/row", per_op(t.elapsed(), ROWS / 2));
}

#[tokio::main]
async fn main() {
    let server = ots_local::LocalServer::builder().start().await.unwrap();
    let client = server.client_builder().build().unwrap();
    table(&client, "plain", &[]).await;
    let indexes = [
        IndexMeta::global("by_email")
            .primary_key("email")
            .defined_column("name"),
        IndexMeta::local("by_age").primary_key("team").primary_key("age"),
        IndexMeta::global("by_name")
            .primary_key("name")
            .defined_column("email")
            .defined_column("age"),
    ];
    table(&client, "indexed", &indexes).await;
    writes(&client, "plain").await;
    writes(&client, "indexed").await;

    let bound = |v: PrimaryKeyValue| {
        PrimaryKey::new()
            .with("email", v.clone())
            .with("team", v.clone())
            .with("id", v)
    };
    let t = Instant::now();
    let rows: Vec<Row> = client
        .get_range_stream(GetRangeRequest::new(
            "by_email",
            bound(PrimaryKeyValue::InfMin),
            bound(PrimaryKeyValue::InfMax),
        ))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len() as i64, ROWS / 2);
    println!(
        "by_email: whole index range {:.1} µs/row",
        per_op(t.elapsed(), rows.len() as i64)
    );
}
