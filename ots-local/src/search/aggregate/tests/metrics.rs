//! Aggregations: every value counted, missing values, empty sets, percentiles, top rows.

use super::*;

#[test]
fn stats_count_every_value_and_the_missing_ones() {
    let docs = fake();
    let r = run(
        &docs,
        vec![
            avg("avg_long", "long", None),
            avg("avg_double", "double", None),
            agg(
                "max",
                A::AggMax,
                spb::MaxAggregation {
                    field_name: field("arr"),
                    missing: None,
                },
            ),
            agg(
                "min",
                A::AggMin,
                spb::MinAggregation {
                    field_name: field("arr"),
                    missing: None,
                },
            ),
            agg(
                "sum",
                A::AggSum,
                spb::SumAggregation {
                    field_name: field("arr"),
                    missing: None,
                },
            ),
            agg(
                "count",
                A::AggCount,
                spb::CountAggregation {
                    field_name: field("arr"),
                },
            ),
            agg(
                "distinct",
                A::AggDistinctCount,
                spb::DistinctCountAggregation {
                    field_name: field("arr"),
                    missing: None,
                },
            ),
            avg("avg_opt", "opt", None),
            avg("avg_opt_missing", "opt", v(9)),
            agg(
                "sum_opt",
                A::AggSum,
                spb::SumAggregation {
                    field_name: field("opt"),
                    missing: v(1.5),
                },
            ),
            agg(
                "max_opt",
                A::AggMax,
                spb::MaxAggregation {
                    field_name: field("opt"),
                    missing: v(20),
                },
            ),
            agg(
                "distinct_opt_missing",
                A::AggDistinctCount,
                spb::DistinctCountAggregation {
                    field_name: field("opt"),
                    missing: v(100),
                },
            ),
            agg(
                "count_kw",
                A::AggCount,
                spb::CountAggregation {
                    field_name: field("kw"),
                },
            ),
            agg(
                "distinct_flag",
                A::AggDistinctCount,
                spb::DistinctCountAggregation {
                    field_name: field("flag"),
                    missing: None,
                },
            ),
        ],
        vec![],
    )
    .unwrap();
    // arr = [-1, i] for i in 0..10: 20 values, sum 45 - 10, 11 distinct.
    assert_eq!(
        numbers(&r),
        [
            3.0,
            3.1,
            9.0,
            -1.0,
            35.0,
            20.0,
            11.0,
            7.0,
            8.0,
            35.0 + 5.0 * 1.5,
            20.0,
            6.0,
            10.0,
            2.0
        ]
    );
    assert_eq!(
        r.0.as_ref().unwrap().agg_results[0].name.as_deref(),
        Some("avg_long")
    );
    assert!(r.1.is_none(), "no group-bys asked, none answered");
}

/// JavaScript clients send every number as a double (the official Node SDK's tests give a
/// LONG field such a missing value): a whole one stands in for a long, a fraction does not.
#[test]
fn a_whole_double_stands_in_for_a_long() {
    let docs = fake();
    let run_with = |missing| {
        let distinct = spb::DistinctCountAggregation {
            field_name: field("opt"),
            missing,
        };
        run(&docs, vec![agg("d", A::AggDistinctCount, distinct)], vec![])
    };
    assert_eq!(
        numbers(&run_with(v(100)).unwrap()),
        numbers(&run_with(v(100.0)).unwrap())
    );
    assert!(run_with(v(1.5)).is_err());
}

#[test]
fn stats_without_values_report_infinities() {
    let mut docs = fake();
    docs.docs.clear();
    let r = run(
        &docs,
        vec![
            avg("avg", "long", None),
            agg(
                "max",
                A::AggMax,
                spb::MaxAggregation {
                    field_name: field("long"),
                    missing: None,
                },
            ),
            agg(
                "min",
                A::AggMin,
                spb::MinAggregation {
                    field_name: field("long"),
                    missing: None,
                },
            ),
            agg(
                "sum",
                A::AggSum,
                spb::SumAggregation {
                    field_name: field("long"),
                    missing: None,
                },
            ),
            agg(
                "count",
                A::AggCount,
                spb::CountAggregation {
                    field_name: field("long"),
                },
            ),
        ],
        vec![],
    )
    .unwrap();
    assert_eq!(
        numbers(&r),
        [f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, 0.0, 0.0]
    );
}

