//! Typed aggregations and group-bys against ots-local, on the catalog of `typed_search`: every
//! result is compared with the value computed in Rust from the rows the test wrote.

#![allow(clippy::expect_used, clippy::panic)]

use crate::typed_search::{meters, setup, Product, BASE_MS, CATEGORIES, DAY_MS};
use ots::search::{
    self, avg, count, distinct_count, group_by_filters, max, min, sum, top_rows, DateInterval, DateUnit,
    Search, SearchSort,
};
use ots::{ErrorKind, GeoPoint, Searchable};
use std::collections::BTreeMap;

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-6 * want.abs().max(1.0)
}

fn assert_close(got: Option<f64>, want: f64, what: &str) {
    let got = got.unwrap_or_else(|| panic!("{what}: no value"));
    assert!(close(got, want), "{what}: {got} vs {want}");
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

#[tokio::test]
async fn typed_search_aggs_metrics() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    let matching: Vec<&Product> = all.iter().filter(|p| p.in_stock).collect();
    let prices: Vec<f64> = matching.iter().map(|p| p.price).collect();

    let (a_avg, a_sum, a_min, a_max) = (avg(&f.price), sum(&f.stock), min(&f.price), max(&f.price));
    let (a_first, a_last) = (min(&f.released), max(&f.released));
    let a_sold = sum(&f.sold);
    let a_count = count(&f.price);
    let a_distinct = distinct_count(&f.category);
    let a_distinct_stock = distinct_count(&f.stock);
    let a_top = top_rows(3, [f.price.desc()]);
    let a_top_two_keys = top_rows(4, [f.category.asc(), SearchSort::primary_key_desc()]);
    let search = Search::new(f.in_stock.term(true))
        .aggregate(&a_avg)
        .aggregate(&a_sum)
        .aggregate(&a_min)
        .aggregate(&a_max)
        .aggregate(&a_first)
        .aggregate(&a_last)
        .aggregate(&a_sold)
        .aggregate(&a_count)
        .aggregate(&a_distinct)
        .aggregate(&a_distinct_stock)
        .aggregate(&a_top)
        .aggregate(&a_top_two_keys);
    let page = repo.search_page(search, 5, None).await.expect("page");
    assert_eq!(page.total, matching.len() as u64);
    let aggs = &page.aggs;

    assert_close(aggs.get(&a_avg).expect("avg"), mean(&prices), "avg price");
    assert_close(
        aggs.get(&a_sum).expect("sum"),
        matching.iter().map(|p| p.stock as f64).sum(),
        "sum stock",
    );
    assert_close(
        aggs.get(&a_min).expect("min"),
        prices.iter().copied().fold(f64::INFINITY, f64::min),
        "min price",
    );
    assert_close(
        aggs.get(&a_max).expect("max"),
        prices.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        "max price",
    );
    assert_close(
        aggs.get(&a_first).expect("min date"),
        matching.iter().map(|p| p.released).min().expect("rows") as f64,
        "first release (ms)",
    );
    assert_close(
        aggs.get(&a_last).expect("max date"),
        matching.iter().map(|p| p.released).max().expect("rows") as f64,
        "last release (ms)",
    );
    assert_close(
        aggs.get(&a_sold).expect("sum sold"),
        matching.iter().map(|p| p.sold as f64).sum(),
        "sum sold",
    );
    assert_eq!(aggs.get(&a_count).expect("count"), matching.len() as u64);
    let categories: std::collections::BTreeSet<&str> = matching.iter().map(|p| p.category.as_str()).collect();
    assert_eq!(aggs.get(&a_distinct).expect("distinct"), categories.len() as u64);
    let stocks: std::collections::BTreeSet<i64> = matching.iter().map(|p| p.stock).collect();
    assert_eq!(
        aggs.get(&a_distinct_stock).expect("distinct stock"),
        stocks.len() as u64
    );

    let mut by_price = matching.clone();
    by_price.sort_by(|a, b| b.price.total_cmp(&a.price));
    let top: Vec<Product> = aggs.get(&a_top).expect("top rows");
    assert_eq!(
        top,
        by_price[..3].iter().map(|p| (*p).clone()).collect::<Vec<_>>(),
        "top rows are whole models"
    );
    let mut by_two = matching.clone();
    by_two.sort_by(|a, b| a.category.cmp(&b.category).then(b.id.cmp(&a.id)));
    assert_eq!(
        aggs.get(&a_top_two_keys)
            .expect("top rows")
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        by_two[..4].iter().map(|p| p.id).collect::<Vec<_>>()
    );

    // Over no match: no value.
    let empty_avg = avg(&f.price);
    let empty_count = count(&f.price);
    let page = repo
        .search_page(
            Search::new(f.category.term("nowhere"))
                .aggregate(&empty_avg)
                .aggregate(&empty_count),
            5,
            None,
        )
        .await
        .expect("empty page");
    assert_eq!(page.total, 0);
    assert_eq!(page.aggs.get(&empty_avg).expect("avg of nothing"), None);
    assert_eq!(page.aggs.get(&empty_count).expect("count of nothing"), 0);
}

