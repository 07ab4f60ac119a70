//! The typed layer end to end: #[derive(OtsTable)] models through Repo<T> against ots-local.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions fail loudly on purpose

use crate::common;
use futures_util::TryStreamExt;
use ots::model::{Column, PrimaryKey, Row};
use ots::ops::row::PutRowRequest;
use ots::ops::table::DescribeTableRequest;
use ots::{condition, filter, ErrorKind, KeyRange, OtsTable, Query, Repo, Repository};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Address {
    city: String,
    zip: u32,
}

/// Every supported field kind.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "people", max_versions = 1, ttl = -1, max_time_deviation = 86400)]
pub struct Person {
    #[ots(pk)]
    pub org: String,
    #[ots(pk)]
    pub id: u32,
    #[ots(defined)]
    pub name: String,
    #[ots(rename = "years")]
    pub age: u8,
    pub small: i16,
    pub big: u64,
    pub ratio: f32,
    pub score: f64,
    pub active: bool,
    pub avatar: Vec<u8>,
    pub nickname: Option<String>,
    #[ots(default)]
    pub visits: i64,
    #[ots(json)]
    pub address: Address,
    #[ots(json)]
    pub tags: Option<Vec<String>>,
    #[ots(skip)]
    pub cached: Option<String>,
    #[ots(version)]
    pub version: i64,
    #[ots(created_at)]
    pub created: i64,
    #[ots(updated_at)]
    pub updated: i64,
}

fn person(id: u32, name: &str, age: u8) -> Person {
    Person {
        org: "acme".into(),
        id,
        name: name.into(),
        age,
        small: -3,
        big: u64::from(id) * 1_000_000_007,
        ratio: 0.5,
        score: f64::from(age) * 1.5,
        active: age >= 18,
        avatar: vec![1, 2, 3],
        nickname: None,
        visits: 0,
        address: Address {
            city: "Hangzhou".into(),
            zip: 310_000 + id,
        },
        tags: Some(vec!["a".into()]),
        cached: Some("not stored".into()),
        version: 0,
        created: 0,
        updated: 0,
    }
}

/// Only optional fields besides the key.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "notes")]
pub struct Note {
    #[ots(pk)]
    pub id: i64,
    pub title: Option<String>,
    pub body: Option<String>,
}

/// A projection of fields that are all absent in a row still finds the row (the service
/// answers no row when none of the named attribute columns has a value, so the repository also
/// names the key column).
#[tokio::test]
async fn a_projection_of_absent_fields_still_finds_the_row() {
    let env = common::start().await;
    let repo = Repo::<Note>::new(env.client.clone());
    repo.sync_schema().await.unwrap();
    let mut note = Note {
        id: 1,
        title: Some("t".into()),
        body: None,
    };
    repo.insert(&mut note).await.unwrap();
    let only_body = Query::new().column(Note::columns().body);
    let got = repo.get_with(NoteKey { id: 1 }, &only_body).await.unwrap();
    assert_eq!(
        got,
        Some(Note {
            id: 1,
            title: None,
            body: None
        })
    );
    let many = repo
        .get_many_with(vec![NoteKey { id: 1 }], &only_body)
        .await
        .unwrap();
    assert_eq!(many.len(), 1);
    assert!(many[0].is_some());
    let ranged: Vec<Note> = repo
        .range_with(KeyRange::all(), only_body)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ranged.len(), 1);
}

/// An auto-increment key after the partition key.
#[derive(Debug, Clone, PartialEq, OtsTable)]
pub struct LogEntry {
    #[ots(pk)]
    pub stream: String,
    #[ots(pk, auto_increment)]
    pub seq: i64,
    pub message: String,
}

async fn people() -> (common::Env, Repo<Person>) {
    let env = common::start().await;
    let repo = Repo::<Person>::new(env.client.clone());
    repo.create_table().await.unwrap();
    (env, repo)
}

fn key(id: u32) -> PersonKey {
    PersonKey {
        org: "acme".into(),
        id,
    }
}

#[tokio::test]
async fn schema_from_the_struct() {
    let req = Person::create_table_request();
    assert_eq!(req.table, "people");
    assert_eq!(
        req.primary_key
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["org", "id"]
    );
    assert_eq!(req.defined_columns.len(), 1);
    assert_eq!(req.options.max_versions, Some(1));
    assert_eq!(
        LogEntry::TABLE,
        "log_entry",
        "default name: the struct name in snake case"
    );
    assert!(LogEntry::create_table_request().primary_key[1].auto_increment);
    assert_eq!(Person::VERSION_COLUMN, Some("version"));
    assert_eq!(Person::columns().age.name(), "years");
}

