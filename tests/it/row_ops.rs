//! Single-row operations against an in-process ots-local.

use crate::common;
use crate::common::id;
use ots::model::{
    Column, Condition, Filter, PrimaryKey, PrimaryKeySchema, PrimaryKeyValue, ReturnType, Row, TimeRange,
    Value,
};
use ots::ops::row::{DeleteRowRequest, GetRowRequest, PutRowRequest, UpdateRowRequest};
use ots::ops::table::CreateTableRequest;
use std::time::{SystemTime, UNIX_EPOCH};

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn row(pk: PrimaryKey, cols: Vec<Column>) -> Row {
    Row {
        primary_key: pk,
        columns: cols,
    }
}

#[tokio::test]
async fn put_get_every_type_and_delete() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "t").await;
    let cols = vec![
        Column::new("b", true),
        Column::new("bin", vec![0u8, 255]),
        Column::new("d", 2.5),
        Column::new("i", -7),
        Column::new("s", "héllo"),
    ];
    c.put_row(PutRowRequest::new("t", row(id(1), cols.clone())))
        .await
        .unwrap();
    let got = c
        .get_row(GetRowRequest::new("t", id(1)))
        .await
        .unwrap()
        .row
        .unwrap();
    assert_eq!(got.primary_key, id(1));
    let values: Vec<(String, Value)> = got
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.value.clone()))
        .collect();
    assert_eq!(
        values,
        cols.iter()
            .map(|c| (c.name.clone(), c.value.clone()))
            .collect::<Vec<_>>()
    );
    assert!(
        got.columns.iter().all(|c| c.timestamp.is_some()),
        "reads carry timestamps"
    );

    let only = c
        .get_row(GetRowRequest::new("t", id(1)).columns(["s", "i"]))
        .await
        .unwrap()
        .row
        .unwrap();
    assert_eq!(
        only.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        vec!["i", "s"]
    );
    let range = c
        .get_row(GetRowRequest::new("t", id(1)).column_range("bin", "i"))
        .await
        .unwrap()
        .row
        .unwrap();
    assert_eq!(
        range.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        vec!["bin", "d"]
    );

    assert!(c
        .get_row(GetRowRequest::new("t", id(2)))
        .await
        .unwrap()
        .row
        .is_none());
    c.delete_row(DeleteRowRequest::new("t", id(1))).await.unwrap();
    assert!(c
        .get_row(GetRowRequest::new("t", id(1)))
        .await
        .unwrap()
        .row
        .is_none());
}

#[tokio::test]
async fn conditions_on_put_update_delete() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "t").await;
    let put = |v: i64, cond: Condition| {
        PutRowRequest::new("t", row(id(1), vec![Column::new("v", v)])).condition(cond)
    };

    let e = c.put_row(put(1, Condition::expect_exist())).await.unwrap_err();
    assert!(e.is_condition_failed(), "{e}");
    assert_eq!(e.http_status(), Some(403));
    assert_eq!(e.message(), "Condition check failed.");
    c.put_row(put(1, Condition::expect_not_exist())).await.unwrap();
    assert!(c
        .put_row(put(2, Condition::expect_not_exist()))
        .await
        .unwrap_err()
        .is_condition_failed());

    // Column conditions: only write when v == 1.
    let when_v1 = Condition::expect_exist().with_filter(Filter::eq("v", 1));
    c.put_row(put(2, when_v1.clone())).await.unwrap();
    assert!(c
        .put_row(put(3, when_v1))
        .await
        .unwrap_err()
        .is_condition_failed());
    let upd = UpdateRowRequest::new("t", id(1))
        .put("w", "x")
        .condition(Condition::ignore().with_filter(Filter::gt("v", 5)));
    assert!(c.update_row(upd).await.unwrap_err().is_condition_failed());
    let upd = UpdateRowRequest::new("t", id(1))
        .put("w", "x")
        .condition(Condition::ignore().with_filter(Filter::ge("v", 2).and(Filter::not_exists("w"))));
    c.update_row(upd).await.unwrap();

    // A failed condition changes nothing.
    let got = c
        .get_row(GetRowRequest::new("t", id(1)))
        .await
        .unwrap()
        .row
        .unwrap();
    assert_eq!(got.get("v"), Some(&Value::Integer(2)));
    assert_eq!(got.get("w"), Some(&Value::from("x")));

    let del = DeleteRowRequest::new("t", id(1))
        .condition(Condition::expect_exist().with_filter(Filter::eq("v", 99)));
    assert!(c.delete_row(del).await.unwrap_err().is_condition_failed());
    let del = DeleteRowRequest::new("t", id(1))
        .condition(Condition::expect_exist().with_filter(Filter::eq("v", 2)));
    c.delete_row(del).await.unwrap();
    let del = DeleteRowRequest::new("t", id(1)).condition(Condition::expect_exist());
    assert!(c.delete_row(del).await.unwrap_err().is_condition_failed());
}