#[tokio::test]
async fn typed_search_aggs_not_added_is_a_construction_error() {
    let (_env, repo, _all) = setup(10).await;
    let f = Product::search_fields();
    let added = avg(&f.price);
    let not_added = avg(&f.price);
    let group_added = f.category.group_by();
    let group_not_added = f.category.group_by();
    let search = Search::new(search::SearchQuery::all())
        .aggregate(&added)
        .group_by(&group_added);
    let page = repo.search_page(search.clone(), 3, None).await.expect("page");
    assert!(page.aggs.get(&added).expect("added").is_some());
    assert!(!page.aggs.groups(&group_added).expect("added").is_empty());
    let e = page.aggs.get(&not_added).expect_err("not added");
    assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
    let e = page.aggs.groups(&group_not_added).expect_err("not added");
    assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
    assert_ne!(added.name(), not_added.name(), "names are unique");

    // A page read with a token carries no aggregations.
    let next = repo
        .search_page(search, 3, page.next.clone())
        .await
        .expect("second page");
    let e = next.aggs.get(&added).expect_err("second page");
    assert_eq!(e.kind(), ErrorKind::Construction, "{e}");

    // A sub-aggregation is read from a group, not from the page.
    let inner = avg(&f.price);
    let outer = f.category.group_by().aggregate(&inner);
    let page = repo
        .search_page(Search::new(search::SearchQuery::all()).group_by(&outer), 1, None)
        .await
        .expect("page");
    let e = page.aggs.get(&inner).expect_err("sub-aggregation on the page");
    assert_eq!(e.kind(), ErrorKind::Construction);
    let groups = page.aggs.groups(&outer).expect("groups");
    assert!(groups[0].aggs.get(&inner).expect("in a group").is_some());

    // An aggregation on a field the chosen index lacks is refused before sending.
    let e = repo
        .search_page(
            Search::new(search::SearchQuery::all())
                .in_index("catalog_lite")
                .group_by(
                    &f.location
                        .group_by_distance(GeoPoint::new(30.0, 120.0), [0.0..1e9]),
                ),
            3,
            None,
        )
        .await
        .expect_err("location is not in catalog_lite");
    assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
}

