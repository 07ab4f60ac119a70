//! The low-level client: create a table, write, read, update, scan and delete untyped rows.
//!
//! Runs against an in-process ots-local unless `OTS_ENDPOINT` is set, in which case it uses
//! `OTS_ENDPOINT`, `OTS_INSTANCE`, `ALIBABA_CLOUD_ACCESS_KEY_ID` and
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (a real instance works the same way).
//!
//! ```text
//! cargo run --example client_basics
//! ```

#![allow(clippy::print_stdout)] // an example program talks to its user

use futures_util::TryStreamExt;
use ots::model::{
    Column, Condition, Filter, PrimaryKey, PrimaryKeySchema, PrimaryKeyValue, ReturnType, Row, Value,
};
use ots::ops::batch::{BatchGetRowRequest, BatchWriteRowRequest, TableBatchGet};
use ots::ops::range::GetRangeRequest;
use ots::ops::row::{DeleteRowRequest, GetRowRequest, PutRowRequest, UpdateRowRequest};
use ots::ops::table::{CreateTableRequest, DeleteTableRequest};
use ots::Client;

const TABLE: &str = "client_basics_users";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keep the server alive for as long as the client is used.
    let (_server, client) = connect().await?;

    match client
        .create_table(
            CreateTableRequest::new(TABLE)
                .primary_key(PrimaryKeySchema::integer("id"))
                .max_versions(1),
        )
        .await
    {
        Ok(()) => println!("created table {TABLE}"),
        Err(e) if e.is_already_exists() => println!("table {TABLE} already exists"),
        Err(e) => return Err(e.into()),
    }

    // Insert rows; the condition makes a second insert of the same key fail.
    for (id, name, age) in [(1, "alice", 34), (2, "bob", 17), (3, "carol", 52)] {
        let row = Row {
            primary_key: PrimaryKey::new().with("id", id),
            columns: vec![
                Column::new("name", name),
                Column::new("age", age),
                Column::new("visits", 0),
            ],
        };
        let put = PutRowRequest::new(TABLE, row).condition(Condition::expect_not_exist());
        match client.put_row(put).await {
            Ok(_) => println!("inserted user {id}"),
            Err(e) if e.is_condition_failed() => println!("user {id} exists already"),
            Err(e) => return Err(e.into()),
        }
    }

    // Read one row back.
    let alice = client
        .get_row(GetRowRequest::new(TABLE, PrimaryKey::new().with("id", 1)))
        .await?;
    println!("user 1: {:?}", alice.row.as_ref().and_then(|r| r.get("name")));

    // Atomic counter: the new value comes back.
    let out = client
        .update_row(
            UpdateRowRequest::new(TABLE, PrimaryKey::new().with("id", 1))
                .increment("visits", 1)
                .return_type(ReturnType::AfterModify(vec!["visits".into()])),
        )
        .await?;
    println!(
        "user 1 visits: {:?}",
        out.row.as_ref().and_then(|r| r.get("visits"))
    );

    // Scan the table with a server-side filter: adults only.
    let all = GetRangeRequest::new(
        TABLE,
        PrimaryKey::new().with("id", PrimaryKeyValue::InfMin),
        PrimaryKey::new().with("id", PrimaryKeyValue::InfMax),
    )
    .filter(Filter::ge("age", 18));
    let adults: Vec<Row> = client.get_range_stream(all).try_collect().await?;
    let names: Vec<&Value> = adults.iter().filter_map(|r| r.get("name")).collect();
    println!("adults: {names:?}");

    // Batch write and batch read.
    let batch = BatchWriteRowRequest::new()
        .update(UpdateRowRequest::new(TABLE, PrimaryKey::new().with("id", 2)).put("age", 18))
        .delete(DeleteRowRequest::new(TABLE, PrimaryKey::new().with("id", 3)));
    let written = client.batch_write_row(batch).await?;
    println!("batch write all ok: {}", written.is_all_ok());
    let keys = (1..=3).map(|id| PrimaryKey::new().with("id", id));
    let read = client
        .batch_get_row(BatchGetRowRequest::new().table(TableBatchGet::new(TABLE, keys)))
        .await?;
    for (id, result) in (1..=3).zip(&read.tables[0].rows) {
        match result {
            Ok(Some(row)) => println!("user {id}: age {:?}", row.get("age")),
            Ok(None) => println!("user {id}: gone"),
            Err(e) => println!("user {id}: error {e}"),
        }
    }

    client.delete_table(DeleteTableRequest::new(TABLE)).await?;
    println!("deleted table {TABLE}");
    Ok(())
}

/// A client for `OTS_ENDPOINT` when set, else for a fresh in-process ots-local.
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
