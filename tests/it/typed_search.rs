//! The typed search API end to end: a model deriving its search indexes, every query form,
//! sorts, streams, pages and tokens, scans, the object-safe trait and index synchronisation,
//! against an in-process ots-local. Every expected result is computed in Rust from the rows
//! the test wrote, never copied from a previous run.

#![allow(clippy::expect_used, clippy::panic)]

use crate::common;
use futures_util::{StreamExt, TryStreamExt};
use ots::ops::search::index::{DescribeSearchIndexRequest, FieldSchema, FieldType};
use ots::search::{self, Search, SearchIndexDrift, SearchSort, SearchToken};
use ots::{ErrorKind, GeoPoint, OtsTable, Repo, Repository, SearchDocument, Searchable};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Arc;

/// A review inside a product: nested documents of the `catalog` index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, SearchDocument)]
pub struct Review {
    pub author: String,
    pub stars: i64,
}

/// A catalog entry with one field of every index type. `catalog` holds every field;
/// `catalog_lite` leaves out the geo point, the vector and the reviews, and presorts by price.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "typed_products")]
#[ots(search_index = "catalog")]
#[ots(search_index(name = "catalog_lite", sort(price = "desc")))]
pub struct Product {
    #[ots(pk)]
    pub id: i64,
    #[ots(search(text))]
    pub name: String,
    #[ots(search)]
    pub category: String,
    #[ots(json, search)]
    pub tags: Vec<String>,
    #[ots(search)]
    pub stock: i64,
    #[ots(search)]
    pub price: f64,
    #[ots(search)]
    pub in_stock: bool,
    #[ots(search(only("catalog")))]
    pub location: GeoPoint,
    #[ots(search(date))]
    pub released: i64,
    #[ots(json, search(vector(dimension = 4, metric = "cosine"), only("catalog")))]
    pub embedding: Vec<f32>,
    #[ots(json, search(only("catalog")))]
    pub reviews: Vec<Review>,
    #[ots(search)]
    pub sold: u64,
}

pub const ADJECTIVES: [&str; 5] = ["Red", "blue", "Green", "black", "white"];
pub const MATERIALS: [&str; 3] = ["oak", "steel", "glass"];
pub const NOUNS: [&str; 4] = ["chair", "table", "lamp", "desk"];
pub const CATEGORIES: [&str; 4] = ["kitchen", "garden", "office", "bedroom"];
pub const AUTHORS: [&str; 4] = ["ann", "bob", "cid", "dee"];
/// 2023-11-14T22:13:20Z in milliseconds.
pub const BASE_MS: i64 = 1_700_000_000_000;
pub const DAY_MS: i64 = 86_400_000;

/// Product `i` (1-based), every field derived from `i` so that the data has variety: empty and
/// full tag lists, zero stock, prices that are all different, points on a grid.
pub fn product(i: i64) -> Product {
    let u = usize::try_from(i).expect("positive id");
    let mut tags = Vec::new();
    if i % 2 == 0 {
        tags.push("sale".to_owned());
    }
    if i % 3 == 0 {
        tags.push("new".to_owned());
    }
    if i % 5 == 0 {
        tags.push("eco".to_owned());
    }
    let stock = if i % 7 == 0 { 0 } else { (i * 37) % 50 };
    let reviews = (0..i % 4)
        .map(|k| Review {
            author: AUTHORS[(u + 2 * usize::try_from(k).expect("k")) % 4].to_owned(),
            stars: (i + 2 * k) % 5 + 1,
        })
        .collect();
    Product {
        id: i,
        name: format!(
            "{} {} {}",
            ADJECTIVES[u % 5],
            MATERIALS[(u / 5) % 3],
            NOUNS[u % 4]
        ),
        category: CATEGORIES[(u / 3) % 4].to_owned(),
        tags,
        stock,
        price: 5.0 + ((i * 13) % 97) as f64 + i as f64 / 1000.0,
        in_stock: stock > 0,
        location: GeoPoint::new(30.0 + (i % 7) as f64 * 0.1, 120.0 + (i % 11) as f64 * 0.1),
        released: BASE_MS + i * 3 * DAY_MS + i * 1_000,
        embedding: vec![
            ((i * 3) % 7) as f32 + 1.0,
            ((i * 5) % 11) as f32 - 5.0,
            (i % 4) as f32,
            1.0,
        ],
        reviews,
        sold: u64::try_from(i).expect("positive") * 1_000,
    }
}

pub fn products(n: i64) -> Vec<Product> {
    (1..=n).map(product).collect()
}

/// A server with the table, both indexes and `n` products: the first half written before the
/// indexes exist (indexed when they are created), the rest after.
pub async fn setup(n: i64) -> (common::Env, Repo<Product>, Vec<Product>) {
    let env = common::start().await;
    let repo = Repo::<Product>::new(env.client.clone());
    repo.sync_schema().await.expect("sync schema");
    let mut all = products(n);
    let half = all.len() / 2;
    for chunk in all[..half].chunks_mut(100) {
        for r in repo.batch_put(chunk).await.expect("batch put") {
            r.expect("row put");
        }
    }
    let reports = repo.sync_search_indexes().await.expect("sync search indexes");
    assert_eq!(reports.len(), 2);
    for chunk in all[half..].chunks_mut(100) {
        for r in repo.batch_put(chunk).await.expect("batch put") {
            r.expect("row put");
        }
    }
    (env, repo, all)
}

/// The ids of the products a predicate selects, in key order.
pub fn expected(all: &[Product], pick: impl Fn(&Product) -> bool) -> Vec<i64> {
    all.iter().filter(|p| pick(p)).map(|p| p.id).collect()
}

/// The ids a search finds, in result order.
pub async fn ids_in_order(repo: &Repo<Product>, search: impl Into<Search<Product>>) -> Vec<i64> {
    repo.search(search)
        .map_ok(|p| p.id)
        .try_collect()
        .await
        .expect("search")
}

/// The ids a search finds, in key order.
pub async fn ids(repo: &Repo<Product>, search: impl Into<Search<Product>>) -> Vec<i64> {
    let mut got = ids_in_order(repo, search).await;
    got.sort_unstable();
    got
}

/// The words the default text analyzer (`single_word`) indexes for Latin text.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn has_word(p: &Product, w: &str) -> bool {
    words(&p.name).iter().any(|x| x == w)
}

fn has_phrase(p: &Product, phrase: &str) -> bool {
    let (name, phrase) = (words(&p.name), words(phrase));
    name.windows(phrase.len()).any(|w| w == phrase.as_slice())
}

/// `*` any characters, `?` one.
fn glob(pattern: &[char], text: &[char]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some(('*', rest)) => (0..=text.len()).any(|k| glob(rest, &text[k..])),
        Some(('?', rest)) => !text.is_empty() && glob(rest, &text[1..]),
        Some((c, rest)) => text.first() == Some(c) && glob(rest, &text[1..]),
    }
}

fn wildcard(pattern: &str, text: &str) -> bool {
    glob(
        &pattern.chars().collect::<Vec<_>>(),
        &text.chars().collect::<Vec<_>>(),
    )
}

const EARTH_RADIUS_M: f64 = 6_371_008.771_4;