#[tokio::test]
async fn insert_get_put_delete_round_trip() {
    let (_env, repo) = people().await;
    let mut alice = person(1, "alice", 34);
    repo.insert(&mut alice).await.unwrap();
    assert_eq!(alice.version, 1);
    assert!(alice.created > 0 && alice.updated == alice.created);

    let got = repo.get(key(1)).await.unwrap().unwrap();
    let expected = Person {
        cached: None,
        ..alice.clone()
    };
    assert_eq!(
        got, expected,
        "every field survives the round trip; skipped fields come back default"
    );

    let mut again = person(1, "alice", 34);
    let e = repo.insert(&mut again).await.unwrap_err();
    assert!(e.is_condition_failed(), "{e}");
    assert_eq!(again.version, 0, "a failed insert leaves the model as it was");

    let mut changed = got.clone();
    changed.nickname = Some("al".into());
    repo.put(&mut changed).await.unwrap();
    assert_eq!(changed.version, 2);
    assert_eq!(
        repo.get(key(1)).await.unwrap().unwrap().nickname.as_deref(),
        Some("al")
    );

    repo.delete(key(1)).await.unwrap();
    assert!(repo.get(key(1)).await.unwrap().is_none());
    repo.delete(key(1)).await.unwrap();
}

#[tokio::test]
async fn patches_set_delete_and_increment() {
    let (_env, repo) = people().await;
    let mut bob = person(2, "bob", 17);
    bob.nickname = Some("bobby".into());
    bob.visits = 5;
    repo.insert(&mut bob).await.unwrap();

    let patch = PersonPatch::new()
        .set_age(18)
        .set_active(true)
        .delete_nickname()
        .increment_visits(2);
    repo.update(key(2), patch).await.unwrap();
    let got = repo.get(key(2)).await.unwrap().unwrap();
    assert_eq!(
        (got.age, got.active, got.nickname, got.visits),
        (18, true, None, 7)
    );
    assert_eq!(got.version, 2, "updates bump the version atomically");
    assert!(got.updated >= got.created);

    let e = repo
        .update(key(99), PersonPatch::new().set_age(1))
        .await
        .unwrap_err();
    assert!(e.is_row_missing(), "updating a missing row fails: {e}");
    assert!(
        !e.is_condition_failed() && !e.is_stale(),
        "one meaning per predicate: {e}"
    );
    let e = repo.update(key(2), PersonPatch::new()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Construction);

    assert_eq!(
        repo.increment(key(2), Person::columns().visits, 10)
            .await
            .unwrap(),
        17
    );
    let e = repo
        .increment(key(3), Person::columns().visits, -1)
        .await
        .unwrap_err();
    assert!(e.is_row_missing(), "increment expects the row by default: {e}");
    assert!(repo.get(key(3)).await.unwrap().is_none(), "and creates nothing");
    assert_eq!(
        repo.increment_or_create(key(3), Person::columns().visits, -1)
            .await
            .unwrap(),
        -1,
        "absent counts as 0"
    );

    let cond = condition!(Person, expect_exist, age > 65);
    let e = repo
        .update_if(key(2), PersonPatch::new().set_name("x"), cond)
        .await
        .unwrap_err();
    assert!(e.is_condition_failed());
    let cond = condition!(Person, age == 18u8 && !exists(nickname) && missing(nickname));
    repo.update_if(key(2), PersonPatch::new().set_name("robert"), cond)
        .await
        .unwrap();
    assert_eq!(repo.get(key(2)).await.unwrap().unwrap().name, "robert");
}

