//! The typed layer's bugs a new user met, each with the test that shows it fixed, and the
//! friction removed since: typed key prefixes, keys from `&str` and literals, pages with tokens,
//! one meaning per error predicate.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions fail loudly on purpose

use crate::common;
use futures_util::TryStreamExt;
use ots::{condition, filter, ErrorKind, KeyRange, OtsTable, Query, Repo};

#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "products")]
struct Product {
    #[ots(pk)]
    sku: String,
    name: String,
    views: u64,
    stock: u8,
    #[ots(version)]
    version: i64,
    #[ots(created_at)]
    created: i64,
    #[ots(updated_at)]
    updated: i64,
}

fn product(sku: &str) -> Product {
    Product {
        sku: sku.into(),
        name: format!("product {sku}"),
        views: 0,
        stock: 10,
        version: 0,
        created: 0,
        updated: 0,
    }
}

#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "order_events")]
struct OrderEvent {
    #[ots(pk)]
    shop: String,
    #[ots(pk)]
    order: u32,
    #[ots(pk)]
    seq: i64,
    kind: String,
}

#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "tickets")]
struct Ticket {
    #[ots(pk)]
    queue: String,
    #[ots(pk, auto_increment)]
    id: i64,
    title: String,
}

#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "slots")]
struct Slot {
    #[ots(pk)]
    id: u32,
    #[ots(default)]
    n: i64,
}

async fn repo<T: OtsTable>(env: &common::Env) -> Repo<T> {
    let repo = Repo::<T>::new(env.client.clone());
    repo.create_table().await.unwrap();
    repo
}

async fn collect<T: OtsTable>(repo: &Repo<T>, range: KeyRange<T>) -> ots::Result<Vec<T>> {
    repo.range(range).try_collect().await
}

/// Bug 1: a prefix naming every key column is one row, forwards and backwards; too many values
/// is an error (and does not compile with typed prefixes: tests/ui/keys/prefix_too_long.rs).
#[tokio::test]
async fn a_full_key_prefix_reads_its_row() {
    let env = common::start().await;
    let products = repo::<Product>(&env).await;
    for sku in ["sku-0", "sku-1", "sku-2"] {
        products.insert(&mut product(sku)).await.unwrap();
    }
    let one = collect(&products, KeyRange::prefix("sku-1")).await.unwrap();
    assert_eq!(one.iter().map(|p| p.sku.as_str()).collect::<Vec<_>>(), ["sku-1"]);
    let back = collect(&products, KeyRange::prefix("sku-1").backward())
        .await
        .unwrap();
    assert_eq!(back.iter().map(|p| p.sku.as_str()).collect::<Vec<_>>(), ["sku-1"]);
    assert!(collect(&products, KeyRange::prefix("sku-9"))
        .await
        .unwrap()
        .is_empty());

    let events = repo::<OrderEvent>(&env).await;
    for (order, seq) in [(1, 1), (1, 2), (2, 1)] {
        events
            .insert(&mut OrderEvent {
                shop: "s".into(),
                order,
                seq,
                kind: "k".into(),
            })
            .await
            .unwrap();
    }
    let full = collect(&events, KeyRange::prefix(("s", 1, 2))).await.unwrap();
    assert_eq!(
        full.iter().map(|e| (e.order, e.seq)).collect::<Vec<_>>(),
        [(1, 2)]
    );

    let e = collect(&products, KeyRange::prefix_values(["sku-1", "extra"]))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Construction);
    assert!(
        e.message().contains("2 values") && e.message().contains("1 columns"),
        "{e}"
    );
}