#[tokio::test]
async fn typed_search_aggs_field_group_bys_with_typed_keys() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();

    // String keys in key order, with the average price and a sub-group-by on a bool.
    let avg_price = avg(&f.price);
    let by_stock_state = f.in_stock.group_by().by_key();
    let top1 = top_rows(1, [f.price.desc()]);
    let by_category = f
        .category
        .group_by()
        .by_key()
        .aggregate(&avg_price)
        .aggregate(&top1)
        .group_by(&by_stock_state);
    let page = repo
        .search_page(
            Search::new(search::SearchQuery::all()).group_by(&by_category),
            1,
            None,
        )
        .await
        .expect("page");
    let groups = page.aggs.groups(&by_category).expect("groups");
    let mut want: BTreeMap<&str, Vec<&Product>> = BTreeMap::new();
    for p in &all {
        want.entry(p.category.as_str()).or_default().push(p);
    }
    assert_eq!(
        groups.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(),
        want.keys().copied().collect::<Vec<_>>(),
        "by key"
    );
    for g in &groups {
        let rows = &want[g.key.as_str()];
        assert_eq!(g.count, rows.len() as u64, "{}", g.key);
        let prices: Vec<f64> = rows.iter().map(|p| p.price).collect();
        assert_close(g.aggs.get(&avg_price).expect("avg"), mean(&prices), &g.key);
        let priciest = rows
            .iter()
            .max_by(|a, b| a.price.total_cmp(&b.price))
            .expect("rows");
        assert_eq!(g.aggs.get(&top1).expect("top"), vec![(*priciest).clone()]);
        let sub = g.aggs.groups(&by_stock_state).expect("sub groups");
        let mut want_sub: BTreeMap<bool, u64> = BTreeMap::new();
        for p in rows {
            *want_sub.entry(p.in_stock).or_default() += 1;
        }
        assert_eq!(
            sub.iter().map(|s| (s.key, s.count)).collect::<Vec<_>>(),
            want_sub.into_iter().collect::<Vec<_>>(),
            "in stock or not, in {}",
            g.key
        );
    }
    assert_eq!(want.len(), CATEGORIES.len());

    // Array values: each tag is a group; largest first, and `size` keeps the first ones.
    let by_tag = f.tags.group_by().by_count_desc();
    let two_tags = f.tags.group_by().by_count_desc().size(2);
    let page = repo
        .search_page(
            Search::new(search::SearchQuery::all())
                .group_by(&by_tag)
                .group_by(&two_tags),
            1,
            None,
        )
        .await
        .expect("page");
    let mut tag_counts: BTreeMap<&str, u64> = BTreeMap::new();
    for p in &all {
        for t in &p.tags {
            *tag_counts.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut want: Vec<(String, u64)> = tag_counts.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
    want.sort_by_key(|w| std::cmp::Reverse(w.1));
    assert!(
        want.windows(2).all(|w| w[0].1 > w[1].1),
        "the tag counts differ, so the order is defined: {want:?}"
    );
    let got: Vec<(String, u64)> = page
        .aggs
        .groups(&by_tag)
        .expect("tags")
        .into_iter()
        .map(|g| (g.key, g.count))
        .collect();
    assert_eq!(got, want);
    let got: Vec<(String, u64)> = page
        .aggs
        .groups(&two_tags)
        .expect("two tags")
        .into_iter()
        .map(|g| (g.key, g.count))
        .collect();
    assert_eq!(got, want[..2].to_vec());

    // i64 keys: every stock level (more than the default 10 groups with `size`).
    let by_stock = f.stock.group_by().by_key().size(100);
    let default_size = f.stock.group_by().by_key();
    let by_sold = f.sold.group_by().by_key().size(5);
    let by_price = f.price.group_by().by_key().size(3);
    let page = repo
        .search_page(
            Search::new(search::SearchQuery::all())
                .group_by(&by_stock)
                .group_by(&default_size)
                .group_by(&by_sold)
                .group_by(&by_price),
            1,
            None,
        )
        .await
        .expect("page");
    let mut stock_counts: BTreeMap<i64, u64> = BTreeMap::new();
    for p in &all {
        *stock_counts.entry(p.stock).or_default() += 1;
    }
    let want: Vec<(i64, u64)> = stock_counts.into_iter().collect();
    assert!(want.len() > 10);
    let got: Vec<(i64, u64)> = page
        .aggs
        .groups(&by_stock)
        .expect("stock")
        .into_iter()
        .map(|g| (g.key, g.count))
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        page.aggs.groups(&default_size).expect("default size").len(),
        10,
        "the service's default of 10 groups"
    );
    let mut solds: Vec<u64> = all.iter().map(|p| p.sold).collect();
    solds.sort_unstable();
    assert_eq!(
        page.aggs
            .groups(&by_sold)
            .expect("sold")
            .into_iter()
            .map(|g| (g.key, g.count))
            .collect::<Vec<_>>(),
        solds[..5].iter().map(|s| (*s, 1)).collect::<Vec<_>>(),
        "u64 keys"
    );
    let mut prices: Vec<f64> = all.iter().map(|p| p.price).collect();
    prices.sort_by(f64::total_cmp);
    let got = page.aggs.groups(&by_price).expect("price");
    assert_eq!(got.len(), 3);
    for (g, want) in got.iter().zip(&prices) {
        assert!(close(g.key, *want), "f64 key {} vs {want}", g.key);
        assert_eq!(g.count, 1);
    }

    // bool keys, largest group first, with a sub-aggregation to sort by.
    let by_state = f.in_stock.group_by().by_count_desc();
    let avg_stock = avg(&f.stock);
    let by_category_avg = f
        .category
        .group_by()
        .aggregate(&avg_stock)
        .by_aggregation_desc(&avg_stock);
    let page = repo
        .search_page(
            Search::new(search::SearchQuery::all())
                .group_by(&by_state)
                .group_by(&by_category_avg),
            1,
            None,
        )
        .await
        .expect("page");
    let in_stock = all.iter().filter(|p| p.in_stock).count() as u64;
    let mut want = vec![(true, in_stock), (false, all.len() as u64 - in_stock)];
    assert!(want.iter().all(|w| w.1 > 0), "both groups have rows");
    want.sort_by_key(|w| std::cmp::Reverse(w.1));
    assert_eq!(
        page.aggs
            .groups(&by_state)
            .expect("bool")
            .into_iter()
            .map(|g| (g.key, g.count))
            .collect::<Vec<_>>(),
        want
    );
    let mut want: Vec<(String, f64)> = CATEGORIES
        .iter()
        .map(|c| {
            let stocks: Vec<f64> = all
                .iter()
                .filter(|p| p.category == *c)
                .map(|p| p.stock as f64)
                .collect();
            ((*c).to_owned(), mean(&stocks))
        })
        .collect();
    want.sort_by(|a, b| b.1.total_cmp(&a.1));
    let got = page.aggs.groups(&by_category_avg).expect("by avg");
    assert_eq!(
        got.iter().map(|g| g.key.clone()).collect::<Vec<_>>(),
        want.iter().map(|w| w.0.clone()).collect::<Vec<_>>(),
        "groups by their average stock, largest first: {want:?}"
    );
    for (g, (_, w)) in got.iter().zip(&want) {
        assert_close(g.aggs.get(&avg_stock).expect("avg"), *w, &g.key);
    }

    // A query narrows what is grouped.
    let by_category = f.category.group_by().by_key();
    let page = repo
        .search_page(Search::new(f.price.gt(50.0)).group_by(&by_category), 1, None)
        .await
        .expect("page");
    let mut want: BTreeMap<String, u64> = BTreeMap::new();
    for p in all.iter().filter(|p| p.price > 50.0) {
        *want.entry(p.category.clone()).or_default() += 1;
    }
    assert_eq!(
        page.aggs
            .groups(&by_category)
            .expect("groups")
            .into_iter()
            .map(|g| (g.key, g.count))
            .collect::<BTreeMap<_, _>>(),
        want
    );
}