fn percentiles(r: &spb::AggregationResult) -> Vec<(f64, Value)> {
    spb::PercentilesAggregationResult::decode(r.agg_result.as_deref().unwrap_or_default())
        .unwrap()
        .percentiles_aggregation_items
        .iter()
        .map(|i| {
            (
                i.key.unwrap(),
                plainbuffer::decode_variant(i.value.as_deref().unwrap()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn percentiles_come_sorted_and_typed_like_the_field() {
    let docs = fake();
    let p = |f: &str, ps: Vec<f64>| {
        agg(
            f,
            A::AggPercentiles,
            spb::PercentilesAggregation {
                field_name: field(f),
                percentiles: ps,
                missing: None,
            },
        )
    };
    let r = run(
        &docs,
        vec![p("arr", vec![90.0, 50.0]), p("double", vec![50.0, 0.0])],
        vec![],
    )
    .unwrap();
    let results = &r.0.unwrap().agg_results;
    // arr sorted: -1 ×10, 0..=9. Median rank 9.5 → (-1 + 0) / 2 → 0 as an integer; p90 rank
    // 17.1 → 7.1 → 7.
    assert_eq!(
        percentiles(&results[0]),
        [(50.0, Value::Integer(0)), (90.0, Value::Integer(7))]
    );
    // double: 1.1, 2.1, 2.1, 3.1 ×3, 4.1 ×4: median rank 4.5 → 3.1.
    assert_eq!(
        percentiles(&results[1]),
        [(0.0, Value::Double(1.1)), (50.0, Value::Double(3.1))]
    );
    let out_of_range = run(&docs, vec![p("long", vec![101.0])], vec![]);
    assert_eq!(refused(out_of_range).code, ErrorCode::ParameterInvalid);
}

#[test]
fn top_rows_take_the_limit_in_the_sort_order() {
    let docs = fake();
    let top =
        |limit, sort: Option<spb::Sort>| agg("top", A::AggTopRows, spb::TopRowsAggregation { limit, sort });
    let rows = |r: Results| {
        let body = r.0.unwrap().agg_results[0].agg_result.clone().unwrap();
        spb::TopRowsAggregationResult::decode(body.as_slice())
            .unwrap()
            .rows
            .into_iter()
            .map(|r| String::from_utf8(r).unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(run(&docs, vec![top(None, None)], vec![]).unwrap()), ["0"]);
    let desc = spb::Sort {
        sorter: vec![spb::Sorter::default()],
    };
    assert_eq!(
        rows(run(&docs, vec![top(Some(3), Some(desc))], vec![]).unwrap()),
        ["9", "8", "7"]
    );
    assert_eq!(
        refused(run(&docs, vec![top(Some(101), None)], vec![])).status,
        400
    );
    assert_eq!(refused(run(&docs, vec![top(Some(-1), None)], vec![])).status, 400);
}

#[test]
fn nothing_asked_nothing_answered() {
    let docs = fake();
    assert_eq!(aggregate(&docs, None, None).unwrap(), (None, None));
    let empty = spb::Aggregations::default();
    assert_eq!(aggregate(&docs, Some(&empty), None).unwrap(), (None, None));
}

#[test]
fn arrays_and_percentiles_answer_what_the_service_answered() {
    // Python SDK `agg_test.py`: 100 rows with l = i and la = [-1, i].
    let docs = Fake {
        fields: vec![("l", FieldKind::Long), ("la", FieldKind::Long)],
        unsortable: vec![],
        docs: (0..100)
            .map(|i| vec![("l", ints(&[i])), ("la", ints(&[-1, i]))])
            .collect(),
    };
    let la = || field("la");
    let p = |name: &str| {
        agg(
            name,
            A::AggPercentiles,
            spb::PercentilesAggregation {
                field_name: field(name),
                percentiles: vec![90.0, 50.0],
                missing: None,
            },
        )
    };
    let r = run(
        &docs,
        vec![
            agg("count", A::AggCount, spb::CountAggregation { field_name: la() }),
            agg(
                "distinct",
                A::AggDistinctCount,
                spb::DistinctCountAggregation {
                    field_name: la(),
                    missing: None,
                },
            ),
            agg(
                "sum",
                A::AggSum,
                spb::SumAggregation {
                    field_name: la(),
                    missing: None,
                },
            ),
            avg("avg", "la", None),
            p("l"),
            p("la"),
        ],
        vec![],
    )
    .unwrap();
    let results = r.0.unwrap().agg_results;
    let firsts: Vec<f64> = results.iter().take(4).map(number).collect();
    assert_eq!(firsts, [200.0, 101.0, 4850.0, 24.25]);
    assert_eq!(
        percentiles(&results[4]),
        [(50.0, Value::Integer(49)), (90.0, Value::Integer(89))]
    );
    assert_eq!(
        percentiles(&results[5]),
        [(50.0, Value::Integer(0)), (90.0, Value::Integer(79))]
    );
}