/// Typed prefixes check types and count at compile time and take `&str` and unsuffixed
/// literals; keys convert from `&str` and from tuples the same way.
#[tokio::test]
async fn typed_prefixes_and_keys() {
    let env = common::start().await;
    let events = repo::<OrderEvent>(&env).await;
    for (shop, order, seq) in [("a", 1, 1), ("a", 1, 2), ("a", 2, 1), ("a", 3, 1), ("b", 1, 1)] {
        events
            .insert(&mut OrderEvent {
                shop: shop.into(),
                order,
                seq,
                kind: "k".into(),
            })
            .await
            .unwrap();
    }
    let keys = |v: Vec<OrderEvent>| {
        v.into_iter()
            .map(|e| (e.shop, e.order, e.seq))
            .collect::<Vec<_>>()
    };
    let shop_a = collect(&events, KeyRange::prefix("a")).await.unwrap();
    assert_eq!(shop_a.len(), 4);
    let order_1 = collect(&events, KeyRange::prefix(("a", 1))).await.unwrap();
    assert_eq!(keys(order_1), [("a".into(), 1, 1), ("a".into(), 1, 2)]);
    let shop = String::from("a");
    let between = collect(&events, KeyRange::between((&shop, 1), (&shop, 3)))
        .await
        .unwrap();
    assert_eq!(between.len(), 3, "orders 1 and 2 of shop a");
    let whole = collect(&events, KeyRange::prefix(OrderEventKey::from(("b", 1, 1))))
        .await
        .unwrap();
    assert_eq!(keys(whole), [("b".into(), 1, 1)]);

    // Keys from a tuple of &str and literals, and from a &str alone.
    assert!(events.get(("a", 2, 1)).await.unwrap().is_some());
    let products = repo::<Product>(&env).await;
    products.insert(&mut product("p1")).await.unwrap();
    assert_eq!(products.get("p1").await.unwrap().unwrap().sku, "p1");
    // An unsuffixed literal for a u32 key, in a key and in a prefix.
    let slots = repo::<Slot>(&env).await;
    slots.insert(&mut Slot { id: 7, n: 1 }).await.unwrap();
    assert_eq!(slots.get(7).await.unwrap().unwrap().n, 1);
    assert_eq!(collect(&slots, KeyRange::prefix(7)).await.unwrap().len(), 1);
}

/// Bug 2: a false condition at the current version is a failed condition, not a stale write;
/// a moved version is stale; a missing row is missing. One meaning per predicate.
#[tokio::test]
async fn put_if_tells_the_condition_from_the_version() {
    let env = common::start().await;
    let products = repo::<Product>(&env).await;
    let mut p = product("sku-1");
    products.insert(&mut p).await.unwrap();
    assert_eq!(p.version, 1);

    let e = products
        .put_if(&mut p, condition!(Product, stock > 100))
        .await
        .unwrap_err();
    assert!(
        e.is_condition_failed() && !e.is_stale() && !e.is_row_missing(),
        "{e}"
    );
    assert_eq!(p.version, 1, "a failed write leaves the version");

    let mut old = p.clone();
    products.put(&mut p).await.unwrap();
    let e = products
        .put_if(&mut old, condition!(Product, stock > 0))
        .await
        .unwrap_err();
    assert!(e.is_stale() && !e.is_condition_failed(), "{e}");

    let mut gone = product("nowhere");
    gone.version = 3;
    let e = products.put(&mut gone).await.unwrap_err();
    assert!(e.is_row_missing(), "{e}");

    let e = products
        .update_versioned("sku-1", 1, ProductPatch::new().set_stock(1))
        .await
        .unwrap_err();
    assert!(e.is_stale(), "{e}");
    let e = products
        .update_versioned("nowhere", 1, ProductPatch::new().set_stock(1))
        .await
        .unwrap_err();
    assert!(e.is_row_missing(), "{e}");
    let e = products
        .update_if(
            "sku-1",
            ProductPatch::new().set_stock(1),
            condition!(Product, stock > 100),
        )
        .await
        .unwrap_err();
    assert!(e.is_condition_failed(), "{e}");
    let e = products
        .delete_if("nowhere", condition!(Product, expect_exist))
        .await
        .unwrap_err();
    assert!(e.is_row_missing(), "{e}");
}

