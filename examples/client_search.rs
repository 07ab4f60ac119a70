//! Search indexes with the untyped client: create an index over a table, then query it by text,
//! term, range and distance, sort by relevance or distance, aggregate, and read every match.
//!
//! Runs against an in-process ots-local unless `OTS_ENDPOINT` is set, in which case it uses
//! `OTS_ENDPOINT`, `OTS_INSTANCE`, `ALIBABA_CLOUD_ACCESS_KEY_ID` and
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (the service makes a write searchable within seconds;
//! ots-local at once).
//!
//! ```text
//! cargo run --example client_search
//! ```

#![allow(clippy::print_stdout)] // an example program talks to its user

use futures_util::TryStreamExt;
use ots::model::{Column, PrimaryKey, PrimaryKeySchema, PrimaryKeyValue, Row, Value};
use ots::ops::batch::BatchWriteRowRequest;
use ots::ops::row::PutRowRequest;
use ots::ops::search::agg::{Aggregation, GroupBy, GroupKey};
use ots::ops::search::index::{CreateSearchIndexRequest, DeleteSearchIndexRequest, FieldSchema};
use ots::ops::search::query::{GeoPoint, Query};
use ots::ops::search::request::{SearchColumns, SearchRequest};
use ots::ops::search::scan::ScanAllRequest;
use ots::ops::search::sort::Sorter;
use ots::ops::table::{CreateTableRequest, DeleteTableRequest};
use ots::Client;
use std::ops::Bound;

const TABLE: &str = "search_example_shops";
const INDEX: &str = "shops_index";

/// (id, name, cuisine, price per person, location)
const SHOPS: [(i64, &str, &str, f64, &str); 6] = [
    (1, "Lakeside Noodle House", "noodles", 38.0, "30.2590,120.1390"),
    (2, "West Lake Tea Garden", "tea", 65.0, "30.2480,120.1460"),
    (3, "Night Market Noodles", "noodles", 18.5, "30.2780,120.1650"),
    (4, "Riverside Dumplings", "dumplings", 42.0, "30.2120,120.2120"),
    (5, "Hangzhou Noodle Bar", "noodles", 25.0, "30.2900,120.1200"),
    (6, "Bund View Dim Sum", "dumplings", 120.0, "31.2400,121.4900"),
];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (_server, client) = connect().await?;
    setup(&client).await?;

    // Full text, best match first.
    let out = client
        .search(
            SearchRequest::new(TABLE, INDEX, Query::matches("name", "noodle house"))
                .sort_by(Sorter::score())
                .columns(SearchColumns::Specified(vec!["name".into()]))
                .limit(3),
        )
        .await?;
    println!("\"noodle house\", best first:");
    for (row, score) in out.rows.iter().zip(&out.scores) {
        println!("  {score:>6.3}  {}", text(row, "name"));
    }

    // Filters: noodles under 30 within 5 km of West Lake, nearest first.
    let west_lake = GeoPoint::new(30.2500, 120.1400);
    let cheap_noodles_nearby = Query::bool()
        .filter(Query::term("cuisine", "noodles"))
        .filter(Query::range(
            "price",
            Bound::Unbounded,
            Bound::Excluded(Value::Double(30.0)),
        ))
        .filter(Query::geo_distance("location", west_lake, 5_000.0));
    let out = client
        .search(
            SearchRequest::new(TABLE, INDEX, cheap_noodles_nearby)
                .sort_by(Sorter::nearest("location", west_lake))
                .columns(SearchColumns::All)
                .total_count(),
        )
        .await?;
    println!(
        "cheap noodles near West Lake ({} found):",
        out.total_hits.unwrap_or(0)
    );
    for row in &out.rows {
        println!("  {}", text(row, "name"));
    }

    // Aggregations over every match, not only the page.
    let out = client
        .search(
            SearchRequest::new(TABLE, INDEX, Query::match_all())
                .limit(0)
                .aggregation(Aggregation::avg("avg_price", "price"))
                .group_by(
                    GroupBy::field("by_cuisine", "cuisine")
                        .sub_aggregation(Aggregation::max("top_price", "price")),
                ),
        )
        .await?;
    let avg = out.aggregations.get("avg_price").and_then(|r| r.as_f64());
    println!("average price: {:.2}", avg.unwrap_or_default());
    for group in out.group_bys.get("by_cuisine").unwrap_or_default() {
        if let GroupKey::Field(cuisine) = &group.key {
            let top = group.sub_aggregations.get("top_price").and_then(|r| r.as_f64());
            println!(
                "  {cuisine}: {} shops, dearest {:.2}",
                group.row_count,
                top.unwrap_or_default()
            );
        }
    }

    // Every match, read split by split.
    let all: Vec<Row> = client
        .parallel_scan_stream(ScanAllRequest::new(TABLE, INDEX, Query::exists("location")))
        .try_collect()
        .await?;
    println!("{} shops have a location", all.len());

    client
        .delete_search_index(DeleteSearchIndexRequest::new(TABLE, INDEX))
        .await?;
    client.delete_table(DeleteTableRequest::new(TABLE)).await?;
    Ok(())
}

async fn setup(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    client
        .create_table(CreateTableRequest::new(TABLE).primary_key(PrimaryKeySchema::integer("id")))
        .await?;
    client
        .create_search_index(
            CreateSearchIndexRequest::new(TABLE, INDEX)
                .field(FieldSchema::text("name"))
                .field(FieldSchema::keyword("cuisine").sort_and_agg(true))
                .field(FieldSchema::double("price").sort_and_agg(true))
                .field(FieldSchema::geo_point("location").sort_and_agg(true)),
        )
        .await?;
    let mut batch = BatchWriteRowRequest::new();
    for (id, name, cuisine, price, location) in SHOPS {
        let row = Row {
            primary_key: PrimaryKey::new().with("id", PrimaryKeyValue::Integer(id)),
            columns: vec![
                Column::new("name", name),
                Column::new("cuisine", cuisine),
                Column::new("price", price),
                Column::new("location", location),
            ],
        };
        batch = batch.put(PutRowRequest::new(TABLE, row));
    }
    client.batch_write_row(batch).await?;
    Ok(())
}

fn text<'a>(row: &'a Row, column: &str) -> &'a str {
    row.columns
        .iter()
        .find(|c| c.name == column)
        .and_then(|c| match &c.value {
            Value::String(s) => Some(s.as_str()),
            _ => None,
        })
        .unwrap_or("?")
}

async fn connect() -> Result<(Option<ots_local::LocalServer>, Client), Box<dyn std::error::Error>> {
    if std::env::var("OTS_ENDPOINT").is_ok_and(|e| !e.is_empty()) {
        let client = Client::builder().from_env().build()?;
        println!("using {}", client.endpoint());
        return Ok((None, client));
    }
    let server = ots_local::LocalServer::builder().start().await?;
    println!("started ots-local on {}", server.endpoint());
    let client = server.client_builder().build()?;
    Ok((Some(server), client))
}
