//! Secondary indexes through the client, against ots-local over HTTP: after each kind of write,
//! and after many concurrent writers on the same rows, every index read by its name equals the
//! index computed from the main table; the management calls and the refusals.

#![allow(clippy::unwrap_used, clippy::panic)]

use crate::common;
use futures_util::TryStreamExt;
use ots::model::{
    Column, DefinedColumnType, IndexKind, IndexMeta, PrimaryKey, PrimaryKeySchema, PrimaryKeyValue, Row,
    Value,
};
use ots::ops::batch::{BatchGetRowRequest, BatchWriteRowRequest, TableBatchGet};
use ots::ops::range::GetRangeRequest;
use ots::ops::row::{DeleteRowRequest, GetRowRequest, PutRowRequest, UpdateRowRequest};
use ots::ops::table::{CreateIndexRequest, CreateTableRequest, DescribeTableRequest, DropIndexRequest};
use ots::Client;

const MAIN_KEY: [&str; 2] = ["team", "id"];

fn key(team: &str, id: i64) -> PrimaryKey {
    PrimaryKey::new().with("team", team).with("id", id)
}

/// `users`: key (team, id); defined email STRING, age INTEGER, name STRING. A global index on
/// email carrying name, a local one on (team, age).
async fn users(client: &Client) {
    client
        .create_table(
            CreateTableRequest::new("users")
                .primary_key(PrimaryKeySchema::string("team"))
                .primary_key(PrimaryKeySchema::integer("id"))
                .defined_column("email", DefinedColumnType::String)
                .defined_column("age", DefinedColumnType::Integer)
                .defined_column("name", DefinedColumnType::String)
                .index(
                    IndexMeta::global("by_email")
                        .primary_key("email")
                        .defined_column("name"),
                )
                .index(IndexMeta::local("by_age").primary_key("team").primary_key("age")),
        )
        .await
        .unwrap();
}

/// The indexes under test: name, given key columns, defined columns.
const INDEXES: [(&str, &[&str], &[&str]); 3] = [
    ("by_email", &["email"], &["name"]),
    ("by_age", &["team", "age"], &[]),
    ("by_name", &["name"], &["email", "age"]),
];

async fn all_rows(client: &Client, table: &str, names: &[&str]) -> Vec<Row> {
    let bound = |v: PrimaryKeyValue| names.iter().fold(PrimaryKey::new(), |k, n| k.with(*n, v.clone()));
    let req = GetRangeRequest::new(
        table,
        bound(PrimaryKeyValue::InfMin),
        bound(PrimaryKeyValue::InfMax),
    );
    client.get_range_stream(req).try_collect().await.unwrap()
}

fn index_key_names<'a>(given: &[&'a str]) -> Vec<&'a str> {
    let mut names = given.to_vec();
    names.extend(MAIN_KEY.iter().filter(|k| !given.contains(k)));
    names
}

/// The index the main rows call for (the service's documented rules).
fn expected(main: &[Row], given: &[&str], carried: &[&str]) -> Vec<Row> {
    let mut rows: Vec<Row> = main
        .iter()
        .filter_map(|row| {
            let mut k = PrimaryKey::new();
            for name in index_key_names(given) {
                let value = match row.primary_key.columns.iter().find(|c| c.name == name) {
                    Some(c) => c.value.clone(),
                    None => match row.get(name)? {
                        Value::String(s) => PrimaryKeyValue::String(s.clone()),
                        Value::Integer(i) => PrimaryKeyValue::Integer(*i),
                        other => panic!("{name} holds {other:?}"),
                    },
                };
                k = k.with(name, value);
            }
            // Columns come back in name order, as the service stores them.
            let mut columns: Vec<Column> = carried
                .iter()
                .filter_map(|c| row.columns.iter().find(|col| col.name == *c).cloned())
                .collect();
            columns.sort_by(|x, y| x.name.cmp(&y.name));
            Some(Row {
                primary_key: k,
                columns,
            })
        })
        .collect();
    let sort_key = |r: &Row| {
        r.primary_key
            .columns
            .iter()
            .map(|c| c.value.clone())
            .collect::<Vec<_>>()
    };
    rows.sort_by_key(sort_key);
    rows
}

async fn assert_in_step(client: &Client, indexes: &[(&str, &[&str], &[&str])]) {
    let main = all_rows(client, "users", &MAIN_KEY).await;
    for (name, given, carried) in indexes {
        let got = all_rows(client, name, &index_key_names(given)).await;
        assert_eq!(
            got,
            expected(&main, given, carried),
            "index {name}; main rows {main:#?}"
        );
    }
}

fn user(team: &str, id: i64, email: Option<&str>, age: Option<i64>, name: &str) -> Row {
    let mut columns = vec![Column::new("name", name)];
    if let Some(e) = email {
        columns.push(Column::new("email", e));
    }
    if let Some(a) = age {
        columns.push(Column::new("age", a));
    }
    Row {
        primary_key: key(team, id),
        columns,
    }
}