/// Bug 3: `batch_put` versions and stamps like `put`, so a model written by it can be saved
/// again with `put`.
#[tokio::test]
async fn batch_put_versions_and_stamps() {
    let env = common::start().await;
    let products = repo::<Product>(&env).await;
    let mut batch = vec![product("a"), product("b")];
    let out = products.batch_put(&mut batch).await.unwrap();
    assert!(out.iter().all(Result::is_ok), "{out:?}");
    for p in &batch {
        assert_eq!(p.version, 1);
        assert!(p.created > 0 && p.updated >= p.created);
    }
    let mut a = products.get("a").await.unwrap().unwrap();
    assert_eq!(a, batch[0], "what is stored is what the models hold");
    a.stock = 3;
    products.put(&mut a).await.unwrap();
    assert_eq!(a.version, 2);

    // A second batch from stale copies: each row is refused as stale and keeps its version.
    let out = products.batch_put(&mut batch).await.unwrap();
    assert!(out[0].as_ref().unwrap_err().is_stale(), "{out:?}");
    assert!(out[1].is_ok());
    assert_eq!((batch[0].version, batch[1].version), (1, 2));
}

/// Bug 4: a filter value no column can hold is refused before anything is sent.
#[tokio::test]
async fn unstorable_filter_values_are_refused() {
    let env = common::start().await;
    let products = repo::<Product>(&env).await;
    let mut p = product("x");
    p.views = i64::MAX as u64;
    products.insert(&mut p).await.unwrap();
    let huge = filter!(Product, views == u64::MAX);
    let e = huge.clone().into_filter().unwrap_err();
    assert!(e.message().contains("views"), "{e}");
    for q in [
        Query::new().filter(huge.clone()),
        Query::new().filter(filter!(Product, views != u64::MAX || stock > 1)),
    ] {
        let e = products
            .range_with(KeyRange::all(), q.clone())
            .try_collect::<Vec<_>>()
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
        assert_eq!(
            products.get_with("x", q).await.unwrap_err().kind(),
            ErrorKind::Construction
        );
    }
    let e = products
        .update_if(
            "x",
            ProductPatch::new().set_stock(1),
            condition!(Product, views < u64::MAX),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Construction);
    assert_eq!(
        products.get("x").await.unwrap().unwrap().stock,
        10,
        "nothing was written"
    );
}

/// Bug 5: auto-increment keys are 0 until the service assigns them on insert: `put` of an
/// unassigned model and a second `insert` of an assigned one are errors, and write nothing.
#[tokio::test]
async fn auto_increment_models_insert_once_then_put() {
    let env = common::start().await;
    let tickets = repo::<Ticket>(&env).await;
    let mut t = Ticket {
        queue: "q".into(),
        id: 0,
        title: "first".into(),
    };
    let e = tickets.put(&mut t).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
    assert!(collect(&tickets, KeyRange::all()).await.unwrap().is_empty());

    tickets.insert(&mut t).await.unwrap();
    assert!(t.id > 0, "the assigned key is written back");
    let e = tickets.insert(&mut t).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
    t.title = "renamed".into();
    tickets.put(&mut t).await.unwrap();
    let all = collect(&tickets, KeyRange::all()).await.unwrap();
    assert_eq!(all, [t], "one row, renamed");
}

/// Bug 6: conditions the operation cannot honour are refused before anything is sent.
#[tokio::test]
async fn conditions_an_operation_cannot_honour_are_refused() {
    let env = common::start().await;
    let products = repo::<Product>(&env).await;
    products.insert(&mut product("x")).await.unwrap();
    let e = products
        .update_if(
            "x",
            ProductPatch::new().set_stock(1),
            condition!(Product, expect_not_exist),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
    let e = products
        .delete_if("x", condition!(Product, expect_not_exist))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
    let mut fresh = product("y");
    let e = products
        .put_if(&mut fresh, condition!(Product, expect_exist))
        .await
        .unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Construction,
        "a model at version 0 must not exist: {e}"
    );
    let stored = products.get("x").await.unwrap().unwrap();
    assert_eq!((stored.stock, stored.version), (10, 1), "nothing was written");
    assert!(products.get("y").await.unwrap().is_none());
}

