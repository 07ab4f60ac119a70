//! Group-bys: field, range, filter, geo distance, histogram and date histogram, with sub-aggregations and nested group-bys.

use super::*;

/// (key, row count) of field groups.
fn field_groups(r: &spb::GroupByResult) -> Vec<(String, i64)> {
    spb::GroupByFieldResult::decode(r.group_by_result.as_deref().unwrap_or_default())
        .unwrap()
        .group_by_field_result_items
        .iter()
        .map(|i| (i.key.clone().unwrap(), i.row_count.unwrap()))
        .collect()
}

#[test]
fn field_groups_count_rows_and_order_by_count_then_key() {
    let docs = fake();
    let g = |name, body| group(name, G::GroupByField, body);
    let r = run(
        &docs,
        vec![],
        vec![
            g("by_long", by_field("long", None, vec![])),
            g("top2", by_field("long", Some(2), vec![])),
            g("asc", by_field("long", Some(2), vec![row_count_sort(false)])),
            g("key_desc", by_field("kw", None, vec![key_sort(true)])),
            g("arr", by_field("arr", Some(3), vec![])),
            g("flag", by_field("flag", None, vec![])),
            g("double", by_field("double", Some(1), vec![])),
        ],
    )
    .unwrap();
    let groups = &r.1.unwrap().group_by_results;
    assert_eq!(
        field_groups(&groups[0]),
        pairs(&[("4", 4), ("3", 3), ("2", 2), ("1", 1)])
    );
    assert_eq!(field_groups(&groups[1]), pairs(&[("4", 4), ("3", 3)]));
    assert_eq!(field_groups(&groups[2]), pairs(&[("1", 1), ("2", 2)]));
    assert_eq!(
        field_groups(&groups[3]),
        pairs(&[("tablestore", 6), ("hangzhou", 4)])
    );
    // Every document has -1: one row each, not two.
    assert_eq!(field_groups(&groups[4]), pairs(&[("-1", 10), ("0", 1), ("1", 1)]));
    assert_eq!(field_groups(&groups[5]), pairs(&[("false", 5), ("true", 5)]));
    assert_eq!(field_groups(&groups[6]), pairs(&[("4.1", 4)]));
    assert_eq!(groups[0].name.as_deref(), Some("by_long"));
}

#[test]
fn field_groups_sort_by_sub_aggregations_and_nest() {
    let docs = fake();
    // Go SDK `TestGroupByGroupByFieldSorters`: by min(long) ascending, then key descending.
    let min_sort = spb::GroupBySorter {
        sub_agg_sort: Some(spb::SubAggSort {
            sub_agg_name: Some("min_long".to_owned()),
            order: Some(spb::SortOrder::Asc as i32),
        }),
        ..Default::default()
    };
    let inner = group(
        "by_range",
        G::GroupByRange,
        spb::GroupByRange {
            field_name: field("long"),
            ranges: vec![
                spb::Range {
                    from: None,
                    to: Some(3.0),
                },
                spb::Range {
                    from: Some(3.0),
                    to: None,
                },
            ],
            ..Default::default()
        },
    );
    let body = spb::GroupByField {
        sub_aggs: Some(spb::Aggregations {
            aggs: vec![
                agg(
                    "min_long",
                    A::AggMin,
                    spb::MinAggregation {
                        field_name: field("long"),
                        missing: None,
                    },
                ),
                avg("avg_long", "long", None),
            ],
        }),
        sub_group_bys: Some(spb::GroupBys {
            group_bys: vec![inner],
        }),
        min_doc_count: Some(5),
        ..by_field("kw", None, vec![min_sort, key_sort(true)])
    };
    let r = run(&docs, vec![], vec![group("g", G::GroupByField, body.clone())]).unwrap();
    let items = spb::GroupByFieldResult::decode(
        r.1.unwrap().group_by_results[0]
            .group_by_result
            .as_deref()
            .unwrap(),
    )
    .unwrap()
    .group_by_field_result_items;
    // min_doc_count 5 leaves out hangzhou (4 rows).
    assert_eq!(items.len(), 1);
    let ts = &items[0];
    assert_eq!(ts.key.as_deref(), Some("tablestore"));
    let sub = ts.sub_aggs_result.as_ref().unwrap();
    // tablestore rows: long 3, 3, 4, 4, 4, 4.
    assert_eq!(
        sub.agg_results.iter().map(number).collect::<Vec<_>>(),
        [3.0, 22.0 / 6.0]
    );
    let ranges = spb::GroupByRangeResult::decode(
        ts.sub_group_bys_result.as_ref().unwrap().group_by_results[0]
            .group_by_result
            .as_deref()
            .unwrap(),
    )
    .unwrap()
    .group_by_range_result_items;
    let got: Vec<(f64, f64, i64)> = ranges
        .iter()
        .map(|i| (i.from.unwrap(), i.to.unwrap(), i.row_count.unwrap()))
        .collect();
    assert_eq!(got, [(f64::NEG_INFINITY, 3.0, 0), (3.0, f64::INFINITY, 6)]);

    // Without min_doc_count, the sub-aggregation order puts hangzhou (min 1) first.
    let body = spb::GroupByField {
        min_doc_count: None,
        ..body
    };
    let r = run(&docs, vec![], vec![group("g", G::GroupByField, body)]).unwrap();
    assert_eq!(
        field_groups(&r.1.unwrap().group_by_results[0]),
        pairs(&[("hangzhou", 4), ("tablestore", 6)])
    );
}

