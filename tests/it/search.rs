//! Search through the client against ots-local's engine: every served query type, sorts,
//! paging by offset and token, total counts, columns, and an index that follows every write.
//! Expected results are computed from the data, not from a previous run.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions fail loudly on purpose

use crate::common::{self, id};
use futures_util::TryStreamExt;
use ots::model::{Column, Row, Value};
use ots::ops::batch::BatchWriteRowRequest;
use ots::ops::row::{DeleteRowRequest, PutRowRequest, UpdateRowRequest};
use ots::ops::search::index::{CreateSearchIndexRequest, FieldSchema, SortOrder};
use ots::ops::search::query::Query;
use ots::ops::search::request::{SearchColumns, SearchRequest};
use ots::ops::search::sort::Sorter;
use std::ops::Bound;

struct Product {
    id: i64,
    category: &'static str,
    title: &'static str,
    price: f64,
    stock: i64,
    tags: &'static str,
    active: bool,
}

const PRODUCTS: [Product; 6] = [
    Product {
        id: 1,
        category: "books",
        title: "The Rust Programming Language",
        price: 39.5,
        stock: 10,
        tags: r#"["rust","systems"]"#,
        active: true,
    },
    Product {
        id: 2,
        category: "books",
        title: "Programming Rust",
        price: 45.0,
        stock: 0,
        tags: r#"["rust"]"#,
        active: true,
    },
    Product {
        id: 3,
        category: "games",
        title: "Rusty Lake",
        price: 5.0,
        stock: 99,
        tags: r#"["puzzle"]"#,
        active: false,
    },
    Product {
        id: 4,
        category: "books",
        title: "The Go Programming Language",
        price: 30.0,
        stock: 3,
        tags: r#"["go","systems"]"#,
        active: true,
    },
    Product {
        id: 5,
        category: "toys",
        title: "Rubber duck",
        price: 2.5,
        stock: 500,
        tags: "[]",
        active: true,
    },
    Product {
        id: 6,
        category: "books",
        title: "Zen of programming",
        price: 12.0,
        stock: 7,
        tags: r#"["zen"]"#,
        active: false,
    },
];

fn row(p: &Product) -> Row {
    Row {
        primary_key: id(p.id),
        columns: vec![
            Column::new("category", p.category),
            Column::new("title", p.title),
            Column::new("price", p.price),
            Column::new("stock", p.stock),
            Column::new("tags", p.tags),
            Column::new("active", p.active),
        ],
    }
}

async fn setup() -> common::Env {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "products").await;
    // Half the rows exist before the index: they are indexed when it is created.
    for p in &PRODUCTS[..3] {
        c.put_row(PutRowRequest::new("products", row(p))).await.unwrap();
    }
    c.create_search_index(
        CreateSearchIndexRequest::new("products", "idx")
            .field(FieldSchema::keyword("category").sort_and_agg(true))
            .field(FieldSchema::text("title"))
            .field(FieldSchema::double("price").sort_and_agg(true))
            .field(FieldSchema::long("id"))
            .field(FieldSchema::long("stock"))
            .field(FieldSchema::keyword("tags").array())
            .field(FieldSchema::boolean("active")),
    )
    .await
    .unwrap();
    let mut batch = BatchWriteRowRequest::new();
    for p in &PRODUCTS[3..] {
        batch = batch.put(PutRowRequest::new("products", row(p)));
    }
    assert!(c.batch_write_row(batch).await.unwrap().is_all_ok());
    env
}

/// The ids a query finds, in key order, and the total count.
async fn ids(env: &common::Env, query: Query) -> Vec<i64> {
    let req = SearchRequest::new("products", "idx", query)
        .limit(100)
        .total_count();
    let out = env.client.search(req).await.unwrap();
    let got: Vec<i64> = out.rows.iter().map(key_of).collect();
    assert_eq!(out.total_hits, Some(got.len() as i64));
    got
}

fn key_of(r: &Row) -> i64 {
    match r.primary_key.get("id") {
        Some(ots::model::PrimaryKeyValue::Integer(i)) => *i,
        other => panic!("no id: {other:?}"),
    }
}

/// What a predicate selects from the data, in key order.
fn expected(pick: impl Fn(&Product) -> bool) -> Vec<i64> {
    PRODUCTS.iter().filter(|p| pick(p)).map(|p| p.id).collect()
}

