//! Local transactions through the client, against ots-local over HTTP: every write kind under
//! commit and under abort with the outside view checked before and after, locking, expiry and
//! the refusals.

#![allow(clippy::unwrap_used, clippy::panic)]

use crate::common::{self, id};
use ots::model::{Column, Condition, PrimaryKey, Row, Value};
use ots::ops::batch::BatchWriteRowRequest;
use ots::ops::range::GetRangeRequest;
use ots::ops::row::{DeleteRowRequest, GetRowRequest, PutRowRequest, UpdateRowRequest};
use ots::ops::transaction::StartLocalTransactionRequest;
use ots::retry::DefaultRetryPolicy;
use ots::Client;
use std::time::Duration;

fn row_at(primary_key: PrimaryKey, v: i64) -> Row {
    Row {
        primary_key,
        columns: vec![Column::new("v", v)],
    }
}

fn row(key: i64, v: i64) -> Row {
    row_at(id(key), v)
}

async fn value(client: &Client, key: i64, txn: Option<&str>) -> Option<i64> {
    let mut req = GetRowRequest::new("t", id(key));
    if let Some(txn) = txn {
        req = req.transaction_id(txn);
    }
    let row = client.get_row(req).await.unwrap().row?;
    match row.get("v") {
        Some(Value::Integer(v)) => Some(*v),
        other => panic!("v is {other:?}"),
    }
}

async fn start(client: &Client, key: i64) -> ots::Result<String> {
    client
        .start_local_transaction(StartLocalTransactionRequest::new("t", id(key)))
        .await
        .map(|out| out.transaction_id)
}

/// One kind of write, done inside a transaction on key 1 (which holds v = 1 before).
#[derive(Debug, Clone, Copy)]
enum Write {
    Put,
    Update,
    Delete,
    Batch,
}

impl Write {
    /// The value key 1 holds once the write is applied.
    fn after(self) -> Option<i64> {
        match self {
            Write::Put => Some(10),
            Write::Update => Some(20),
            Write::Delete => None,
            Write::Batch => Some(30),
        }
    }

    async fn run(self, client: &Client, txn: &str) {
        match self {
            Write::Put => {
                client
                    .put_row(PutRowRequest::new("t", row(1, 10)).transaction_id(txn))
                    .await
                    .unwrap();
            }
            Write::Update => {
                client
                    .update_row(
                        UpdateRowRequest::new("t", id(1))
                            .put("v", 20)
                            .condition(Condition::expect_exist())
                            .transaction_id(txn),
                    )
                    .await
                    .unwrap();
            }
            Write::Delete => {
                client
                    .delete_row(DeleteRowRequest::new("t", id(1)).transaction_id(txn))
                    .await
                    .unwrap();
            }
            Write::Batch => {
                let out = client
                    .batch_write_row(
                        BatchWriteRowRequest::new()
                            .put(PutRowRequest::new("t", row(1, 30)))
                            .transaction_id(txn),
                    )
                    .await
                    .unwrap();
                assert!(out.is_all_ok());
            }
        }
    }
}

#[tokio::test]
async fn every_write_kind_is_applied_by_commit_and_discarded_by_abort() {
    let env = common::start().await;
    common::simple_table(&env.client, "t").await;
    let client = &env.client;
    for write in [Write::Put, Write::Update, Write::Delete, Write::Batch] {
        for commit in [true, false] {
            client.put_row(PutRowRequest::new("t", row(1, 1))).await.unwrap();
            let txn = start(client, 1).await.unwrap();
            write.run(client, &txn).await;
            let case = format!("{write:?}, commit {commit}");
            assert_eq!(
                value(client, 1, Some(&txn)).await,
                write.after(),
                "inside: {case}"
            );
            assert_eq!(
                value(client, 1, None).await,
                Some(1),
                "outside before the end: {case}"
            );
            if commit {
                client.commit_transaction(&txn).await.unwrap();
                assert_eq!(
                    value(client, 1, None).await,
                    write.after(),
                    "after commit: {case}"
                );
            } else {
                client.abort_transaction(&txn).await.unwrap();
                assert_eq!(value(client, 1, None).await, Some(1), "after abort: {case}");
            }
            // Finished: the id names nothing, and the key is free.
            let gone = client.commit_transaction(&txn).await.unwrap_err();
            assert!(gone.is_transaction_gone(), "{case}: {gone}");
            client.put_row(PutRowRequest::new("t", row(1, 1))).await.unwrap();
        }
    }
}

