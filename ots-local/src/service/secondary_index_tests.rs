//! Secondary indexes at the service level: after any sequence of writes (single, batch, in a
//! transaction), every index read by GetRange equals the index an independent oracle computes
//! from the main table read by GetRange; TTL; the refusals.
#![allow(clippy::unwrap_used)]

use super::Service;
use crate::error::ServiceError;
use crate::storage::MemoryStorage;
use ots_proto::model::{Column, ColumnUpdate, PrimaryKey, PrimaryKeyValue, Row, Value};
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;
use proptest::prelude::*;
use prost::Message;
use std::sync::Arc;

const T0: i64 = 1_700_000_000_000;
const DAY_MS: i64 = 86_400_000;

fn index(name: &str, key: &[&str], attrs: &[&str], local: bool) -> pb::IndexMeta {
    let (t, m) = if local {
        (pb::IndexType::ItLocalIndex, pb::IndexUpdateMode::IumSyncIndex)
    } else {
        (pb::IndexType::ItGlobalIndex, pb::IndexUpdateMode::IumAsyncIndex)
    };
    pb::IndexMeta {
        name: name.into(),
        primary_key: key.iter().map(|s| (*s).to_owned()).collect(),
        defined_column: attrs.iter().map(|s| (*s).to_owned()).collect(),
        index_update_mode: m as i32,
        index_type: t as i32,
    }
}

/// Table `t`: key (p, s) integers; defined a STRING, b INTEGER, c DOUBLE.
fn table(ttl: i32, allow_update: bool, indexes: Vec<pb::IndexMeta>) -> pb::CreateTableRequest {
    let key = |name: &str| pb::PrimaryKeySchema {
        name: name.into(),
        r#type: pb::PrimaryKeyType::Integer as i32,
        option: None,
    };
    let col = |name: &str, t: pb::DefinedColumnType| pb::DefinedColumnSchema {
        name: name.into(),
        r#type: t as i32,
    };
    pb::CreateTableRequest {
        table_meta: pb::TableMeta {
            table_name: "t".into(),
            primary_key: vec![key("p"), key("s")],
            defined_column: vec![
                col("a", pb::DefinedColumnType::DctString),
                col("b", pb::DefinedColumnType::DctInteger),
                col("c", pb::DefinedColumnType::DctDouble),
            ],
            index_meta: vec![],
        },
        reserved_throughput: pb::ReservedThroughput {
            capacity_unit: pb::CapacityUnit {
                read: Some(0),
                write: Some(0),
            },
        },
        table_options: Some(pb::TableOptions {
            time_to_live: Some(ttl),
            max_versions: Some(1),
            allow_update: Some(allow_update),
            ..Default::default()
        }),
        index_metas: indexes,
        ..Default::default()
    }
}

/// The indexes every test table has: a global one over `a` carrying `c`, a local one over
/// (p, b) carrying `a`, and a global one reordering the key.
fn standard_indexes() -> Vec<pb::IndexMeta> {
    vec![
        index("by_a", &["a"], &["c"], false),
        index("by_pb", &["p", "b"], &["a"], true),
        index("by_s", &["s", "p"], &[], false),
    ]
}

fn service(req: &pb::CreateTableRequest) -> Service {
    let svc = Service::new(Arc::new(MemoryStorage::default()));
    svc.dispatch_at("CreateTable", &req.encode_to_vec(), T0).unwrap();
    svc
}

fn pk(p: i64, s: i64) -> PrimaryKey {
    PrimaryKey::new().with("p", p).with("s", s)
}

fn condition() -> pb::Condition {
    pb::Condition {
        row_existence: 0,
        column_condition: None,
    }
}

/// One write, as the tests generate them.
#[derive(Debug, Clone)]
enum Op {
    Put(i64, i64, Vec<Column>),
    Update(i64, i64, Vec<ColumnUpdate>),
    Delete(i64, i64),
}

