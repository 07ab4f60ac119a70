//! Search beyond terms and ranges, through the client against ots-local: relevance scores and
//! weights, geo queries and the geo distance sort, nested queries, knn_vector,
//! function_score, and the split and fuzzy analyzers. Expected results are worked out from
//! the rows in the test (distances with the test's own haversine), not from a previous run.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions fail loudly on purpose

use crate::common::{self, id};
use ots::model::{Column, Row, Value};
use ots::ops::row::PutRowRequest;
use ots::ops::search::agg::{Aggregation, AggregationResult, DateInterval, DateUnit, GroupBy, GroupKey};
use ots::ops::search::index::{Analyzer, CreateSearchIndexRequest, FieldSchema, VectorMetric};
use ots::ops::search::query::{GeoPoint, Query};
use ots::ops::search::request::{SearchOutput, SearchRequest};
use ots::ops::search::sort::Sorter;
use std::ops::Bound;

struct Place {
    id: i64,
    name: &'static str,
    city: &'static str,
    lat: f64,
    lon: f64,
    visits: i64,
    emb: Option<[f32; 3]>,
    reviews: Option<&'static str>,
    sku: &'static str,
    tags: &'static str,
}

const PLACES: [Place; 5] = [
    Place {
        id: 1,
        name: "West Lake Park",
        city: "hangzhou",
        lat: 30.25,
        lon: 120.15,
        visits: 100,
        emb: Some([1.0, 0.0, 0.0]),
        reviews: Some(r#"[{"author":"ann","stars":5},{"author":"bob","stars":2}]"#),
        sku: "AB-1234-XY",
        tags: "red,green",
    },
    Place {
        id: 2,
        name: "Lake Tai",
        city: "suzhou",
        lat: 31.20,
        lon: 120.25,
        visits: 50,
        emb: Some([0.0, 1.0, 0.0]),
        reviews: Some(r#"[{"author":"bob","stars":4}]"#),
        sku: "CD-5678-ZZ",
        tags: "blue",
    },
    Place {
        id: 3,
        name: "The Bund",
        city: "shanghai",
        lat: 31.24,
        lon: 121.49,
        visits: 500,
        emb: Some([0.9, 0.1, 0.0]),
        reviews: Some("[]"),
        sku: "AB-9999-QQ",
        tags: "red",
    },
    Place {
        id: 4,
        name: "Lake Lake Lake",
        city: "hangzhou",
        lat: 30.27,
        lon: 120.13,
        visits: 10,
        emb: None,
        reviews: None,
        sku: "ZZ",
        tags: "green,blue",
    },
    Place {
        id: 5,
        name: "Summer Palace",
        city: "beijing",
        lat: 39.99,
        lon: 116.27,
        visits: 300,
        emb: Some([0.0, 0.0, 1.0]),
        reviews: Some(r#"{"author":"cat","stars":5}"#),
        sku: "EF-1234-AB",
        tags: "yellow",
    },
];

fn row(p: &Place) -> Row {
    let mut columns = vec![
        Column::new("name", p.name),
        Column::new("city", p.city),
        Column::new("loc", format!("{},{}", p.lat, p.lon)),
        Column::new("visits", p.visits),
        Column::new("sku", p.sku),
        Column::new("tags", p.tags),
    ];
    if let Some(e) = p.emb {
        columns.push(Column::new("emb", format!("[{}, {}, {}]", e[0], e[1], e[2])));
    }
    if let Some(r) = p.reviews {
        columns.push(Column::new("reviews", r));
    }
    Row {
        primary_key: id(p.id),
        columns,
    }
}

async fn setup() -> common::Env {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "places").await;
    c.create_search_index(
        CreateSearchIndexRequest::new("places", "idx")
            .field(FieldSchema::text("name"))
            .field(FieldSchema::keyword("city").sort_and_agg(true))
            .field(FieldSchema::geo_point("loc").sort_and_agg(true))
            .field(FieldSchema::long("visits").sort_and_agg(true))
            .field(FieldSchema::vector("emb", 3, VectorMetric::Euclidean))
            .field(FieldSchema::nested(
                "reviews",
                [
                    FieldSchema::keyword("author").sort_and_agg(true),
                    FieldSchema::long("stars").sort_and_agg(true),
                ],
            ))
            .field(FieldSchema::text("sku").analyzer(Analyzer::Fuzzy {
                min_chars: Some(1),
                max_chars: Some(4),
            }))
            .field(FieldSchema::text("tags").analyzer(Analyzer::Split {
                delimiter: Some(",".into()),
            })),
    )
    .await
    .unwrap();
    for p in &PLACES {
        c.put_row(PutRowRequest::new("places", row(p))).await.unwrap();
    }
    env
}

async fn search(env: &common::Env, req: SearchRequest) -> SearchOutput {
    env.client.search(req.limit(100)).await.unwrap()
}

fn ids_of(out: &SearchOutput) -> Vec<i64> {
    out.rows
        .iter()
        .map(|r| match r.primary_key.get("id") {
            Some(ots::model::PrimaryKeyValue::Integer(i)) => *i,
            other => panic!("unexpected key {other:?}"),
        })
        .collect()
}

/// The ids a query finds, in key order.
async fn ids(env: &common::Env, query: Query) -> Vec<i64> {
    let mut got = ids_of(&search(env, SearchRequest::new("places", "idx", query)).await);
    got.sort_unstable();
    got
}

fn expected(pred: impl Fn(&Place) -> bool) -> Vec<i64> {
    PLACES.iter().filter(|p| pred(p)).map(|p| p.id).collect()
}

/// Great-circle meters, written here independently of the server.
fn meters(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let r = 6_371_008.8_f64;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2)
        + p1.cos() * p2.cos() * ((lon2 - lon1).to_radians() / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

#[tokio::test]
async fn geo_queries_and_the_distance_sort() {
    let env = setup().await;
    let west_lake = GeoPoint::new(30.25, 120.15);
    let near = ids(&env, Query::geo_distance("loc", west_lake, 5_000.0)).await;
    assert_eq!(near, expected(|p| meters(30.25, 120.15, p.lat, p.lon) <= 5_000.0));
    assert_eq!(near, [1, 4]);

    let boxed = ids(
        &env,
        Query::geo_bounding_box("loc", GeoPoint::new(31.5, 120.2), GeoPoint::new(30.0, 121.5)),
    )
    .await;
    assert_eq!(
        boxed,
        expected(|p| (30.0..=31.5).contains(&p.lat) && (120.2..=121.5).contains(&p.lon))
    );

    // A triangle around Hangzhou and Suzhou, west of Shanghai.
    let triangle = [
        GeoPoint::new(29.0, 119.0),
        GeoPoint::new(32.0, 119.5),
        GeoPoint::new(30.5, 121.0),
    ];
    assert_eq!(ids(&env, Query::geo_polygon("loc", triangle)).await, [1, 2, 4]);

    let shanghai = (31.23, 121.47);
    let out = search(
        &env,
        SearchRequest::new("places", "idx", Query::match_all())
            .sort_by(Sorter::nearest("loc", GeoPoint::new(shanghai.0, shanghai.1))),
    )
    .await;
    let mut by_distance: Vec<(f64, i64)> = PLACES
        .iter()
        .map(|p| (meters(shanghai.0, shanghai.1, p.lat, p.lon), p.id))
        .collect();
    by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(
        ids_of(&out),
        by_distance.iter().map(|(_, id)| *id).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn nested_queries_match_within_one_object() {
    let env = setup().await;
    let bob_liked = Query::bool()
        .must(Query::term("reviews.author", "bob"))
        .must(Query::range(
            "reviews.stars",
            Bound::Included(Value::Integer(4)),
            Bound::Unbounded,
        ));
    // Place 1 has a review by bob and a review of 5 stars, but not one object with both.
    assert_eq!(ids(&env, Query::nested("reviews", bob_liked)).await, [2]);
    assert_eq!(
        ids(&env, Query::nested("reviews", Query::exists("reviews.author"))).await,
        [1, 2, 5]
    );
    assert_eq!(
        ids(
            &env,
            Query::nested("reviews", Query::term("reviews.stars", 5_i64))
        )
        .await,
        [1, 5]
    );

    // The objects follow the row: rewriting the column replaces them.
    let mut p2 = row(&PLACES[1]);
    p2.columns.retain(|c| c.name != "reviews");
    p2.columns
        .push(Column::new("reviews", r#"[{"author":"dan","stars":1}]"#));
    env.client
        .put_row(PutRowRequest::new("places", p2))
        .await
        .unwrap();
    assert_eq!(
        ids(
            &env,
            Query::nested("reviews", Query::term("reviews.author", "bob"))
        )
        .await,
        [1]
    );
    assert_eq!(
        ids(
            &env,
            Query::nested("reviews", Query::term("reviews.author", "dan"))
        )
        .await,
        [2]
    );
}

#[tokio::test]
async fn aggregations_read_nested_sub_fields_object_by_object() {
    let env = setup().await;
    let req = SearchRequest::new("places", "idx", Query::match_all())
        .limit(0)
        .aggregation(Aggregation::avg("stars", "reviews.stars"))
        .group_by(GroupBy::field("authors", "reviews.author"));
    let out = env.client.search(req).await.unwrap();
    // Every review object of every row: 5, 2, 4 and 5 stars.
    let stars: Vec<f64> = PLACES
        .iter()
        .filter_map(|p| p.reviews)
        .flat_map(|r| {
            let v: serde_json::Value = serde_json::from_str(r).unwrap();
            let objects = match v {
                serde_json::Value::Array(items) => items,
                object => vec![object],
            };
            objects
                .into_iter()
                .filter_map(|o| o["stars"].as_f64())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(stars.len(), 4);
    let avg = stars.iter().sum::<f64>() / stars.len() as f64;
    assert_eq!(
        out.aggregations.get("stars"),
        Some(&AggregationResult::Avg(Some(avg)))
    );
    let groups: Vec<(String, i64)> = out
        .group_bys
        .get("authors")
        .unwrap()
        .iter()
        .map(|g| match &g.key {
            GroupKey::Field(k) => (k.clone(), g.row_count),
            other => panic!("{other:?}"),
        })
        .collect();
    // Rows with a review by each author, most first.
    assert_eq!(
        groups,
        [
            ("bob".to_owned(), 2),
            ("ann".to_owned(), 1),
            ("cat".to_owned(), 1)
        ]
    );
}

#[tokio::test]
async fn geo_grid_groups_points_by_geohash_cell() {
    let env = setup().await;
    let req = SearchRequest::new("places", "idx", Query::match_all())
        .limit(0)
        .group_by(GroupBy::geo_grid("cells", "loc", 3).sub_aggregation(Aggregation::sum("visits", "visits")));
    let out = env.client.search(req).await.unwrap();
    let cells: Vec<(String, i64, Option<f64>)> = out
        .group_bys
        .get("cells")
        .unwrap()
        .iter()
        .map(|g| match &g.key {
            GroupKey::GeoGrid {
                hash,
                top_left,
                bottom_right,
            } => {
                // Every point of the cell lies within its corners.
                assert!(top_left.lat > bottom_right.lat && top_left.lon < bottom_right.lon);
                let visits = g
                    .sub_aggregations
                    .get("visits")
                    .and_then(AggregationResult::as_f64);
                (hash.clone(), g.row_count, visits)
            }
            other => panic!("{other:?}"),
        })
        .collect();
    // Hangzhou's two places share cell "wtm" (Go SDK `TestGroupByGroupByGeoGrid`); Suzhou,
    // Shanghai and Beijing each have their own. The fullest cell first, then by hash.
    assert_eq!(cells[0], ("wtm".to_owned(), 2, Some(110.0)));
    assert_eq!(cells.len(), 4, "{cells:?}");
    assert!(cells[1..].windows(2).all(|w| w[0].0 < w[1].0), "{cells:?}");
}

#[tokio::test]
async fn scores_rank_matches_and_weights_count() {
    let env = setup().await;
    // BM25: more occurrences first, then the shorter name.
    let out = search(
        &env,
        SearchRequest::new("places", "idx", Query::matches("name", "lake")).sort_by(Sorter::score()),
    )
    .await;
    assert_eq!(ids_of(&out), [4, 2, 1]);
    assert!(out.scores.windows(2).all(|w| w[0] > w[1]), "{:?}", out.scores);

    let weighted = match Query::term("city", "suzhou") {
        Query::Term { field, value, .. } => Query::Term {
            field,
            value,
            weight: Some(50.0),
        },
        other => other,
    };
    let either = Query::bool()
        .should(Query::term("city", "hangzhou"))
        .should(weighted);
    let out = search(
        &env,
        SearchRequest::new("places", "idx", either).sort_by(Sorter::score()),
    )
    .await;
    assert_eq!(
        ids_of(&out)[0],
        2,
        "the weighted clause ranks first: {:?}",
        out.scores
    );
    assert_eq!(out.rows.len(), 3);
}

#[tokio::test]
async fn knn_finds_the_nearest_vectors() {
    let env = setup().await;
    let query = [1.0_f32, 0.0, 0.0];
    let out = search(
        &env,
        SearchRequest::new("places", "idx", Query::knn("emb", 2, query.to_vec())).sort_by(Sorter::score()),
    )
    .await;
    let mut nearest: Vec<(f32, i64)> = PLACES
        .iter()
        .filter_map(|p| {
            let e = p.emb?;
            let d2: f32 = e.iter().zip(&query).map(|(a, b)| (a - b) * (a - b)).sum();
            Some((d2, p.id))
        })
        .collect();
    nearest.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(
        ids_of(&out),
        nearest[..2].iter().map(|(_, id)| *id).collect::<Vec<_>>()
    );
    // Euclidean similarity is 1 / (1 + d²).
    for (score, (d2, _)) in out.scores.iter().zip(&nearest) {
        assert!(
            (score - 1.0 / (1.0 + f64::from(*d2))).abs() < 1e-6,
            "{score} vs {d2}"
        );
    }

    let filtered = Query::knn_with_filter("emb", 5, query.to_vec(), Query::term("city", "hangzhou"));
    // Place 4 is in Hangzhou but has no vector.
    assert_eq!(ids(&env, filtered).await, [1]);
}

#[tokio::test]
async fn text_holding_a_number_queries_a_numeric_field() {
    let env = setup().await;
    assert_eq!(
        ids(&env, Query::term("visits", "100")).await,
        expected(|p| p.visits == 100)
    );
    let between = Query::range(
        "visits",
        Bound::Included(Value::String("50".into())),
        Bound::Included(Value::String("100".into())),
    );
    assert_eq!(
        ids(&env, between).await,
        expected(|p| (50..=100).contains(&p.visits))
    );
    let e = env
        .client
        .search(SearchRequest::new("places", "idx", Query::term("visits", "many")))
        .await
        .unwrap_err();
    assert!(e.is_invalid_parameter(), "{e}");
}

#[tokio::test]
async fn function_score_multiplies_by_the_field() {
    let env = setup().await;
    let out = search(
        &env,
        SearchRequest::new(
            "places",
            "idx",
            Query::function_score(Query::term("city", "hangzhou"), "visits"),
        )
        .sort_by(Sorter::score()),
    )
    .await;
    assert_eq!(ids_of(&out), [1, 4]);
    // Both match the term alike, so the scores stand as their visits (100 and 10).
    let ratio = out.scores[0] / out.scores[1];
    assert!((ratio - 10.0).abs() < 1e-3, "{:?}", out.scores);
}

#[tokio::test]
async fn split_and_fuzzy_analyzers() {
    let env = setup().await;
    assert_eq!(
        ids(&env, Query::matches("tags", "red")).await,
        expected(|p| p.tags.split(',').any(|t| t == "red"))
    );
    assert_eq!(ids(&env, Query::matches("tags", "BLUE")).await, [2, 4]);
    // Fuzzy: a phrase is any substring, case aside, also longer than the longest n-gram.
    for needle in ["1234-x", "b-9", "ab-", "z", "-1234-"] {
        let want = expected(|p| p.sku.to_lowercase().contains(needle));
        assert_eq!(
            ids(&env, Query::phrase("sku", needle.to_uppercase())).await,
            want,
            "{needle}"
        );
    }
}

#[tokio::test]
async fn bad_special_queries_are_refused() {
    let env = setup().await;
    let c = &env.client;
    let refused = |q: Query| {
        let req = SearchRequest::new("places", "idx", q);
        async move { c.search(req).await.unwrap_err() }
    };
    let e = refused(Query::knn("emb", 2, vec![1.0, 0.0])).await;
    assert!(
        e.is_invalid_parameter() && e.to_string().contains("dimensions"),
        "{e}"
    );
    assert!(refused(Query::knn("emb", 0, vec![1.0, 0.0, 0.0]))
        .await
        .is_invalid_parameter());
    assert!(refused(Query::knn("city", 1, vec![1.0]))
        .await
        .is_invalid_parameter());
    assert!(refused(Query::geo_distance("city", GeoPoint::new(0.0, 0.0), 1.0))
        .await
        .is_invalid_parameter());
    assert!(refused(Query::geo_distance("loc", GeoPoint::new(0.0, 0.0), -1.0))
        .await
        .is_invalid_parameter());
    assert!(refused(Query::geo_polygon(
        "loc",
        [GeoPoint::new(0.0, 0.0), GeoPoint::new(1.0, 1.0)]
    ))
    .await
    .is_invalid_parameter());
    assert!(refused(Query::nested("city", Query::match_all()))
        .await
        .is_invalid_parameter());
    assert!(refused(Query::term("reviews", "x")).await.is_invalid_parameter());
    assert!(refused(Query::function_score(Query::match_all(), "city"))
        .await
        .is_invalid_parameter());
    // A missing index or table: the service's codes for queries (400, not the 404 of the
    // management calls).
    let e = c
        .search(SearchRequest::new("places", "nope", Query::match_all()))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.http_status()),
        (Some(&ots::ErrorCode::MetaNotMatch), Some(400)),
        "{e}"
    );
    let e = c
        .search(SearchRequest::new("nope", "idx", Query::match_all()))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.http_status()),
        (Some(&ots::ErrorCode::ParameterInvalid), Some(400)),
        "{e}"
    );
    let long = "a".repeat(33);
    let e = refused(Query::wildcard("city", long)).await;
    assert!(e.is_invalid_parameter() && e.to_string().contains("32"), "{e}");
}

#[tokio::test]
async fn dates_in_text_formats_and_epoch_integers() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "events").await;
    c.create_search_index(
        CreateSearchIndexRequest::new("events", "idx")
            .field(FieldSchema::date("at", ["yyyy-MM-dd HH:mm:ss", "epoch_millis"]).sort_and_agg(true)),
    )
    .await
    .unwrap();
    // 2024-01-02 00:00:00 UTC is 1_704_153_600_000 ms.
    let day2 = 1_704_153_600_000_i64;
    let values: [(i64, Value); 4] = [
        (1, Value::String("2024-01-03 08:00:00".into())),
        (2, Value::Integer(day2)),
        (3, Value::String("2024-01-01 23:59:59".into())),
        (4, Value::String("not a date".into())),
    ];
    for (n, v) in &values {
        let row = Row {
            primary_key: id(*n),
            columns: vec![Column::new("at", v.clone())],
        };
        c.put_row(PutRowRequest::new("events", row)).await.unwrap();
    }
    let search = |q: Query, sort: Option<Sorter>| {
        let mut req = SearchRequest::new("events", "idx", q).limit(100);
        if let Some(s) = sort {
            req = req.sort_by(s);
        }
        async move { ids_of(&c.search(req).await.unwrap()) }
    };
    // Bounds in either form; the unreadable value is not indexed.
    let from_day2 = Query::range(
        "at",
        Bound::Included(Value::String("2024-01-02 00:00:00".into())),
        Bound::Unbounded,
    );
    let mut got = search(from_day2, None).await;
    got.sort_unstable();
    assert_eq!(got, [1, 2]);
    assert_eq!(search(Query::term("at", day2), None).await, [2]);
    assert_eq!(
        search(Query::exists("at"), Some(Sorter::field_asc("at"))).await,
        [3, 2, 1]
    );
    assert_eq!(
        search(Query::match_all(), Some(Sorter::field_desc("at"))).await,
        [1, 2, 3, 4]
    );
    let bad = SearchRequest::new("events", "idx", Query::term("at", "yesterday"));
    assert!(c.search(bad).await.unwrap_err().is_invalid_parameter());
    // A date histogram's range may be given as text in the field's formats.
    let by_day = SearchRequest::new("events", "idx", Query::match_all())
        .limit(0)
        .group_by(
            GroupBy::date_histogram("days", "at", DateInterval::new(1, DateUnit::Day))
                .field_range("2024-01-01 00:00:00", "2024-01-04 00:00:00"),
        );
    let out = c.search(by_day).await.unwrap();
    let days: Vec<(i64, i64)> = out
        .group_bys
        .get("days")
        .unwrap()
        .iter()
        .map(|g| match g.key {
            GroupKey::DateHistogram(ms) => (ms, g.row_count),
            ref other => panic!("{other:?}"),
        })
        .collect();
    let day = 86_400_000;
    assert_eq!(days, [(day2 - day, 1), (day2, 1), (day2 + day, 1)]);
    // No 30 February: the day must exist in its month (a review finding: it rolled over).
    let feb30 = SearchRequest::new("events", "idx", Query::term("at", "2023-02-30 00:00:00"));
    assert!(c.search(feb30).await.unwrap_err().is_invalid_parameter());
    // A format ots-local cannot read is refused, not accepted and never matched.
    let months_by_name = CreateSearchIndexRequest::new("events", "by_name")
        .field(FieldSchema::date("at", ["dd MMM yyyy"]).sort_and_agg(true));
    let e = c.create_search_index(months_by_name).await.unwrap_err();
    assert_eq!(e.code(), Some(&ots::ErrorCode::UnsupportOperation), "{e}");
}

#[tokio::test]
async fn virtual_fields_are_queried_and_sorted_by_their_own_type() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "codes").await;
    c.create_search_index(
        CreateSearchIndexRequest::new("codes", "idx")
            .field(FieldSchema::long("code").sort_and_agg(true))
            .field(
                FieldSchema::keyword("code_text")
                    .virtual_of("code")
                    .sort_and_agg(true),
            ),
    )
    .await
    .unwrap();
    let described = c
        .describe_search_index(ots::ops::search::index::DescribeSearchIndexRequest::new(
            "codes", "idx",
        ))
        .await
        .unwrap();
    let virtual_field = described.fields.iter().find(|f| f.name == "code_text").unwrap();
    assert_eq!(virtual_field.source_column.as_deref(), Some("code"));
    for (n, code) in [(1, 9_i64), (2, 10), (3, 100)] {
        let row = Row {
            primary_key: id(n),
            columns: vec![Column::new("code", code)],
        };
        c.put_row(PutRowRequest::new("codes", row)).await.unwrap();
    }
    let sorted = |s: Sorter| {
        let req = SearchRequest::new("codes", "idx", Query::match_all()).sort_by(s);
        async move { ids_of(&c.search(req).await.unwrap()) }
    };
    // As numbers 9 < 10 < 100; as text "10" < "100" < "9".
    assert_eq!(sorted(Sorter::field_asc("code")).await, [1, 2, 3]);
    assert_eq!(sorted(Sorter::field_asc("code_text")).await, [2, 3, 1]);
    let by_text = SearchRequest::new("codes", "idx", Query::prefix("code_text", "10"));
    let mut got = ids_of(&c.search(by_text).await.unwrap());
    got.sort_unstable();
    assert_eq!(got, [2, 3]);
}

#[tokio::test]
async fn nested_fields_inside_nested_fields() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "orders").await;
    c.create_search_index(
        CreateSearchIndexRequest::new("orders", "idx").field(FieldSchema::nested(
            "lines",
            [
                FieldSchema::keyword("sku"),
                FieldSchema::nested("parts", [FieldSchema::keyword("maker")]),
            ],
        )),
    )
    .await
    .unwrap();
    let orders = [
        (
            1,
            r#"[{"sku":"a","parts":[{"maker":"x"},{"maker":"y"}]},{"sku":"b"}]"#,
        ),
        (2, r#"[{"sku":"b","parts":{"maker":"z"}}]"#),
        (3, r#"[{"sku":"c"}]"#),
    ];
    for (n, lines) in orders {
        let row = Row {
            primary_key: id(n),
            columns: vec![Column::new("lines", lines)],
        };
        c.put_row(PutRowRequest::new("orders", row)).await.unwrap();
    }
    let made_by = |maker: &str| {
        Query::nested(
            "lines",
            Query::nested("lines.parts", Query::term("lines.parts.maker", maker)),
        )
    };
    let found = |q: Query| {
        let req = SearchRequest::new("orders", "idx", q).limit(100);
        async move {
            let mut got = ids_of(&c.search(req).await.unwrap());
            got.sort_unstable();
            got
        }
    };
    assert_eq!(found(made_by("y")).await, [1]);
    assert_eq!(found(made_by("z")).await, [2]);
    assert_eq!(found(made_by("w")).await, Vec::<i64>::new());
    assert_eq!(
        found(Query::nested("lines", Query::exists("lines.parts"))).await,
        [1, 2]
    );
}

#[tokio::test]
async fn highlights_wrap_the_matched_words() {
    use ots::ops::search::highlight::{Highlight, HighlightField};
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "notes").await;
    c.create_search_index(
        CreateSearchIndexRequest::new("notes", "idx")
            .field(FieldSchema::text("body").highlighting(true))
            .field(FieldSchema::text("plain")),
    )
    .await
    .unwrap();
    let body = "Rust is fast. <b>Tablestore</b> stores rows; Rust reads them & more.";
    let row = Row {
        primary_key: id(1),
        columns: vec![Column::new("body", body), Column::new("plain", "rust")],
    };
    c.put_row(PutRowRequest::new("notes", row)).await.unwrap();
    let ask = |h: Highlight| {
        let req = SearchRequest::new("notes", "idx", Query::matches("body", "rust")).highlight(h);
        async move { c.search(req).await }
    };
    let out = ask(Highlight::new().field(HighlightField::new("body")))
        .await
        .unwrap();
    assert_eq!(out.highlights.len(), 1);
    // The whole text fits one fragment; both words are wrapped, the text is left as it is.
    let plain = "<em>Rust</em> is fast. <b>Tablestore</b> stores rows; <em>Rust</em> reads them & more.";
    assert_eq!(out.highlights[0]["body"], [plain]);
    let html = ask(Highlight::new()
        .field(HighlightField::new("body").tags("[", "]").fragment_size(12))
        .html())
    .await
    .unwrap();
    // Small fragments around each word; the text (not the tags) escaped as HTML.
    let fragments = &html.highlights[0]["body"];
    assert_eq!(fragments.len(), 2, "{fragments:?}");
    assert!(fragments[0].starts_with("[Rust]"), "{fragments:?}");
    assert!(
        fragments[1].contains("[Rust]") && !fragments.concat().contains('<'),
        "{fragments:?}"
    );
    // Only TEXT fields created with highlighting.
    let e = ask(Highlight::new().field(HighlightField::new("plain")))
        .await
        .unwrap_err();
    assert!(e.is_invalid_parameter(), "{e}");
    // Without a highlight, no highlights.
    let none = c
        .search(SearchRequest::new("notes", "idx", Query::matches("body", "rust")))
        .await
        .unwrap();
    assert!(none.highlights.is_empty());
}

/// Regression: a phrase under `must_not` panicked the request handler (the exclusion probed the
/// phrase scorer behind its current document), in a plain bool query and as a knn filter.
#[tokio::test]
async fn a_phrase_can_be_excluded() {
    let env = setup().await;
    let not_lake_tai = || {
        Query::bool()
            .must(Query::match_all())
            .must_not(Query::phrase("name", "lake tai"))
    };
    let no_phrase = |p: &Place| !p.name.to_lowercase().contains("lake tai");
    assert_eq!(ids(&env, not_lake_tai().into()).await, expected(no_phrase));
    let nearest = ids(
        &env,
        Query::knn_with_filter("emb", 10, vec![0.0f32, 1.0, 0.0], not_lake_tai()),
    )
    .await;
    assert_eq!(nearest, expected(|p| no_phrase(p) && p.emb.is_some()));
}