/// Bugs 7 and 8: increments stay inside the field's type and need the row unless asked to
/// create it.
#[tokio::test]
async fn increments_stay_in_range_and_need_the_row() {
    let env = common::start().await;
    let products = repo::<Product>(&env).await;
    products.insert(&mut product("x")).await.unwrap();
    let stock = Product::columns().stock;
    assert_eq!(products.increment("x", stock, -10).await.unwrap(), 0);
    let e = products.increment("x", stock, -1).await.unwrap_err();
    assert!(e.is_condition_failed(), "a u8 cannot go below 0: {e}");
    assert_eq!(products.increment("x", stock, 255).await.unwrap(), 255);
    let e = products.increment("x", stock, 1).await.unwrap_err();
    assert!(e.is_condition_failed(), "nor above 255: {e}");
    let e = products.increment("x", stock, 1000).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Construction, "no u8 can take +1000: {e}");
    let stored = products.get("x").await.unwrap().unwrap();
    assert_eq!(
        (stored.stock, stored.version),
        (255, 3),
        "readable, and each counter bumps the version"
    );

    let e = products.increment("nowhere", stock, 1).await.unwrap_err();
    assert!(e.is_row_missing(), "{e}");
    assert!(collect(&products, KeyRange::prefix("nowhere"))
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        products
            .increment_or_create("counter", Product::columns().views, 5)
            .await
            .unwrap(),
        5
    );
    let e = products
        .increment_or_create("counter2", stock, -1)
        .await
        .unwrap_err();
    assert!(
        e.is_condition_failed(),
        "an absent u8 counts as 0 and cannot go below: {e}"
    );

    // A patch's increments keep the same range, and fail without writing anything.
    let e = products
        .update("x", ProductPatch::new().increment_stock(1).set_name("renamed"))
        .await
        .unwrap_err();
    assert!(e.is_condition_failed() && !e.is_row_missing(), "{e}");
    let stored = products.get("x").await.unwrap().unwrap();
    assert_eq!((stored.stock, stored.name.as_str()), (255, "product x"));
    products
        .update("x", ProductPatch::new().increment_stock(-5))
        .await
        .unwrap();
    assert_eq!(products.get("x").await.unwrap().unwrap().stock, 250);
    let e = products
        .update_versioned("x", 4, ProductPatch::new().increment_stock(-251))
        .await
        .unwrap_err();
    assert!(e.is_condition_failed() && !e.is_stale(), "{e}");
}

/// Pages stay inside their range, resume with a token, and refuse a token of another range.
#[tokio::test]
async fn pages_resume_with_a_token_inside_the_range() {
    let env = common::start().await;
    let events = repo::<OrderEvent>(&env).await;
    for (shop, seq) in [("a", 1), ("a", 2), ("a", 3), ("a", 4), ("a", 5), ("b", 1)] {
        events
            .insert(&mut OrderEvent {
                shop: shop.into(),
                order: 1,
                seq,
                kind: "k".into(),
            })
            .await
            .unwrap();
    }
    let seqs = |p: &ots::Page<OrderEvent>| p.items.iter().map(|e| e.seq).collect::<Vec<_>>();
    for (range, want) in [
        (KeyRange::prefix("a"), vec![vec![1, 2], vec![3, 4], vec![5]]),
        (
            KeyRange::prefix("a").backward(),
            vec![vec![5, 4], vec![3, 2], vec![1]],
        ),
    ] {
        let mut token = None;
        let mut got = Vec::new();
        loop {
            let page = events.page(range.clone(), Query::new(), 2, token).await.unwrap();
            got.push(seqs(&page));
            match page.next {
                Some(next) => {
                    let text = serde_json::to_string(&next).unwrap();
                    token = Some(serde_json::from_str(&text).unwrap());
                }
                None => break,
            }
        }
        assert_eq!(got, want, "the listing stays inside shop a");
    }
    let first = events
        .page(KeyRange::prefix("a"), Query::new(), 2, None)
        .await
        .unwrap();
    let e = events
        .page(KeyRange::prefix("b"), Query::new(), 2, first.next)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
    assert!("garbage!".parse::<ots::PageToken>().is_err());
}