/// Great-circle meters between two points (haversine).
pub fn meters(a: GeoPoint, b: GeoPoint) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let (dp, dl) = (p2 - p1, (b.lon - a.lon).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// A radius that splits the distances with a clear gap (no point within 50 m of it), taking
/// about `share` of the points.
fn clear_radius(distances: &[f64], share: f64) -> f64 {
    let mut d = distances.to_vec();
    d.sort_by(f64::total_cmp);
    let start = ((d.len() as f64 * share) as usize).clamp(1, d.len() - 1);
    (start..d.len())
        .find(|&k| d[k] - d[k - 1] > 100.0)
        .map(|k| (d[k] + d[k - 1]) / 2.0)
        .expect("a gap between the distances")
}

fn in_polygon(p: GeoPoint, corners: &[GeoPoint]) -> bool {
    let mut inside = false;
    let n = corners.len();
    for i in 0..n {
        let (a, b) = (corners[i], corners[(i + n - 1) % n]);
        if (a.lat > p.lat) != (b.lat > p.lat) {
            let lon_at = (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon;
            if p.lon < lon_at {
                inside = !inside;
            }
        }
    }
    inside
}

/// Cosine similarity as the service scores it: (1 + cos) / 2.
fn cosine_score(a: &[f32], b: &[f32]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| f64::from(*x) * f64::from(*y)).sum();
    let na: f64 = a.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    (1.0 + dot / (na * nb)) / 2.0
}

/// The `k` ids nearest `query` among `candidates`, best first; checks that the k-th and the
/// next are not tied (the order would then be the service's choice).
fn nearest(candidates: &[&Product], query: &[f32], k: usize) -> Vec<(i64, f64)> {
    let mut scored: Vec<(i64, f64)> = candidates
        .iter()
        .map(|p| (p.id, cosine_score(&p.embedding, query)))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    for w in scored[..(k + 1).min(scored.len())].windows(2) {
        assert!(
            w[0].1 - w[1].1 > 1e-6,
            "test data has tied similarities: {scored:?}"
        );
    }
    scored.truncate(k);
    scored
}

#[tokio::test]
async fn typed_search_sync_creates_the_indexes_then_finds_no_drift() {
    let (_env, repo, _) = setup(4).await;
    // setup's call created both (checked here on a fresh server to see the report).
    let env2 = common::start().await;
    let fresh = Repo::<Product>::new(env2.client.clone());
    fresh.sync_schema().await.expect("sync schema");
    let first = fresh.sync_search_indexes().await.expect("first sync");
    assert_eq!(
        first.iter().map(|r| r.index.as_str()).collect::<Vec<_>>(),
        Product::SEARCH_INDEXES
    );
    assert_eq!(Product::SEARCH_INDEXES, ["catalog", "catalog_lite"]);
    for r in &first {
        assert!(r.created, "{r:?}");
        assert!(r.drift.is_empty(), "{r:?}");
        assert!(!r.ttl_updated, "{r:?}");
    }
    for repo in [&repo, &fresh] {
        let again = repo.sync_search_indexes().await.expect("second sync");
        assert_eq!(again.len(), 2);
        for r in &again {
            assert!(!r.created, "{r:?}");
            assert!(!r.ttl_updated, "{r:?}");
            assert!(
                r.drift.is_empty(),
                "an index created from the model has no drift: {:?}",
                r.drift.iter().map(ToString::to_string).collect::<Vec<_>>()
            );
        }
    }
}

#[tokio::test]
async fn typed_search_text_queries() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    assert_eq!(
        ids(&repo, f.name.matches("red chair")).await,
        expected(&all, |p| has_word(p, "red") || has_word(p, "chair"))
    );
    assert_eq!(
        ids(&repo, f.name.matches_all("red chair")).await,
        expected(&all, |p| has_word(p, "red") && has_word(p, "chair"))
    );
    assert_eq!(
        ids(&repo, f.name.matches_all("RED Chair")).await,
        expected(&all, |p| has_word(p, "red") && has_word(p, "chair")),
        "text is lower-cased by the default analyzer"
    );
    let phrase = ids(&repo, f.name.phrase("steel lamp")).await;
    assert!(!phrase.is_empty());
    assert_eq!(phrase, expected(&all, |p| has_phrase(p, "steel lamp")));
    assert_eq!(
        ids(&repo, f.name.phrase("lamp steel")).await,
        expected(&all, |p| has_phrase(p, "lamp steel"))
    );
    assert!(ids(&repo, f.name.phrase("lamp steel")).await.is_empty());
}

#[tokio::test]
async fn typed_search_exact_queries_on_keywords_arrays_numbers_and_booleans() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    assert_eq!(
        ids(&repo, f.category.term("office")).await,
        expected(&all, |p| p.category == "office")
    );
    let wanted = String::from("garden");
    assert_eq!(
        ids(&repo, f.category.term(&wanted)).await,
        expected(&all, |p| p.category == wanted)
    );
    assert_eq!(
        ids(&repo, f.category.terms(["office", "kitchen"])).await,
        expected(&all, |p| p.category == "office" || p.category == "kitchen")
    );
    assert_eq!(
        ids(&repo, f.tags.term("eco")).await,
        expected(&all, |p| p.tags.iter().any(|t| t == "eco")),
        "a term on an array matches any of its values"
    );
    assert_eq!(
        ids(&repo, f.tags.terms(["eco", "new"])).await,
        expected(&all, |p| p.tags.iter().any(|t| t == "eco" || t == "new"))
    );
    assert_eq!(
        ids(&repo, f.stock.term(0_i64)).await,
        expected(&all, |p| p.stock == 0)
    );
    assert_eq!(
        ids(&repo, f.stock.terms([0_i64, 11, 22])).await,
        expected(&all, |p| [0, 11, 22].contains(&p.stock))
    );
    assert_eq!(
        ids(&repo, f.in_stock.term(false)).await,
        expected(&all, |p| !p.in_stock)
    );
    let price = all[6].price;
    assert_eq!(
        ids(&repo, f.price.term(price)).await,
        expected(&all, |p| p.price == price)
    );
    assert_eq!(
        ids(&repo, f.sold.term(7_000_u64)).await,
        expected(&all, |p| p.sold == 7_000)
    );
    let day = all[9].released;
    assert_eq!(
        ids(&repo, f.released.term(day)).await,
        expected(&all, |p| p.released == day)
    );
    assert_eq!(
        ids(&repo, f.category.prefix("ga")).await,
        expected(&all, |p| p.category.starts_with("ga"))
    );
    assert_eq!(
        ids(&repo, f.tags.prefix("ne")).await,
        expected(&all, |p| p.tags.iter().any(|t| t.starts_with("ne")))
    );
    for pattern in ["*en*", "?a*", "k*n", "b?d*m"] {
        assert_eq!(
            ids(&repo, f.category.wildcard(pattern)).await,
            expected(&all, |p| wildcard(pattern, &p.category)),
            "wildcard {pattern}"
        );
    }
    assert_eq!(
        ids(&repo, f.tags.exists()).await,
        expected(&all, |p| !p.tags.is_empty()),
        "an empty array has no value"
    );
    assert_eq!(
        ids(&repo, f.reviews.any(|r| r.author.exists())).await,
        expected(&all, |p| !p.reviews.is_empty())
    );
    assert_eq!(ids(&repo, f.price.exists()).await, expected(&all, |_| true));
    assert_eq!(
        ids(&repo, search::SearchQuery::all()).await,
        expected(&all, |_| true)
    );
}