#[tokio::test]
async fn update_kinds_versions_and_return_types() {
    let env = common::start().await;
    let c = &env.client;
    c.create_table(
        CreateTableRequest::new("t")
            .primary_key(PrimaryKeySchema::integer("id"))
            .max_versions(3),
    )
    .await
    .unwrap();
    let t0 = now_ms() - 10_000;
    let upd = UpdateRowRequest::new("t", id(1))
        .put_at("c", "v1", t0)
        .put_at("c", "v2", t0 + 1)
        .put_at("c", "v3", t0 + 2)
        .put_at("c", "v4", t0 + 3)
        .put("gone", 1)
        .put("n", 10);
    c.update_row(upd).await.unwrap();
    let got = c
        .get_row(GetRowRequest::new("t", id(1)).max_versions(10).columns(["c"]))
        .await
        .unwrap()
        .row
        .unwrap();
    let versions: Vec<_> = got
        .versions("c")
        .map(|c| (c.value.clone(), c.timestamp.unwrap()))
        .collect();
    assert_eq!(
        versions,
        vec![
            (Value::from("v4"), t0 + 3),
            (Value::from("v3"), t0 + 2),
            (Value::from("v2"), t0 + 1)
        ],
        "max_versions=3 keeps the newest three"
    );
    let between = c
        .get_row(
            GetRowRequest::new("t", id(1))
                .columns(["c"])
                .time_range(TimeRange::Between(t0 + 1, t0 + 3)),
        )
        .await
        .unwrap()
        .row
        .unwrap();
    assert_eq!(between.columns.len(), 2);
    let at = c
        .get_row(
            GetRowRequest::new("t", id(1))
                .columns(["c"])
                .time_range(TimeRange::At(t0 + 2)),
        )
        .await
        .unwrap();
    assert_eq!(at.row.unwrap().get("c"), Some(&Value::from("v3")));

    let upd = UpdateRowRequest::new("t", id(1))
        .delete_version("c", t0 + 3)
        .delete_all_versions("gone")
        .increment("n", 5)
        .return_type(ReturnType::AfterModify(vec!["n".into()]));
    let out = c.update_row(upd).await.unwrap();
    let returned = out.row.unwrap();
    assert_eq!(returned.primary_key, id(1));
    assert_eq!(returned.get("n"), Some(&Value::Integer(15)));
    let got = c
        .get_row(GetRowRequest::new("t", id(1)))
        .await
        .unwrap()
        .row
        .unwrap();
    assert_eq!(got.get("c"), Some(&Value::from("v3")));
    assert_eq!(got.get("gone"), None);

    let inc_missing = UpdateRowRequest::new("t", id(2))
        .increment("n", -3)
        .return_type(ReturnType::AfterModify(vec![]));
    assert_eq!(
        c.update_row(inc_missing).await.unwrap().row.unwrap().get("n"),
        Some(&Value::Integer(-3))
    );
    let inc_string = UpdateRowRequest::new("t", id(1)).increment("c", 1);
    assert!(c.update_row(inc_string).await.unwrap_err().is_invalid_parameter());

    let out = c
        .put_row(PutRowRequest::new("t", row(id(3), vec![])).return_type(ReturnType::PrimaryKey))
        .await
        .unwrap();
    assert_eq!(out.row.unwrap().primary_key, id(3));
    assert!(
        c.get_row(GetRowRequest::new("t", id(3)))
            .await
            .unwrap()
            .row
            .is_some(),
        "key-only rows exist"
    );
}

