//! Aggregations and group-bys through the client against ots-local: every aggregation, every
//! served group-by, sub-aggregations, nested group-bys, missing values, arrays, and the
//! refusals the service answers. Expected results are computed from the rows written here,
//! not from what the server answered before.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions fail loudly on purpose

use crate::common::{self, id};
use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use ots::model::{Column, PrimaryKeyValue, Row, Value};
use ots::ops::search::agg::{
    Aggregation, AggregationResult, DateInterval, DateUnit, Group, GroupBy, GroupBySorter, GroupKey,
};
use ots::ops::search::index::{CreateSearchIndexRequest, FieldSchema, SortOrder};
use ots::ops::search::query::{GeoPoint, Query};
use ots::ops::search::request::{SearchColumns, SearchOutput, SearchRequest};
use ots::ops::search::sort::Sorter;
use ots::ErrorCode;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

struct Sale {
    id: i64,
    city: Option<&'static str>,
    price: f64,
    qty: Option<i64>,
    tags: &'static [&'static str],
    scores: &'static [i64],
    /// (year, month, day, hour) UTC.
    at: Option<(i32, u32, u32, u32)>,
    loc: Option<(f64, f64)>,
    paid: bool,
}

#[allow(clippy::too_many_arguments)] // one argument per column, read like a table row
const fn sale(
    id: i64,
    city: &'static str,
    price: f64,
    qty: Option<i64>,
    tags: &'static [&'static str],
    scores: &'static [i64],
    at: (i32, u32, u32, u32),
    loc: (f64, f64),
    paid: bool,
) -> Sale {
    Sale {
        id,
        city: Some(city),
        price,
        qty,
        tags,
        scores,
        at: Some(at),
        loc: Some(loc),
        paid,
    }
}

const SALES: [Sale; 13] = [
    sale(
        1,
        "hz",
        10.0,
        Some(3),
        &["a", "b"],
        &[1, 5],
        (2024, 1, 30, 10),
        (30.137817, 120.08681),
        true,
    ),
    sale(
        2,
        "hz",
        20.5,
        None,
        &["a"],
        &[2],
        (2024, 1, 31, 23),
        (30.135131, 120.088355),
        false,
    ),
    sale(
        3,
        "hz",
        7.25,
        Some(1),
        &[],
        &[],
        (2024, 2, 1, 2),
        (30.181877, 120.152818),
        true,
    ),
    sale(
        4,
        "sh",
        99.0,
        Some(10),
        &["b", "c"],
        &[7, 7, 3],
        (2024, 2, 14, 12),
        (31.2304, 121.4737),
        true,
    ),
    sale(
        5,
        "sh",
        15.0,
        Some(2),
        &["c"],
        &[4],
        (2024, 2, 29, 20),
        (31.2243, 121.4692),
        false,
    ),
    sale(
        6,
        "bj",
        3.5,
        None,
        &["a", "c"],
        &[9],
        (2024, 3, 1, 0),
        (39.9042, 116.4074),
        true,
    ),
    sale(
        7,
        "bj",
        42.0,
        Some(5),
        &["d"],
        &[0, -2],
        (2024, 3, 15, 16),
        (39.9163, 116.3972),
        false,
    ),
    sale(
        8,
        "hz",
        8.0,
        Some(3),
        &["b"],
        &[6],
        (2024, 4, 1, 8),
        (30.20223, 120.13787),
        true,
    ),
    sale(
        9,
        "sz",
        60.0,
        Some(7),
        &[],
        &[1],
        (2024, 4, 30, 15),
        (22.5431, 114.0579),
        false,
    ),
    sale(
        10,
        "sz",
        60.0,
        None,
        &["a", "b", "c"],
        &[2, 2],
        (2024, 5, 5, 5),
        (22.5333, 114.0500),
        true,
    ),
    sale(
        11,
        "hz",
        12.0,
        Some(4),
        &["e"],
        &[3],
        (2024, 5, 31, 23),
        (30.216961, 120.157633),
        true,
    ),
    sale(
        12,
        "gz",
        30.0,
        Some(6),
        &["a"],
        &[],
        (2024, 6, 1, 1),
        (23.1291, 113.2644),
        false,
    ),
    // A row with almost nothing: no city, quantity, tags, scores, date or place.
    Sale {
        id: 13,
        city: None,
        price: 5.0,
        qty: None,
        tags: &[],
        scores: &[],
        at: None,
        loc: None,
        paid: false,
    },
];