#[tokio::test]
async fn typed_search_ranges() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    assert_eq!(
        ids(&repo, f.price.range(20.0..40.0)).await,
        expected(&all, |p| (20.0..40.0).contains(&p.price))
    );
    assert_eq!(
        ids(&repo, f.price.range(..=30.0)).await,
        expected(&all, |p| p.price <= 30.0)
    );
    assert_eq!(
        ids(&repo, f.price.range(50.0..)).await,
        expected(&all, |p| p.price >= 50.0)
    );
    // Bounds that are stored values, so inclusive and exclusive differ.
    let (lo, hi) = (all[3].price, all[8].price);
    let (lo, hi) = (lo.min(hi), lo.max(hi));
    assert_eq!(
        ids(&repo, f.price.range(lo..=hi)).await,
        expected(&all, |p| (lo..=hi).contains(&p.price))
    );
    assert_eq!(
        ids(&repo, f.price.range(lo..hi)).await,
        expected(&all, |p| (lo..hi).contains(&p.price))
    );
    assert_eq!(
        ids(&repo, f.price.between(lo, hi)).await,
        expected(&all, |p| p.price >= lo && p.price <= hi)
    );
    assert_eq!(
        ids(&repo, f.stock.gt(25_i64)).await,
        expected(&all, |p| p.stock > 25)
    );
    assert_eq!(
        ids(&repo, f.stock.ge(25_i64)).await,
        expected(&all, |p| p.stock >= 25)
    );
    assert_eq!(
        ids(&repo, f.stock.lt(12_i64)).await,
        expected(&all, |p| p.stock < 12)
    );
    assert_eq!(
        ids(&repo, f.stock.le(12_i64)).await,
        expected(&all, |p| p.stock <= 12)
    );
    assert_eq!(
        ids(&repo, f.sold.between(5_000_u64, 12_000_u64)).await,
        expected(&all, |p| (5_000..=12_000).contains(&p.sold))
    );
    let (from, to) = (BASE_MS + 10 * DAY_MS, BASE_MS + 40 * DAY_MS);
    assert_eq!(
        ids(&repo, f.released.between(from, to)).await,
        expected(&all, |p| (from..=to).contains(&p.released))
    );
    assert_eq!(
        ids(&repo, f.released.range(from..to)).await,
        expected(&all, |p| (from..to).contains(&p.released))
    );
    assert_eq!(
        ids(&repo, f.released.gt(all[29].released)).await,
        expected(&all, |p| p.released > all[29].released)
    );
    assert_eq!(
        ids(&repo, f.category.range("garden".."office")).await,
        expected(&all, |p| ("garden".."office").contains(&p.category.as_str())),
        "keyword ranges compare bytes"
    );
    assert_eq!(
        ids(&repo, f.category.ge("kitchen")).await,
        expected(&all, |p| p.category.as_str() >= "kitchen")
    );
    assert_eq!(
        ids(&repo, f.reviews.any(|r| r.stars.between(2_i64, 3_i64))).await,
        expected(&all, |p| p.reviews.iter().any(|r| (2..=3).contains(&r.stars)))
    );
}

#[tokio::test]
async fn typed_search_bool_queries_and_operators() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    let sale = |p: &Product| p.tags.iter().any(|t| t == "sale");
    let new = |p: &Product| p.tags.iter().any(|t| t == "new");
    let eco = |p: &Product| p.tags.iter().any(|t| t == "eco");

    let q = search::bool()
        .must(f.name.matches("chair table"))
        .filter(f.price.lt(60.0))
        .must_not(f.in_stock.term(false))
        .should(f.tags.term("sale"))
        .should(f.tags.term("new"))
        .minimum_should_match(1);
    assert_eq!(
        ids(&repo, q).await,
        expected(&all, |p| (has_word(p, "chair") || has_word(p, "table"))
            && p.price < 60.0
            && p.in_stock
            && (sale(p) || new(p)))
    );

    let two_of_three = search::bool()
        .should(f.tags.term("sale"))
        .should(f.tags.term("new"))
        .should(f.tags.term("eco"))
        .minimum_should_match(2);
    assert_eq!(
        ids(&repo, two_of_three).await,
        expected(&all, |p| [sale(p), new(p), eco(p)].iter().filter(|b| **b).count()
            >= 2)
    );

    // Should clauses alone: at least one must match.
    let either = search::SearchQuery::bool()
        .should(f.category.term("office"))
        .should(f.stock.term(0_i64));
    assert_eq!(
        ids(&repo, either).await,
        expected(&all, |p| p.category == "office" || p.stock == 0)
    );

    // With a must clause, should clauses only score (minimum_should_match unset: 0).
    let must_and_should = search::bool()
        .must(f.category.term("office"))
        .should(f.stock.term(0_i64));
    assert_eq!(
        ids(&repo, must_and_should).await,
        expected(&all, |p| p.category == "office")
    );

    let only_filter = search::bool()
        .filter(f.in_stock.term(true))
        .filter(f.price.ge(30.0));
    assert_eq!(
        ids(&repo, only_filter).await,
        expected(&all, |p| p.in_stock && p.price >= 30.0)
    );

    let only_not = search::bool().must_not(f.category.term("office"));
    assert_eq!(
        ids(&repo, only_not).await,
        expected(&all, |p| p.category != "office")
    );

    assert_eq!(
        ids(&repo, f.category.term("office") & f.price.gt(30.0)).await,
        expected(&all, |p| p.category == "office" && p.price > 30.0)
    );
    assert_eq!(
        ids(&repo, f.category.term("office") | f.tags.term("eco")).await,
        expected(&all, |p| p.category == "office" || eco(p))
    );
    assert_eq!(
        ids(&repo, !f.in_stock.term(true)).await,
        expected(&all, |p| !p.in_stock)
    );
    assert_eq!(
        ids(
            &repo,
            !(f.category.term("office") | f.category.term("garden")) & f.tags.exists()
        )
        .await,
        expected(&all, |p| p.category != "office"
            && p.category != "garden"
            && !p.tags.is_empty())
    );
    assert_eq!(
        ids(
            &repo,
            (f.name.matches("lamp") & !f.tags.term("sale")) | f.stock.ge(45_i64)
        )
        .await,
        expected(&all, |p| (has_word(p, "lamp") && !sale(p)) || p.stock >= 45)
    );
    assert_eq!(
        ids(&repo, !!f.tags.term("new")).await,
        expected(&all, new),
        "a double negation"
    );
    // A bool query nested in another, and one used where a query is taken.
    let inner = search::bool()
        .should(f.tags.term("eco"))
        .should(f.tags.term("new"));
    let outer = search::bool()
        .must(inner)
        .must(f.reviews.any(|r| r.stars.ge(3_i64)));
    assert_eq!(
        ids(&repo, outer).await,
        expected(&all, |p| (eco(p) || new(p))
            && p.reviews.iter().any(|r| r.stars >= 3))
    );
}

