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
    assert_eq!(groups(&out, "by_city").len(), city_counts(|_| true).len());
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

/// Rows per city, as (city, count), by count descending then city.
fn city_counts(pick: impl Fn(&Sale) -> bool) -> Vec<(String, i64)> {
    let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
    for s in SALES.iter().filter(|s| pick(s)) {
        if let Some(c) = s.city {
            *counts.entry(c).or_default() += 1;
        }
    }
    let mut v: Vec<(String, i64)> = counts.into_iter().map(|(c, n)| (c.to_owned(), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

fn field_keys(gs: &[Group]) -> Vec<(String, i64)> {
    gs.iter()
        .map(|g| match &g.key {
            GroupKey::Field(k) => (k.clone(), g.row_count),
            other => panic!("{other:?}"),
        })
        .collect()
}

#[tokio::test]
async fn field_groups_sort_size_filter_and_nest() {
    let env = setup().await;
    let avg_price = |city: &str| {
        let p: Vec<f64> = SALES
            .iter()
            .filter(|s| s.city == Some(city))
            .map(|s| s.price)
            .collect();
        p.iter().sum::<f64>() / p.len() as f64
    };
    let req = request(Query::match_all())
        .group_by(GroupBy::field("cities", "city"))
        .group_by(GroupBy::field("top2", "city").size(2))
        .group_by(GroupBy::field("by_key", "city").sort_by(GroupBySorter::group_key(SortOrder::Desc)))
        .group_by(GroupBy::field("busy", "city").min_doc_count(2))
        .group_by(
            GroupBy::field("cheap_first", "city")
                .sort_by(GroupBySorter::sub_aggregation("avg_price", SortOrder::Asc))
                .sub_aggregation(Aggregation::avg("avg_price", "price")),
        )
        .group_by(GroupBy::field("tags", "tags").size(20))
        .group_by(GroupBy::field("paid", "paid"))
        .group_by(GroupBy::field("nested", "city").sub_group_by(
            GroupBy::field("paid", "paid").sub_aggregation(Aggregation::sum("revenue", "price")),
        ));
    let out = search(&env, req).await;
    let all = city_counts(|_| true);
    assert_eq!(field_keys(groups(&out, "cities")), all);
    assert_eq!(field_keys(groups(&out, "top2")), all[..2]);
    let mut by_key = all.clone();
    by_key.sort_by(|a, b| b.0.cmp(&a.0));
    assert_eq!(field_keys(groups(&out, "by_key")), by_key);
    let busy: Vec<_> = all.iter().filter(|(_, n)| *n >= 2).cloned().collect();
    assert_eq!(field_keys(groups(&out, "busy")), busy);
    let mut cheap: Vec<(String, i64)> = all.clone();
    cheap.sort_by(|a, b| avg_price(&a.0).total_cmp(&avg_price(&b.0)).then(a.0.cmp(&b.0)));
    let got = groups(&out, "cheap_first");
    assert_eq!(field_keys(got), cheap);
    for g in got {
        let GroupKey::Field(city) = &g.key else {
            unreachable!()
        };
        assert_eq!(
            g.sub_aggregations
                .get("avg_price")
                .and_then(AggregationResult::as_f64),
            Some(avg_price(city))
        );
    }
    // An array value counts the row once per distinct element.
    let mut tags: BTreeMap<&str, i64> = BTreeMap::new();
    for s in &SALES {
        for t in s.tags.iter().collect::<BTreeSet<_>>() {
            *tags.entry(t).or_default() += 1;
        }
    }
    let mut want: Vec<(String, i64)> = tags.into_iter().map(|(t, n)| (t.to_owned(), n)).collect();
    want.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert_eq!(field_keys(groups(&out, "tags")), want);
    let paid = SALES.iter().filter(|s| s.paid).count() as i64;
    let unpaid = SALES.len() as i64 - paid;
    let mut want = vec![("false".to_owned(), unpaid), ("true".to_owned(), paid)];
    want.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert_eq!(field_keys(groups(&out, "paid")), want);
    // Nested: per city, per paid flag, the revenue.
    assert_eq!(groups(&out, "nested").len(), all.len());
    for city in groups(&out, "nested") {
        let GroupKey::Field(c) = &city.key else {
            unreachable!()
        };
        let flags = city.sub_group_bys.get("paid").unwrap();
        let want: BTreeSet<bool> = SALES
            .iter()
            .filter(|s| s.city == Some(c.as_str()))
            .map(|s| s.paid)
            .collect();
        assert_eq!(flags.len(), want.len(), "{c}");
        for flag in flags {
            let GroupKey::Field(f) = &flag.key else {
                unreachable!()
            };
            let rows: Vec<&Sale> = SALES
                .iter()
                .filter(|s| s.city == Some(c.as_str()) && s.paid.to_string() == *f)
                .collect();
            assert_eq!(flag.row_count, rows.len() as i64, "{c} {f}");
            let revenue: f64 = rows.iter().map(|s| s.price).sum();
            assert_eq!(
                flag.sub_aggregations
                    .get("revenue")
                    .and_then(AggregationResult::as_f64),
                Some(revenue),
                "{c} {f}"
            );
        }
    }
}

/// Haversine meters on the mean Earth radius.
fn meters(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((b.1 - a.1).to_radians() / 2.0).sin().powi(2);
    2.0 * 6_371_008.771_4 * h.sqrt().asin()
}

#[tokio::test]
async fn range_filter_and_geo_distance_groups() {
    let env = setup().await;
    let origin = (30.137816, 120.08682);
    let rings = [0.0..5_000.0, 5_000.0..300_000.0, 300_000.0..f64::INFINITY];
    let req = request(Query::match_all())
        .group_by(
            GroupBy::range("price", "price", [0.0..10.0, 10.0..50.0, 50.0..f64::INFINITY])
                .sub_aggregation(Aggregation::count("n", "price")),
        )
        .group_by(GroupBy::range(
            "scores",
            "scores",
            [f64::NEG_INFINITY..0.0, 0.0..3.0, 5.0..10.0],
        ))
        .group_by(
            GroupBy::filter(
                "filters",
                [
                    Query::term("paid", true),
                    Query::range("price", Bound::Included(Value::Double(20.0)), Bound::Unbounded),
                ],
            )
            .sub_aggregation(Aggregation::max("max", "price")),
        )
        .group_by(GroupBy::geo_distance(
            "near",
            "loc",
            GeoPoint::new(origin.0, origin.1),
            rings.clone(),
        ));
    let out = search(&env, req).await;
    let ranges = |name: &str| -> Vec<(std::ops::Range<f64>, i64)> {
        groups(&out, name)
            .iter()
            .map(|g| match &g.key {
                GroupKey::Range(r) | GroupKey::GeoDistance(r) => (r.clone(), g.row_count),
                other => panic!("{other:?}"),
            })
            .collect()
    };
    let rows_in = |r: &std::ops::Range<f64>, values: &dyn Fn(&Sale) -> Vec<f64>| {
        SALES
            .iter()
            .filter(|s| values(s).iter().any(|v| r.contains(v)))
            .count() as i64
    };
    let price_ranges = [0.0..10.0, 10.0..50.0, 50.0..f64::INFINITY];
    assert_eq!(
        ranges("price"),
        price_ranges
            .iter()
            .map(|r| (r.clone(), rows_in(r, &|s| vec![s.price])))
            .collect::<Vec<_>>()
    );
    for g in groups(&out, "price") {
        assert_eq!(
            g.sub_aggregations.get("n").and_then(AggregationResult::as_count),
            Some(g.row_count)
        );
    }
    let score_ranges = [f64::NEG_INFINITY..0.0, 0.0..3.0, 5.0..10.0];
    assert_eq!(
        ranges("scores"),
        score_ranges
            .iter()
            .map(|r| (
                r.clone(),
                rows_in(r, &|s| s.scores.iter().map(|v| *v as f64).collect())
            ))
            .collect::<Vec<_>>()
    );
    let filters = groups(&out, "filters");
    assert_eq!(filters.len(), 2);
    let picks: [&dyn Fn(&Sale) -> bool; 2] = [&|s| s.paid, &|s| s.price >= 20.0];
    for (n, (g, pick)) in filters.iter().zip(picks).enumerate() {
        assert_eq!(g.key, GroupKey::Filter(n));
        let rows: Vec<&Sale> = SALES.iter().filter(|s| pick(s)).collect();
        assert_eq!(g.row_count, rows.len() as i64);
        assert_eq!(
            g.sub_aggregations.get("max").and_then(AggregationResult::as_f64),
            rows.iter().map(|s| s.price).reduce(f64::max)
        );
    }
    assert_eq!(
        ranges("near"),
        rings
            .iter()
            .map(|r| (
                r.clone(),
                rows_in(r, &|s| s.loc.map(|l| meters(origin, l)).into_iter().collect())
            ))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn histograms_and_date_histograms() {
    let env = setup().await;
    let first = millis((2024, 1, 1, 0));
    let last = millis((2024, 12, 31, 0));
    let req = request(Query::match_all())
        .group_by(
            GroupBy::histogram("price", "price", 10.0, 0.0, 100.0)
                .sub_aggregation(Aggregation::sum("sum", "price")),
        )
        .group_by(
            GroupBy::histogram("qty", "qty", 3, 0, 12)
                .missing(0)
                .min_doc_count(0),
        )
        .group_by(
            GroupBy::histogram("qty_by_count", "qty", 1, 0, 100)
                .sort_by(GroupBySorter::row_count(SortOrder::Desc)),
        )
        .group_by(
            GroupBy::date_histogram("months", "at", DateInterval::new(1, DateUnit::Month))
                .field_range(first, last),
        )
        .group_by(
            GroupBy::date_histogram("days_cn", "at", DateInterval::new(1, DateUnit::Day))
                .field_range(first, last)
                .time_zone("+08:00"),
        )
        .group_by(
            GroupBy::date_histogram("days_from_noon", "at", DateInterval::new(1, DateUnit::Day))
                .field_range(first, last)
                .offset(DateInterval::new(12, DateUnit::Hour)),
        );
    let out = search(&env, req).await;
    let keyed = |name: &str| -> Vec<(Value, i64)> {
        groups(&out, name)
            .iter()
            .map(|g| match &g.key {
                GroupKey::Histogram(v) => (v.clone(), g.row_count),
                GroupKey::DateHistogram(t) => (Value::Integer(*t), g.row_count),
                other => panic!("{other:?}"),
            })
            .collect()
    };
    // Price buckets of 10 (a DOUBLE field: double keys), with their sums.
    let mut price: BTreeMap<i64, (i64, f64)> = BTreeMap::new();
    for s in &SALES {
        let e = price.entry((s.price / 10.0).floor() as i64 * 10).or_default();
        e.0 += 1;
        e.1 += s.price;
    }
    assert_eq!(
        keyed("price"),
        price
            .iter()
            .map(|(k, (n, _))| (Value::Double(*k as f64), *n))
            .collect::<Vec<_>>()
    );
    for (g, (_, (_, sum))) in groups(&out, "price").iter().zip(&price) {
        assert_eq!(
            g.sub_aggregations.get("sum").and_then(AggregationResult::as_f64),
            Some(*sum)
        );
    }
    // qty buckets of 3 over [0, 12], rows without qty as 0, empty buckets listed.
    let mut qty: BTreeMap<i64, i64> = (0..=4).map(|k| (k * 3, 0)).collect();
    for s in &SALES {
        *qty.entry(s.qty.unwrap_or(0) / 3 * 3).or_default() += 1;
    }
    assert_eq!(
        keyed("qty"),
        qty.iter()
            .map(|(k, n)| (Value::Integer(*k), *n))
            .collect::<Vec<_>>()
    );
    let mut by_count: Vec<(i64, i64)> = SALES
        .iter()
        .filter_map(|s| s.qty)
        .fold(BTreeMap::<i64, i64>::new(), |mut m, q| {
            *m.entry(q).or_default() += 1;
            m
        })
        .into_iter()
        .collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert_eq!(
        keyed("qty_by_count"),
        by_count
            .iter()
            .map(|(k, n)| (Value::Integer(*k), *n))
            .collect::<Vec<_>>()
    );
    // Dates: bucket starts as the calendar says.
    let bucket_counts = |start_of: &dyn Fn(i64) -> i64| -> Vec<(Value, i64)> {
        let mut m: BTreeMap<i64, i64> = BTreeMap::new();
        for at in SALES.iter().filter_map(|s| s.at) {
            *m.entry(start_of(millis(at))).or_default() += 1;
        }
        m.into_iter().map(|(k, n)| (Value::Integer(k), n)).collect()
    };
    let month_start = |t: i64| {
        let d = Utc.timestamp_millis_opt(t).unwrap().date_naive();
        NaiveDate::from_ymd_opt(chrono::Datelike::year(&d), chrono::Datelike::month(&d), 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis()
    };
    assert_eq!(keyed("months"), bucket_counts(&month_start));
    let cn = FixedOffset::east_opt(8 * 3600).unwrap();
    let local_day = |t: i64| {
        let local = Utc
            .timestamp_millis_opt(t)
            .unwrap()
            .with_timezone(&cn)
            .date_naive();
        cn.from_local_datetime(&local.and_hms_opt(0, 0, 0).unwrap())
            .unwrap()
            .timestamp_millis()
    };
    assert_eq!(keyed("days_cn"), bucket_counts(&local_day));
    let day = 86_400_000;
    let half = day / 2;
    assert_eq!(
        keyed("days_from_noon"),
        bucket_counts(&|t| (t - half).div_euclid(day) * day + half)
    );
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