#[test]
fn range_groups_come_by_bounds_filter_and_geo_groups_in_the_request_order() {
    let docs = fake();
    let range = spb::GroupByRange {
        field_name: field("double"),
        ranges: vec![
            spb::Range {
                from: Some(3.0),
                to: Some(4.0),
            },
            spb::Range {
                from: Some(f64::NEG_INFINITY),
                to: Some(3.0),
            },
            spb::Range {
                from: Some(4.0),
                to: Some(f64::INFINITY),
            },
        ],
        ..Default::default()
    };
    let term = |f: &str, value: Value| spb::Query {
        r#type: Some(spb::QueryType::TermQuery as i32),
        query: Some(
            spb::TermQuery {
                field_name: field(f),
                term: Some(plainbuffer::encode_variant(&value)),
                weight: None,
            }
            .encode_to_vec(),
        ),
    };
    let filter = spb::GroupByFilter {
        filters: vec![
            term("kw", Value::from("tablestore")),
            term("arr", Value::Integer(-1)),
        ],
        sub_aggs: Some(spb::Aggregations {
            aggs: vec![avg("a", "long", None)],
        }),
        ..Default::default()
    };
    // Go SDK `TestGroupByGroupByGeoDistance`.
    let geo = spb::GroupByGeoDistance {
        field_name: field("geo"),
        origin: Some(spb::GeoPoint {
            lat: Some(30.137816),
            lon: Some(120.08682),
        }),
        ranges: vec![
            spb::Range {
                from: Some(100.0),
                to: Some(5000.0),
            },
            spb::Range {
                from: Some(f64::NEG_INFINITY),
                to: Some(5000.0),
            },
            spb::Range {
                from: Some(5000.0),
                to: Some(f64::INFINITY),
            },
        ],
        ..Default::default()
    };
    let r = run(
        &docs,
        vec![],
        vec![
            group("r", G::GroupByRange, range),
            group("f", G::GroupByFilter, filter),
            group("g", G::GroupByGeoDistance, geo),
        ],
    )
    .unwrap();
    let results = r.1.unwrap().group_by_results;
    let ranges: Vec<(f64, f64, i64)> =
        spb::GroupByRangeResult::decode(results[0].group_by_result.as_deref().unwrap())
            .unwrap()
            .group_by_range_result_items
            .iter()
            .map(|i| (i.from.unwrap(), i.to.unwrap(), i.row_count.unwrap()))
            .collect();
    assert_eq!(
        ranges,
        [
            (f64::NEG_INFINITY, 3.0, 3),
            (3.0, 4.0, 3),
            (4.0, f64::INFINITY, 4)
        ]
    );
    let filters = spb::GroupByFilterResult::decode(results[1].group_by_result.as_deref().unwrap())
        .unwrap()
        .group_by_filter_result_items;
    assert_eq!(
        filters.iter().map(|i| i.row_count.unwrap()).collect::<Vec<_>>(),
        [6, 10]
    );
    assert_eq!(
        number(&filters[0].sub_aggs_result.as_ref().unwrap().agg_results[0]),
        22.0 / 6.0
    );
    let geo: Vec<(f64, f64, i64)> =
        spb::GroupByGeoDistanceResult::decode(results[2].group_by_result.as_deref().unwrap())
            .unwrap()
            .group_by_geo_distance_result_items
            .iter()
            .map(|i| (i.from.unwrap(), i.to.unwrap(), i.row_count.unwrap()))
            .collect();
    assert_eq!(
        geo,
        [(100.0, 5000.0, 1), (0.0, 5000.0, 2), (5000.0, f64::INFINITY, 8)]
    );
}

fn histogram_items(r: &spb::GroupByResult) -> Vec<(Value, i64)> {
    spb::GroupByHistogramResult::decode(r.group_by_result.as_deref().unwrap())
        .unwrap()
        .group_by_histogra_items
        .iter()
        .map(|i| {
            (
                plainbuffer::decode_variant(i.key.as_deref().unwrap()).unwrap(),
                i.value.unwrap(),
            )
        })
        .collect()
}