#[tokio::test]
async fn auto_increment_is_strictly_increasing() {
    let env = common::start().await;
    let c = &env.client;
    c.create_table(
        CreateTableRequest::new("log")
            .primary_key(PrimaryKeySchema::string("stream"))
            .primary_key(PrimaryKeySchema::auto_increment("seq")),
    )
    .await
    .unwrap();
    let mut last = i64::MIN;
    for i in 0..20 {
        let pk = PrimaryKey::new()
            .with("stream", "s")
            .with("seq", PrimaryKeyValue::AutoIncrement);
        let out = c
            .put_row(
                PutRowRequest::new("log", row(pk, vec![Column::new("i", i)]))
                    .return_type(ReturnType::PrimaryKey),
            )
            .await
            .unwrap();
        let key = out.row.unwrap().primary_key;
        let Some(PrimaryKeyValue::Integer(seq)) = key.get("seq").cloned() else {
            panic!("no seq in {key:?}")
        };
        assert!(seq > last, "{seq} after {last}");
        last = seq;
        let got = c
            .get_row(GetRowRequest::new("log", key))
            .await
            .unwrap()
            .row
            .unwrap();
        assert_eq!(got.get("i"), Some(&Value::Integer(i)));
    }
    let pk = PrimaryKey::new()
        .with("stream", PrimaryKeyValue::AutoIncrement)
        .with("seq", 1);
    let e = c
        .put_row(PutRowRequest::new("log", row(pk, vec![])))
        .await
        .unwrap_err();
    assert!(e.is_invalid_parameter(), "placeholder on a plain column: {e}");
    let pk = PrimaryKey::new()
        .with("stream", "s")
        .with("seq", PrimaryKeyValue::AutoIncrement);
    let e = c.get_row(GetRowRequest::new("log", pk)).await.unwrap_err();
    assert!(e.is_invalid_parameter(), "placeholder in a read: {e}");
}

#[tokio::test]
async fn read_filters_are_evaluated_by_the_server() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "t").await;
    c.put_row(PutRowRequest::new(
        "t",
        row(
            id(1),
            vec![
                Column::new("age", 30),
                Column::new("name", "bob"),
                Column::new("active", false),
            ],
        ),
    ))
    .await
    .unwrap();
    let get = |f: Filter| c.get_row(GetRowRequest::new("t", id(1)).filter(f));
    let min_age = 18;
    assert!(get(
        Filter::ge("age", min_age).and(Filter::eq("name", "bob").or(Filter::eq("active", false).not()))
    )
    .await
    .unwrap()
    .row
    .is_some());
    assert!(get(Filter::lt("age", min_age)).await.unwrap().row.is_none());
    assert!(
        get(Filter::eq("missing", 1)).await.unwrap().row.is_some(),
        "pass if missing by default"
    );
    assert!(get(Filter::eq("missing", 1).pass_if_missing(false))
        .await
        .unwrap()
        .row
        .is_none());
    assert!(get(Filter::exists("name")).await.unwrap().row.is_some());
    assert!(get(Filter::not_exists("name")).await.unwrap().row.is_none());
    assert!(
        get(Filter::eq("age", "30")).await.unwrap().row.is_none(),
        "different types never match"
    );
    // A filter sees only the columns read: `age` is not read, so it counts as missing.
    let r = c.get_row(
        GetRowRequest::new("t", id(1))
            .columns(["name"])
            .filter(Filter::eq("age", 1).pass_if_missing(false)),
    );
    assert!(r.await.unwrap().row.is_none());
    let page = c
        .get_row(GetRowRequest::new("t", id(1)).filter(Filter::column_pagination(1, 1)))
        .await
        .unwrap();
    assert_eq!(
        page.row
            .unwrap()
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        vec!["age"]
    );
}