#[tokio::test]
async fn optimistic_locking() {
    let (env, repo) = people().await;
    let mut carol = person(3, "carol", 40);
    repo.insert(&mut carol).await.unwrap();

    let mut first = repo.get(key(3)).await.unwrap().unwrap();
    let mut second = first.clone();
    first.score = 1.0;
    repo.put(&mut first).await.unwrap();
    second.score = 2.0;
    let e = repo.put(&mut second).await.unwrap_err();
    assert!(e.is_stale(), "{e}");
    assert_eq!(e.kind(), ErrorKind::Stale);
    assert_eq!(second.version, 1, "the losing model keeps its version");

    let v = repo
        .update_versioned(key(3), 2, PersonPatch::new().set_score(3.0))
        .await
        .unwrap();
    assert_eq!(v, 3);
    let e = repo
        .update_versioned(key(3), 2, PersonPatch::new().set_score(4.0))
        .await
        .unwrap_err();
    assert!(e.is_stale());

    // Two writers race from the same version: exactly one wins.
    let start = repo.get(key(3)).await.unwrap().unwrap();
    let mut tasks = Vec::new();
    for i in 0..2 {
        let r = Repo::<Person>::new(common::client_for(
            &env.server,
            ots::retry::DefaultRetryPolicy::default(),
        ));
        let mut m = start.clone();
        tasks.push(tokio::spawn(async move {
            m.name = format!("writer{i}");
            r.put(&mut m).await
        }));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .all(ots::Error::is_stale));
    assert_eq!(
        repo.get(key(3)).await.unwrap().unwrap().version,
        start.version + 1
    );
}

#[tokio::test]
async fn auto_increment_keys_come_back() {
    let env = common::start().await;
    let repo = Repo::<LogEntry>::new(env.client.clone());
    assert!(repo.sync_schema().await.unwrap().created);
    let mut seqs = Vec::new();
    for i in 0..3 {
        let mut e = LogEntry {
            stream: "s".into(),
            seq: 0,
            message: format!("m{i}"),
        };
        repo.insert(&mut e).await.unwrap();
        seqs.push(e.seq);
        assert_eq!(repo.get(e.key()).await.unwrap().unwrap().message, format!("m{i}"));
    }
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
}

/// Writes naming a generated key change that row: put, increment and batch put keep working on
/// rows an insert created (ots-local refuses an explicit auto-increment value only for a row
/// that does not exist, as the service does).
#[tokio::test]
async fn rows_with_generated_keys_can_be_written_again() {
    let env = common::start().await;
    let repo = Repo::<LogEntry>::new(env.client.clone());
    repo.sync_schema().await.unwrap();
    let mut e = LogEntry {
        stream: "s".into(),
        seq: 0,
        message: "first".into(),
    };
    repo.insert(&mut e).await.unwrap();
    e.message = "second".into();
    repo.put(&mut e).await.unwrap();
    assert_eq!(repo.get(e.key()).await.unwrap().unwrap().message, "second");
    let mut again = e.clone();
    again.message = "third".into();
    let results = repo.batch_put(std::slice::from_mut(&mut again)).await.unwrap();
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(repo.get(e.key()).await.unwrap().unwrap().message, "third");
    // A key the server never generated is refused, not silently created.
    let mut made_up = LogEntry {
        stream: "s".into(),
        seq: e.seq + 1_000_000,
        message: "x".into(),
    };
    let err = repo.put(&mut made_up).await.unwrap_err();
    assert!(err.is_condition_failed(), "{err}");
}

#[tokio::test]
async fn get_many_keeps_request_order() {
    let (_env, repo) = people().await;
    let mut models: Vec<Person> = (0..150)
        .map(|i| person(i, &format!("p{i}"), (i % 90) as u8))
        .collect();
    assert!(repo
        .batch_put(&mut models)
        .await
        .unwrap()
        .iter()
        .all(Result::is_ok));
    let keys: Vec<PersonKey> = [149, 3, 500, 0, 77]
        .into_iter()
        .map(key)
        .chain((0..120).map(key))
        .collect();
    let got = repo.get_many(keys.clone()).await.unwrap();
    assert_eq!(got.len(), keys.len());
    for (k, g) in keys.iter().zip(&got) {
        match g {
            Some(p) => assert_eq!(p.key(), *k),
            None => assert_eq!(k.id, 500),
        }
    }
    let teens = ots::filter!(Person, age >= 13 && age <= 19);
    let got = repo
        .get_many_with([key(15), key(20), key(105)], &Query::new().filter(teens))
        .await
        .unwrap();
    assert_eq!(
        got.iter().map(|p| p.as_ref().map(|p| p.id)).collect::<Vec<_>>(),
        [Some(15), None, Some(105)]
    );
}