#[tokio::test]
async fn a_held_key_refuses_a_second_start_and_plain_writes() {
    let env = common::start().await;
    common::simple_table(&env.client, "t").await;
    // Fail fast: the default policy retries conflicts of plain writes.
    let impatient = common::client_for(&env.server, DefaultRetryPolicy::disabled());
    env.client
        .put_row(PutRowRequest::new("t", row(1, 1)))
        .await
        .unwrap();
    let txn = start(&env.client, 1).await.unwrap();
    // The default policy does not wait on a transaction start.
    let second = start(&env.client, 1).await.unwrap_err();
    assert!(second.is_row_locked(), "{second}");
    let plain = impatient
        .put_row(PutRowRequest::new("t", row(1, 2)))
        .await
        .unwrap_err();
    assert!(plain.is_row_locked(), "{plain}");
    // Reads go on; other keys are free.
    assert_eq!(value(&env.client, 1, None).await, Some(1));
    impatient
        .put_row(PutRowRequest::new("t", row(2, 2)))
        .await
        .unwrap();
    let other = start(&env.client, 2).await.unwrap();
    // A key of another partition cannot be written with the id.
    let outside = env
        .client
        .put_row(PutRowRequest::new("t", row(2, 3)).transaction_id(&txn))
        .await
        .unwrap_err();
    assert_eq!(
        outside.code().map(|c| c.as_str()),
        Some("OTSDataOutOfRange"),
        "{outside}"
    );
    env.client.abort_transaction(&txn).await.unwrap();
    env.client.abort_transaction(&other).await.unwrap();
    impatient
        .put_row(PutRowRequest::new("t", row(1, 2)))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_transaction_expires_after_its_lifetime() {
    let server = ots_local::LocalServer::builder()
        .transaction_lifetime(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let client = common::client_for(&server, DefaultRetryPolicy::default());
    common::simple_table(&client, "t").await;
    let txn = start(&client, 1).await.unwrap();
    client
        .put_row(PutRowRequest::new("t", row(1, 1)).transaction_id(&txn))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let late = client.commit_transaction(&txn).await.unwrap_err();
    assert!(late.is_transaction_gone(), "{late}");
    assert_eq!(value(&client, 1, None).await, None);
    // The lock went with it.
    let again = start(&client, 1).await.unwrap();
    client.commit_transaction(&again).await.unwrap();
}

#[tokio::test]
async fn a_range_with_the_id_sees_the_partition_with_its_own_writes() {
    let env = common::start().await;
    env.client
        .create_table(
            ots::ops::table::CreateTableRequest::new("r")
                .primary_key(ots::model::PrimaryKeySchema::integer("p"))
                .primary_key(ots::model::PrimaryKeySchema::integer("s")),
        )
        .await
        .unwrap();
    let key = |p: i64, s: i64| PrimaryKey::new().with("p", p).with("s", s);
    for (p, s) in [(0, 1), (1, 1), (1, 2), (2, 1)] {
        env.client
            .put_row(PutRowRequest::new("r", row_at(key(p, s), s)))
            .await
            .unwrap();
    }
    let txn = env
        .client
        .start_local_transaction(StartLocalTransactionRequest::new(
            "r",
            PrimaryKey::new().with("p", 1),
        ))
        .await
        .unwrap()
        .transaction_id;
    env.client
        .put_row(PutRowRequest::new("r", row_at(key(1, 3), 3)).transaction_id(&txn))
        .await
        .unwrap();
    env.client
        .delete_row(DeleteRowRequest::new("r", key(1, 1)).transaction_id(&txn))
        .await
        .unwrap();
    use ots::model::PrimaryKeyValue::{InfMax, InfMin};
    let range = |p: Option<i64>, txn: Option<&str>| {
        let bound = |v: ots::model::PrimaryKeyValue| {
            let first = p.map_or(v.clone(), ots::model::PrimaryKeyValue::Integer);
            PrimaryKey::new().with("p", first).with("s", v)
        };
        let req = GetRangeRequest::new("r", bound(InfMin), bound(InfMax));
        match txn {
            Some(t) => req.transaction_id(t),
            None => req,
        }
    };
    let keys = |rows: Vec<Row>| -> Vec<PrimaryKey> { rows.into_iter().map(|r| r.primary_key).collect() };
    let inside = env.client.get_range(range(Some(1), Some(&txn))).await.unwrap();
    assert_eq!(keys(inside.rows), vec![key(1, 2), key(1, 3)]);
    // A range reaching another partition is refused.
    let wide = env.client.get_range(range(None, Some(&txn))).await.unwrap_err();
    assert_eq!(
        wide.code().map(|c| c.as_str()),
        Some("OTSDataOutOfRange"),
        "{wide}"
    );
    let outside = env.client.get_range(range(None, None)).await.unwrap();
    assert_eq!(
        keys(outside.rows),
        vec![key(0, 1), key(1, 1), key(1, 2), key(2, 1)]
    );
    env.client.commit_transaction(&txn).await.unwrap();
    let after = env.client.get_range(range(None, None)).await.unwrap();
    assert_eq!(keys(after.rows), vec![key(0, 1), key(1, 2), key(1, 3), key(2, 1)]);
}