fn millis((y, m, d, h): (i32, u32, u32, u32)) -> i64 {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, 0, 0))
        .unwrap()
        .and_utc()
        .timestamp_millis()
}

fn json<T: std::fmt::Debug>(items: &[T]) -> String {
    // Debug of &str and i64 is valid JSON.
    format!("{items:?}")
}

fn row(s: &Sale) -> Row {
    let mut columns = vec![
        Column::new("price", s.price),
        Column::new("paid", s.paid),
        Column::new("note", "some words"),
        Column::new("plain", s.id),
    ];
    columns.extend(s.city.map(|c| Column::new("city", c)));
    columns.extend(s.qty.map(|q| Column::new("qty", q)));
    columns.extend((!s.tags.is_empty()).then(|| Column::new("tags", json(s.tags))));
    columns.extend((!s.scores.is_empty()).then(|| Column::new("scores", json(s.scores))));
    columns.extend(s.at.map(|at| Column::new("at", millis(at))));
    columns.extend(s.loc.map(|(lat, lon)| Column::new("loc", format!("{lat},{lon}"))));
    Row {
        primary_key: id(s.id),
        columns,
    }
}

async fn setup() -> common::Env {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "sales").await;
    let agg = |f: FieldSchema| f.sort_and_agg(true);
    c.create_search_index(
        CreateSearchIndexRequest::new("sales", "idx")
            .field(agg(FieldSchema::keyword("city")))
            .field(agg(FieldSchema::double("price")))
            .field(agg(FieldSchema::long("qty")))
            .field(agg(FieldSchema::keyword("tags").array()))
            .field(agg(FieldSchema::long("scores").array()))
            .field(agg(FieldSchema::date("at", ["epoch_millis"])))
            .field(agg(FieldSchema::geo_point("loc")))
            .field(agg(FieldSchema::boolean("paid")))
            .field(FieldSchema::text("note"))
            .field(FieldSchema::long("plain")),
    )
    .await
    .unwrap();
    for s in &SALES {
        c.put_row(ots::ops::row::PutRowRequest::new("sales", row(s)))
            .await
            .unwrap();
    }
    env
}

fn request(query: Query) -> SearchRequest {
    SearchRequest::new("sales", "idx", query).limit(1)
}

async fn search(env: &common::Env, req: SearchRequest) -> SearchOutput {
    env.client.search(req).await.unwrap()
}

fn number(out: &SearchOutput, name: &str) -> Option<f64> {
    out.aggregations.get(name).and_then(AggregationResult::as_f64)
}

fn count(out: &SearchOutput, name: &str) -> i64 {
    out.aggregations
        .get(name)
        .and_then(AggregationResult::as_count)
        .unwrap()
}

fn groups<'a>(out: &'a SearchOutput, name: &str) -> &'a [Group] {
    out.group_bys.get(name).unwrap()
}

fn key_of(r: &Row) -> i64 {
    match r.primary_key.get("id") {
        Some(PrimaryKeyValue::Integer(i)) => *i,
        other => panic!("no id: {other:?}"),
    }
}