#[tokio::test]
async fn ranges_filters_and_projection() {
    let (env, repo) = people().await;
    let mut models: Vec<Person> = (0..5200)
        .map(|i| person(i, &format!("p{i}"), (i % 100) as u8))
        .collect();
    assert!(repo
        .batch_put(&mut models)
        .await
        .unwrap()
        .iter()
        .all(Result::is_ok));
    // Another organisation, to check prefix ranges.
    let mut other = person(1, "other", 50);
    other.org = "zeta".into();
    repo.insert(&mut other).await.unwrap();

    let all: Vec<Person> = repo.range(KeyRange::prefix("acme")).try_collect().await.unwrap();
    assert_eq!(all.len(), 5200, "more than one page");
    assert!(all.windows(2).all(|w| w[0].id < w[1].id));
    let everyone: Vec<Person> = repo.range(KeyRange::all()).try_collect().await.unwrap();
    assert_eq!(everyone.len(), 5201);

    let last: Vec<Person> = repo
        .range(KeyRange::prefix("acme").backward().limit(3))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(last.iter().map(|p| p.id).collect::<Vec<_>>(), [5199, 5198, 5197]);
    let between: Vec<Person> = repo
        .range(KeyRange::between(("acme", 10), ("acme", 13)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(between.iter().map(|p| p.id).collect::<Vec<_>>(), [10, 11, 12]);
    let (lo, hi) = (("acme", 10), ("acme", 13));
    let back: Vec<Person> = repo
        .range(KeyRange::between(lo, hi).backward())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        back.iter().map(|p| p.id).collect::<Vec<_>>(),
        [12, 11, 10],
        "the end stays exclusive backwards"
    );
    let back2: Vec<Person> = repo
        .range(KeyRange::between(lo, hi).backward().limit(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(back2.iter().map(|p| p.id).collect::<Vec<_>>(), [12, 11]);
    let next: Vec<Person> = repo
        .range(KeyRange::after_key(&key(10)).unwrap().limit(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        next.iter().map(|p| p.id).collect::<Vec<_>>(),
        [11, 12],
        "after_key excludes the key"
    );
    let from: Vec<Person> = repo
        .range(KeyRange::from_key(&key(5199)).unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        from.iter().map(|p| (p.org.as_str(), p.id)).collect::<Vec<_>>(),
        [("acme", 5199), ("zeta", 1)]
    );
    let keys: Vec<Person> = repo
        .range(KeyRange::between_keys(&key(7), &key(9)).unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(keys.iter().map(|p| p.id).collect::<Vec<_>>(), [7, 8]);
    let down: Vec<Person> = repo
        .range(KeyRange::between_keys(&key(7), &key(9)).unwrap().backward())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(down.iter().map(|p| p.id).collect::<Vec<_>>(), [8, 7]);
    let down_after: Vec<Person> = repo
        .range(KeyRange::after_key(&key(7)).unwrap().backward().limit(1))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        down_after
            .iter()
            .map(|p| (p.org.as_str(), p.id))
            .collect::<Vec<_>>(),
        [("zeta", 1)]
    );

    let min_age: u8 = 98;
    let old = filter!(Person, age >= min_age && (name != "p99" || !active));
    let found: Vec<Person> = repo
        .range_with(KeyRange::prefix("acme"), Query::new().filter(old))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(found.len(), 52 + 51, "ages 98 and 99, but not p99");
    assert!(found.iter().all(|p| p.age >= 98 && p.name != "p99"));

    // The server evaluates filters: rows it drops would fail to map if they reached the client.
    let raw = Row {
        primary_key: PrimaryKey::new().with("org", "acme").with("id", 9000),
        columns: vec![
            Column::new("years", "not a number"),
            Column::new("name", "broken"),
        ],
    };
    env.client
        .put_row(PutRowRequest::new("people", raw))
        .await
        .unwrap();
    let only_named = filter!(Person, name == "p5");
    let got: Vec<Person> = repo
        .range_with(KeyRange::prefix("acme"), Query::new().filter(only_named))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got.len(), 1);

    // A projection leaves out columns; non-optional ones must then be absent-tolerant.
    let e = repo
        .get_with(key(5), &Query::new().column(Person::columns().name))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Mapping);
    assert!(e.is_mapping() && !e.is_not_found() && !e.is_condition_failed());
}

#[tokio::test]
async fn mapping_errors_name_table_column_and_types() {
    let (env, repo) = people().await;
    let mut p = person(1, "x", 1);
    repo.insert(&mut p).await.unwrap();
    let put = |col: Column| {
        let c = env.client.clone();
        async move {
            let row = Row {
                primary_key: PrimaryKey::new().with("org", "acme").with("id", 1),
                columns: vec![col],
            };
            c.update_row(
                ots::ops::row::UpdateRowRequest::new("people", row.primary_key)
                    .put(row.columns[0].name.clone(), row.columns[0].value.clone()),
            )
            .await
            .unwrap();
        }
    };
    put(Column::new("years", 300)).await;
    let e = repo.get(key(1)).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Mapping);
    assert_eq!(
        e.message(),
        "table \"people\", column \"years\": expected INTEGER fitting u8, found INTEGER 300"
    );
    put(Column::new("years", "old")).await;
    let e = repo.get(key(1)).await.unwrap_err();
    assert_eq!(
        e.message(),
        "table \"people\", column \"years\": expected INTEGER, found STRING"
    );
    put(Column::new("years", 5)).await;
    put(Column::new("address", "{not json")).await;
    let e = repo.get(key(1)).await.unwrap_err();
    assert!(
        e.message()
            .starts_with("table \"people\", column \"address\": expected JSON"),
        "{e}"
    );
    env.client
        .update_row(
            ots::ops::row::UpdateRowRequest::new(
                "people",
                PrimaryKey::new().with("org", "acme").with("id", 1),
            )
            .delete_all_versions("name"),
        )
        .await
        .unwrap();
    let e = repo.get(key(1)).await.unwrap_err();
    assert!(e.message().contains("column \"name\""), "{e}");

    let mut huge = person(2, "h", 1);
    huge.big = u64::MAX;
    let e = repo.insert(&mut huge).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Mapping);
    assert!(e.message().contains("column \"big\""), "{e}");
    assert!(repo.get(key(2)).await.unwrap().is_none(), "nothing was written");
}

