//! Group-bys end to end: by field (sizes, sorters, min_doc_count, arrays, booleans, nesting),
//! range, filter, geo distance, histogram and date histogram.

use super::*;

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