#[tokio::test]
async fn every_served_query_type_finds_what_the_data_says() {
    let env = setup().await;
    assert_eq!(ids(&env, Query::match_all()).await, expected(|_| true));
    assert_eq!(
        ids(&env, Query::term("category", "books")).await,
        expected(|p| p.category == "books")
    );
    assert_eq!(
        ids(&env, Query::terms("category", ["games", "toys"])).await,
        expected(|p| p.category == "games" || p.category == "toys")
    );
    assert_eq!(
        ids(
            &env,
            Query::range(
                "price",
                Bound::Included(Value::Double(12.0)),
                Bound::Excluded(Value::Double(40.0))
            )
        )
        .await,
        expected(|p| (12.0..40.0).contains(&p.price))
    );
    assert_eq!(
        ids(
            &env,
            Query::range("stock", Bound::Excluded(Value::Integer(7)), Bound::Unbounded)
        )
        .await,
        expected(|p| p.stock > 7)
    );
    assert_eq!(
        ids(&env, Query::term("active", false)).await,
        expected(|p| !p.active)
    );
    assert_eq!(
        ids(&env, Query::prefix("category", "bo")).await,
        expected(|p| p.category.starts_with("bo"))
    );
    assert_eq!(
        ids(&env, Query::wildcard("category", "?o*s")).await,
        expected(|p| p.category == "books" || p.category == "toys")
    );
    assert_eq!(
        ids(&env, Query::term("tags", "systems")).await,
        expected(|p| p.tags.contains("\"systems\""))
    );
    assert_eq!(
        ids(&env, Query::exists("tags")).await,
        expected(|p| p.tags != "[]"),
        "an empty array is no value"
    );
    let words = |p: &Product, w: &str| p.title.to_lowercase().split(' ').any(|t| t == w);
    assert_eq!(
        ids(&env, Query::matches("title", "rust lake")).await,
        expected(|p| words(p, "rust") || words(p, "lake"))
    );
    assert_eq!(
        ids(&env, Query::matches_all("title", "programming language")).await,
        expected(|p| words(p, "programming") && words(p, "language"))
    );
    assert_eq!(
        ids(&env, Query::phrase("title", "programming language")).await,
        expected(|p| p.title.to_lowercase().contains("programming language"))
    );
    let q = Query::bool()
        .must(Query::term("category", "books"))
        .filter(Query::range(
            "price",
            Bound::Unbounded,
            Bound::Included(Value::Double(40.0)),
        ))
        .must_not(Query::term("active", false));
    assert_eq!(
        ids(&env, q.into()).await,
        expected(|p| p.category == "books" && p.price <= 40.0 && p.active)
    );
    let q = Query::bool()
        .should(Query::term("category", "games"))
        .should(Query::term("category", "toys"))
        .should(Query::term("active", false))
        .minimum_should_match(2);
    assert_eq!(
        ids(&env, q.into()).await,
        expected(|p| p.category == "games"),
        "games are inactive, toys are not"
    );
    assert_eq!(
        ids(&env, Query::const_score(Query::term("category", "toys"))).await,
        expected(|p| p.category == "toys")
    );
}