#[tokio::test]
async fn typed_search_aggs_ranges_histograms_distances_filters() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();

    let ranges = [0.0..20.0, 20.0..50.0, 50.0..80.0, 80.0..1000.0];
    let by_range = f.price.group_by_ranges(ranges.clone()).aggregate(&avg(&f.stock));
    let stock_avg_in_range = avg(&f.stock);
    let by_range_with_avg = f
        .price
        .group_by_ranges(ranges.clone())
        .aggregate(&stock_avg_in_range);
    let hist = f.stock.histogram(10_i64, 0_i64, 49_i64);
    let hist_all = f.stock.histogram(5_i64, 0_i64, 49_i64).min_doc_count(0);
    let hist_price = f.price.histogram(25.0, 0.0, 200.0);
    let ten_days = DateInterval::new(10, DateUnit::Day);
    let (from, to) = (BASE_MS, BASE_MS + 200 * DAY_MS);
    let by_date = f.released.date_histogram(ten_days, from, to);
    let center = GeoPoint::new(30.237, 120.418);
    let rings = [0.0..15_000.0, 15_000.0..30_000.0, 30_000.0..1e7];
    let by_distance = f.location.group_by_distance(center, rings.clone());
    let by_filters = group_by_filters([
        f.category.term("office"),
        f.price.lt(20.0),
        f.in_stock.term(false),
        f.name.matches("chair") & f.tags.term("sale"),
    ]);
    let search = Search::new(search::SearchQuery::all())
        .group_by(&by_range)
        .group_by(&by_range_with_avg)
        .group_by(&hist)
        .group_by(&hist_all)
        .group_by(&hist_price)
        .group_by(&by_date)
        .group_by(&by_distance)
        .group_by(&by_filters);
    let page = repo.search_page(search, 1, None).await.expect("page");
    let aggs = &page.aggs;

    // Ranges, upper bound excluded, in the given order.
    let got = aggs.groups(&by_range).expect("ranges");
    assert_eq!(
        got.iter().map(|g| g.key.clone()).collect::<Vec<_>>(),
        ranges.to_vec()
    );
    for (g, r) in got.iter().zip(&ranges) {
        assert_eq!(
            g.count,
            all.iter().filter(|p| r.contains(&p.price)).count() as u64,
            "{r:?}"
        );
    }
    for (g, r) in aggs
        .groups(&by_range_with_avg)
        .expect("ranges")
        .iter()
        .zip(&ranges)
    {
        let stocks: Vec<f64> = all
            .iter()
            .filter(|p| r.contains(&p.price))
            .map(|p| p.stock as f64)
            .collect();
        if stocks.is_empty() {
            assert_eq!(g.aggs.get(&stock_avg_in_range).expect("avg"), None);
        } else {
            assert_close(
                g.aggs.get(&stock_avg_in_range).expect("avg"),
                mean(&stocks),
                "avg in range",
            );
        }
    }

    // Histograms: buckets of 10 from 0, keys are i64 lower bounds; empty buckets left out.
    let mut want: BTreeMap<i64, u64> = BTreeMap::new();
    for p in &all {
        *want.entry(p.stock.div_euclid(10) * 10).or_default() += 1;
    }
    assert_eq!(
        aggs.groups(&hist)
            .expect("histogram")
            .into_iter()
            .map(|g| (g.key, g.count))
            .collect::<Vec<_>>(),
        want.into_iter().collect::<Vec<_>>()
    );
    let got: Vec<(i64, u64)> = aggs
        .groups(&hist_all)
        .expect("histogram")
        .into_iter()
        .map(|g| (g.key, g.count))
        .collect();
    let want: Vec<(i64, u64)> = (0..10)
        .map(|k| {
            let lo = k * 5;
            (
                lo,
                all.iter().filter(|p| (lo..lo + 5).contains(&p.stock)).count() as u64,
            )
        })
        .collect();
    assert_eq!(got, want, "min_doc_count 0 keeps every bucket");
    let mut want: BTreeMap<i64, u64> = BTreeMap::new();
    for p in &all {
        *want.entry((p.price / 25.0).floor() as i64).or_default() += 1;
    }
    let got = aggs.groups(&hist_price).expect("price histogram");
    assert_eq!(
        got.iter().map(|g| g.count).collect::<Vec<_>>(),
        want.values().copied().collect::<Vec<_>>()
    );
    for (g, k) in got.iter().zip(want.keys()) {
        assert!(close(g.key, *k as f64 * 25.0), "f64 bucket key {}", g.key);
    }

    // Date histogram: buckets of 10 days from the epoch; keys in milliseconds.
    let bucket = 10 * DAY_MS;
    let mut want: BTreeMap<i64, u64> = BTreeMap::new();
    for p in all.iter().filter(|p| (from..=to).contains(&p.released)) {
        *want.entry(p.released.div_euclid(bucket) * bucket).or_default() += 1;
    }
    assert_eq!(
        aggs.groups(&by_date)
            .expect("date histogram")
            .into_iter()
            .map(|g| (g.key, g.count))
            .collect::<Vec<_>>(),
        want.into_iter().collect::<Vec<_>>()
    );

    // Distances from a point, in rings of meters.
    let got = aggs.groups(&by_distance).expect("distances");
    assert_eq!(
        got.iter().map(|g| g.key.clone()).collect::<Vec<_>>(),
        rings.to_vec()
    );
    for (g, r) in got.iter().zip(&rings) {
        let n = all
            .iter()
            .filter(|p| r.contains(&meters(p.location, center)))
            .count() as u64;
        assert_eq!(g.count, n, "{r:?}");
    }
    assert_eq!(got.iter().map(|g| g.count).sum::<u64>(), all.len() as u64);

    // Filters: one group per query, a row in several.
    let got = aggs.groups(&by_filters).expect("filters");
    let has_chair = |p: &Product| p.name.split(' ').any(|w| w.eq_ignore_ascii_case("chair"));
    let want = [
        all.iter().filter(|p| p.category == "office").count(),
        all.iter().filter(|p| p.price < 20.0).count(),
        all.iter().filter(|p| !p.in_stock).count(),
        all.iter()
            .filter(|p| has_chair(p) && p.tags.iter().any(|t| t == "sale"))
            .count(),
    ];
    assert_eq!(
        got.iter().map(|g| (g.key, g.count)).collect::<Vec<_>>(),
        want.iter()
            .enumerate()
            .map(|(i, n)| (i, *n as u64))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn typed_search_aggs_nested_group_bys_and_filters_inside_groups() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    // category → tag → sum of stock.
    let stock_sum = sum(&f.stock);
    let by_tag = f.tags.group_by().by_key().aggregate(&stock_sum);
    let by_category = f.category.group_by().by_key().group_by(&by_tag);
    let cheap = group_by_filters([f.price.lt(30.0), f.price.ge(30.0)]).aggregate(&count(&f.price));
    let page = repo
        .search_page(
            Search::new(f.in_stock.term(true))
                .group_by(&by_category)
                .group_by(&cheap),
            1,
            None,
        )
        .await
        .expect("page");
    let matching: Vec<&Product> = all.iter().filter(|p| p.in_stock).collect();
    for g in page.aggs.groups(&by_category).expect("categories") {
        let rows: Vec<&&Product> = matching.iter().filter(|p| p.category == g.key).collect();
        assert_eq!(g.count, rows.len() as u64);
        let mut want: BTreeMap<String, (u64, f64)> = BTreeMap::new();
        for p in &rows {
            for t in &p.tags {
                let e = want.entry(t.clone()).or_default();
                e.0 += 1;
                e.1 += p.stock as f64;
            }
        }
        let sub = g.aggs.groups(&by_tag).expect("tags");
        assert_eq!(
            sub.iter().map(|s| (s.key.clone(), s.count)).collect::<Vec<_>>(),
            want.iter().map(|(k, v)| (k.clone(), v.0)).collect::<Vec<_>>(),
            "tags in {}",
            g.key
        );
        for s in &sub {
            assert_close(s.aggs.get(&stock_sum).expect("sum"), want[&s.key].1, &s.key);
        }
    }
    let got = page.aggs.groups(&cheap).expect("filters");
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0].count,
        matching.iter().filter(|p| p.price < 30.0).count() as u64
    );
    assert_eq!(
        got[1].count,
        matching.iter().filter(|p| p.price >= 30.0).count() as u64
    );
    assert_eq!(got[0].count + got[1].count, matching.len() as u64);
}