#[tokio::test]
async fn indexes_follow_each_kind_of_write() {
    let env = common::start().await;
    let c = &env.client;
    users(c).await;
    for (i, team) in ["a", "b"].iter().enumerate() {
        for id in 0..3 {
            let email = format!("u{id}@{team}");
            let row = user(
                team,
                id,
                Some(&email),
                Some(20 + id + i as i64),
                &format!("n{id}"),
            );
            c.put_row(PutRowRequest::new("users", row)).await.unwrap();
        }
    }
    // An index created over existing rows covers them; one created without, later rows only.
    c.create_index(
        CreateIndexRequest::new(
            "users",
            IndexMeta::global("by_name")
                .primary_key("name")
                .defined_column("email")
                .defined_column("age"),
        )
        .include_base_data(true),
    )
    .await
    .unwrap();
    c.create_index(CreateIndexRequest::new(
        "users",
        IndexMeta::global("later").primary_key("age"),
    ))
    .await
    .unwrap();
    assert!(all_rows(c, "later", &["age", "team", "id"]).await.is_empty());
    assert_in_step(c, &INDEXES).await;

    // An update changing an indexed value moves the row in the index.
    c.update_row(UpdateRowRequest::new("users", key("a", 0)).put("email", "new@a"))
        .await
        .unwrap();
    assert_in_step(c, &INDEXES).await;
    let moved = GetRowRequest::new(
        "by_email",
        PrimaryKey::new()
            .with("email", "new@a")
            .with("team", "a")
            .with("id", 0),
    );
    assert_eq!(
        c.get_row(moved).await.unwrap().row.unwrap().get("name"),
        Some(&Value::from("n0"))
    );
    let old = GetRowRequest::new(
        "by_email",
        PrimaryKey::new()
            .with("email", "u0@a")
            .with("team", "a")
            .with("id", 0),
    );
    assert!(c.get_row(old).await.unwrap().row.is_none());
    assert_eq!(
        all_rows(c, "later", &["age", "team", "id"]).await.len(),
        1,
        "the updated row entered `later`"
    );

    // Deleting an indexed column takes the row out of that index; an increment moves it.
    c.update_row(UpdateRowRequest::new("users", key("a", 1)).delete_all_versions("email"))
        .await
        .unwrap();
    c.update_row(UpdateRowRequest::new("users", key("a", 2)).increment("age", 5))
        .await
        .unwrap();
    c.update_row(UpdateRowRequest::new("users", key("b", 0)).delete_all_versions("name"))
        .await
        .unwrap();
    assert_in_step(c, &INDEXES).await;

    // A put replacing a row, a delete, and a batch of all three kinds.
    c.put_row(PutRowRequest::new("users", user("b", 1, None, Some(99), "solo")))
        .await
        .unwrap();
    c.delete_row(DeleteRowRequest::new("users", key("b", 2)))
        .await
        .unwrap();
    assert_in_step(c, &INDEXES).await;
    let out = c
        .batch_write_row(
            BatchWriteRowRequest::new()
                .put(PutRowRequest::new(
                    "users",
                    user("c", 0, Some("c0@c"), Some(1), "c0"),
                ))
                .update(
                    UpdateRowRequest::new("users", key("a", 0))
                        .put("email", "again@a")
                        .put("age", 7),
                )
                .delete(DeleteRowRequest::new("users", key("b", 1))),
        )
        .await
        .unwrap();
    assert!(out.is_all_ok());
    assert_in_step(c, &INDEXES).await;

    // Reads of an index: backwards with a limit, and a batch get.
    let by_email = index_key_names(&["email"]);
    let bound = |v: PrimaryKeyValue| {
        by_email
            .iter()
            .fold(PrimaryKey::new(), |k, n| k.with(*n, v.clone()))
    };
    let page = c
        .get_range(
            GetRangeRequest::new(
                "by_email",
                bound(PrimaryKeyValue::InfMax),
                bound(PrimaryKeyValue::InfMin),
            )
            .direction(ots::model::Direction::Backward)
            .limit(2),
        )
        .await
        .unwrap();
    let emails: Vec<_> = page
        .rows
        .iter()
        .map(|r| r.primary_key.columns[0].value.clone())
        .collect();
    assert_eq!(
        emails,
        [PrimaryKeyValue::from("u2@a"), PrimaryKeyValue::from("u0@b")]
    );
    assert_eq!(
        page.rows[1].get("name"),
        None,
        "b/0 lost its name, which the index carried"
    );
    let batch = c
        .batch_get_row(BatchGetRowRequest::new().table(TableBatchGet::new(
            "by_age",
            [
                PrimaryKey::new().with("team", "a").with("age", 7).with("id", 0),
                PrimaryKey::new().with("team", "a").with("age", 20).with("id", 0),
            ],
        )))
        .await
        .unwrap();
    let found: Vec<bool> = batch.tables[0]
        .rows
        .iter()
        .map(|r| r.as_ref().unwrap().is_some())
        .collect();
    assert_eq!(found, [true, false]);
}