impl Op {
    fn batch_row(&self) -> pb::RowInBatchWriteRowRequest {
        let (t, row) = match self {
            Op::Put(p, s, cols) => (
                pb::OperationType::Put,
                plainbuffer::encode_put_row(&Row {
                    primary_key: pk(*p, *s),
                    columns: cols.clone(),
                }),
            ),
            Op::Update(p, s, ups) => (
                pb::OperationType::Update,
                plainbuffer::encode_update_row(&pk(*p, *s), ups),
            ),
            Op::Delete(p, s) => (
                pb::OperationType::Delete,
                plainbuffer::encode_delete_row(&pk(*p, *s)),
            ),
        };
        pb::RowInBatchWriteRowRequest {
            r#type: t as i32,
            row_change: row,
            condition: condition(),
            return_content: None,
        }
    }

    fn run(&self, svc: &Service, table: &str, txn: Option<&str>, now: i64) -> Result<Vec<u8>, ServiceError> {
        match self {
            Op::Put(p, s, cols) => {
                let req = pb::PutRowRequest {
                    table_name: table.into(),
                    row: plainbuffer::encode_put_row(&Row {
                        primary_key: pk(*p, *s),
                        columns: cols.clone(),
                    }),
                    condition: condition(),
                    return_content: None,
                    transaction_id: txn.map(str::to_owned),
                };
                svc.dispatch_at("PutRow", &req.encode_to_vec(), now)
            }
            Op::Update(p, s, ups) => {
                let req = pb::UpdateRowRequest {
                    table_name: table.into(),
                    row_change: plainbuffer::encode_update_row(&pk(*p, *s), ups),
                    condition: condition(),
                    return_content: None,
                    transaction_id: txn.map(str::to_owned),
                };
                svc.dispatch_at("UpdateRow", &req.encode_to_vec(), now)
            }
            Op::Delete(p, s) => {
                let req = pb::DeleteRowRequest {
                    table_name: table.into(),
                    primary_key: plainbuffer::encode_primary_key(&pk(*p, *s)),
                    condition: condition(),
                    return_content: None,
                    transaction_id: txn.map(str::to_owned),
                };
                svc.dispatch_at("DeleteRow", &req.encode_to_vec(), now)
            }
        }
    }
}

fn batch(
    svc: &Service,
    ops: &[Op],
    atomic: bool,
    txn: Option<&str>,
    now: i64,
) -> Result<Vec<u8>, ServiceError> {
    let req = pb::BatchWriteRowRequest {
        tables: vec![pb::TableInBatchWriteRowRequest {
            table_name: "t".into(),
            rows: ops.iter().map(Op::batch_row).collect(),
        }],
        transaction_id: txn.map(str::to_owned),
        is_atomic: Some(atomic),
    };
    svc.dispatch_at("BatchWriteRow", &req.encode_to_vec(), now)
}

/// Every row of `table` (a table or an index), forward, a page of `limit` rows at a time.
fn scan(svc: &Service, table: &str, now: i64) -> Vec<Row> {
    let names: &[&str] = match table {
        "t" => &["p", "s"],
        "by_a" => &["a", "p", "s"],
        "by_pb" => &["p", "b", "s"],
        "by_s" => &["s", "p"],
        other => panic!("no key names for {other}"),
    };
    let bound = |v: PrimaryKeyValue| {
        let mut key = PrimaryKey::new();
        for name in names {
            key = key.with(*name, v.clone());
        }
        key
    };
    let mut start = bound(PrimaryKeyValue::InfMin);
    let mut rows = Vec::new();
    loop {
        let req = pb::GetRangeRequest {
            table_name: table.into(),
            direction: pb::Direction::Forward as i32,
            max_versions: Some(1),
            limit: Some(3),
            inclusive_start_primary_key: plainbuffer::encode_primary_key(&start),
            exclusive_end_primary_key: plainbuffer::encode_primary_key(&bound(PrimaryKeyValue::InfMax)),
            ..Default::default()
        };
        let resp = pb::GetRangeResponse::decode(
            svc.dispatch_at("GetRange", &req.encode_to_vec(), now)
                .unwrap()
                .as_slice(),
        )
        .unwrap();
        rows.extend(
            plainbuffer::decode_rows(&resp.rows)
                .unwrap()
                .into_iter()
                .map(|r| r.into_row().unwrap()),
        );
        match resp.next_start_primary_key {
            Some(next) => start = plainbuffer::decode_rows(&next).unwrap().remove(0).primary_key,
            None => return rows,
        }
    }
}

