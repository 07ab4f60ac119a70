//! `Repo::transaction` against ots-local: commit on `Ok`, abort on `Err`, on a panic and on a
//! dropped future (each checked by a transaction on the same key that starts at once), locking,
//! waiting for a lock, exact totals under contention, partition checks and models sharing a
//! table.

#![allow(clippy::unwrap_used, clippy::panic)]

use crate::common;
use futures_util::TryStreamExt;
use ots::retry::DefaultRetryPolicy;
use ots::{ErrorKind, KeyRange, OtsTable, Repo, TransactionOptions};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "tx_accounts", local_transactions)]
pub struct Account {
    #[ots(pk)]
    pub bank: String,
    #[ots(pk)]
    pub id: String,
    pub balance: i64,
}

/// A second model stored in the same table, under the same key columns.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "tx_accounts")]
pub struct Note {
    #[ots(pk)]
    pub bank: String,
    #[ots(pk)]
    pub id: String,
    pub text: String,
}

/// A model of another table.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "tx_elsewhere")]
pub struct Elsewhere {
    #[ots(pk)]
    pub bank: String,
    pub text: String,
}

fn account(bank: &str, id: &str, balance: i64) -> Account {
    Account {
        bank: bank.into(),
        id: id.into(),
        balance,
    }
}

async fn setup() -> (common::Env, Repo<Account>) {
    let env = common::start().await;
    let repo: Repo<Account> = Repo::new(env.client.clone());
    repo.create_table().await.unwrap();
    for a in [
        account("b1", "alice", 100),
        account("b1", "bob", 0),
        account("b2", "carol", 5),
    ] {
        repo.put(&mut a.clone()).await.unwrap();
    }
    (env, repo)
}

async fn balance(repo: &Repo<Account>, bank: &str, id: &str) -> Option<i64> {
    repo.get((bank, id)).await.unwrap().map(|a| a.balance)
}

/// Starts and commits an empty transaction on `bank` without waiting for a lock: fails if the
/// partition is still held.
async fn starts_at_once(repo: &Repo<Account>, bank: &str) {
    repo.transaction(bank, |_tx| async { Ok::<_, ots::Error>(()) })
        .await
        .unwrap_or_else(|e| panic!("the partition {bank} is still locked: {e}"));
}

#[tokio::test]
async fn ok_commits_every_write_at_once_and_only_then() {
    let (_env, repo) = setup().await;
    let outside = repo.clone();
    let moved = repo
        .transaction("b1", |tx| async move {
            let mut from = tx.get(("b1", "alice")).await?.unwrap();
            let mut to = tx.get(("b1", "bob")).await?.unwrap();
            from.balance -= 30;
            to.balance += 30;
            tx.put(&mut from).await?;
            tx.put(&mut to).await?;
            // Inside: the transaction's own writes, in reads and in ranges of the partition.
            assert_eq!(tx.get(("b1", "alice")).await?.unwrap().balance, 70);
            let inside: Vec<Account> = tx.range(KeyRange::all()).try_collect().await?;
            assert_eq!(inside, vec![account("b1", "alice", 70), account("b1", "bob", 30)]);
            // Outside: nothing yet.
            assert_eq!(balance(&outside, "b1", "alice").await, Some(100));
            assert_eq!(balance(&outside, "b1", "bob").await, Some(0));
            Ok::<_, ots::Error>(30)
        })
        .await
        .unwrap();
    assert_eq!(moved, 30);
    assert_eq!(balance(&repo, "b1", "alice").await, Some(70));
    assert_eq!(balance(&repo, "b1", "bob").await, Some(30));
    starts_at_once(&repo, "b1").await;
}

#[tokio::test]
async fn err_aborts_and_frees_the_partition() {
    let (_env, repo) = setup().await;
    let result: Result<(), ots::Error> = repo
        .transaction("b1", |tx| async move {
            tx.put(&mut account("b1", "alice", 0)).await?;
            tx.delete(("b1", "bob")).await?;
            Err(ots::Error::construction("changed my mind"))
        })
        .await;
    assert_eq!(result.unwrap_err().message(), "changed my mind");
    assert_eq!(balance(&repo, "b1", "alice").await, Some(100));
    assert_eq!(balance(&repo, "b1", "bob").await, Some(0));
    starts_at_once(&repo, "b1").await;
}

#[tokio::test]
async fn a_panic_aborts_and_frees_the_partition() {
    let (_env, repo) = setup().await;
    let inner = repo.clone();
    let joined = tokio::spawn(async move {
        inner
            .transaction("b1", |tx| async move {
                tx.put(&mut account("b1", "alice", 0)).await?;
                if tx.get(("b1", "alice")).await?.is_some() {
                    panic!("a bug in the closure");
                }
                Ok::<_, ots::Error>(())
            })
            .await
    })
    .await;
    assert!(joined.unwrap_err().is_panic());
    assert_eq!(balance(&repo, "b1", "alice").await, Some(100));
    starts_at_once(&repo, "b1").await;
}