#[tokio::test]
async fn concurrent_writers_leave_no_orphan_or_duplicate_index_rows() {
    let env = common::start().await;
    users(&env.client).await;
    let mut tasks = Vec::new();
    for worker in 0..16u64 {
        let c = env.client.clone();
        tasks.push(tokio::spawn(async move {
            // A small generator of our own: the sequence only needs to differ between workers.
            let mut state = worker.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let mut next = move |n: u64| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (state >> 33) % n
            };
            for _ in 0..40 {
                let (team, id) = (["a", "b"][next(2) as usize], next(3) as i64);
                let email = ["x@", "y@", "z@"][next(3) as usize];
                let result = match next(4) {
                    0 => c
                        .put_row(PutRowRequest::new(
                            "users",
                            user(team, id, Some(email), Some(next(3) as i64), "p"),
                        ))
                        .await
                        .map(drop),
                    1 => c
                        .update_row(UpdateRowRequest::new("users", key(team, id)).put("email", email))
                        .await
                        .map(drop),
                    2 => c
                        .update_row(
                            UpdateRowRequest::new("users", key(team, id))
                                .delete_all_versions("email")
                                .increment("age", 1),
                        )
                        .await
                        .map(drop),
                    _ => c
                        .delete_row(DeleteRowRequest::new("users", key(team, id)))
                        .await
                        .map(drop),
                };
                result.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_in_step(&env.client, &INDEXES[..2]).await;
}

#[tokio::test]
async fn management_and_refusals() {
    let env = common::start().await;
    let c = &env.client;
    users(c).await;
    let described = c
        .describe_table(DescribeTableRequest::new("users"))
        .await
        .unwrap();
    let names: Vec<_> = described
        .indexes
        .iter()
        .map(|i| (i.name.as_str(), i.kind))
        .collect();
    assert_eq!(
        names,
        [("by_email", IndexKind::Global), ("by_age", IndexKind::Local)]
    );
    assert_eq!(
        described.indexes[1].primary_key,
        ["team", "age"],
        "the key as given"
    );
    let index = c
        .describe_table(DescribeTableRequest::new("by_age"))
        .await
        .unwrap();
    let completed: Vec<_> = index.primary_key.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(completed, ["team", "age", "id"], "the completed key");
    assert_eq!(c.list_tables().await.unwrap(), ["users"]);

    // Writes to an index are refused and change nothing.
    let e = c
        .put_row(PutRowRequest::new("by_email", user("a", 0, Some("e"), None, "n")))
        .await
        .unwrap_err();
    assert!(e.is_invalid_parameter(), "{e}");
    assert!(all_rows(c, "by_email", &["email", "team", "id"]).await.is_empty());

    // Indexes the service refuses.
    for meta in [
        IndexMeta::global("bad").primary_key("nope"),
        IndexMeta::local("bad").primary_key("email"),
        IndexMeta::global("bad")
            .primary_key("email")
            .defined_column("team"),
        IndexMeta::global("bad"),
    ] {
        let e = c
            .create_index(CreateIndexRequest::new("users", meta.clone()))
            .await
            .unwrap_err();
        assert!(e.is_invalid_parameter(), "{meta:?}: {e}");
    }
    let e = c
        .create_index(CreateIndexRequest::new(
            "users",
            IndexMeta::global("users").primary_key("email"),
        ))
        .await
        .unwrap_err();
    assert!(e.is_already_exists(), "{e}");
    // A value of the wrong type in an indexed column writes nothing.
    let e = c
        .put_row(PutRowRequest::new(
            "users",
            Row {
                primary_key: key("a", 9),
                columns: vec![Column::new("email", 5)],
            },
        ))
        .await
        .unwrap_err();
    assert!(e.is_invalid_parameter(), "{e}");
    assert!(c
        .get_row(GetRowRequest::new("users", key("a", 9)))
        .await
        .unwrap()
        .row
        .is_none());

    c.drop_index(DropIndexRequest::new("users", "by_email"))
        .await
        .unwrap();
    let e = c
        .drop_index(DropIndexRequest::new("users", "by_email"))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let e = c
        .get_row(GetRowRequest::new(
            "by_email",
            PrimaryKey::new()
                .with("email", "e")
                .with("team", "a")
                .with("id", 0),
        ))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let left = c
        .describe_table(DescribeTableRequest::new("users"))
        .await
        .unwrap();
    assert_eq!(left.indexes.len(), 1);
}