fn key_value(v: &Value) -> Option<PrimaryKeyValue> {
    match v {
        Value::Integer(i) => Some(PrimaryKeyValue::Integer(*i)),
        Value::String(s) => Some(PrimaryKeyValue::String(s.clone())),
        Value::Binary(b) => Some(PrimaryKeyValue::Binary(b.clone())),
        _ => None,
    }
}

/// The index rows the main rows call for, written from the service's documented rules: the
/// index key is the given columns then the main key columns it lacks; a row missing an index
/// key column is left out; the row carries the index's defined columns it has.
fn oracle(main: &[Row], key: &[&str], attrs: &[&str]) -> Vec<Row> {
    let main_key = ["p", "s"];
    let mut rows: Vec<Row> = main
        .iter()
        .filter_map(|row| {
            let mut index_key = PrimaryKey::new();
            for name in key.iter().chain(main_key.iter().filter(|n| !key.contains(n))) {
                let value = match row.primary_key.columns.iter().find(|c| c.name == *name) {
                    Some(c) => c.value.clone(),
                    None => key_value(row.get(name)?)?,
                };
                index_key = index_key.with(*name, value);
            }
            let columns = attrs
                .iter()
                .filter_map(|a| row.columns.iter().find(|c| c.name == *a).cloned())
                .collect();
            Some(Row {
                primary_key: index_key,
                columns,
            })
        })
        .collect();
    rows.sort_by(|x, y| {
        let k = |r: &Row| {
            r.primary_key
                .columns
                .iter()
                .map(|c| c.value.clone())
                .collect::<Vec<_>>()
        };
        k(x).cmp(&k(y))
    });
    rows
}

fn assert_indexes_match(svc: &Service, now: i64) {
    let main = scan(svc, "t", now);
    for (name, key, attrs) in [
        ("by_a", &["a"][..], &["c"][..]),
        ("by_pb", &["p", "b"], &["a"]),
        ("by_s", &["s", "p"], &[]),
    ] {
        let expected = oracle(&main, key, attrs);
        let got = scan(svc, name, now);
        assert_eq!(got, expected, "index {name} after main rows {main:?}");
    }
}

fn put_op(p: i64, s: i64, a: Option<&str>, b: Option<i64>, c: Option<f64>) -> Op {
    let mut cols = Vec::new();
    if let Some(a) = a {
        cols.push(Column::new("a", a));
    }
    if let Some(b) = b {
        cols.push(Column::new("b", b));
    }
    if let Some(c) = c {
        cols.push(Column::new("c", c));
    }
    Op::Put(p, s, cols)
}

fn arb_op() -> impl Strategy<Value = Op> {
    let a = prop::option::of(prop::sample::select(vec!["x", "y", "z"]));
    let b = prop::option::of(0i64..3);
    let c = prop::option::of(prop::sample::select(vec![1.5, 2.5]));
    let key = (0i64..2, 0i64..3);
    let update = prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec!["x", "y"]).prop_map(|v| ColumnUpdate::Put {
                name: "a".into(),
                value: v.into(),
                timestamp: None
            }),
            (0i64..3).prop_map(|v| ColumnUpdate::Put {
                name: "b".into(),
                value: v.into(),
                timestamp: None
            }),
            prop::sample::select(vec!["a", "b", "c"])
                .prop_map(|n| ColumnUpdate::DeleteAllVersions { name: n.into() }),
            Just(ColumnUpdate::Increment {
                name: "b".into(),
                delta: 1
            }),
        ],
        1..3,
    );
    prop_oneof![
        (key.clone(), a, b, c).prop_map(|((p, s), a, b, c)| put_op(p, s, a, b, c)),
        (key.clone(), update).prop_map(|((p, s), ups)| Op::Update(p, s, ups)),
        key.prop_map(|(p, s)| Op::Delete(p, s)),
    ]
}

/// How a step applies its writes.
#[derive(Debug, Clone)]
enum Step {
    One(Op),
    Batch(Vec<Op>, bool),
    /// Writes in a transaction on partition 0, committed or aborted.
    Txn(Vec<Op>, bool),
}