/// Review follow-ups: a failed write leaves the model as it was; a row without a version
/// column is stale for a versioned write, not missing; counters bump the version so an older
/// copy cannot undo them; `put_if(expect_exist)` and `batch_put` name a missing row the way
/// `put` does.
#[tokio::test]
async fn failed_writes_leave_the_model_and_say_why() {
    let env = common::start().await;
    let products = repo::<Product>(&env).await;
    let mut p = product("x");
    products.insert(&mut p).await.unwrap();
    let (version, updated) = (p.version, p.updated);

    // A model that cannot become a row: nothing changes, in put and in batch_put.
    p.views = u64::MAX;
    assert!(products.put(&mut p).await.unwrap_err().is_mapping());
    assert_eq!((p.version, p.updated), (version, updated));
    let mut batch = vec![product("y"), p.clone()];
    assert!(products.batch_put(&mut batch).await.unwrap_err().is_mapping());
    assert_eq!(
        (batch[0].version, batch[0].created),
        (0, 0),
        "nothing was stamped"
    );
    p.views = 1;
    products.put(&mut p).await.unwrap();
    assert_eq!(p.version, version + 1);

    // A row written without the version column: a versioned write finds it stale.
    env.client
        .put_row(ots::ops::row::PutRowRequest::new(
            "products",
            ots::model::Row {
                primary_key: ots::model::PrimaryKey::new().with("sku", "raw"),
                columns: vec![ots::model::Column::new("name", "raw")],
            },
        ))
        .await
        .unwrap();
    let e = products
        .update_versioned("raw", 1, ProductPatch::new().set_stock(1))
        .await
        .unwrap_err();
    assert!(e.is_stale(), "{e}");

    // An increment bumps the version: a put of a copy read before it is stale.
    let before = products.get("x").await.unwrap().unwrap();
    products
        .increment("x", Product::columns().views, 5)
        .await
        .unwrap();
    let mut older = before.clone();
    assert!(products.put(&mut older).await.unwrap_err().is_stale());
    assert_eq!(products.get("x").await.unwrap().unwrap().views, 6);

    // A missing row is missing from put_if(expect_exist) and from batch_put too.
    #[derive(Debug, Clone, PartialEq, OtsTable)]
    #[ots(table = "plain")]
    struct Plain {
        #[ots(pk)]
        id: i64,
        v: i64,
    }
    let plain = repo::<Plain>(&env).await;
    let e = plain
        .put_if(&mut Plain { id: 1, v: 1 }, condition!(Plain, expect_exist))
        .await
        .unwrap_err();
    assert!(e.is_row_missing(), "{e}");
    let mut gone = products.get("x").await.unwrap().unwrap();
    products.delete("x").await.unwrap();
    let out = products.batch_put(std::slice::from_mut(&mut gone)).await.unwrap();
    assert!(out[0].as_ref().unwrap_err().is_row_missing(), "{out:?}");
}

type A1 = i64; // a user alias named like a generated parameter

#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "aliased")]
struct Aliased {
    #[ots(pk)]
    name: String,
    #[ots(pk)]
    n: A1,
}

/// Empty ranges are empty both ways; keys and prefixes take `&String`; a token whose values
/// do not fit the key is refused before anything is sent.
#[tokio::test]
async fn empty_ranges_borrowed_keys_and_foreign_tokens() {
    let env = common::start().await;
    let aliased = repo::<Aliased>(&env).await;
    for n in 1..=3 {
        aliased
            .insert(&mut Aliased { name: "a".into(), n })
            .await
            .unwrap();
    }
    for range in [
        KeyRange::between(("a", 2), ("a", 2)),
        KeyRange::between(("a", 2), ("a", 2)).backward(),
        KeyRange::between(("a", 3), ("a", 1)),
        KeyRange::prefix(("a", 9)),
    ] {
        assert!(collect(&aliased, range).await.unwrap().is_empty());
    }
    let name = String::from("a");
    assert_eq!(collect(&aliased, KeyRange::prefix(&name)).await.unwrap().len(), 3);
    let products = repo::<Product>(&env).await;
    products.insert(&mut product("p")).await.unwrap();
    let sku = String::from("p");
    assert!(products.get(&sku).await.unwrap().is_some());

    let foreign = ots::PageToken::from_key(&[ots::model::PrimaryKeyValue::Binary(vec![1])]);
    let e = products
        .page(KeyRange::all(), Query::new(), 5, foreign)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
}