#[tokio::test]
async fn typed_search_scores_boost_and_constant_score() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();

    // Two words: rows with both rank above rows with one.
    let search = Search::new(f.name.matches("red chair")).sort(SearchSort::score());
    let page = repo.search_page(search, 100, None).await.expect("page");
    let both: BTreeSet<i64> = expected(&all, |p| has_word(p, "red") && has_word(p, "chair"))
        .into_iter()
        .collect();
    assert!(!both.is_empty());
    let got: Vec<i64> = page.items.iter().map(|p| p.id).collect();
    let first: BTreeSet<i64> = got[..both.len()].iter().copied().collect();
    assert_eq!(first, both, "rows with both words first: {got:?}");
    assert!(
        page.scores.windows(2).all(|w| w[0] >= w[1]),
        "sorted by score: {:?}",
        page.scores
    );
    assert!(page.scores.iter().all(|s| *s > 0.0));
    assert_eq!(
        got.iter().copied().collect::<BTreeSet<_>>(),
        expected(&all, |p| has_word(p, "red") || has_word(p, "chair"))
            .into_iter()
            .collect()
    );

    // A boost puts every row matching the boosted clause first.
    let boosted = f.name.matches("lamp").boost(100.0) | f.name.matches("red");
    let got = ids_in_order(&repo, Search::new(boosted).sort(SearchSort::score())).await;
    let lamps: BTreeSet<i64> = expected(&all, |p| has_word(p, "lamp")).into_iter().collect();
    assert_eq!(
        got[..lamps.len()].iter().copied().collect::<BTreeSet<_>>(),
        lamps,
        "boosted lamps first: {got:?}"
    );
    // The other way round.
    let boosted = f.name.matches("lamp") | f.name.matches("red").boost(100.0);
    let got = ids_in_order(&repo, Search::new(boosted).sort(SearchSort::score())).await;
    let reds: BTreeSet<i64> = expected(&all, |p| has_word(p, "red")).into_iter().collect();
    assert_eq!(
        got[..reds.len()].iter().copied().collect::<BTreeSet<_>>(),
        reds,
        "boosted reds first: {got:?}"
    );

    // A constant score: every match scores the same.
    let search = Search::new(f.name.matches("red chair").constant_score()).sort(SearchSort::score());
    let page = repo.search_page(search, 100, None).await.expect("page");
    assert_eq!(
        page.items.iter().map(|p| p.id).collect::<BTreeSet<_>>(),
        expected(&all, |p| has_word(p, "red") || has_word(p, "chair"))
            .into_iter()
            .collect()
    );
    assert!(
        page.scores.windows(2).all(|w| (w[0] - w[1]).abs() < 1e-9),
        "constant scores: {:?}",
        page.scores
    );
}

#[tokio::test]
async fn typed_search_geo_queries_and_nearest_sort() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    let center = GeoPoint::new(30.237, 120.418);
    let distances: Vec<f64> = all.iter().map(|p| meters(p.location, center)).collect();

    let r = clear_radius(&distances, 0.3);
    assert_eq!(
        ids(&repo, f.location.within_meters(center, r)).await,
        expected(&all, |p| meters(p.location, center) <= r)
    );
    let r = clear_radius(&distances, 0.6);
    assert_eq!(
        ids(&repo, f.location.within_km(center, r / 1000.0)).await,
        expected(&all, |p| meters(p.location, center) <= r)
    );
    assert!(!ids(&repo, f.location.within_km(center, r / 1000.0))
        .await
        .is_empty());

    let (top_left, bottom_right) = (GeoPoint::new(30.43, 120.23), GeoPoint::new(30.07, 120.77));
    let in_box = |p: &Product| {
        p.location.lat <= top_left.lat
            && p.location.lat >= bottom_right.lat
            && p.location.lon >= top_left.lon
            && p.location.lon <= bottom_right.lon
    };
    let boxed = ids(&repo, f.location.in_box(top_left, bottom_right)).await;
    assert!(!boxed.is_empty());
    assert_eq!(boxed, expected(&all, in_box));

    let triangle = [
        GeoPoint::new(30.05, 120.05),
        GeoPoint::new(30.55, 120.47),
        GeoPoint::new(30.05, 120.93),
    ];
    let inside = ids(&repo, f.location.in_polygon(triangle)).await;
    assert!(!inside.is_empty());
    assert_eq!(inside, expected(&all, |p| in_polygon(p.location, &triangle)));

    // Nearest first, over every row and among the matches of a query.
    let mut by_distance: Vec<(f64, i64)> = all.iter().map(|p| (meters(p.location, center), p.id)).collect();
    by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(
        ids_in_order(
            &repo,
            Search::new(search::SearchQuery::all()).sort(f.location.nearest(center))
        )
        .await,
        by_distance.iter().map(|d| d.1).collect::<Vec<_>>()
    );
    let in_stock: BTreeSet<i64> = expected(&all, |p| p.in_stock).into_iter().collect();
    assert_eq!(
        ids_in_order(
            &repo,
            Search::new(f.in_stock.term(true)).sort(f.location.nearest(center))
        )
        .await,
        by_distance
            .iter()
            .map(|d| d.1)
            .filter(|id| in_stock.contains(id))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn typed_search_knn_and_knn_where() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    let query = [2.0_f32, -1.0, 1.5, 1.0];

    let everyone: Vec<&Product> = all.iter().collect();
    let want = nearest(&everyone, &query, 5);
    let page = repo
        .search_page(
            Search::new(f.embedding.knn(query, 5)).sort(SearchSort::score()),
            100,
            None,
        )
        .await
        .expect("knn");
    assert_eq!(
        page.items.iter().map(|p| p.id).collect::<Vec<_>>(),
        want.iter().map(|w| w.0).collect::<Vec<_>>()
    );
    for (score, (_, want)) in page.scores.iter().zip(&want) {
        assert!(
            (score - want).abs() < 1e-4,
            "score {score} vs (1 + cos) / 2 = {want}"
        );
    }
    // As a vector Vec, through the stream.
    assert_eq!(
        ids_in_order(
            &repo,
            Search::new(f.embedding.knn(query.to_vec(), 3)).sort(SearchSort::score())
        )
        .await,
        want[..3].iter().map(|w| w.0).collect::<Vec<_>>()
    );

    // Nearest among the rows in stock and in the office or the kitchen.
    let filter = f.in_stock.term(true) & f.category.terms(["office", "kitchen"]);
    let candidates: Vec<&Product> = all
        .iter()
        .filter(|p| p.in_stock && (p.category == "office" || p.category == "kitchen"))
        .collect();
    let want = nearest(&candidates, &query, 4);
    assert_eq!(
        ids_in_order(
            &repo,
            Search::new(f.embedding.knn_where(query, 4, filter)).sort(SearchSort::score())
        )
        .await,
        want.iter().map(|w| w.0).collect::<Vec<_>>()
    );

    // knn inside a bool query, with a filter beside it.
    let q = search::bool()
        .must(f.embedding.knn(query, 10))
        .filter(f.price.gt(30.0));
    let top10 = nearest(&everyone, &query, 10);
    let mut want: Vec<i64> = top10
        .iter()
        .map(|w| w.0)
        .filter(|id| all.iter().any(|p| p.id == *id && p.price > 30.0))
        .collect();
    want.sort_unstable();
    assert_eq!(ids(&repo, q).await, want, "the top 10, then the price filter");
}

