//! What is refused: unknown, unsuitable or unsortable fields, names, limits, unsupported kinds.

use super::*;

#[test]
fn fields_must_exist_suit_and_be_sortable() {
    let docs = fake();
    let bad = |a: spb::Aggregation| refused(run(&docs, vec![a], vec![]));
    let e = bad(avg("a", "nope", None));
    assert_eq!((e.status, e.code), (400, ErrorCode::ParameterInvalid));
    assert_eq!(e.message, "[avg agg] field: nope does not exist");
    let e = bad(avg("a", "kw", None));
    assert_eq!(
        e.message,
        "[avg agg] field_name:kw type:keyword is invalid, allow [long, double, date]"
    );
    let e = bad(avg("a", "nosort", None));
    assert!(
        e.message.contains("field:nosort must enable enable_sort_and_agg"),
        "{}",
        e.message
    );
    let e = bad(agg(
        "c",
        A::AggCount,
        spb::CountAggregation {
            field_name: field("text"),
        },
    ));
    assert_eq!(e.code, ErrorCode::ParameterInvalid);
    let e = bad(agg(
        "s",
        A::AggSum,
        spb::SumAggregation {
            field_name: field("date"),
            missing: None,
        },
    ));
    assert_eq!(e.code, ErrorCode::ParameterInvalid);
    let e = bad(agg(
        "m",
        A::AggMax,
        spb::MaxAggregation {
            field_name: field("flag"),
            missing: None,
        },
    ));
    assert_eq!(e.code, ErrorCode::ParameterInvalid);
    let e = bad(avg("a", "long", v("x")));
    assert!(e.message.contains("missing"), "{}", e.message);
    let e = bad(avg("", "long", None));
    assert_eq!(e.code, ErrorCode::ParameterInvalid);
    let e = refused(run(
        &docs,
        vec![avg("a", "long", None), avg("a", "double", None)],
        vec![],
    ));
    assert!(e.message.contains("[a]"), "{}", e.message);
    // The field of a group-by, and one inside a group-by, are checked too.
    let e = refused(run(
        &docs,
        vec![],
        vec![group("g", G::GroupByField, by_field("text", None, vec![]))],
    ));
    assert_eq!(e.code, ErrorCode::ParameterInvalid);
    let nested = spb::GroupByField {
        sub_aggs: Some(spb::Aggregations {
            aggs: vec![avg("a", "nope", None)],
        }),
        ..by_field("long", None, vec![])
    };
    let e = refused(run(&docs, vec![], vec![group("g", G::GroupByField, nested)]));
    assert_eq!(e.message, "[avg agg] field: nope does not exist");
}

#[test]
fn limits_and_unsupported_group_bys() {
    let docs = fake();
    let g = |kind, body: spb::GroupByField| refused(run(&docs, vec![], vec![group("g", kind, body)]));
    assert_eq!(
        g(G::GroupByField, by_field("long", Some(2001), vec![])).status,
        400
    );
    assert_eq!(g(G::GroupByField, by_field("long", Some(0), vec![])).status, 400);
    assert!(run(
        &docs,
        vec![],
        vec![group("g", G::GroupByField, by_field("long", Some(2000), vec![]))]
    )
    .is_ok());
    let e = g(G::GroupByComposite, spb::GroupByField::default());
    assert_eq!(e.code, ErrorCode::UnsupportOperation);
    assert!(e.message.contains("COMPOSITE"), "{}", e.message);
    // A geo grid needs a geo field and a precision.
    let grid = |field: &str, precision: Option<i32>| {
        let body = spb::GroupByGeoGrid {
            field_name: Some(field.into()),
            precision,
            ..Default::default()
        };
        run(&docs, vec![], vec![group("g", G::GroupByGeoGrid, body)])
    };
    assert!(refused(grid("long", Some(3))).message.contains("geo_point"));
    assert!(refused(grid("geo", None)).message.contains("precision"));
    assert!(refused(grid("geo", Some(13))).message.contains("precision"));
    let h = |body| refused(run(&docs, vec![], vec![group("h", G::GroupByHistogram, body)]));
    assert!(h(histogram("long", 1.into(), 0.into(), 2001.into()))
        .message
        .contains("2000"));
    assert!(run(
        &docs,
        vec![],
        vec![group(
            "h",
            G::GroupByHistogram,
            histogram("long", 1.into(), 0.into(), 2000.into())
        )]
    )
    .is_ok());
    assert_eq!(h(histogram("long", 0.into(), 0.into(), 1.into())).status, 400);
    assert_eq!(h(histogram("long", 0.5.into(), 0.into(), 1.into())).status, 400);
    assert_eq!(h(histogram("long", 1.into(), 5.into(), 1.into())).status, 400);
    assert_eq!(
        h(spb::GroupByHistogram {
            field_range: None,
            ..histogram("long", 1.into(), 0.into(), 1.into())
        })
        .status,
        400
    );
    // Sorting by a sub-aggregation that is not there, or not one number.
    let sort_by = |name: &str| spb::GroupBySorter {
        sub_agg_sort: Some(spb::SubAggSort {
            sub_agg_name: Some(name.to_owned()),
            order: None,
        }),
        ..Default::default()
    };
    let with_top = spb::GroupByField {
        sub_aggs: Some(spb::Aggregations {
            aggs: vec![agg("t", A::AggTopRows, spb::TopRowsAggregation::default())],
        }),
        ..by_field("long", None, vec![sort_by("t")])
    };
    assert_eq!(g(G::GroupByField, with_top).status, 400);
    assert_eq!(
        g(G::GroupByField, by_field("long", None, vec![sort_by("x")])).status,
        400
    );
    // Group-bys nest at most 5 levels.
    let mut deep = group("g", G::GroupByField, by_field("long", None, vec![]));
    for _ in 0..6 {
        deep = group(
            "g",
            G::GroupByField,
            spb::GroupByField {
                sub_group_bys: Some(spb::GroupBys {
                    group_bys: vec![deep],
                }),
                ..by_field("long", None, vec![])
            },
        );
    }
    assert_eq!(refused(run(&docs, vec![], vec![deep])).status, 400);
}
