//! chrono and time timestamps in models (features `chrono`, `time`), stored as integer milliseconds.

use crate::common;
use chrono::{DateTime, TimeZone, Utc};
use futures_util::TryStreamExt;
use ots::model::{PrimaryKey, Value};
use ots::ops::row::{GetRowRequest, UpdateRowRequest};
use ots::{filter, ErrorKind, KeyRange, OtsTable, Query, Repo};

#[derive(Debug, Clone, PartialEq, OtsTable)]
pub struct Event {
    #[ots(pk)]
    pub id: i64,
    pub at: DateTime<Utc>,
    pub ends: Option<DateTime<Utc>>,
}

#[tokio::test]
async fn timestamps_round_trip_and_filter() {
    let env = common::start().await;
    let repo = Repo::<Event>::new(env.client.clone());
    repo.create_table().await.unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 11, 22, 8, 30, 0).unwrap();
    for i in 0..5 {
        let mut e = Event {
            id: i,
            at: t0 + chrono::Duration::hours(i),
            ends: (i % 2 == 0).then(|| t0 + chrono::Duration::days(1)),
        };
        repo.insert(&mut e).await.unwrap();
    }
    let got = repo.get(2).await.unwrap().unwrap();
    assert_eq!(got.at, t0 + chrono::Duration::hours(2));
    assert_eq!(got.ends, Some(t0 + chrono::Duration::days(1)));
    let raw = env
        .client
        .get_row(GetRowRequest::new("event", PrimaryKey::new().with("id", 2)))
        .await
        .unwrap()
        .row
        .unwrap();
    assert_eq!(
        raw.get("at"),
        Some(&Value::Integer(
            (t0 + chrono::Duration::hours(2)).timestamp_millis()
        ))
    );

    let cutoff = t0 + chrono::Duration::minutes(90);
    let late: Vec<Event> = repo
        .range_with(KeyRange::all(), Query::new().filter(filter!(Event, at > cutoff)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(late.iter().map(|e| e.id).collect::<Vec<_>>(), [2, 3, 4]);

    env.client
        .update_row(UpdateRowRequest::new("event", PrimaryKey::new().with("id", 1)).put("at", i64::MAX))
        .await
        .unwrap();
    let e = repo.get(1).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Mapping);
    assert!(e.message().contains("column \"at\""), "{e}");
}

#[derive(Debug, Clone, PartialEq, OtsTable)]
pub struct Meeting {
    #[ots(pk)]
    pub id: i64,
    pub starts: time::OffsetDateTime,
}

#[tokio::test]
async fn time_crate_timestamps_round_trip() {
    let env = common::start().await;
    let repo = Repo::<Meeting>::new(env.client.clone());
    repo.create_table().await.unwrap();
    let at =
        time::OffsetDateTime::from_unix_timestamp(1_795_000_000).unwrap() + time::Duration::milliseconds(123);
    let mut m = Meeting { id: 1, starts: at };
    repo.insert(&mut m).await.unwrap();
    assert_eq!(repo.get(1).await.unwrap().unwrap().starts, at);
    let before = at - time::Duration::seconds(1);
    let found: Vec<Meeting> = repo
        .range_with(
            KeyRange::all(),
            Query::new().filter(filter!(Meeting, starts > before)),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
}

/// Managed timestamps as chrono and time types: set on insert and update like i64 milliseconds.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "stamped")]
pub struct Stamped {
    #[ots(pk)]
    pub id: i64,
    pub note: String,
    #[ots(created_at)]
    pub created: DateTime<Utc>,
    #[ots(updated_at)]
    pub updated: time::OffsetDateTime,
}

#[tokio::test]
async fn managed_timestamps_may_be_chrono_or_time() {
    let env = common::start().await;
    let repo = Repo::<Stamped>::new(env.client.clone());
    repo.create_table().await.unwrap();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let before = DateTime::<Utc>::from_timestamp_millis(now_ms - 1000).unwrap();
    let mut s = Stamped {
        id: 1,
        note: "a".into(),
        created: DateTime::<Utc>::UNIX_EPOCH,
        updated: time::OffsetDateTime::UNIX_EPOCH,
    };
    repo.insert(&mut s).await.unwrap();
    assert!(s.created > before, "insert stamps created: {:?}", s.created);
    assert!(s.updated.unix_timestamp() >= before.timestamp());
    let stored = repo.get(1).await.unwrap().unwrap();
    assert_eq!(stored.created.timestamp_millis(), s.created.timestamp_millis());
    repo.update(1, StampedPatch::new().set_note("b")).await.unwrap();
    let after = repo.get(1).await.unwrap().unwrap();
    assert_eq!(after.created, stored.created, "update keeps created");
    assert!(after.updated >= stored.updated);
}
