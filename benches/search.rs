//! Search in ots-local through the client over real HTTP: indexing throughput while 200-row
//! batches are written to a table with a search index, then a bool(term + range) query over
//! 100k documents. Run with `cargo bench --bench search`; figures go to stdout.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use ots::model::{Column, PrimaryKey, PrimaryKeySchema, Row, Value};
use ots::ops::batch::BatchWriteRowRequest;
use ots::ops::row::PutRowRequest;
use ots::ops::search::index::{CreateSearchIndexRequest, FieldSchema};
use ots::ops::search::query::Query;
use ots::ops::search::request::SearchRequest;
use ots::ops::table::CreateTableRequest;
use std::ops::Bound;
use std::time::{Duration, Instant};

const DOCS: i64 = 100_000;
const BATCH: i64 = 200;
const QUERIES: usize = 200;
const CATEGORIES: [&str; 20] = [
    "books", "games", "toys", "food", "tools", "music", "garden", "sports", "office", "pets", "baby",
    "beauty", "car", "film", "home", "kitchen", "phone", "shoes", "travel", "watch",
];

#[tokio::main]
async fn main() {
    let server = ots_local::LocalServer::builder().start().await.unwrap();
    let client = server.client_builder().build().unwrap();
    client
        .create_table(CreateTableRequest::new("products").primary_key(PrimaryKeySchema::integer("id")))
        .await
        .unwrap();
    client
        .create_search_index(
            CreateSearchIndexRequest::new("products", "idx")
                .field(FieldSchema::keyword("category"))
                .field(FieldSchema::double("price"))
                .field(FieldSchema::text("title")),
        )
        .await
        .unwrap();

    // Indexing while writing: 200-row batches, every row indexed under the table's lock.
    let t = Instant::now();
    for start in (0..DOCS).step_by(BATCH as usize) {
        let mut batch = BatchWriteRowRequest::new();
        for i in start..start + BATCH {
            let row = Row {
                primary_key: PrimaryKey::new().with("id", i),
                columns: vec![
                    Column::new("category", CATEGORIES[(i % 20) as usize]),
                    Column::new("price", (i % 1000) as f64 / 10.0),
                    Column::new("title", format!("product number {i} of the catalog")),
                ],
            };
            batch = batch.put(PutRowRequest::new("products", row));
        }
        assert!(client.batch_write_row(batch).await.unwrap().is_all_ok());
    }
    let w = t.elapsed();
    println!(
        "indexed writes: {DOCS} rows in 200-row batches in {:.2} s ({:.0} rows/s)",
        w.as_secs_f64(),
        DOCS as f64 / w.as_secs_f64()
    );

    // bool(term + range) over 100k documents: 5% match the category, a tenth of those the range.
    let query = || {
        Query::bool()
            .must(Query::term("category", "books"))
            .filter(Query::range(
                "price",
                Bound::Included(Value::Double(10.0)),
                Bound::Excluded(Value::Double(20.0)),
            ))
    };
    // The first search commits what the writes left pending.
    let first = Instant::now();
    let out = client
        .search(
            SearchRequest::new("products", "idx", query())
                .limit(10)
                .total_count(),
        )
        .await
        .unwrap();
    println!(
        "first search (commits pending writes): {:.1} ms",
        first.elapsed().as_secs_f64() * 1e3
    );
    let expected = (0..DOCS)
        .filter(|i| i % 20 == 0 && (100..200).contains(&(i % 1000)))
        .count() as i64;
    assert_eq!(out.total_hits, Some(expected));
    let mut times: Vec<Duration> = Vec::with_capacity(QUERIES);
    for _ in 0..QUERIES {
        let t = Instant::now();
        let out = client
            .search(
                SearchRequest::new("products", "idx", query())
                    .limit(10)
                    .total_count(),
            )
            .await
            .unwrap();
        times.push(t.elapsed());
        assert_eq!(out.rows.len(), 10);
    }
    times.sort();
    println!(
        "bool(term + range) over {DOCS} docs, {expected} matches, top 10 + total: median {:.2} ms, p99 {:.2} ms",
        times[QUERIES / 2].as_secs_f64() * 1e3,
        times[QUERIES * 99 / 100].as_secs_f64() * 1e3
    );
}
