//! A product catalog on typed search: the search index schema comes from the structs, and every
//! query, sort and aggregation is built from typed field handles, so a query on a field that is
//! not indexed, or with a value of the wrong type, does not compile.
//!
//! It shows full-text search ranked by relevance, facets by category (a group-by with an
//! average price per group), price ranges, the stores nearest to a customer, "similar products"
//! by vector (knn), and deep paging with a token an API can hand out.
//!
//! Runs against an in-process ots-local unless `OTS_ENDPOINT` is set, in which case it uses
//! `OTS_ENDPOINT`, `OTS_INSTANCE`, `ALIBABA_CLOUD_ACCESS_KEY_ID` and
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (the service makes a write searchable within seconds;
//! ots-local at once).
//!
//! ```text
//! cargo run --example search
//! ```

#![allow(clippy::print_stdout)] // an example program talks to its user

use futures_util::TryStreamExt;
use ots::search::{avg, SearchSort};
use ots::{Client, GeoPoint, OtsTable, Repo, Search, Searchable};

/// A product: its title is searched word by word, its category and price are facets, and its
/// embedding finds similar products.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "catalog_products", search_index = "catalog_products_search")]
struct Product {
    #[ots(pk)]
    sku: String,
    #[ots(search(text))]
    title: String,
    #[ots(search)]
    category: String,
    #[ots(search)]
    price: f64,
    #[ots(search)]
    in_stock: bool,
    #[ots(json, search)]
    tags: Vec<String>,
    /// A tiny stand-in for a real embedding model's output.
    #[ots(json, search(vector(dimension = 4, metric = "cosine")))]
    embedding: Vec<f32>,
}

/// A store, found by distance.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "catalog_stores", search_index = "catalog_stores_search")]
struct Store {
    #[ots(pk)]
    id: i64,
    name: String,
    #[ots(search)]
    location: GeoPoint,
}

fn product(
    sku: &str,
    title: &str,
    category: &str,
    price: f64,
    tags: &[&str],
    embedding: [f32; 4],
) -> Product {
    Product {
        sku: sku.into(),
        title: title.into(),
        category: category.into(),
        price,
        in_stock: price < 100.0,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        embedding: embedding.to_vec(),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (_server, client) = connect().await?;
    let products = Repo::<Product>::new(client.clone());
    let stores = Repo::<Store>::new(client.clone());
    products.sync_schema().await?;
    stores.sync_schema().await?;
    for report in products.sync_search_indexes().await? {
        println!("index {}: created {}", report.index, report.created);
    }
    stores.sync_search_indexes().await?;

    let mut catalog = vec![
        product(
            "p1",
            "green tea sampler",
            "tea",
            24.0,
            &["gift", "organic"],
            [0.9, 0.1, 0.0, 0.1],
        ),
        product(
            "p2",
            "jasmine green tea",
            "tea",
            12.5,
            &["organic"],
            [0.8, 0.2, 0.1, 0.0],
        ),
        product("p3", "oolong tea tin", "tea", 31.0, &[], [0.7, 0.1, 0.3, 0.0]),
        product(
            "p4",
            "ceramic tea pot",
            "teaware",
            58.0,
            &["gift"],
            [0.3, 0.8, 0.1, 0.1],
        ),
        product("p5", "glass tea cups", "teaware", 19.0, &[], [0.2, 0.9, 0.0, 0.2]),
        product(
            "p6",
            "bamboo tea tray",
            "teaware",
            140.0,
            &["gift"],
            [0.1, 0.7, 0.5, 0.1],
        ),
        product(
            "p7",
            "dark roast coffee",
            "coffee",
            16.0,
            &["organic"],
            [0.1, 0.0, 0.9, 0.3],
        ),
        product(
            "p8",
            "pour over coffee kit",
            "coffee",
            45.0,
            &["gift"],
            [0.2, 0.5, 0.8, 0.1],
        ),
    ];
    for outcome in products.batch_put(&mut catalog).await? {
        outcome?;
    }
    let mut shops = vec![
        Store {
            id: 1,
            name: "Lakeside".into(),
            location: GeoPoint::new(30.2590, 120.1390),
        },
        Store {
            id: 2,
            name: "Old Town".into(),
            location: GeoPoint::new(30.2480, 120.1660),
        },
        Store {
            id: 3,
            name: "Airport".into(),
            location: GeoPoint::new(30.2290, 120.4320),
        },
    ];
    for outcome in stores.batch_put(&mut shops).await? {
        outcome?;
    }

    let f = Product::search_fields();

    // Full text, best match first.
    let page = products
        .search_page(
            Search::new(f.title.matches("green tea")).sort(SearchSort::score()),
            3,
            None,
        )
        .await?;
    println!("\"green tea\": {} matches", page.total);
    for (p, score) in page.items.iter().zip(&page.scores) {
        println!("  {:.3} {} ({})", score, p.title, p.sku);
    }

    // Facets: products in stock, grouped by category with their average price.
    let avg_price = avg(&f.price);
    let by_category = f.category.group_by().aggregate(&avg_price).by_count_desc();
    let page = products
        .search_page(Search::new(f.in_stock.term(true)).group_by(&by_category), 1, None)
        .await?;
    println!("in stock, by category:");
    for group in page.aggs.groups(&by_category)? {
        let avg = group.aggs.get(&avg_price)?.unwrap_or_default();
        println!("  {:<8} {} products, average {:.2}", group.key, group.count, avg);
    }

    // Price ranges as facets, and a range query with a tag filter.
    let ranges = f
        .price
        .group_by_ranges([0.0..20.0, 20.0..50.0, 50.0..f64::INFINITY]);
    let page = products
        .search_page(Search::new(ots::SearchQuery::all()).group_by(&ranges), 1, None)
        .await?;
    for group in page.aggs.groups(&ranges)? {
        println!("  price {:?}: {}", group.key, group.count);
    }
    let gifts: Vec<Product> = products
        .search(Search::new(f.price.between(20.0, 60.0) & f.tags.term("gift")).sort(f.price.asc()))
        .try_collect()
        .await?;
    println!(
        "gifts from 20 to 60: {:?}",
        gifts.iter().map(|p| p.title.as_str()).collect::<Vec<_>>()
    );

    // The stores nearest to a customer, within 10 km.
    let here = GeoPoint::new(30.2500, 120.1500);
    let s = Store::search_fields();
    let near: Vec<Store> = stores
        .search(Search::new(s.location.within_km(here, 10.0)).sort(s.location.nearest(here)))
        .try_collect()
        .await?;
    println!(
        "stores within 10 km: {:?}",
        near.iter().map(|s| s.name.as_str()).collect::<Vec<_>>()
    );

    // Similar products: the nearest embeddings to the tea pot's, in stock, excluding itself.
    let pot = &catalog[3];
    let similar = products
        .search_page(
            Search::new(
                f.embedding
                    .knn_where(pot.embedding.clone(), 3, !f.title.phrase("ceramic tea pot")),
            ),
            3,
            None,
        )
        .await?;
    println!(
        "similar to {:?}: {:?}",
        pot.title,
        similar.items.iter().map(|p| p.title.as_str()).collect::<Vec<_>>()
    );

    // Deep paging: a token per page, as an API would hand it to its client and get it back.
    let everything = Search::new(ots::SearchQuery::all()).sort(f.price.desc());
    let mut token = None;
    let mut pages = 0;
    loop {
        let page = products.search_page(everything.clone(), 3, token).await?;
        pages += 1;
        println!(
            "page {pages}: {:?}",
            page.items.iter().map(|p| p.price).collect::<Vec<_>>()
        );
        match page.next {
            Some(next) => token = Some(serde_json::to_string(&next).and_then(|t| serde_json::from_str(&t))?),
            None => break,
        }
    }
    Ok(())
}

/// ots-local in process, or the service named by the environment.
async fn connect() -> Result<(Option<ots_local::LocalServer>, Client), Box<dyn std::error::Error>> {
    if std::env::var("OTS_ENDPOINT").is_ok_and(|e| !e.is_empty()) {
        let client = Client::builder().from_env().build()?;
        println!("using {}", client.endpoint());
        return Ok((None, client));
    }
    let server = ots_local::LocalServer::builder().start().await?;
    println!("started ots-local on {}", server.endpoint());
    let client = server.client_builder().build()?;
    Ok((Some(server), client))
}
