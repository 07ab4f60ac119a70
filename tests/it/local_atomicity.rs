//! What ots-local promises to be atomic, under many concurrent clients: every acknowledged
//! increment counts, every returned value is distinct, and a write never lands behind an older
//! version of its row. Bounded: a few thousand requests over loopback.

#![allow(clippy::expect_used, clippy::panic)]

use crate::common;
use crate::common::id;
use ots::model::{Column, PrimaryKeySchema, ReturnType, Row, Value};
use ots::ops::batch::BatchWriteRowRequest;
use ots::ops::row::{GetRowRequest, PutRowRequest, UpdateRowRequest};
use ots::ops::table::CreateTableRequest;
use ots::retry::DefaultRetryPolicy;
use ots::Client;

const COUNTER_TASKS: i64 = 16;
const INCREMENTS_PER_TASK: i64 = 100;
const BATCH_TASKS: i64 = 2;
const BATCHES_PER_TASK: i64 = 10;
/// Counter rows a batch increments together, each by one.
const BATCH_COUNTERS: i64 = 10;
const BATCH_COUNTER_ROUNDS: i64 = 30;

fn integer(row: Option<&Row>, column: &str) -> i64 {
    match row.and_then(|r| r.get(column)) {
        Some(Value::Integer(v)) => *v,
        other => panic!("expected an integer in {column}, got {other:?}"),
    }
}

async fn create(client: &Client, table: &str, max_versions: i32) {
    client
        .create_table(
            CreateTableRequest::new(table)
                .primary_key(PrimaryKeySchema::integer("id"))
                .max_versions(max_versions),
        )
        .await
        .expect("create table");
}

/// `COUNTER_TASKS` clients increment row 0 one by one and keep every value sent back.
fn spawn_counters(
    server: &ots_local::LocalServer,
    table: &'static str,
) -> Vec<tokio::task::JoinHandle<Vec<i64>>> {
    (0..COUNTER_TASKS)
        .map(|_| {
            let c = common::client_for(server, DefaultRetryPolicy::disabled());
            tokio::spawn(async move {
                let mut seen = Vec::new();
                for _ in 0..INCREMENTS_PER_TASK {
                    let upd = UpdateRowRequest::new(table, id(0))
                        .increment("hits", 1)
                        .return_type(ReturnType::AfterModify(vec!["hits".into()]));
                    let out = c.update_row(upd).await.expect("increment");
                    seen.push(integer(out.row.as_ref(), "hits"));
                }
                seen
            })
        })
        .collect()
}

/// `BATCH_TASKS` clients write 200-row batches of plain puts into the same table.
fn spawn_batch_load(
    server: &ots_local::LocalServer,
    table: &'static str,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..BATCH_TASKS)
        .map(|t| {
            let c = common::client_for(server, DefaultRetryPolicy::disabled());
            tokio::spawn(async move {
                for b in 0..BATCHES_PER_TASK {
                    let mut batch = BatchWriteRowRequest::new();
                    for r in 0..200 {
                        let key = 1_000 + t * 1_000_000 + r;
                        let row = Row {
                            primary_key: id(key),
                            columns: vec![Column::new("payload", format!("batch {b} row {r}"))],
                        };
                        batch = batch.put(PutRowRequest::new(table, row));
                    }
                    let out = c.batch_write_row(batch).await.expect("batch write");
                    assert!(out.is_all_ok(), "a batch row failed: {:?}", out.rows);
                }
            })
        })
        .collect()
}

/// One client increments `BATCH_COUNTERS` rows in each batch; every one of those increments
/// must count too.
fn spawn_batch_counters(server: &ots_local::LocalServer, table: &'static str) -> tokio::task::JoinHandle<()> {
    let c = common::client_for(server, DefaultRetryPolicy::disabled());
    tokio::spawn(async move {
        for _ in 0..BATCH_COUNTER_ROUNDS {
            let mut batch = BatchWriteRowRequest::new();
            for k in 1..=BATCH_COUNTERS {
                batch = batch.update(UpdateRowRequest::new(table, id(k)).increment("hits", 1));
            }
            let out = c.batch_write_row(batch).await.expect("batch increments");
            assert!(out.is_all_ok(), "a batch increment failed: {:?}", out.rows);
        }
    })
}