#[tokio::test]
async fn a_dropped_future_aborts_and_frees_the_partition() {
    let (_env, repo) = setup().await;
    let (written_tx, written) = tokio::sync::oneshot::channel();
    let running = repo.transaction("b1", |tx| async move {
        tx.put(&mut account("b1", "alice", 0)).await?;
        let _ = written_tx.send(());
        tokio::time::sleep(Duration::from_secs(30)).await;
        Ok::<_, ots::Error>(())
    });
    // Dropped (as a timed-out request would be) once its write is in.
    tokio::select! {
        _ = running => panic!("the transaction should still be running"),
        _ = written => {}
    }
    // At once: the start waits for the abort the drop sent, not for the lock to lapse.
    starts_at_once(&repo, "b1").await;
    assert_eq!(balance(&repo, "b1", "alice").await, Some(100));
}

#[tokio::test]
async fn a_held_partition_refuses_plain_writes_and_other_transactions() {
    let (env, repo) = setup().await;
    let impatient: Repo<Account> = Repo::new(common::client_for(&env.server, DefaultRetryPolicy::disabled()));
    let outcome = repo
        .transaction("b1", |tx| {
            let impatient = impatient.clone();
            async move {
                tx.put(&mut account("b1", "alice", 1)).await?;
                let plain = impatient.put(&mut account("b1", "bob", 7)).await.unwrap_err();
                assert!(plain.is_row_locked(), "{plain}");
                let second = impatient
                    .transaction("b1", |_tx| async { Ok::<_, ots::Error>(()) })
                    .await
                    .unwrap_err();
                assert!(second.is_row_locked(), "{second}");
                // Another partition is free, and reads are not held up.
                impatient.put(&mut account("b2", "carol", 6)).await?;
                assert_eq!(balance(&impatient, "b1", "alice").await, Some(100));
                Ok::<_, ots::Error>(())
            }
        })
        .await;
    outcome.unwrap();
    assert_eq!(balance(&repo, "b1", "alice").await, Some(1));
    assert_eq!(balance(&repo, "b1", "bob").await, Some(0));
    assert_eq!(balance(&repo, "b2", "carol").await, Some(6));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn contending_transactions_that_wait_for_the_lock_lose_no_update() {
    let (_env, repo) = setup().await;
    let options = TransactionOptions::new()
        .retry_on_lock(500)
        .retry_delay(Duration::from_millis(2));
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let repo = repo.clone();
            let options = options.clone();
            tokio::spawn(async move {
                repo.transaction_with("b1", options, |tx| async move {
                    // Read, then write: only the lock keeps this from losing updates.
                    let mut a = tx.get(("b1", "bob")).await?.unwrap();
                    tokio::task::yield_now().await;
                    a.balance += 1;
                    tx.put(&mut a).await
                })
                .await
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(balance(&repo, "b1", "bob").await, Some(16));
}

#[tokio::test]
async fn keys_outside_the_partition_are_refused_before_sending() {
    let (_env, repo) = setup().await;
    let outcome = repo
        .transaction("b1", |tx| async move {
            let get = tx.get(("b2", "carol")).await.unwrap_err();
            assert_eq!(get.kind(), ErrorKind::Construction, "{get}");
            let put = tx.put(&mut account("b2", "carol", 0)).await.unwrap_err();
            assert_eq!(put.kind(), ErrorKind::Construction, "{put}");
            let range: Result<Vec<Account>, _> = tx.range(KeyRange::prefix("b2")).try_collect().await;
            assert_eq!(range.unwrap_err().kind(), ErrorKind::Construction);
            // One row outside fails the whole batch before anything is sent.
            let mut batch = vec![account("b1", "dave", 1), account("b2", "erin", 1)];
            let batch = tx.batch_put(&mut batch).await.unwrap_err();
            assert_eq!(batch.kind(), ErrorKind::Construction, "{batch}");
            assert!(tx.get(("b1", "dave")).await?.is_none());
            // A model of another table cannot join.
            assert!(tx.model::<Elsewhere>().is_err());
            Ok::<_, ots::Error>(())
        })
        .await;
    outcome.unwrap();
    assert_eq!(balance(&repo, "b2", "carol").await, Some(5));
}

#[tokio::test]
async fn models_sharing_a_table_join_one_transaction() {
    let (_env, repo) = setup().await;
    repo.transaction("b1", |tx| async move {
        let notes = tx.model::<Note>()?;
        notes
            .put(&mut Note {
                bank: "b1".into(),
                id: "memo".into(),
                text: "moved 5".into(),
            })
            .await?;
        let mut alice = tx.get(("b1", "alice")).await?.unwrap();
        alice.balance -= 5;
        tx.put(&mut alice).await?;
        let mut batch = vec![account("b1", "frank", 5)];
        for r in tx.batch_put(&mut batch).await? {
            r?;
        }
        Ok::<_, ots::Error>(())
    })
    .await
    .unwrap();
    let notes: Repo<Note> = Repo::new(repo.client().clone());
    assert_eq!(notes.get(("b1", "memo")).await.unwrap().unwrap().text, "moved 5");
    assert_eq!(balance(&repo, "b1", "alice").await, Some(95));
    assert_eq!(balance(&repo, "b1", "frank").await, Some(5));
}

#[tokio::test]
async fn a_commit_after_the_lifetime_fails_and_writes_nothing() {
    let server = ots_local::LocalServer::builder()
        .transaction_lifetime(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let repo: Repo<Account> = Repo::new(common::client_for(&server, DefaultRetryPolicy::default()));
    repo.create_table().await.unwrap();
    let late = repo
        .transaction("b1", |tx| async move {
            tx.put(&mut account("b1", "alice", 1)).await?;
            tokio::time::sleep(Duration::from_millis(500)).await;
            Ok::<_, ots::Error>(())
        })
        .await
        .unwrap_err();
    assert!(late.is_transaction_gone(), "{late}");
    assert_eq!(balance(&repo, "b1", "alice").await, None);
    starts_at_once(&repo, "b1").await;
}

/// A table created with local transactions refused.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "tx_refused", local_transactions = false)]
pub struct Refused {
    #[ots(pk)]
    pub bank: String,
    pub text: String,
}

#[tokio::test]
async fn a_table_created_without_local_transactions_refuses_them() {
    let env = common::start().await;
    let repo: Repo<Refused> = Repo::new(env.client.clone());
    repo.create_table().await.unwrap();
    let refused = repo
        .transaction("b1", |_tx| async { Ok::<_, ots::Error>(()) })
        .await
        .unwrap_err();
    assert!(refused.is_invalid_parameter(), "{refused}");
    assert!(
        refused.message().contains("explicit-transaction-disabled"),
        "{refused}"
    );
}

/// A model whose key is its partition key: each partition is one row.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "tx_wallets", local_transactions)]
pub struct Wallet {
    #[ots(pk)]
    pub owner: String,
    pub coins: i64,
}

#[tokio::test]
async fn a_range_over_a_one_row_partition_reads_that_row() {
    let env = common::start().await;
    let wallets: Repo<Wallet> = Repo::new(env.client.clone());
    wallets.create_table().await.unwrap();
    for (owner, coins) in [("ann", 1), ("ben", 2)] {
        wallets
            .put(&mut Wallet {
                owner: owner.into(),
                coins,
            })
            .await
            .unwrap();
    }
    wallets
        .transaction("ann", |tx| async move {
            let mut ann = tx.get("ann").await?.unwrap();
            ann.coins += 10;
            tx.put(&mut ann).await?;
            // The service refuses any GetRange whose bound leaves the partition: the one row is
            // read by key, with the transaction's write.
            for range in [
                KeyRange::all(),
                KeyRange::all().backward(),
                KeyRange::prefix("ann"),
            ] {
                let rows: Vec<Wallet> = tx.range(range).try_collect().await?;
                assert_eq!(rows, vec![ann.clone()]);
            }
            let page = tx.page(KeyRange::all(), ots::Query::new(), 10, None).await?;
            assert_eq!((page.items, page.next), (vec![ann.clone()], None));
            let other: Result<Vec<Wallet>, _> = tx.range(KeyRange::prefix("ben")).try_collect().await;
            assert_eq!(other.unwrap_err().kind(), ErrorKind::Construction);
            Ok::<_, ots::Error>(())
        })
        .await
        .unwrap();
    assert_eq!(wallets.get("ann").await.unwrap().unwrap().coins, 11);
}

#[tokio::test]
async fn a_future_dropped_while_starting_leaves_no_lock() {
    let (_env, repo) = setup().await;
    // Dropped at every stage of the start: before the request, while it is in flight, after
    // the answer. Whatever the start did is aborted before the next transaction begins.
    for wait_us in [0, 50, 100, 200, 400, 800, 1600, 3200, 6400, 12800] {
        let running = repo.transaction("b1", |tx| async move {
            tx.put(&mut account("b1", "alice", 0)).await?;
            tokio::time::sleep(Duration::from_secs(30)).await;
            Ok::<_, ots::Error>(())
        });
        let dropped = tokio::time::timeout(Duration::from_micros(wait_us), running).await;
        assert!(dropped.is_err(), "the transaction cannot have finished");
        starts_at_once(&repo, "b1").await;
    }
    assert_eq!(balance(&repo, "b1", "alice").await, Some(100));
}