#[tokio::test]
async fn sorts_pages_tokens_and_columns() {
    let env = setup().await;
    let c = &env.client;
    let by_price =
        SearchRequest::new("products", "idx", Query::match_all()).sort_by(Sorter::field_desc("price"));
    let out = c.search(by_price.clone().limit(3)).await.unwrap();
    let mut want: Vec<&Product> = PRODUCTS.iter().collect();
    want.sort_by(|a, b| b.price.total_cmp(&a.price));
    assert_eq!(
        out.rows.iter().map(key_of).collect::<Vec<_>>(),
        want[..3].iter().map(|p| p.id).collect::<Vec<_>>()
    );
    assert!(out.next_token.is_some());
    let page2 = c.search(by_price.clone().offset(3).limit(3)).await.unwrap();
    assert_eq!(
        page2.rows.iter().map(key_of).collect::<Vec<_>>(),
        want[3..].iter().map(|p| p.id).collect::<Vec<_>>()
    );
    assert!(page2.next_token.is_none(), "the last page has no token");
    // The stream follows tokens over every page.
    let all: Vec<Row> = c
        .search_stream(by_price.clone().limit(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(key_of).collect::<Vec<_>>(),
        want.iter().map(|p| p.id).collect::<Vec<_>>()
    );
    // Keys descending; the key alone by default, named columns when asked.
    let out = c
        .search(
            SearchRequest::new("products", "idx", Query::term("category", "books"))
                .sort_by(Sorter::PrimaryKey {
                    order: SortOrder::Desc,
                })
                .columns(SearchColumns::Specified(vec!["title".into()])),
        )
        .await
        .unwrap();
    assert_eq!(out.rows.iter().map(key_of).collect::<Vec<_>>(), [6, 4, 2, 1]);
    assert_eq!(out.rows[0].columns.len(), 1);
    assert_eq!(out.rows[0].get("title"), Some(&Value::from("Zen of programming")));
    assert_eq!(out.total_hits, None, "not asked for");
    let bare = c
        .search(SearchRequest::new(
            "products",
            "idx",
            Query::term("id_missing_field_is_refused", 1),
        ))
        .await;
    assert!(bare.unwrap_err().is_invalid_parameter());
    let too_many = c
        .search(SearchRequest::new("products", "idx", Query::match_all()).limit(101))
        .await;
    assert!(too_many.unwrap_err().is_invalid_parameter());
}

#[tokio::test]
async fn the_index_follows_every_write() {
    let env = setup().await;
    let c = &env.client;
    assert_eq!(ids(&env, Query::term("category", "books")).await, [1, 2, 4, 6]);
    c.update_row(UpdateRowRequest::new("products", id(2)).put("category", "games"))
        .await
        .unwrap();
    c.delete_row(DeleteRowRequest::new("products", id(4)))
        .await
        .unwrap();
    c.put_row(PutRowRequest::new(
        "products",
        Row {
            primary_key: id(7),
            columns: vec![Column::new("category", "books")],
        },
    ))
    .await
    .unwrap();
    c.update_row(UpdateRowRequest::new("products", id(6)).delete_all_versions("category"))
        .await
        .unwrap();
    assert_eq!(
        ids(&env, Query::term("category", "books")).await,
        [1, 7],
        "updates, deletes, puts and deleted columns are searchable at once"
    );
    assert_eq!(ids(&env, Query::term("category", "games")).await, [2, 3]);
}

/// What an independent review found: each case answered, not a panic or a wrong page.
#[tokio::test]
async fn hostile_and_edge_requests() {
    let env = setup().await;
    let c = &env.client;
    // A query nested deeper than 32 levels is refused (it used to overflow the stack).
    let mut deep = Query::match_all();
    for _ in 0..40 {
        deep = Query::bool().must(deep).into();
    }
    assert!(c
        .search(SearchRequest::new("products", "idx", deep))
        .await
        .unwrap_err()
        .is_invalid_parameter());
    // A key column can be an index field.
    assert_eq!(ids(&env, Query::term("id", 3)).await, [3]);
    // Sorting needs sort-and-agg; a mixed-type column sorts without a panic.
    let e = c
        .search(SearchRequest::new("products", "idx", Query::match_all()).sort_by(Sorter::field_asc("title")))
        .await
        .unwrap_err();
    assert!(e.is_invalid_parameter(), "{e}");
    c.put_row(PutRowRequest::new(
        "products",
        Row {
            primary_key: id(9),
            columns: vec![Column::new("price", "not a number")],
        },
    ))
    .await
    .unwrap();
    let sorted = c
        .search(
            SearchRequest::new("products", "idx", Query::match_all())
                .sort_by(Sorter::field_asc("price"))
                .limit(100),
        )
        .await
        .unwrap();
    assert_eq!(
        sorted.rows.last().map(key_of),
        Some(9),
        "a value of another type sorts as missing, last"
    );
    // Limit 0 gives no token; a token keeps its sort and belongs to its query.
    let zero = c
        .search(
            SearchRequest::new("products", "idx", Query::match_all())
                .limit(0)
                .total_count(),
        )
        .await
        .unwrap();
    assert!(zero.rows.is_empty() && zero.next_token.is_none());
    let desc = SearchRequest::new("products", "idx", Query::match_all())
        .sort_by(Sorter::field_desc("price"))
        .limit(2);
    let first = c.search(desc.clone()).await.unwrap();
    let token = first.next_token.clone().unwrap();
    let without_sort = SearchRequest::new("products", "idx", Query::match_all())
        .limit(2)
        .token(token.clone());
    let second = c.search(without_sort).await.unwrap();
    let mut want: Vec<&Product> = PRODUCTS.iter().collect();
    want.sort_by(|a, b| b.price.total_cmp(&a.price));
    assert_eq!(
        second.rows.iter().map(key_of).collect::<Vec<_>>(),
        [want[2].id, want[3].id],
        "the token's sort"
    );
    let other = SearchRequest::new("products", "idx", Query::term("category", "books")).token(token);
    assert!(c.search(other).await.unwrap_err().is_invalid_parameter());
    // Prefixes with regex-looking characters.
    c.put_row(PutRowRequest::new(
        "products",
        Row {
            primary_key: id(10),
            columns: vec![Column::new("category", "a<b>c")],
        },
    ))
    .await
    .unwrap();
    assert_eq!(ids(&env, Query::prefix("category", "a<b")).await, [10]);
}