fn arb_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => arb_op().prop_map(Step::One),
        1 => (prop::collection::vec(arb_op(), 1..5), any::<bool>()).prop_map(|(ops, a)| Step::Batch(ops, a)),
        1 => (prop::collection::vec(arb_op(), 1..4), any::<bool>()).prop_map(|(ops, commit)| Step::Txn(ops, commit)),
    ]
}

fn run_step(svc: &Service, step: &Step, now: i64) {
    // A write may be refused (a batch repeating a key); the index must follow whatever applied.
    match step {
        Step::One(op) => drop(op.run(svc, "t", None, now)),
        Step::Batch(ops, atomic) => drop(batch(svc, ops, *atomic, None, now)),
        Step::Txn(ops, commit) => {
            let req = pb::StartLocalTransactionRequest {
                table_name: "t".into(),
                key: plainbuffer::encode_primary_key(&PrimaryKey::new().with("p", 0)),
            };
            let resp = svc
                .dispatch_at("StartLocalTransaction", &req.encode_to_vec(), now)
                .unwrap();
            let id = pb::StartLocalTransactionResponse::decode(resp.as_slice())
                .unwrap()
                .transaction_id;
            for op in ops {
                let op = match op.clone() {
                    Op::Put(_, s, c) => Op::Put(0, s, c),
                    Op::Update(_, s, u) => Op::Update(0, s, u),
                    Op::Delete(_, s) => Op::Delete(0, s),
                };
                op.run(svc, "t", Some(&id), now).unwrap();
            }
            let end = pb::CommitTransactionRequest { transaction_id: id };
            let action = if *commit {
                "CommitTransaction"
            } else {
                "AbortTransaction"
            };
            svc.dispatch_at(action, &end.encode_to_vec(), now).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn indexes_follow_every_write(steps in prop::collection::vec(arb_step(), 1..25)) {
        let svc = service(&table(-1, true, standard_indexes()));
        for (i, step) in steps.iter().enumerate() {
            run_step(&svc, step, T0 + i as i64);
            assert_indexes_match(&svc, T0 + i as i64);
        }
    }
}

fn create_index(svc: &Service, meta: pb::IndexMeta, base: bool) -> Result<Vec<u8>, ServiceError> {
    let req = pb::CreateIndexRequest {
        main_table_name: "t".into(),
        index_meta: meta,
        include_base_data: Some(base),
    };
    svc.dispatch_at("CreateIndex", &req.encode_to_vec(), T0)
}

#[test]
fn created_indexes_cover_the_rows_before_them_only_with_the_base_data() {
    let svc = service(&table(-1, true, vec![]));
    for s in 0..3 {
        put_op(0, s, Some("x"), Some(s), None)
            .run(&svc, "t", None, T0)
            .unwrap();
    }
    create_index(&svc, index("by_a", &["a"], &["c"], false), true).unwrap();
    create_index(&svc, index("by_pb", &["p", "b"], &["a"], true), false).unwrap();
    assert_eq!(scan(&svc, "by_a", T0).len(), 3);
    assert!(scan(&svc, "by_pb", T0).is_empty());
    put_op(1, 0, Some("y"), Some(1), None)
        .run(&svc, "t", None, T0)
        .unwrap();
    assert_eq!(scan(&svc, "by_a", T0).len(), 4);
    assert_eq!(scan(&svc, "by_pb", T0).len(), 1);
}

#[test]
fn index_rows_expire_with_the_cells_their_key_comes_from() {
    let svc = service(&table(86_400, false, standard_indexes()));
    // `a` is written a day minus a minute before `c`: when `a` expires the row is still alive
    // (by `c`), but it lacks `a`, so it leaves `by_a`.
    let old = T0 - DAY_MS + 60_000;
    let row = Op::Put(
        0,
        0,
        vec![
            Column::new("a", "x").at(old),
            Column::new("c", 1.5).at(T0),
            Column::new("b", 1).at(T0),
        ],
    );
    row.run(&svc, "t", None, T0).unwrap();
    assert_eq!(scan(&svc, "by_a", T0).len(), 1);
    assert_indexes_match(&svc, T0);
    let later = T0 + 120_000;
    assert_eq!(
        scan(&svc, "t", later).len(),
        1,
        "the main row lives on by c and b"
    );
    assert!(
        scan(&svc, "by_a", later).is_empty(),
        "a expired, so the row left by_a"
    );
    assert_eq!(scan(&svc, "by_pb", later).len(), 1);
    assert_indexes_match(&svc, later);
    let gone = T0 + DAY_MS + 1;
    assert!(scan(&svc, "t", gone).is_empty());
    assert_indexes_match(&svc, gone);
}

fn code(r: Result<Vec<u8>, ServiceError>) -> (String, String) {
    let e = r.unwrap_err();
    (e.code.to_string(), e.message)
}

#[test]
fn index_tables_are_read_only() {
    let svc = service(&table(-1, true, standard_indexes()));
    let op = put_op(0, 0, Some("x"), None, None);
    op.run(&svc, "t", None, T0).unwrap();
    let before = scan(&svc, "by_a", T0);
    for op in [
        Op::Put(0, 0, vec![Column::new("c", 1.0)]),
        Op::Update(0, 0, vec![ColumnUpdate::DeleteAllVersions { name: "c".into() }]),
        Op::Delete(0, 0),
    ] {
        let (c, m) = code(op.run(&svc, "by_a", None, T0));
        assert_eq!(c, "OTSParameterInvalid", "{m}");
        assert!(m.contains("[by_a]"), "{m}");
    }
    let req = pb::BatchWriteRowRequest {
        tables: vec![pb::TableInBatchWriteRowRequest {
            table_name: "by_a".into(),
            rows: vec![Op::Delete(0, 0).batch_row()],
        }],
        transaction_id: None,
        is_atomic: None,
    };
    assert_eq!(
        code(svc.dispatch_at("BatchWriteRow", &req.encode_to_vec(), T0)).0,
        "OTSParameterInvalid"
    );
    assert_eq!(scan(&svc, "by_a", T0), before);
}

#[test]
fn refusals_name_what_is_wrong_and_change_nothing() {
    let svc = service(&table(-1, true, vec![]));
    let cases = [
        (index("i", &["nope"], &[], false), "[nope]"),
        (index("i", &["c"], &[], false), "[c]"),
        (index("i", &["a"], &["nope"], false), "[nope]"),
        (index("i", &["a"], &["p"], false), "[p]"),
        (index("i", &["a", "a"], &[], false), "[a]"),
        (index("i", &["a"], &[], true), "partition key"),
        (index("i", &[], &[], false), "[1, 4] in index"),
        (
            index("i", &["a", "b", "p", "s", "c"], &[], false),
            "[1, 4] in index",
        ),
        (index("t", &["a"], &[], false), "[t]"),
    ];
    for (meta, needle) in cases {
        let (c, m) = code(create_index(&svc, meta.clone(), true));
        assert!(
            c == "OTSParameterInvalid" || c == "OTSObjectAlreadyExist",
            "{meta:?}: {c}"
        );
        assert!(m.contains(needle), "{meta:?}: {m}");
    }
    let mut mismatched = index("i", &["a"], &[], true);
    mismatched.index_type = pb::IndexType::ItGlobalIndex as i32;
    assert_eq!(
        code(create_index(&svc, mismatched, true)).0,
        "OTSParameterInvalid"
    );
    for i in 0..5 {
        create_index(&svc, index(&format!("i{i}"), &["a"], &[], false), true).unwrap();
    }
    let (_, m) = code(create_index(&svc, index("i5", &["a"], &[], false), true));
    assert_eq!(m, "Number of index per table exceeds the quota:5.");
    // A wrong type in an indexed column is refused and writes nothing.
    let (c, m) = code(Op::Put(0, 0, vec![Column::new("a", 7)]).run(&svc, "t", None, T0));
    assert_eq!(c, "OTSParameterInvalid");
    assert!(m.contains("'a'") && m.contains("DCT_STRING"), "{m}");
    assert!(scan(&svc, "t", T0).is_empty());
    let drop = |name: &str| {
        let req = pb::DropIndexRequest {
            main_table_name: "t".into(),
            index_name: name.into(),
        };
        svc.dispatch_at("DropIndex", &req.encode_to_vec(), T0)
    };
    drop("i0").unwrap();
    assert_eq!(code(drop("i0")).0, "OTSObjectNotExist");
}

#[test]
fn tables_that_cannot_hold_an_index_are_refused() {
    let mut versions = table(-1, true, standard_indexes());
    versions.table_options.as_mut().unwrap().max_versions = Some(2);
    let svc = Service::new(Arc::new(MemoryStorage::default()));
    assert_eq!(
        code(svc.dispatch_at("CreateTable", &versions.encode_to_vec(), T0)).0,
        "OTSParameterInvalid"
    );
    let ttl = table(86_400, true, standard_indexes());
    let (_, m) = code(svc.dispatch_at("CreateTable", &ttl.encode_to_vec(), T0));
    assert_eq!(
        m,
        "Don't support allow update operation on table with index and ttl"
    );
    // Once it has an index, the table cannot be changed into one that could not.
    svc.dispatch_at(
        "CreateTable",
        &table(-1, true, standard_indexes()).encode_to_vec(),
        T0,
    )
    .unwrap();
    let update = pb::UpdateTableRequest {
        table_name: "t".into(),
        table_options: Some(pb::TableOptions {
            max_versions: Some(3),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        code(svc.dispatch_at("UpdateTable", &update.encode_to_vec(), T0)).0,
        "OTSParameterInvalid"
    );
    let delete_column = pb::DeleteDefinedColumnRequest {
        table_name: "t".into(),
        columns: vec!["a".into()],
    };
    assert_eq!(
        code(svc.dispatch_at("DeleteDefinedColumn", &delete_column.encode_to_vec(), T0)).0,
        "OTSParameterInvalid"
    );
}

#[test]
fn deleting_the_table_drops_its_indexes_and_frees_their_names() {
    let svc = service(&table(-1, true, standard_indexes()));
    let list = || {
        pb::ListTableResponse::decode(svc.dispatch_at("ListTable", &[], T0).unwrap().as_slice())
            .unwrap()
            .table_names
    };
    assert_eq!(list(), vec!["t".to_owned()], "index tables are not listed");
    let describe = |name: &str| {
        let req = pb::DescribeTableRequest {
            table_name: name.into(),
        };
        svc.dispatch_at("DescribeTable", &req.encode_to_vec(), T0)
            .map(|b| pb::DescribeTableResponse::decode(b.as_slice()).unwrap())
    };
    let main = describe("t").unwrap();
    assert_eq!(main.index_metas, standard_indexes());
    let by_a = describe("by_a").unwrap();
    let key: Vec<_> = by_a
        .table_meta
        .primary_key
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(key, ["a", "p", "s"]);
    assert_eq!(
        by_a.table_meta.primary_key[0].r#type,
        pb::PrimaryKeyType::String as i32
    );
    let delete = |name: &str| {
        let req = pb::DeleteTableRequest {
            table_name: name.into(),
        };
        svc.dispatch_at("DeleteTable", &req.encode_to_vec(), T0)
    };
    assert_eq!(code(delete("by_a")).0, "OTSParameterInvalid");
    delete("t").unwrap();
    assert_eq!(
        describe("by_a").unwrap_err().code.to_string(),
        "OTSObjectNotExist"
    );
    let mut reuse = table(-1, true, vec![]);
    reuse.table_meta.table_name = "by_a".into();
    svc.dispatch_at("CreateTable", &reuse.encode_to_vec(), T0)
        .unwrap();
}

#[test]
fn indexes_read_with_the_options_update_table_gives_the_table() {
    let svc = service(&table(-1, false, standard_indexes()));
    put_op(0, 0, Some("x"), Some(1), None)
        .run(&svc, "t", None, T0)
        .unwrap();
    let update = pb::UpdateTableRequest {
        table_name: "t".into(),
        table_options: Some(pb::TableOptions {
            time_to_live: Some(86_400),
            ..Default::default()
        }),
        ..Default::default()
    };
    svc.dispatch_at("UpdateTable", &update.encode_to_vec(), T0)
        .unwrap();
    let later = T0 + 2 * DAY_MS;
    assert!(scan(&svc, "t", later).is_empty());
    assert_indexes_match(&svc, later);
    let req = pb::DescribeTableRequest {
        table_name: "by_a".into(),
    };
    let described = pb::DescribeTableResponse::decode(
        svc.dispatch_at("DescribeTable", &req.encode_to_vec(), T0)
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    assert_eq!(described.table_options.time_to_live, Some(86_400));
}

#[test]
fn a_value_written_before_the_index_with_another_type_stays_out_of_it() {
    let svc = service(&table(-1, true, vec![]));
    Op::Put(0, 0, vec![Column::new("a", 7)])
        .run(&svc, "t", None, T0)
        .unwrap();
    put_op(0, 1, Some("x"), None, None)
        .run(&svc, "t", None, T0)
        .unwrap();
    create_index(&svc, index("by_a", &["a"], &["c"], false), true).unwrap();
    let keys: Vec<_> = scan(&svc, "by_a", T0)
        .into_iter()
        .map(|r| r.primary_key)
        .collect();
    assert_eq!(keys, [PrimaryKey::new().with("a", "x").with("p", 0).with("s", 1)]);
    // Writing another column of the row does not bring it in either.
    Op::Update(
        0,
        0,
        vec![ColumnUpdate::Put {
            name: "c".into(),
            value: 1.5.into(),
            timestamp: None,
        }],
    )
    .run(&svc, "t", None, T0)
    .unwrap();
    assert_eq!(scan(&svc, "by_a", T0).len(), 1);
}

#[test]
fn an_indexed_key_value_has_the_key_size_limit() {
    let svc = service(&table(-1, true, standard_indexes()));
    let long = "x".repeat(1025);
    let (c, m) = code(put_op(0, 0, Some(&long), None, None).run(&svc, "t", None, T0));
    assert_eq!(c, "OTSParameterInvalid");
    assert!(m.contains("'a'") && m.contains("1024"), "{m}");
    assert!(scan(&svc, "t", T0).is_empty());
    // A carried (not key) column keeps the attribute limit.
    let svc = service(&table(-1, true, vec![index("by_b", &["b"], &["a"], false)]));
    put_op(0, 0, Some(&long), Some(1), None)
        .run(&svc, "t", None, T0)
        .unwrap();
}

#[test]
fn taken_names_answer_already_exists() {
    let svc = service(&table(-1, true, standard_indexes()));
    let mut named_like_an_index = table(-1, true, vec![]);
    named_like_an_index.table_meta.table_name = "by_a".into();
    let e = svc
        .dispatch_at("CreateTable", &named_like_an_index.encode_to_vec(), T0)
        .unwrap_err();
    assert_eq!(
        (e.code.to_string(), e.message.as_str()),
        ("OTSObjectAlreadyExist".into(), "Requested table already exists.")
    );
    let mut index_named_like_a_table = table(-1, true, vec![index("t", &["a"], &[], false)]);
    index_named_like_a_table.table_meta.table_name = "u".into();
    let e = svc
        .dispatch_at("CreateTable", &index_named_like_a_table.encode_to_vec(), T0)
        .unwrap_err();
    assert_eq!(e.code.to_string(), "OTSObjectAlreadyExist");
    assert!(e.message.contains("[t]"), "{}", e.message);
}

#[test]
fn dropping_an_index_of_a_deleted_table_leaves_a_new_one_of_that_name() {
    let storage = Arc::new(MemoryStorage::default());
    let svc = Service::new(storage.clone());
    svc.dispatch_at(
        "CreateTable",
        &table(-1, true, standard_indexes()).encode_to_vec(),
        T0,
    )
    .unwrap();
    // A DropIndex that found the old table, finishing after the table was deleted and created
    // again with an index of the same name.
    use crate::storage::Storage;
    let old = storage.table("t").unwrap();
    let delete = pb::DeleteTableRequest {
        table_name: "t".into(),
    };
    svc.dispatch_at("DeleteTable", &delete.encode_to_vec(), T0)
        .unwrap();
    svc.dispatch_at(
        "CreateTable",
        &table(-1, true, standard_indexes()).encode_to_vec(),
        T0,
    )
    .unwrap();
    storage.unregister_index("t", &old, "by_a");
    assert!(
        storage.readable("by_a").is_ok(),
        "the new table's index keeps its name"
    );
    assert!(scan(&svc, "by_a", T0).is_empty());
}