#[tokio::test]
async fn typed_search_nested_any() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    assert_eq!(
        ids(&repo, f.reviews.any(|r| r.stars.ge(4_i64) & r.author.term("ann"))).await,
        expected(&all, |p| p
            .reviews
            .iter()
            .any(|r| r.stars >= 4 && r.author == "ann")),
        "one review with both"
    );
    let separately = f.reviews.any(|r| r.stars.ge(4_i64)) & f.reviews.any(|r| r.author.term("ann"));
    assert_eq!(
        ids(&repo, separately).await,
        expected(&all, |p| p.reviews.iter().any(|r| r.stars >= 4)
            && p.reviews.iter().any(|r| r.author == "ann"))
    );
    assert_ne!(
        expected(&all, |p| p
            .reviews
            .iter()
            .any(|r| r.stars >= 4 && r.author == "ann")),
        expected(&all, |p| p.reviews.iter().any(|r| r.stars >= 4)
            && p.reviews.iter().any(|r| r.author == "ann")),
        "the data tells the two apart"
    );
    assert_eq!(
        ids(
            &repo,
            f.reviews
                .any(|r| r.author.terms(["bob", "dee"]) & !r.stars.term(5_i64))
        )
        .await,
        expected(&all, |p| p
            .reviews
            .iter()
            .any(|r| (r.author == "bob" || r.author == "dee") && r.stars != 5))
    );
    assert_eq!(
        ids(
            &repo,
            !f.reviews.any(|r| r.stars.le(2_i64)) & f.category.term("garden")
        )
        .await,
        expected(&all, |p| !p.reviews.iter().any(|r| r.stars <= 2)
            && p.category == "garden")
    );
    assert_eq!(
        f.reviews.any(|r| r.stars.exists()).clone(),
        f.reviews.any(|r| r.stars.exists())
    );
    assert_eq!(f.reviews.name(), "reviews");
    assert_eq!(
        <Review as ots::search::SearchDocument>::search_fields("reviews", 1)
            .stars
            .name(),
        "reviews.stars"
    );
}

#[tokio::test]
async fn typed_search_sorts() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    let order = |mut v: Vec<&Product>, cmp: &dyn Fn(&Product, &Product) -> std::cmp::Ordering| {
        v.sort_by(|a, b| cmp(a, b));
        v.into_iter().map(|p| p.id).collect::<Vec<_>>()
    };
    let every: Vec<&Product> = all.iter().collect();
    let all_q = search::SearchQuery::<Product>::all;

    assert_eq!(
        ids_in_order(&repo, all_q()).await,
        order(every.clone(), &|a, b| a.id.cmp(&b.id)),
        "without a sort: the index presort, the primary key"
    );
    assert_eq!(
        ids_in_order(&repo, Search::new(all_q()).sort(f.price.asc())).await,
        order(every.clone(), &|a, b| a.price.total_cmp(&b.price))
    );
    assert_eq!(
        ids_in_order(&repo, Search::new(all_q()).sort(f.price.desc())).await,
        order(every.clone(), &|a, b| b.price.total_cmp(&a.price))
    );
    assert_eq!(
        ids_in_order(
            &repo,
            Search::new(all_q())
                .sort(f.category.asc())
                .sort(f.stock.desc())
                .sort(SearchSort::primary_key())
        )
        .await,
        order(every.clone(), &|a, b| a
            .category
            .cmp(&b.category)
            .then(b.stock.cmp(&a.stock))
            .then(a.id.cmp(&b.id))),
        "three keys, ties broken by the next"
    );
    assert_eq!(
        ids_in_order(
            &repo,
            Search::new(all_q())
                .sort(f.in_stock.asc())
                .sort(SearchSort::primary_key_desc())
        )
        .await,
        order(every.clone(), &|a, b| a
            .in_stock
            .cmp(&b.in_stock)
            .then(b.id.cmp(&a.id)))
    );
    assert_eq!(
        ids_in_order(&repo, Search::new(all_q()).sort(SearchSort::primary_key_desc())).await,
        order(every.clone(), &|a, b| b.id.cmp(&a.id))
    );
    assert_eq!(
        ids_in_order(&repo, Search::new(all_q()).sort(SearchSort::primary_key())).await,
        order(every.clone(), &|a, b| a.id.cmp(&b.id))
    );
    assert_eq!(
        ids_in_order(
            &repo,
            Search::new(f.category.term("office")).sort(f.released.desc())
        )
        .await,
        order(
            every.iter().copied().filter(|p| p.category == "office").collect(),
            &|a, b| b.released.cmp(&a.released)
        )
    );
    assert_eq!(
        ids_in_order(&repo, Search::new(all_q()).sort(f.sold.desc())).await,
        order(every.clone(), &|a, b| b.sold.cmp(&a.sold))
    );
    // The second index presorts by price, largest first.
    assert_eq!(
        ids_in_order(&repo, Search::new(all_q()).in_index("catalog_lite")).await,
        order(every.clone(), &|a, b| b.price.total_cmp(&a.price)),
        "catalog_lite's presort"
    );
}

#[tokio::test]
async fn typed_search_stream_crosses_pages() {
    // More matches than the stream's page of 100 rows.
    let (_env, repo, all) = setup(230).await;
    let f = Product::search_fields();
    let got = ids_in_order(&repo, f.stock.ge(0_i64)).await;
    assert_eq!(got, expected(&all, |_| true));
    assert!(got.len() > 200);

    let mut by_price: Vec<&Product> = all.iter().filter(|p| p.in_stock).collect();
    by_price.sort_by(|a, b| b.price.total_cmp(&a.price));
    let want: Vec<i64> = by_price.iter().map(|p| p.id).collect();
    assert!(want.len() > 100);
    assert_eq!(
        ids_in_order(&repo, Search::new(f.in_stock.term(true)).sort(f.price.desc())).await,
        want,
        "a sorted stream keeps its order across pages"
    );
    let models: Vec<Product> = repo
        .search(f.tags.term("eco"))
        .try_collect()
        .await
        .expect("models");
    let want: Vec<Product> = all
        .iter()
        .filter(|p| p.tags.iter().any(|t| t == "eco"))
        .cloned()
        .collect();
    assert_eq!(models, want, "whole models come back");

    // A page asks for at most 100 rows.
    let page = repo
        .search_page(search::SearchQuery::all(), 500, None)
        .await
        .expect("page of 500");
    assert_eq!(page.items.len(), 100);
    assert_eq!(page.total, all.len() as u64);
    assert!(page.next.is_some());
}

#[tokio::test]
async fn typed_search_page_follows_tokens_to_the_end() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();

    let want = expected(&all, |p| p.price > 20.0);
    let search = Search::new(f.price.gt(20.0));
    let mut seen = Vec::new();
    let mut after: Option<SearchToken> = None;
    let mut pages = 0;
    loop {
        let page = repo
            .search_page(search.clone(), 7, after.take())
            .await
            .expect("page");
        pages += 1;
        assert_eq!(page.total, want.len() as u64, "every page has the total");
        assert!(page.items.len() <= 7);
        assert_eq!(page.scores.len(), page.items.len());
        seen.extend(page.items.iter().map(|p| p.id));
        match page.next {
            Some(t) => after = Some(t),
            None => break,
        }
        assert!(pages < 20, "the pages end");
    }
    let unique: BTreeSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "no row twice: {seen:?}");
    assert_eq!(seen, want, "all of them, in key order");
    assert!(pages >= want.len().div_ceil(7));

    // Sorted, with the token serialized to JSON and read back between pages.
    let mut by_price: Vec<&Product> = all.iter().filter(|p| p.in_stock).collect();
    by_price.sort_by(|a, b| a.price.total_cmp(&b.price));
    let want: Vec<i64> = by_price.iter().map(|p| p.id).collect();
    let search = Search::new(f.in_stock.term(true)).sort(f.price.asc());
    let mut seen = Vec::new();
    let mut after: Option<SearchToken> = None;
    loop {
        let page = repo
            .search_page(search.clone(), 5, after.take())
            .await
            .expect("page");
        assert_eq!(page.total, want.len() as u64);
        seen.extend(page.items.iter().map(|p| p.id));
        let Some(token) = page.next else { break };
        let json = serde_json::to_string(&token).expect("token to json");
        assert!(json.starts_with('"'), "a token is a JSON string: {json}");
        let back: SearchToken = serde_json::from_str(&json).expect("token from json");
        assert_eq!(back, token);
        let parsed: SearchToken = token.as_str().parse().expect("token from text");
        assert_eq!(parsed, token);
        after = Some(back);
    }
    assert_eq!(seen, want, "sorted pages in order");

    // A size of 0 is served as 1 (above 100: see typed_search_stream_crosses_pages).
    let page = repo
        .search_page(search::SearchQuery::all(), 0, None)
        .await
        .expect("page of 0");
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.total, all.len() as u64);
    assert!(page.next.is_some());

    // A token that is not base64 of anything is refused before sending.
    let bad: Result<SearchToken, _> = serde_json::from_str("\"***\"");
    assert!(bad.is_err());
    let bad: Result<SearchToken, _> = "".parse::<SearchToken>();
    assert_eq!(bad.expect_err("empty token").kind(), ErrorKind::Construction);
}