#[tokio::test]
async fn bad_input_gets_the_service_errors() {
    let env = common::start().await;
    let c = &env.client;
    c.create_table(
        CreateTableRequest::new("t")
            .primary_key(PrimaryKeySchema::integer("PK1"))
            .primary_key(PrimaryKeySchema::string("PK2")),
    )
    .await
    .unwrap();
    let get = |pk: PrimaryKey| c.get_row(GetRowRequest::new("t", pk));
    let e = get(PrimaryKey::new().with("PK1", 1)).await.unwrap_err();
    assert_eq!(
        (e.code(), e.message()),
        (
            Some(&ots::ErrorCode::InvalidPk),
            "Validate PK size fail. Input: 1, Meta: 2."
        )
    );
    let e = get(PrimaryKey::new().with("PK2", 1).with("PK1", "a"))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.message()),
        (
            Some(&ots::ErrorCode::InvalidPk),
            "Validate PK name fail. Input: PK2, Meta: PK1."
        )
    );
    let e = get(PrimaryKey::new().with("PK1", "x").with("PK2", "a"))
        .await
        .unwrap_err();
    assert_eq!(
        e.message(),
        "Validate PK type fail. Input: VT_STRING, Meta: VT_INTEGER."
    );
    let e = get(PrimaryKey::new().with("PK1", 1).with("PK2", "a".repeat(1025)))
        .await
        .unwrap_err();
    assert!(e.message().contains("MaxLength:1024"), "{e}");

    let pk = || PrimaryKey::new().with("PK1", 1).with("PK2", "a");
    let big = Column::new("blob", vec![0u8; 2 * 1024 * 1024 + 1]);
    let e = c
        .put_row(PutRowRequest::new("t", row(pk(), vec![big])))
        .await
        .unwrap_err();
    assert_eq!(
        e.message(),
        "The length of attribute column: 'blob' exceeds the MaxLength:2097152 with CurrentLength:2097153."
    );
    let many: Vec<Column> = (0..1025).map(|i| Column::new(format!("c{i}"), i)).collect();
    let e = c
        .put_row(PutRowRequest::new("t", row(pk(), many)))
        .await
        .unwrap_err();
    assert_eq!(
        e.message(),
        "The number of attribute columns exceeds the limit, limit count: 1024, column count: 1025."
    );
    let e = c
        .put_row(PutRowRequest::new(
            "t",
            row(pk(), vec![Column::new("c", 1).at(-1)]),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.message(), "Timestamp must be in range [0, INT64_MAX/1000).");
    let e = c
        .put_row(PutRowRequest::new(
            "t",
            row(pk(), vec![Column::new("c", 1).at(1000)]),
        ))
        .await
        .unwrap_err();
    assert!(
        e.message().starts_with("Invalid timestamp."),
        "outside the allowed deviation: {e}"
    );
    let e = c
        .put_row(PutRowRequest::new("t", row(pk(), vec![Column::new("PK1", 1)])))
        .await
        .unwrap_err();
    assert_eq!(
        e.message(),
        "The attribute column 'PK1' has the same name as a primary key column."
    );
    let e = c
        .put_row(PutRowRequest::new(
            "t",
            row(pk(), vec![Column::new("bad-name", 1)]),
        ))
        .await
        .unwrap_err();
    assert!(e.is_invalid_parameter());
    let cols: Vec<String> = (0..129).map(|i| format!("c{i}")).collect();
    let e = c
        .get_row(GetRowRequest::new("t", pk()).columns(cols))
        .await
        .unwrap_err();
    assert!(e.message().contains("limit count: 128"), "{e}");
    let e = c.get_row(GetRowRequest::new("nope", pk())).await.unwrap_err();
    assert!(e.is_not_found());
    let e = c
        .get_row(GetRowRequest::new(
            "t",
            PrimaryKey::new()
                .with("PK1", PrimaryKeyValue::InfMin)
                .with("PK2", "a"),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.message(), "INF_MIN is an invalid type for the primary key.");
    // Nothing was written by any of the refused requests.
    assert!(c
        .get_row(GetRowRequest::new("t", pk()))
        .await
        .unwrap()
        .row
        .is_none());
}

#[tokio::test]
async fn concurrent_increments_are_atomic() {
    let env = common::start().await;
    common::simple_table(&env.client, "counters").await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let c = common::client_for(&env.server, ots::retry::DefaultRetryPolicy::default());
        tasks.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            for _ in 0..25 {
                let upd = UpdateRowRequest::new("counters", id(1))
                    .increment("hits", 1)
                    .return_type(ReturnType::AfterModify(vec!["hits".into()]));
                let out = c.update_row(upd).await.unwrap();
                match out.row.unwrap().get("hits") {
                    Some(Value::Integer(v)) => seen.push(*v),
                    other => panic!("unexpected {other:?}"),
                }
            }
            seen
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort_unstable();
    assert_eq!(
        all,
        (1..=200).collect::<Vec<i64>>(),
        "every returned value distinct, ending at 200"
    );
    let got = env
        .client
        .get_row(GetRowRequest::new("counters", id(1)))
        .await
        .unwrap()
        .row
        .unwrap();
    assert_eq!(got.get("hits"), Some(&Value::Integer(200)));
}

#[tokio::test]
async fn concurrent_conditional_inserts_have_one_winner() {
    let env = common::start().await;
    common::simple_table(&env.client, "t").await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let c = env.client.clone();
        tasks.push(tokio::spawn(async move {
            let put = PutRowRequest::new("t", row(id(1), vec![Column::new("owner", i)]))
                .condition(Condition::expect_not_exist());
            c.put_row(put).await
        }));
    }
    let mut wins = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => wins += 1,
            Err(e) => assert!(e.is_condition_failed(), "{e}"),
        }
    }
    assert_eq!(wins, 1);
}

