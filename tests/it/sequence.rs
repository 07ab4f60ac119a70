//! Sequences (`ots::ops::sequence::Sequence`, typed `ots::Sequence`) against ots-local: the
//! Elixir SDK's table layout and numbering, uniqueness under concurrency, independent events,
//! deleting events and tables, and the arguments refused before anything is sent.

#![allow(clippy::expect_used, clippy::panic)]

use crate::common;
use ots::model::{Column, PrimaryKey, PrimaryKeySchema, Row, Value};
use ots::ops::row::{GetRowRequest, PutRowRequest};
use ots::ops::sequence::{NextValueRequest, Sequence as RawSequence};
use ots::ops::table::{CreateTableRequest, DescribeTableRequest};
use ots::{ErrorKind, Sequence};

async fn created(client: &ots::Client, table: &str) -> RawSequence {
    let seq = RawSequence::new(client.clone(), table);
    assert!(seq.create_if_absent().await.expect("create"));
    seq
}

async fn next(seq: &RawSequence, request: NextValueRequest) -> i64 {
    seq.next_value(request).await.expect("next value")
}

#[tokio::test]
async fn numbering_and_table_layout_follow_the_elixir_sdk() {
    let env = common::start().await;
    let seq = created(&env.client, "seq").await;

    // The table: one string key column `name`.
    let described = env
        .client
        .describe_table(DescribeTableRequest::new("seq"))
        .await
        .expect("describe");
    assert_eq!(described.primary_key, vec![PrimaryKeySchema::string("name")]);

    // Defaults: starter 0, increment 1, event "default".
    assert_eq!(seq.current_value("default").await.expect("read"), None);
    assert_eq!(next(&seq, NextValueRequest::default()).await, 1);
    assert_eq!(next(&seq, NextValueRequest::default()).await, 2);
    assert_eq!(next(&seq, NextValueRequest::new("default")).await, 3);
    assert_eq!(seq.current_value("default").await.expect("read"), Some(3));

    // The first number is starter + increment; then each adds the increment.
    let stepped = NextValueRequest::new("stepped").starter(10).increment(5);
    assert_eq!(next(&seq, stepped.clone()).await, 15);
    assert_eq!(next(&seq, stepped).await, 20);
    // The starter only counts for an event without a number; the increment is per call.
    assert_eq!(
        next(&seq, NextValueRequest::new("stepped").starter(500).increment(2)).await,
        22
    );
    // A negative starter is fine.
    assert_eq!(
        next(&seq, NextValueRequest::new("negative").starter(-10).increment(3)).await,
        -7
    );

    // The row: key `name` = the event, integer `value` = the last number handed out.
    let row = env
        .client
        .get_row(GetRowRequest::new(
            "seq",
            PrimaryKey::new().with("name", "stepped"),
        ))
        .await
        .expect("get")
        .row
        .expect("a row for the event");
    assert_eq!(row.columns.len(), 1);
    assert_eq!(row.get("value"), Some(&Value::Integer(22)));
    assert_eq!(seq.table(), "seq");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_hand_out_each_number_once() {
    let env = common::start().await;
    let seq = created(&env.client, "seq").await;

    // 100 calls at once on an event that does not exist yet: they race to create it.
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let seq = seq.clone();
            tokio::spawn(async move { seq.next_value(NextValueRequest::new("orders")).await })
        })
        .collect();
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.expect("task").expect("next value"));
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=100).collect::<Vec<i64>>());

    // The same with a starter and a step.
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let seq = seq.clone();
            let request = NextValueRequest::new("invoices").starter(1000).increment(3);
            tokio::spawn(async move { seq.next_value(request).await })
        })
        .collect();
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.expect("task").expect("next value"));
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=40).map(|i| 1000 + 3 * i).collect::<Vec<i64>>());
    assert_eq!(seq.current_value("orders").await.expect("read"), Some(100));
}

#[tokio::test]
async fn events_are_independent_and_deleting_one_restarts_it() {
    let env = common::start().await;
    let seq = created(&env.client, "seq").await;

    for expected in 1..=3 {
        assert_eq!(next(&seq, NextValueRequest::new("a")).await, expected);
    }
    assert_eq!(next(&seq, NextValueRequest::new("b")).await, 1);
    assert_eq!(next(&seq, NextValueRequest::new("a")).await, 4);
    assert_eq!(next(&seq, NextValueRequest::new("b").increment(10)).await, 11);

    assert!(seq.delete_event("a").await.expect("delete event"));
    assert_eq!(seq.current_value("a").await.expect("read"), None);
    assert!(!seq.delete_event("a").await.expect("delete a missing event"));
    assert_eq!(next(&seq, NextValueRequest::new("a")).await, 1);
    // A restarted event takes the starter again.
    assert!(seq.delete_event("a").await.expect("delete event"));
    assert_eq!(next(&seq, NextValueRequest::new("a").starter(41)).await, 42);
    // The other event went on untouched.
    assert_eq!(next(&seq, NextValueRequest::new("b")).await, 12);
}