#[tokio::test]
async fn sync_schema_updates_options_and_reports_drift() {
    let env = common::start().await;
    // A table created by hand with other options and no defined column.
    env.client
        .create_table(
            ots::ops::table::CreateTableRequest::new("people")
                .primary_key(ots::model::PrimaryKeySchema::string("org"))
                .primary_key(ots::model::PrimaryKeySchema::integer("id"))
                .max_versions(3)
                .defined_column("legacy", ots::model::DefinedColumnType::String),
        )
        .await
        .unwrap();
    let repo = Repo::<Person>::new(env.client.clone());
    let report = repo.sync_schema().await.unwrap();
    assert!(!report.created);
    assert!(report.options_updated);
    assert_eq!(report.columns_added, vec!["name".to_owned()]);
    assert_eq!(report.drift.len(), 1, "{:?}", report.drift);
    assert_eq!(
        report.drift[0],
        ots::SchemaDrift::ExtraDefinedColumn {
            column: "legacy".into()
        }
    );
    assert!(report.drift[0].to_string().contains("legacy"));
    assert_eq!(
        env.client
            .describe_table(DescribeTableRequest::new("people"))
            .await
            .unwrap()
            .options
            .max_versions,
        Some(1)
    );
    let again = repo.sync_schema().await.unwrap();
    assert!(!again.options_updated && again.columns_added.is_empty());
}