#[tokio::test]
async fn typed_search_in_index_and_construction_errors() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();

    // The second index answers for its own fields.
    let lite = Search::new(f.category.term("office") & f.stock.gt(10_i64)).in_index("catalog_lite");
    assert_eq!(lite.index(), "catalog_lite");
    assert_eq!(
        ids(&repo, lite).await,
        expected(&all, |p| p.category == "office" && p.stock > 10)
    );
    assert_eq!(Search::new(f.category.term("x")).index(), "catalog");

    // Fields catalog_lite does not hold: refused before sending.
    let refused = [
        Search::new(f.location.within_km(GeoPoint::new(30.2, 120.2), 10.0)).in_index("catalog_lite"),
        Search::new(f.embedding.knn([1.0_f32, 0.0, 0.0, 0.0], 3)).in_index("catalog_lite"),
        Search::new(f.reviews.any(|r| r.stars.ge(1_i64))).in_index("catalog_lite"),
        Search::new(f.category.term("office") | f.reviews.any(|r| r.author.term("ann")))
            .in_index("catalog_lite"),
        Search::new(f.category.term("office"))
            .sort(f.location.nearest(GeoPoint::new(30.0, 120.0)))
            .in_index("catalog_lite"),
        Search::new(f.category.term("office")).in_index("no_such_index"),
        // A u64 above i64::MAX cannot be stored, so no row holds it.
        Search::new(f.sold.term(u64::MAX)),
        Search::new(f.sold.gt(i64::MAX as u64 + 1)),
        Search::new(f.sold.range(0_u64..u64::MAX)),
        Search::new(f.sold.terms([1_u64, u64::MAX])),
        Search::new(f.category.term("office") & !f.sold.between(0_u64, u64::MAX)),
        Search::new(
            f.embedding
                .knn_where([1.0_f32, 0.0, 0.0, 0.0], 3, f.sold.le(u64::MAX)),
        ),
    ];
    for search in refused {
        let what = format!("{search:?}");
        let e = repo
            .search(search.clone())
            .try_collect::<Vec<_>>()
            .await
            .expect_err(&what);
        assert_eq!(e.kind(), ErrorKind::Construction, "{what}: {e}");
        let e = repo.search_page(search.clone(), 10, None).await.expect_err(&what);
        assert_eq!(e.kind(), ErrorKind::Construction, "{what}: {e}");
        let e = repo.scan(search).try_collect::<Vec<_>>().await.expect_err(&what);
        assert_eq!(e.kind(), ErrorKind::Construction, "{what}: {e}");
    }
    let e = f.sold.term(u64::MAX).into_query().expect_err("u64::MAX");
    assert_eq!(e.kind(), ErrorKind::Construction);
    assert!(f.sold.term(7_u64).into_query().is_ok());
}

#[tokio::test]
async fn typed_search_scan_yields_the_matches() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    let mut got: Vec<Product> = repo
        .scan(f.price.lt(50.0) | f.tags.term("eco"))
        .try_collect()
        .await
        .expect("scan");
    got.sort_by_key(|p| p.id);
    let want: Vec<Product> = all
        .iter()
        .filter(|p| p.price < 50.0 || p.tags.iter().any(|t| t == "eco"))
        .cloned()
        .collect();
    assert_eq!(got, want, "whole models, each once");

    let mut everyone: Vec<i64> = repo
        .scan(search::SearchQuery::all())
        .map_ok(|p| p.id)
        .try_collect()
        .await
        .expect("scan all");
    everyone.sort_unstable();
    assert_eq!(everyone, expected(&all, |_| true));

    let lite: Vec<Product> = repo
        .scan(Search::new(f.category.term("garden")).in_index("catalog_lite"))
        .try_collect()
        .await
        .expect("scan lite");
    assert_eq!(
        lite.iter().map(|p| p.id).collect::<BTreeSet<_>>(),
        expected(&all, |p| p.category == "garden").into_iter().collect()
    );

    // A scan has no order and no aggregations.
    let mut sorted = Box::pin(repo.scan(Search::new(f.in_stock.term(true)).sort(f.price.asc())));
    let first = sorted.next().await.expect("an item");
    assert_eq!(first.expect_err("sorted scan").kind(), ErrorKind::Construction);
    let mut aggregated =
        Box::pin(repo.scan(Search::new(f.in_stock.term(true)).aggregate(&search::avg(&f.price))));
    let first = aggregated.next().await.expect("an item");
    assert_eq!(first.expect_err("scan with agg").kind(), ErrorKind::Construction);
    let mut grouped =
        Box::pin(repo.scan(Search::new(f.in_stock.term(true)).group_by(&f.category.group_by())));
    let first = grouped.next().await.expect("an item");
    assert_eq!(
        first.expect_err("scan with group-by").kind(),
        ErrorKind::Construction
    );
}

#[tokio::test]
async fn typed_search_through_the_object_safe_trait() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    let dyn_repo: Arc<dyn Repository<Product>> = Arc::new(repo.clone());
    let got: Vec<i64> = dyn_repo
        .search(Search::new(f.category.term("kitchen")).sort(f.price.desc()))
        .map_ok(|p| p.id)
        .try_collect()
        .await
        .expect("search");
    let mut want: Vec<&Product> = all.iter().filter(|p| p.category == "kitchen").collect();
    want.sort_by(|a, b| b.price.total_cmp(&a.price));
    assert_eq!(got, want.iter().map(|p| p.id).collect::<Vec<_>>());

    let page = dyn_repo
        .search_page(Search::new(f.in_stock.term(false)), 3, None)
        .await
        .expect("page");
    assert_eq!(page.total, expected(&all, |p| !p.in_stock).len() as u64);
    let rest = dyn_repo
        .search_page(Search::new(f.in_stock.term(false)), 100, page.next.clone())
        .await
        .expect("rest");
    let mut seen: Vec<i64> = page.items.iter().chain(&rest.items).map(|p| p.id).collect();
    seen.sort_unstable();
    assert_eq!(seen, expected(&all, |p| !p.in_stock));

    let scanned: Vec<Product> = dyn_repo
        .scan(Search::new(f.stock.term(0_i64)))
        .try_collect()
        .await
        .expect("scan");
    assert_eq!(
        scanned.iter().map(|p| p.id).collect::<BTreeSet<_>>(),
        expected(&all, |p| p.stock == 0).into_iter().collect()
    );
    let e = dyn_repo
        .search(Search::new(f.sold.term(u64::MAX)))
        .try_collect::<Vec<_>>()
        .await
        .expect_err("u64::MAX");
    assert_eq!(e.kind(), ErrorKind::Construction);
}