#[tokio::test]
async fn refused_arguments_send_nothing() {
    let env = common::start().await;
    let seq = created(&env.client, "seq").await;

    let refused = [
        (
            NextValueRequest::new("e").increment(0),
            "the increment must be more than 0, not 0",
        ),
        (
            NextValueRequest::new("e").increment(-1),
            "the increment must be more than 0, not -1",
        ),
        (NextValueRequest::new(""), "the event is empty"),
        (
            NextValueRequest::new("e").starter(i64::MAX).increment(1),
            "starter 9223372036854775807 + increment 1, overflows i64",
        ),
        (
            NextValueRequest::new("e").starter(5).increment(5).max(9),
            "is above the maximum 9",
        ),
    ];
    for (request, why) in refused {
        let e = seq.next_value(request.clone()).await.expect_err("refused");
        assert_eq!(e.kind(), ErrorKind::Construction, "{request:?}: {e}");
        assert!(!e.request_may_have_been_sent(), "{e}");
        assert!(e.to_string().contains(why), "{request:?}: {e}");
    }
    assert_eq!(
        seq.current_value("e").await.expect("read"),
        None,
        "nothing was written"
    );

    for e in [
        seq.delete_event("").await.expect_err("empty event"),
        seq.current_value("").await.expect_err("empty event"),
        RawSequence::new(env.client.clone(), "")
            .next_value(NextValueRequest::new("e"))
            .await
            .expect_err("empty table name"),
        RawSequence::new(env.client.clone(), "")
            .create()
            .await
            .expect_err("empty table name"),
    ] {
        assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
        assert!(e.to_string().contains("empty"), "{e}");
    }
}

#[tokio::test]
async fn an_exhausted_event_fails_and_keeps_its_number() {
    let env = common::start().await;
    let seq = created(&env.client, "seq").await;

    let near_the_end = NextValueRequest::new("e").starter(i64::MAX - 3).increment(1);
    assert_eq!(next(&seq, near_the_end.clone()).await, i64::MAX - 2);
    assert_eq!(next(&seq, near_the_end.clone()).await, i64::MAX - 1);
    assert_eq!(next(&seq, near_the_end.clone()).await, i64::MAX);
    for request in [near_the_end.clone(), near_the_end.increment(2)] {
        let e = seq.next_value(request).await.expect_err("exhausted");
        assert!(e.is_exhausted(), "{e}");
        assert!(e.to_string().contains("\"e\" is exhausted"), "{e}");
        assert_eq!(e.table(), Some("seq"));
        assert_eq!(e.primary_key(), Some(&PrimaryKey::new().with("name", "e")));
    }
    assert_eq!(seq.current_value("e").await.expect("read"), Some(i64::MAX));

    // A maximum of the caller's own.
    let bounded = NextValueRequest::new("bounded").increment(4).max(10);
    assert_eq!(next(&seq, bounded.clone()).await, 4);
    assert_eq!(next(&seq, bounded.clone()).await, 8);
    let e = seq.next_value(bounded.clone()).await.expect_err("exhausted");
    assert!(e.is_exhausted(), "{e}");
    assert!(
        e.to_string()
            .contains("its number 8 plus the increment 4 passes the maximum 10"),
        "{e}"
    );
    assert_eq!(next(&seq, bounded.increment(2)).await, 10);
}

#[tokio::test]
async fn rows_that_are_not_sequences_are_reported() {
    let env = common::start().await;
    let seq = created(&env.client, "seq").await;
    let row = Row {
        primary_key: PrimaryKey::new().with("name", "text"),
        columns: vec![Column::new("value", "seven")],
    };
    env.client
        .put_row(PutRowRequest::new("seq", row))
        .await
        .expect("put");
    for e in [
        seq.next_value(NextValueRequest::new("text"))
            .await
            .expect_err("not an integer"),
        seq.current_value("text").await.expect_err("not an integer"),
    ] {
        assert!(e.is_mapping(), "{e}");
        assert!(
            e.to_string().contains("column \"value\": expected INTEGER"),
            "{e}"
        );
    }
}