#[tokio::test]
async fn usable_as_a_trait_object() {
    let (_env, repo) = people().await;
    let dynrepo: Arc<dyn Repository<Person>> = Arc::new(repo);
    let mut p = person(7, "dyn", 30);
    dynrepo.insert(&mut p).await.unwrap();
    assert_eq!(dynrepo.get(key(7)).await.unwrap().unwrap().name, "dyn");
    dynrepo
        .update(key(7), PersonPatch::new().set_name("dyn2"))
        .await
        .unwrap();
    let v = dynrepo
        .update_versioned(key(7), 2, PersonPatch::new().set_name("dyn3"))
        .await
        .unwrap();
    assert_eq!(v, 3);
    let all: Vec<Person> = dynrepo.range(KeyRange::all()).try_collect().await.unwrap();
    assert_eq!(all.len(), 1);
    let q = Query::new().filter(filter!(Person, name == "dyn3"));
    assert!(dynrepo.get_with(key(7), q.clone()).await.unwrap().is_some());
    assert_eq!(dynrepo.get_many(vec![key(7), key(8)]).await.unwrap().len(), 2);
    assert_eq!(
        dynrepo
            .get_many_with(vec![key(7), key(8)], q)
            .await
            .unwrap()
            .iter()
            .filter(|p| p.is_some())
            .count(),
        1
    );
    let mut stale = person(7, "late", 30);
    stale.version = 1;
    assert!(dynrepo
        .put_if(&mut stale, condition!(Person, ignore))
        .await
        .unwrap_err()
        .is_stale());
    let e = dynrepo
        .update_if(
            key(7),
            PersonPatch::new().set_age(1),
            condition!(Person, age > 100),
        )
        .await
        .unwrap_err();
    assert!(e.is_condition_failed());
    let outcomes = dynrepo
        .batch_put(&mut [person(8, "b", 1), person(9, "c", 2)])
        .await
        .unwrap();
    assert!(outcomes.iter().all(Result::is_ok));
    let young: Vec<Person> = dynrepo
        .range_with(KeyRange::all(), Query::new().filter(filter!(Person, age < 5)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(young.len(), 2);
    assert!(dynrepo
        .delete_if(key(7), condition!(Person, expect_exist, name == "nope"))
        .await
        .unwrap_err()
        .is_condition_failed());
    assert_eq!(
        dynrepo
            .increment(key(8), Person::columns().visits.into(), 5)
            .await
            .unwrap(),
        5
    );
    let mut seven = dynrepo.get(key(7)).await.unwrap().unwrap();
    seven.name = "dyn4".into();
    dynrepo.put(&mut seven).await.unwrap();
    assert_eq!(seven.version, 4);
    dynrepo.delete(key(7)).await.unwrap();
    assert!(dynrepo.get(key(7)).await.unwrap().is_none());
    // The schema operations are there too.
    assert!(dynrepo.create_table().await.unwrap_err().is_already_exists());
    assert!(!dynrepo.sync_schema().await.unwrap().created);
}

/// Field names that collide with names inside the generated code still work.
#[derive(Debug, Clone, PartialEq, OtsTable)]
pub struct Awkward {
    #[ots(pk)]
    pub pk: String,
    #[ots(pk)]
    pub key: i64,
    pub row: String,
    pub col: Option<i64>,
    pub cols: bool,
    pub patch: i32,
    pub ups: Vec<u8>,
    pub v: f64,
    pub req: u16,
}

#[tokio::test]
async fn awkward_field_names() {
    let env = common::start().await;
    let repo = Repo::<Awkward>::new(env.client.clone());
    repo.create_table().await.unwrap();
    let mut a = Awkward {
        pk: "p".into(),
        key: 1,
        row: "r".into(),
        col: Some(2),
        cols: true,
        patch: 3,
        ups: vec![4],
        v: 5.0,
        req: 6,
    };
    repo.insert(&mut a).await.unwrap();
    repo.update(a.key(), AwkwardPatch::new().increment_patch(1).delete_col())
        .await
        .unwrap();
    let got = repo.get(a.key()).await.unwrap().unwrap();
    assert_eq!(
        got,
        Awkward {
            patch: 4,
            col: None,
            ..a
        }
    );
    let _ = filter!(Awkward, row == "r" && cols && v > 1.0 && req == 6);
}

/// Projections: JSON fields have handles, managed columns come along by themselves, and an
/// `Option` field is set or deleted in one patch call.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "profiles")]
pub struct Profile {
    #[ots(pk)]
    pub id: i64,
    pub name: String,
    pub bio: Option<String>,
    #[ots(json)]
    pub address: Address,
    #[ots(version)]
    pub version: i64,
    #[ots(updated_at)]
    pub updated: i64,
}

#[tokio::test]
async fn projections_and_optional_patches() {
    let env = common::start().await;
    let repo = Repo::<Profile>::new(env.client.clone());
    repo.create_table().await.unwrap();
    let address = Address {
        city: "Springfield".into(),
        zip: 12345,
    };
    let mut p = Profile {
        id: 1,
        name: "ann".into(),
        bio: None,
        address: address.clone(),
        version: 0,
        updated: 0,
    };
    repo.insert(&mut p).await.unwrap();
    // Only the name and the JSON address are asked for; the version and update time are added.
    let q = Query::new()
        .column(Profile::columns().name)
        .column(Profile::columns().address);
    let got = repo.get_with(1, &q).await.unwrap().unwrap();
    assert_eq!(
        (got.name.as_str(), &got.address, got.version),
        ("ann", &address, 1)
    );
    assert_eq!((got.bio, got.updated), (None, p.updated));

    repo.update(1, ProfilePatch::new().set_or_delete_bio(Some("hello".into())))
        .await
        .unwrap();
    assert_eq!(repo.get(1).await.unwrap().unwrap().bio.as_deref(), Some("hello"));
    repo.update(1, ProfilePatch::new().set_or_delete_bio(None))
        .await
        .unwrap();
    assert_eq!(repo.get(1).await.unwrap().unwrap().bio, None);
}