/// An index created by hand, differing from the model: the sync reports every difference,
/// creates the index that is missing and drops nothing.
#[tokio::test]
async fn typed_search_sync_reports_drift_and_drops_nothing() {
    let env = common::start().await;
    let repo = Repo::<Product>::new(env.client.clone());
    repo.sync_schema().await.expect("sync schema");

    let model = Product::search_index_requests();
    assert_eq!(model.len(), 2);
    let mut hand = model[0].clone();
    assert_eq!(hand.index, "catalog");
    // price missing, name a keyword instead of text, an extra field.
    hand.fields.retain(|f| f.name != "price");
    for field in &mut hand.fields {
        if field.name == "name" {
            *field = FieldSchema::keyword("name");
        }
    }
    hand.fields.push(FieldSchema::keyword("legacy"));
    env.client
        .create_search_index(hand.clone())
        .await
        .expect("create by hand");

    let reports = repo.sync_search_indexes().await.expect("sync");
    assert_eq!(reports.len(), 2);
    let (catalog, lite) = (&reports[0], &reports[1]);
    assert_eq!(catalog.index, "catalog");
    assert!(!catalog.created);
    assert!(!catalog.ttl_updated);
    assert_eq!(catalog.drift.len(), 3, "{:?}", catalog.drift);
    match &catalog.drift[0] {
        SearchIndexDrift::FieldChanged { index, model } => {
            assert_eq!(index.name, "name");
            assert_eq!(index.field_type, FieldType::Keyword);
            assert_eq!(model.field_type, FieldType::Text);
        }
        other => panic!("expected name changed: {other:?}"),
    }
    assert_eq!(
        catalog.drift[1],
        SearchIndexDrift::MissingField {
            field: "price".into()
        }
    );
    assert_eq!(
        catalog.drift[2],
        SearchIndexDrift::ExtraField {
            field: "legacy".into()
        }
    );
    for d in &catalog.drift {
        assert!(!d.to_string().is_empty());
    }
    assert_eq!(lite.index, "catalog_lite");
    assert!(lite.created, "the missing index is created: {lite:?}");
    assert!(lite.drift.is_empty());

    // Nothing was dropped or changed: the index still has the hand-made schema.
    let have = env
        .client
        .describe_search_index(DescribeSearchIndexRequest::new(Product::TABLE, "catalog"))
        .await
        .expect("describe");
    let names: BTreeSet<&str> = have.fields.iter().map(|f| f.name.as_str()).collect();
    assert!(names.contains("legacy"));
    assert!(!names.contains("price"));
    assert_eq!(
        have.fields
            .iter()
            .find(|f| f.name == "name")
            .map(|f| f.field_type),
        Some(FieldType::Keyword)
    );
    // A second sync reports the same and creates nothing.
    let again = repo.sync_search_indexes().await.expect("sync again");
    assert_eq!(again[0].drift, catalog.drift);
    assert!(!again[0].created && !again[1].created);
    assert!(again[1].drift.is_empty());

    // A field indexed with other options (sort-and-agg off) is a changed field too.
    let mut other = model[1].clone();
    other.index = "catalog_lite".into();
    env.client
        .delete_search_index(ots::ops::search::index::DeleteSearchIndexRequest::new(
            Product::TABLE,
            "catalog_lite",
        ))
        .await
        .expect("delete lite");
    for field in &mut other.fields {
        if field.name == "stock" {
            field.sort_and_agg = Some(false);
        }
        if field.name == "in_stock" {
            field.field_type = FieldType::Keyword;
        }
        // Options the model leaves at their defaults still count: not indexed, another analyzer.
        if field.name == "category" {
            field.index = Some(false);
        }
        if field.name == "name" {
            field.analyzer = Some(ots::ops::search::index::Analyzer::Split { delimiter: None });
        }
    }
    env.client
        .create_search_index(other)
        .await
        .expect("create lite by hand");
    let reports = repo.sync_search_indexes().await.expect("sync");
    let changed: Vec<&str> = reports[1]
        .drift
        .iter()
        .map(|d| match d {
            SearchIndexDrift::FieldChanged { model, .. } => model.name.as_str(),
            other => panic!("only changed fields: {other:?}"),
        })
        .collect();
    let mut changed = changed;
    changed.sort_unstable();
    assert_eq!(changed, ["category", "in_stock", "name", "stock"]);

    // A different presort and routing: reported, not changed.
    env.client
        .delete_search_index(ots::ops::search::index::DeleteSearchIndexRequest::new(
            Product::TABLE,
            "catalog_lite",
        ))
        .await
        .expect("delete lite");
    let mut other = model[1].clone();
    assert!(!other.index_sort.is_empty(), "the model presorts catalog_lite");
    other.index_sort.clear();
    other.routing_fields = vec!["id".into()];
    env.client
        .create_search_index(other)
        .await
        .expect("create lite by hand");
    let reports = repo.sync_search_indexes().await.expect("sync");
    let drift = &reports[1].drift;
    assert_eq!(drift.len(), 2, "{drift:?}");
    assert!(
        matches!(&drift[0], SearchIndexDrift::IndexSort { model, .. } if *model == model_sort(&Product::search_index_requests()[1])),
        "{drift:?}"
    );
    assert_eq!(
        drift[1],
        SearchIndexDrift::Routing {
            index: vec!["id".into()],
            model: Vec::new()
        }
    );
}

fn model_sort(
    req: &ots::ops::search::index::CreateSearchIndexRequest,
) -> Vec<ots::ops::search::index::IndexSorter> {
    req.index_sort.clone()
}

#[tokio::test]
async fn typed_search_odds_and_ends() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();

    // A stream ignores aggregations and still yields the rows.
    let got: Vec<i64> = repo
        .search(Search::new(f.category.term("office")).aggregate(&search::avg(&f.price)))
        .map_ok(|p| p.id)
        .try_collect()
        .await
        .expect("stream with an aggregation");
    assert_eq!(got, expected(&all, |p| p.category == "office"));

    // An untyped query wrapped as a typed one.
    let untyped = ots::ops::search::query::Query::term("category", "garden");
    assert_eq!(
        ids(&repo, search::SearchQuery::from_untyped(untyped)).await,
        expected(&all, |p| p.category == "garden")
    );

    // A token continues only the search it came from.
    let page = repo
        .search_page(f.category.term("office"), 2, None)
        .await
        .expect("page");
    let token = page.next.expect("more pages");
    let e = repo
        .search_page(f.category.term("garden"), 2, Some(token))
        .await
        .expect_err("a token of another query");
    assert!(e.is_invalid_parameter(), "{e}");

    // Arrays sort by their smallest value ascending; rows without a value come last.
    assert_eq!(
        ids_in_order(
            &repo,
            Search::new(search::SearchQuery::all())
                .sort(f.tags.asc())
                .sort(SearchSort::primary_key())
        )
        .await,
        by_tags(&all, false)
    );
    // Group-by on a date field: keys read as the field's i64 milliseconds.
    let by_day = f.released.group_by().by_key().size(5);
    let page = repo
        .search_page(Search::new(search::SearchQuery::all()).group_by(&by_day), 1, None)
        .await
        .expect("page");
    let mut days: Vec<i64> = all.iter().map(|p| p.released).collect();
    days.sort_unstable();
    assert_eq!(
        page.aggs
            .groups(&by_day)
            .expect("date keys")
            .into_iter()
            .map(|g| (g.key, g.count))
            .collect::<Vec<_>>(),
        days[..5].iter().map(|d| (*d, 1)).collect::<Vec<_>>()
    );
}