#[tokio::test]
async fn filters_can_match_any_version() {
    let env = common::start().await;
    let c = &env.client;
    c.create_table(
        CreateTableRequest::new("t")
            .primary_key(PrimaryKeySchema::integer("id"))
            .max_versions(3),
    )
    .await
    .unwrap();
    let t0 = now_ms() - 5000;
    c.update_row(
        UpdateRowRequest::new("t", id(1))
            .put_at("s", "old", t0)
            .put_at("s", "new", t0 + 1),
    )
    .await
    .unwrap();
    let read = |f: Filter| c.get_row(GetRowRequest::new("t", id(1)).max_versions(3).filter(f));
    assert!(
        read(Filter::eq("s", "old")).await.unwrap().row.is_none(),
        "newest version only by default"
    );
    assert!(read(Filter::eq("s", "old").latest_version_only(false))
        .await
        .unwrap()
        .row
        .is_some());
}

#[tokio::test]
async fn sts_tokens_are_signed_and_accepted() {
    let env = common::start().await;
    let creds = ots::Credentials::new(env.server.access_key_id(), env.server.access_key_secret())
        .with_security_token("temporary-token");
    let c = ots::Client::builder()
        .endpoint(env.server.endpoint())
        .instance(env.server.instance())
        .credentials(creds)
        .build()
        .unwrap();
    assert!(c.list_tables().await.unwrap().is_empty());
    let wrong = ots::Client::builder()
        .endpoint(env.server.endpoint())
        .instance(env.server.instance())
        .credentials(ots::Credentials::new(env.server.access_key_id(), "wrong"))
        .build()
        .unwrap();
    let e = wrong.list_tables().await.unwrap_err();
    assert!(e.is_auth_failed(), "{e}");
    assert_eq!(e.message(), "Signature mismatch.");
}

#[tokio::test]
async fn v4_signed_clients_work_end_to_end() {
    let env = common::start().await;
    let c = ots::Client::builder()
        .endpoint(env.server.endpoint())
        .instance(env.server.instance())
        .credentials(ots::Credentials::new(
            env.server.access_key_id(),
            env.server.access_key_secret(),
        ))
        .region("cn-hangzhou")
        .build()
        .unwrap();
    common::simple_table(&c, "t").await;
    c.put_row(PutRowRequest::new("t", row(id(1), vec![Column::new("a", 1)])))
        .await
        .unwrap();
    let got = c
        .get_row(GetRowRequest::new("t", id(1)))
        .await
        .unwrap()
        .row
        .unwrap();
    assert_eq!(got.get("a"), Some(&Value::Integer(1)));
}