async fn run_increment_scenario(table: &'static str, max_versions: i32) {
    let env = common::start().await;
    create(&env.client, table, max_versions).await;
    let counters = spawn_counters(&env.server, table);
    let load = spawn_batch_load(&env.server, table);
    let batch_counters = spawn_batch_counters(&env.server, table);
    // Single-row increments of the batch counters race with the batch ones.
    let extra = {
        let c = common::client_for(&env.server, DefaultRetryPolicy::disabled());
        tokio::spawn(async move {
            for _ in 0..BATCH_COUNTER_ROUNDS {
                for k in 1..=BATCH_COUNTERS {
                    c.update_row(UpdateRowRequest::new(table, id(k)).increment("hits", 1))
                        .await
                        .expect("increment a batch counter");
                }
            }
        })
    };
    let mut returned = Vec::new();
    for t in counters {
        returned.extend(t.await.expect("counter task"));
    }
    for t in load {
        t.await.expect("batch task");
    }
    batch_counters.await.expect("batch counter task");
    extra.await.expect("extra counter task");

    let total = COUNTER_TASKS * INCREMENTS_PER_TASK;
    returned.sort_unstable();
    let distinct = {
        let mut d = returned.clone();
        d.dedup();
        d.len()
    };
    assert_eq!(distinct, returned.len(), "duplicate values went back to clients");
    assert_eq!(
        returned,
        (1..=total).collect::<Vec<_>>(),
        "every returned value is one step"
    );
    let got = env
        .client
        .get_row(GetRowRequest::new(table, id(0)))
        .await
        .expect("read the counter")
        .row;
    assert_eq!(
        integer(got.as_ref(), "hits"),
        total,
        "acknowledged increments were lost"
    );
    for k in 1..=BATCH_COUNTERS {
        let got = env
            .client
            .get_row(GetRowRequest::new(table, id(k)))
            .await
            .expect("read a batch counter")
            .row;
        assert_eq!(
            integer(got.as_ref(), "hits"),
            2 * BATCH_COUNTER_ROUNDS,
            "batch counter {k} lost increments"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_increment_is_lost_under_concurrent_batches() {
    run_increment_scenario("counters", 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_increment_is_lost_with_several_versions_kept() {
    run_increment_scenario("counters_versions", 3).await;
}

/// Concurrent writers each put their own column, then read the row back: the value each just
/// wrote must be visible (no later-arriving write lands behind a newer version), and every
/// column's newest version is newer than the one before it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_put_is_never_shadowed_by_an_older_version() {
    let env = common::start().await;
    create(&env.client, "puts", 5).await;
    let tasks: Vec<_> = (0..8)
        .map(|w| {
            let c = common::client_for(&env.server, DefaultRetryPolicy::disabled());
            tokio::spawn(async move {
                let column = format!("w{w}");
                let mut last_version = i64::MIN;
                for i in 0..60_i64 {
                    let upd = UpdateRowRequest::new("puts", id(0))
                        .put(column.clone(), i)
                        .put("shared", w * 1_000 + i);
                    c.update_row(upd).await.expect("update");
                    let row = c
                        .get_row(GetRowRequest::new("puts", id(0)).columns([column.clone()]))
                        .await
                        .expect("read back")
                        .row;
                    let cell = row
                        .as_ref()
                        .and_then(|r| r.columns.first())
                        .expect("own column present");
                    assert_eq!(cell.value, Value::Integer(i), "writer {w} lost its write {i}");
                    let version = cell.timestamp.expect("a version");
                    assert!(
                        version > last_version,
                        "writer {w}: version went from {last_version} to {version}"
                    );
                    last_version = version;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("writer task");
    }
}