/// `desc()` sorts arrays by their largest value (it sends mode MAX; without a mode the service
/// takes the smallest value, which is what the runtime did before main's 2f5a5b1).
#[tokio::test]
async fn typed_search_desc_sort_on_an_array_uses_the_largest_value() {
    let (_env, repo, all) = setup(40).await;
    let f = Product::search_fields();
    assert_eq!(
        ids_in_order(
            &repo,
            Search::new(search::SearchQuery::all())
                .sort(f.tags.desc())
                .sort(SearchSort::primary_key())
        )
        .await,
        by_tags(&all, true)
    );
}

/// Ids in the order of a sort by the tags array, ties by id: ascending by each row's smallest
/// tag, or descending by its largest; rows without tags last.
fn by_tags(all: &[Product], descending: bool) -> Vec<i64> {
    let mut want: Vec<&Product> = all.iter().collect();
    want.sort_by(|a, b| {
        let key = |p: &Product| {
            if descending {
                p.tags.iter().max().cloned()
            } else {
                p.tags.iter().min().cloned()
            }
        };
        let order = match (key(a), key(b)) {
            (Some(x), Some(y)) if descending => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        order.then(a.id.cmp(&b.id))
    });
    want.iter().map(|p| p.id).collect()
}

/// The service weighs only some query types; a boost on another is refused before sending
/// (it was silently dropped before main's 2f5a5b1).
#[tokio::test]
async fn typed_search_boost_on_a_query_without_a_weight_is_refused() {
    let (_env, repo, all) = setup(10).await;
    let f = Product::search_fields();
    let here = GeoPoint::new(30.0, 120.0);
    let refused = [
        ("range", f.price.gt(10.0).boost(5.0)),
        ("exists", f.tags.exists().boost(5.0)),
        ("bool", (f.tags.term("a") | f.tags.term("b")).boost(5.0)),
        ("not", (!f.tags.term("a")).boost(5.0)),
        ("constant_score", f.tags.term("a").constant_score().boost(5.0)),
        ("geo", f.location.within_km(here, 1.0).boost(5.0)),
        ("all", search::SearchQuery::all().boost(5.0)),
        (
            "inside a bool",
            search::bool()
                .should(f.price.lt(10.0).boost(2.0))
                .should(f.tags.term("eco"))
                .into(),
        ),
    ];
    for (what, q) in refused {
        let e = q.clone().into_query().expect_err(what);
        assert_eq!(e.kind(), ErrorKind::Construction, "{what}: {e}");
        let e = repo.search_page(q, 10, None).await.expect_err(what);
        assert_eq!(e.kind(), ErrorKind::Construction, "{what}: {e}");
    }
    // Boosts on the query types that carry a weight are sent.
    let weighed = [
        f.name.matches("red").boost(2.0),
        f.name.phrase("red oak").boost(2.0),
        f.category.term("office").boost(2.0),
        f.category.terms(["office"]).boost(2.0),
        f.category.prefix("off").boost(2.0),
        f.category.wildcard("off*").boost(2.0),
        f.reviews.any(|r| r.stars.ge(1_i64)).boost(2.0),
        f.embedding.knn([1.0_f32, 0.0, 0.0, 0.0], 3).boost(2.0),
    ];
    for q in weighed {
        let what = format!("{q:?}");
        assert!(q.clone().into_query().is_ok(), "{what}");
        repo.search_page(q, 10, None).await.expect(&what);
    }
    assert!(!all.is_empty());
}

/// Values the handles cannot check at compile time: the service refuses them.
#[tokio::test]
async fn typed_search_values_the_service_refuses() {
    let (_env, repo, _all) = setup(10).await;
    let f = Product::search_fields();
    let cases = [
        (
            "knn of the wrong dimension",
            Search::new(f.embedding.knn([1.0_f32, 2.0], 3)),
        ),
        (
            "knn top_k 0",
            Search::new(f.embedding.knn([1.0_f32, 2.0, 3.0, 4.0], 0)),
        ),
        (
            "geo center off the earth",
            Search::new(f.location.within_km(GeoPoint::new(100.0, 0.0), 10.0)),
        ),
        (
            "wildcard over 32 characters",
            Search::new(f.category.wildcard("a".repeat(40) + "*")),
        ),
    ];
    let mut accepted = Vec::new();
    for (what, search) in cases {
        match repo.search_page(search, 10, None).await {
            Ok(page) => accepted.push(format!("{what}: {} rows", page.items.len())),
            Err(e) => assert!(
                e.is_invalid_parameter() || e.kind() == ErrorKind::Construction,
                "{what}: {e}"
            ),
        }
    }
    assert!(accepted.is_empty(), "accepted: {accepted:?}");
}

/// A table whose rows expire can have a search index when it refuses updates; the index's own
/// time to live is created, and brought back when it differs.
#[derive(Debug, Clone, PartialEq, ots::OtsTable)]
#[ots(table = "expiring_events", ttl = 864000, allow_update = false)]
#[ots(search_index(name = "expiring_events_search", ttl = 172800))]
pub struct ExpiringEvent {
    #[ots(pk)]
    pub id: i64,
    #[ots(search)]
    pub kind: String,
}

#[tokio::test]
async fn typed_search_index_time_to_live() {
    let env = common::start().await;
    let repo = Repo::<ExpiringEvent>::new(env.client.clone());
    assert!(repo.sync_schema().await.expect("schema").created);
    let reports = repo.sync_search_indexes().await.expect("sync");
    assert!(reports[0].created && !reports[0].ttl_updated);
    let index = "expiring_events_search";
    let described = env
        .client
        .describe_search_index(ots::ops::search::index::DescribeSearchIndexRequest::new(
            ExpiringEvent::TABLE,
            index,
        ))
        .await
        .expect("describe");
    assert_eq!(described.time_to_live, Some(172_800));

    env.client
        .update_search_index(
            ots::ops::search::index::UpdateSearchIndexRequest::new(ExpiringEvent::TABLE, index)
                .time_to_live(86_400),
        )
        .await
        .expect("change by hand");
    let reports = repo.sync_search_indexes().await.expect("sync");
    assert!(
        reports[0].ttl_updated && reports[0].drift.is_empty(),
        "{reports:?}"
    );
    let described = env
        .client
        .describe_search_index(ots::ops::search::index::DescribeSearchIndexRequest::new(
            ExpiringEvent::TABLE,
            index,
        ))
        .await
        .expect("describe");
    assert_eq!(described.time_to_live, Some(172_800));

    // Rows are put and found; an update is refused by the table.
    let mut rows = vec![
        ExpiringEvent {
            id: 1,
            kind: "login".into(),
        },
        ExpiringEvent {
            id: 2,
            kind: "logout".into(),
        },
    ];
    for outcome in repo.batch_put(&mut rows).await.expect("put") {
        outcome.expect("row");
    }
    let f = ExpiringEvent::search_fields();
    let found: Vec<ExpiringEvent> = repo
        .search(f.kind.term("login"))
        .try_collect()
        .await
        .expect("search");
    assert_eq!(found, rows[..1]);
    let e = repo
        .update(1, ExpiringEventPatch::new().set_kind("other"))
        .await
        .expect_err("updates refused");
    assert!(
        e.is_invalid_parameter() && e.to_string().contains("allow_update"),
        "{e}"
    );
}