#[tokio::test]
async fn typed_search_aggs_over_nested_documents() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    let reviews: Vec<_> = all.iter().flat_map(|p| &p.reviews).collect();
    assert!(reviews.len() > 10, "enough reviews to aggregate");

    let avg_stars = f.reviews.aggregate(|r| avg(&r.stars));
    let by_author = f.reviews.group_by(|r| r.author.group_by().size(100));
    let search = Search::new(search::SearchQuery::all())
        .aggregate(&avg_stars)
        .group_by(&by_author);
    let page = repo.search_page(search, 1, None).await.expect("page");

    let stars: Vec<f64> = reviews.iter().map(|r| r.stars as f64).collect();
    assert_close(
        page.aggs.get(&avg_stars).expect("avg"),
        mean(&stars),
        "avg stars of every review",
    );
    // A row counts once in each author's group it has a review of.
    let mut want: BTreeMap<String, u64> = BTreeMap::new();
    for p in &all {
        let authors: std::collections::BTreeSet<&String> = p.reviews.iter().map(|r| &r.author).collect();
        for a in authors {
            *want.entry(a.clone()).or_default() += 1;
        }
    }
    let got: BTreeMap<String, u64> = page
        .aggs
        .groups(&by_author)
        .expect("groups")
        .into_iter()
        .map(|g| (g.key, g.count))
        .collect();
    assert_eq!(got, want);
    assert!(
        all.iter()
            .any(|p| p.reviews.len() > 1 && p.reviews[0].author == p.reviews[p.reviews.len() - 1].author),
        "some row has two reviews by one author, so rows and reviews differ"
    );
}