/// Interpolated percentile of the data (rank = p / 100 * (n - 1)).
fn percentile(mut values: Vec<f64>, p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let rank = p / 100.0 * (values.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    values[lo] + (values[hi] - values[lo]) * (rank - lo as f64)
}

fn percentiles(out: &SearchOutput, name: &str) -> Vec<(f64, Value)> {
    match out.aggregations.get(name) {
        Some(AggregationResult::Percentiles(items)) => items
            .iter()
            .map(|p| (p.percentile, p.value.clone().unwrap()))
            .collect(),
        other => panic!("no percentiles: {other:?}"),
    }
}

#[tokio::test]
async fn aggregations_cover_every_match_not_only_the_page() {
    let env = setup().await;
    let hz: Vec<&Sale> = SALES.iter().filter(|s| s.city == Some("hz")).collect();
    let prices: Vec<f64> = hz.iter().map(|s| s.price).collect();
    let req = request(Query::term("city", "hz"))
        .aggregation(Aggregation::avg("avg", "price"))
        .aggregation(Aggregation::max("max", "price"))
        .aggregation(Aggregation::min("min", "scores"))
        .aggregation(Aggregation::sum("sum", "price"))
        .aggregation(Aggregation::count("count", "scores"))
        .aggregation(Aggregation::distinct_count("tags", "tags"))
        .aggregation(Aggregation::distinct_count("paid", "paid"))
        .aggregation(Aggregation::avg("avg_qty", "qty"))
        .aggregation(Aggregation::percentiles("p_price", "price", [90.0, 50.0]))
        .aggregation(Aggregation::percentiles("p_qty", "qty", [50.0]));
    let out = search(&env, req.clone()).await;
    assert_eq!(out.rows.len(), 1, "one row on the page");
    assert_eq!(out.aggregations.len(), 10);
    let sum: f64 = prices.iter().sum();
    assert_eq!(number(&out, "avg"), Some(sum / prices.len() as f64));
    assert_eq!(number(&out, "max"), prices.iter().copied().reduce(f64::max));
    let scores: Vec<i64> = hz.iter().flat_map(|s| s.scores.iter().copied()).collect();
    assert_eq!(number(&out, "min"), scores.iter().min().map(|m| *m as f64));
    assert_eq!(number(&out, "sum"), Some(sum));
    assert_eq!(
        count(&out, "count"),
        scores.len() as i64,
        "every element of an array counts"
    );
    let tags: BTreeSet<&str> = hz.iter().flat_map(|s| s.tags.iter().copied()).collect();
    assert_eq!(count(&out, "tags"), tags.len() as i64);
    let paid: BTreeSet<bool> = hz.iter().map(|s| s.paid).collect();
    assert_eq!(count(&out, "paid"), paid.len() as i64);
    let qty: Vec<f64> = hz.iter().filter_map(|s| s.qty).map(|q| q as f64).collect();
    assert_eq!(
        number(&out, "avg_qty"),
        Some(qty.iter().sum::<f64>() / qty.len() as f64)
    );
    assert_eq!(
        percentiles(&out, "p_price"),
        [
            (50.0, Value::Double(percentile(prices.clone(), 50.0))),
            (90.0, Value::Double(percentile(prices.clone(), 90.0)))
        ]
    );
    // A LONG field's percentiles are integers.
    assert_eq!(
        percentiles(&out, "p_qty"),
        [(50.0, Value::Integer(percentile(qty, 50.0).trunc() as i64))]
    );
    // The next page answers the same aggregations.
    let next = search(&env, req.token(out.next_token.clone().unwrap())).await;
    assert_eq!(next.aggregations, out.aggregations);
    assert_ne!(next.rows, out.rows);
}

#[tokio::test]
async fn missing_values_stand_in_and_empty_matches_have_no_value() {
    let env = setup().await;
    let req = request(Query::match_all())
        .aggregation(Aggregation::avg("avg_qty", "qty").missing(0))
        .aggregation(Aggregation::sum("sum_qty", "qty").missing(100))
        .aggregation(Aggregation::max("max_qty", "qty").missing(1000))
        .aggregation(Aggregation::min("min_qty", "qty").missing(-5))
        .aggregation(Aggregation::distinct_count("cities", "city").missing("nowhere"))
        .aggregation(Aggregation::percentiles("p_qty", "qty", [0.0]).missing(-1));
    let out = search(&env, req).await;
    let given: Vec<i64> = SALES.iter().filter_map(|s| s.qty).collect();
    let absent = (SALES.len() - given.len()) as i64;
    let total: i64 = given.iter().sum();
    assert_eq!(number(&out, "avg_qty"), Some(total as f64 / SALES.len() as f64));
    assert_eq!(number(&out, "sum_qty"), Some((total + 100 * absent) as f64));
    assert_eq!(number(&out, "max_qty"), Some(1000.0));
    assert_eq!(number(&out, "min_qty"), Some(-5.0));
    let cities: BTreeSet<&str> = SALES.iter().filter_map(|s| s.city).collect();
    assert_eq!(count(&out, "cities"), cities.len() as i64 + 1);
    assert_eq!(percentiles(&out, "p_qty"), [(0.0, Value::Integer(-1))]);

    let none = request(Query::term("city", "nowhere"))
        .aggregation(Aggregation::avg("avg", "price"))
        .aggregation(Aggregation::max("max", "price"))
        .aggregation(Aggregation::min("min", "price"))
        .aggregation(Aggregation::sum("sum", "price"))
        .aggregation(Aggregation::count("count", "price"))
        .aggregation(Aggregation::percentiles("p", "price", [50.0]))
        .group_by(GroupBy::field("g", "city"));
    let out = search(&env, none).await;
    assert_eq!(
        ["avg", "max", "min", "sum"].map(|n| out.aggregations.get(n).cloned()),
        [
            Some(AggregationResult::Avg(None)),
            Some(AggregationResult::Max(None)),
            Some(AggregationResult::Min(None)),
            Some(AggregationResult::Sum(Some(0.0)))
        ]
    );
    assert_eq!(count(&out, "count"), 0);
    assert_eq!(
        out.aggregations.get("p"),
        Some(&AggregationResult::Percentiles(vec![]))
    );
    assert!(groups(&out, "g").is_empty());
}

#[tokio::test]
async fn top_rows_follow_their_sort_and_the_requested_columns() {
    let env = setup().await;
    let mut by_price: Vec<&Sale> = SALES.iter().collect();
    // Price descending, ties by key.
    by_price.sort_by(|a, b| b.price.total_cmp(&a.price).then(a.id.cmp(&b.id)));
    let top = Aggregation::top_rows("top", 3).sort_by(Sorter::field_desc("price"));
    let out = search(
        &env,
        request(Query::match_all())
            .aggregation(top.clone())
            .columns(SearchColumns::Specified(vec!["price".into()])),
    )
    .await;
    let Some(AggregationResult::TopRows(rows)) = out.aggregations.get("top") else {
        panic!("no top rows");
    };
    assert_eq!(
        rows.iter().map(key_of).collect::<Vec<_>>(),
        by_price[..3].iter().map(|s| s.id).collect::<Vec<_>>()
    );
    let columns: Vec<(&str, &Value)> = rows[0]
        .columns
        .iter()
        .map(|c| (c.name.as_str(), &c.value))
        .collect();
    assert_eq!(columns, [("price", &Value::Double(by_price[0].price))]);
    // With no columns asked, keys only.
    let out = search(&env, request(Query::match_all()).aggregation(top)).await;
    let Some(AggregationResult::TopRows(rows)) = out.aggregations.get("top") else {
        panic!("no top rows");
    };
    assert!(rows.iter().all(|r| r.columns.is_empty()));

    // The cheapest sale of each city.
    let cheapest = GroupBy::field("by_city", "city")
        .sub_aggregation(Aggregation::top_rows("first", 1).sort_by(Sorter::field_asc("price")));
    let out = search(&env, request(Query::match_all()).group_by(cheapest)).await;
    assert_eq!(
        groups(&out, "by_city").len(),
        SALES.iter().filter_map(|s| s.city).collect::<BTreeSet<_>>().len()
    );
    for g in groups(&out, "by_city") {
        let GroupKey::Field(city) = &g.key else {
            panic!("{:?}", g.key)
        };
        let want = SALES
            .iter()
            .filter(|s| s.city == Some(city.as_str()))
            .min_by(|a, b| a.price.total_cmp(&b.price))
            .unwrap();
        let Some(AggregationResult::TopRows(rows)) = g.sub_aggregations.get("first") else {
            panic!("no top rows in {city}");
        };
        assert_eq!(rows.iter().map(key_of).collect::<Vec<_>>(), [want.id], "{city}");
    }
}

#[tokio::test]
async fn refusals_name_the_field_with_the_service_code() {
    let env = setup().await;
    let refused = |req: SearchRequest, code: ErrorCode, needle: &'static str| {
        let client = env.client.clone();
        async move {
            let e = client.search(req).await.unwrap_err();
            assert_eq!(e.code(), Some(&code), "{e}");
            assert_eq!(e.http_status(), Some(400), "{e}");
            assert!(e.message().contains(needle), "{needle} not in {}", e.message());
        }
    };
    let agg = |a: Aggregation| request(Query::match_all()).aggregation(a);
    let by = |g: GroupBy| request(Query::match_all()).group_by(g);
    let invalid = ErrorCode::ParameterInvalid;
    refused(agg(Aggregation::avg("a", "nope")), invalid.clone(), "nope").await;
    refused(
        agg(Aggregation::sum("a", "plain")),
        invalid.clone(),
        "enable_sort_and_agg",
    )
    .await;
    refused(agg(Aggregation::avg("a", "city")), invalid.clone(), "city").await;
    refused(agg(Aggregation::count("a", "note")), invalid.clone(), "note").await;
    refused(
        agg(Aggregation::percentiles("a", "paid", [50.0])),
        invalid.clone(),
        "paid",
    )
    .await;
    refused(agg(Aggregation::top_rows("a", 101)), invalid.clone(), "100").await;
    refused(
        agg(Aggregation::avg("a", "price")).aggregation(Aggregation::max("a", "price")),
        invalid.clone(),
        "[a]",
    )
    .await;
    refused(by(GroupBy::field("g", "note")), invalid.clone(), "note").await;
    refused(by(GroupBy::field("g", "plain")), invalid.clone(), "plain").await;
    refused(
        by(GroupBy::field("g", "city").size(2001)),
        invalid.clone(),
        "2000",
    )
    .await;
    refused(
        by(GroupBy::histogram("g", "price", 0.01, 0.0, 100.0)),
        invalid.clone(),
        "2000",
    )
    .await;
    refused(
        by(GroupBy::date_histogram("g", "price", DateInterval::new(1, DateUnit::Day)).field_range(0, 1)),
        invalid.clone(),
        "price",
    )
    .await;
    refused(
        by(GroupBy::date_histogram(
            "g",
            "at",
            DateInterval::new(1, DateUnit::Day),
        )),
        invalid.clone(),
        "field_range",
    )
    .await;
    refused(
        by(GroupBy::geo_distance(
            "g",
            "price",
            GeoPoint::new(0.0, 0.0),
            [0.0..1.0],
        )),
        invalid.clone(),
        "price",
    )
    .await;
    refused(
        by(GroupBy::field("g", "city").sort_by(GroupBySorter::sub_aggregation("x", SortOrder::Asc))),
        invalid.clone(),
        "[x]",
    )
    .await;
    // A sub-aggregation of a group-by is checked whether or not a group has rows.
    refused(
        request(Query::term("city", "nowhere"))
            .group_by(GroupBy::field("g", "city").sub_aggregation(Aggregation::avg("a", "nope"))),
        invalid,
        "nope",
    )
    .await;
}

mod groups;