#[tokio::test]
async fn creating_and_deleting_the_table() {
    let env = common::start().await;
    let seq = RawSequence::new(env.client.clone(), "seq");
    let e = seq
        .next_value(NextValueRequest::new("e"))
        .await
        .expect_err("no table yet");
    assert!(e.is_not_found(), "{e}");

    seq.create().await.expect("create");
    assert!(seq.create().await.expect_err("exists").is_already_exists());
    assert!(!seq.create_if_absent().await.expect("exists: fine"));
    assert_eq!(next(&seq, NextValueRequest::new("e")).await, 1);

    seq.delete().await.expect("delete table");
    assert!(!env
        .client
        .list_tables()
        .await
        .expect("list")
        .contains(&"seq".to_owned()));
    assert!(seq
        .next_value(NextValueRequest::new("e"))
        .await
        .expect_err("gone")
        .is_not_found());
    assert!(seq.delete().await.expect_err("gone").is_not_found());

    // Created again, it starts empty.
    assert!(seq.create_if_absent().await.expect("create"));
    assert_eq!(next(&seq, NextValueRequest::new("e")).await, 1);

    // A table of another layout is not taken for a sequence table.
    env.client
        .create_table(CreateTableRequest::new("users").primary_key(PrimaryKeySchema::integer("id")))
        .await
        .expect("create users");
    let e = RawSequence::new(env.client.clone(), "users")
        .create_if_absent()
        .await
        .expect_err("another key");
    assert!(e.is_mapping(), "{e}");
    assert!(e.to_string().contains("keyed by [id Integer]"), "{e}");
}

#[derive(Debug, Clone, Copy)]
enum Counter {
    Order,
    Ticket,
}

impl AsRef<str> for Counter {
    fn as_ref(&self) -> &str {
        match self {
            Counter::Order => "order",
            Counter::Ticket => "ticket",
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_sequences() {
    let env = common::start().await;
    let numbers = Sequence::<Counter, u64>::new(env.client.clone(), "counters");
    assert!(numbers.create_table_if_absent().await.expect("create"));
    assert!(!numbers.create_table_if_absent().await.expect("exists"));
    assert!(numbers
        .create_table()
        .await
        .expect_err("exists")
        .is_already_exists());
    assert_eq!(numbers.table(), "counters");

    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let numbers = numbers.clone();
            tokio::spawn(async move { numbers.next(&Counter::Order).await })
        })
        .collect();
    let mut got = Vec::new();
    for task in tasks {
        got.push(task.await.expect("task").expect("next"));
    }
    got.sort_unstable();
    assert_eq!(got, (1..=100).collect::<Vec<u64>>());
    assert_eq!(numbers.current(&Counter::Order).await.expect("read"), Some(100));
    assert_eq!(numbers.current(&Counter::Ticket).await.expect("read"), None);

    // Same table, other settings: the starter counts for an event's first number.
    let tickets = numbers.clone().starter(500).increment(5);
    assert_eq!(tickets.next(&Counter::Ticket).await.expect("next"), 505);
    assert_eq!(tickets.next(&Counter::Order).await.expect("next"), 105);
    assert!(tickets.reset(&Counter::Ticket).await.expect("reset"));
    assert!(!tickets.reset(&Counter::Ticket).await.expect("reset"));
    assert_eq!(tickets.next(&Counter::Ticket).await.expect("next"), 505);

    // A number type bounds the series: a u8 stops at 255, nothing stored past it.
    let small = Sequence::<str, u8>::new(env.client.clone(), "counters")
        .starter(250)
        .increment(2);
    assert_eq!(small.next("small").await.expect("next"), 252);
    assert_eq!(small.next("small").await.expect("next"), 254);
    let e = small.next("small").await.expect_err("past u8::MAX");
    assert!(
        e.is_exhausted() && e.to_string().contains("passes the maximum 255"),
        "{e}"
    );
    assert_eq!(small.current("small").await.expect("read"), Some(254));

    // A first number below the type's range is refused before anything is sent; a stored
    // number the type cannot hold is a mapping error.
    let unsigned = Sequence::<str, u32>::new(env.client.clone(), "counters").starter(-10);
    let e = unsigned.next("neg").await.expect_err("below u32::MIN");
    assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
    assert!(e.to_string().contains("below the smallest u32 (0)"), "{e}");
    let wide: Sequence = Sequence::new(env.client.clone(), "counters").starter(i64::from(u32::MAX));
    assert_eq!(wide.next("wide").await.expect("next"), i64::from(u32::MAX) + 1);
    let e = unsigned.current("wide").await.expect_err("above u32::MAX");
    assert!(e.is_mapping(), "{e}");
    assert_eq!(e.primary_key(), Some(&PrimaryKey::new().with("name", "wide")));

    numbers.delete_table().await.expect("delete");
    assert!(numbers
        .next(&Counter::Order)
        .await
        .expect_err("gone")
        .is_not_found());
}