#[test]
fn histograms_bucket_values_within_the_range() {
    let docs = fake();
    let h = |name, body| group(name, G::GroupByHistogram, body);
    let r = run(
        &docs,
        vec![],
        vec![
            h("long", histogram("long", 2.into(), 0.into(), 3.into())),
            h("double", histogram("double", 2.0.into(), 0.0.into(), 3.0.into())),
            h(
                "zeros",
                spb::GroupByHistogram {
                    min_doc_count: Some(0),
                    ..histogram("opt", 3.into(), 0.into(), 12.into())
                },
            ),
            h(
                "missing_offset",
                spb::GroupByHistogram {
                    missing: v(0),
                    offset: v(1),
                    ..histogram("opt", 3.into(), 0.into(), 12.into())
                },
            ),
            h(
                "by_count",
                spb::GroupByHistogram {
                    sort: Some(spb::GroupBySort {
                        sorters: vec![row_count_sort(true)],
                    }),
                    ..histogram("long", 1.into(), 0.into(), 10.into())
                },
            ),
        ],
    )
    .unwrap();
    let results = r.1.unwrap().group_by_results;
    let int = |pairs: &[(i64, i64)]| {
        pairs
            .iter()
            .map(|(k, n)| (Value::Integer(*k), *n))
            .collect::<Vec<_>>()
    };
    // long 1,2,2,3,3,3 within [0, 3] (the 4s are out): [0,2) 1 row, [2,4) 5 rows.
    assert_eq!(histogram_items(&results[0]), int(&[(0, 1), (2, 5)]));
    // double 1.1, 2.1 ×2 within [0, 3].
    assert_eq!(
        histogram_items(&results[1]),
        [(Value::Double(0.0), 1), (Value::Double(2.0), 2)]
    );
    // opt 5..=9 in buckets of 3, every bucket of [0, 12] listed.
    assert_eq!(
        histogram_items(&results[2]),
        int(&[(0, 0), (3, 1), (6, 3), (9, 1), (12, 0)])
    );
    // Five rows without opt count as 0, in [-2, 1); buckets start at 1 + 3k: 5, 6 in [4, 7).
    assert_eq!(histogram_items(&results[3]), int(&[(-2, 5), (4, 2), (7, 3)]));
    assert_eq!(
        histogram_items(&results[4]),
        int(&[(4, 4), (3, 3), (2, 2), (1, 1)])
    );
}

#[test]
fn date_histograms_bucket_milliseconds() {
    let docs = fake();
    let day = 86_400_000_i64;
    let day0 = days_from_civil(2024, 1, 30) * day;
    let dh = |count, unit: spb::DateTimeUnit, zone: Option<&str>, min_doc_count| spb::GroupByDateHistogram {
        field_name: field("date"),
        interval: Some(spb::DateTimeValue {
            value: Some(count),
            unit: Some(unit as i32),
        }),
        field_range: Some(spb::FieldRange {
            min: v(day0),
            max: v(day0 + 9 * day),
        }),
        time_zone: zone.map(str::to_owned),
        min_doc_count,
        ..Default::default()
    };
    let r = run(
        &docs,
        vec![],
        vec![
            group(
                "month",
                G::GroupByDateHistogram,
                dh(1, spb::DateTimeUnit::Month, None, None),
            ),
            group(
                "week",
                G::GroupByDateHistogram,
                dh(1, spb::DateTimeUnit::Week, None, None),
            ),
            group(
                "3days",
                G::GroupByDateHistogram,
                dh(3, spb::DateTimeUnit::Day, Some("+08:00"), None),
            ),
        ],
    )
    .unwrap();
    let items = |r: &spb::GroupByResult| -> Vec<(i64, i64)> {
        spb::GroupByDateHistogramResult::decode(r.group_by_result.as_deref().unwrap())
            .unwrap()
            .group_by_date_histogram_items
            .iter()
            .map(|i| (i.timestamp.unwrap(), i.row_count.unwrap()))
            .collect()
    };
    let results = r.1.unwrap().group_by_results;
    // 2024-01-30 .. 2024-02-08: 2 days in January, 8 in February.
    assert_eq!(
        items(&results[0]),
        [(ms(2024, 1, 1, 0), 2), (ms(2024, 2, 1, 0), 8)]
    );
    // Weeks from Monday 01-29: 01-30..02-04 (6 days), 02-05..02-08 (4 days).
    assert_eq!(
        items(&results[1]),
        [(ms(2024, 1, 29, 0), 6), (ms(2024, 2, 5, 0), 4)]
    );
    // Days counted from 1970-01-01 in +08:00, in threes: 2024-01-30 is day 19752 = 3 × 6584.
    let local_start = ms(2024, 1, 30, 0) - 8 * 3_600_000;
    assert_eq!(
        items(&results[2]),
        [
            (local_start, 3),
            (local_start + 3 * day, 3),
            (local_start + 6 * day, 3),
            (local_start + 9 * day, 1)
        ]
    );
}