#[tokio::test]
async fn typed_search_aggs_refuse_options_a_group_kind_ignores() {
    let (_env, repo, _all) = setup(8).await;
    let f = Product::search_fields();
    let refused = [
        f.price.group_by_ranges([0.0..50.0]).size(3),
        f.price.group_by_ranges([0.0..50.0]).by_count_desc(),
        f.location
            .group_by_distance(GeoPoint::new(30.0, 120.0), [0.0..1e6])
            .by_key(),
    ];
    for g in refused {
        let e = repo
            .search_page(Search::new(search::SearchQuery::all()).group_by(&g), 1, None)
            .await
            .expect_err("refused before sending");
        assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
        assert!(
            e.to_string()
                .contains("applies to field group-bys and histograms"),
            "{e}"
        );
    }
    let filters = group_by_filters([f.in_stock.term(true)]).min_doc_count(1);
    let e = repo
        .search_page(
            Search::new(search::SearchQuery::all()).group_by(&filters),
            1,
            None,
        )
        .await
        .expect_err("refused before sending");
    assert_eq!(e.kind(), ErrorKind::Construction, "{e}");
    // The kinds that take them are sent.
    let fine = f.category.group_by().size(3).by_count_desc().min_doc_count(1);
    let page = repo
        .search_page(Search::new(search::SearchQuery::all()).group_by(&fine), 1, None)
        .await
        .expect("page");
    assert!(page.aggs.groups(&fine).expect("groups").len() <= 3);
}
