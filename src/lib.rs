//! # ots
//!
//! The typed way for Rust services to use Alibaba Cloud Tablestore (OTS).
//!
//! Declare a struct once with `#[derive(OtsTable)]` and work through a [`Repo`]: typed get,
//! insert, put, update with patches, delete, counters, range streams and batches, with filters
//! and conditions whose column names and value types the compiler checks. Underneath is a
//! complete async [`Client`] for the Tablestore protocol ([`ops`]), which also runs against
//! `ots-local`, a local server that speaks that protocol. The example below runs one in process.
//!
//! ```
//! use futures_util::TryStreamExt;
//! use ots::{filter, Client, KeyRange, OtsTable, Query, Repo};
//!
//! #[derive(Debug, Clone, PartialEq, OtsTable)]
//! #[ots(table = "users")]
//! struct User {
//!     #[ots(pk)]
//!     id: i64,
//!     name: String,
//!     age: u32,
//!     nickname: Option<String>,
//!     #[ots(version)]
//!     version: i64,
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = ots_local::LocalServer::builder().start().await?;
//! let client: Client = server.client()?; // feature `client` of ots-local
//! let users = Repo::<User>::new(client);
//! users.sync_schema().await?;
//!
//! let mut alice = User { id: 1, name: "alice".into(), age: 34, nickname: None, version: 0 };
//! users.insert(&mut alice).await?;
//! users.update(UserKey { id: 1 }, UserPatch::new().set_nickname("ali")).await?;
//!
//! let min_age = 18;
//! let adults: Vec<User> = users
//!     .range_with(KeyRange::all(), Query::new().filter(filter!(User, age >= min_age)))
//!     .try_collect()
//!     .await?;
//! assert_eq!(adults[0].nickname.as_deref(), Some("ali"));
//! # Ok(()) }
//! ```
//!
//! ## `#[derive(OtsTable)]`
//!
//! On the struct:
//!
//! | attribute | meaning |
//! |---|---|
//! | `table = "name"` | table name (default: the struct name in snake case) |
//! | `ttl = seconds` | how long versions live (-1, the default, keeps them) |
//! | `max_versions = n` | versions kept per column (default 1) |
//! | `max_time_deviation = seconds` | allowed distance between a written timestamp and now |
//! | `allow_update = false` | rows are only put and deleted (`update`, `increment` are refused by the service); a table with a `ttl`, or whose search index has one, needs it |
//! | `local_transactions` | the table is created with local transactions allowed ([`Repo::transaction`]); without it they are refused, as on the service by default; not with an auto-increment key |
//! | `crate = "path"` | where the generated code finds `ots` (default `::ots`), for crates that re-export it: `crate = "my_facade::ots"` |
//! | `search_index = "name"` | a search index over the fields marked `search` (repeatable; the first is the default) |
//! | `search_index(name = "n", sort(price = "desc", name), routing(region), ttl = seconds)` | the same with the index's presort, routing key columns and time to live |
//! | `index(name = "n", key(field, ..))` | a secondary index (repeatable, at most 5; [below](#secondary-indexes)): keyed by 1 to 4 fields (integers, `String` or `Vec<u8>`), the primary key fields they lack following; global, or `local` (then its key starts with the partition key) |
//! | `index(.., columns(field, ..))` / `index(.., all_columns)` | the fields the index carries besides its key (any type; `all_columns`: every stored field) |
//!
//! On fields:
//!
//! | attribute | meaning |
//! |---|---|
//! | `pk` | a primary key column; 1 to 4, in declared order, the first is the partition key |
//! | `pk, auto_increment` | an integer key the service assigns on insert (not the first key); 0 until then |
//! | `rename = "col"` | the stored column name |
//! | `skip` | not stored; reads back as `Default` |
//! | `default` | a missing column reads as `Default` instead of failing |
//! | `json` | any serde type, stored as a JSON string |
//! | `defined` | declared as a defined column in the table schema |
//! | `version` | an `i64` for optimistic locking: writes check it and bump it |
//! | `created_at` / `updated_at` | times maintained by the repository: `i64` milliseconds, `chrono::DateTime<Utc>` or `time::OffsetDateTime` |
//! | `search` | indexed in the model's search indexes, with the index type its Rust type implies (below) |
//! | `search(...)` | `keyword`, `text`, `text(analyzer = "single_word" \| "split" \| "fuzzy" \| "max_word" \| "min_word", ...)`, `date`, `date(format = "yyyy-MM-dd")`, `geo_point`, `nested`, `vector(dimension = n, metric = "cosine" \| "euclidean" \| "dot_product")`, `index = false`, `store`, `sort_and_agg = false`, `highlight`, `only("index", ...)` |
//!
//! Field types: all integer widths (range-checked on read), `f32`, `f64`, `bool`, `String`,
//! `Vec<u8>`, `chrono::DateTime<Utc>` (feature `chrono`), `time::OffsetDateTime` (feature
//! `time`), `Option` of those (an absent column),
//! and anything serde handles with `json`. Keys are integers, `String` or `Vec<u8>`.
//!
//! The derive also generates `<Name>Key` (the primary key, with `From` the key field, a `&str`
//! for a `String` key, or a tuple of the key values as their columns take them:
//! `repo.get(("core", 1))`), `<Name>Columns` (column handles, `Name::columns().age`, for
//! filters, projections and counters) and `<Name>Patch` (partial updates: `set_*`,
//! `set_or_delete_*` for `Option` fields, `delete_*` for optional or default fields,
//! `increment_*` for integers, kept inside the field type's range). It implements
//! [`KeyPrefix`] so [`KeyRange::prefix`] and [`KeyRange::between`] take the partition key's
//! value or a tuple of leading key values, checked by the compiler. Mistakes (no key, five
//! keys, an auto-increment partition key, an unsupported type, an unknown attribute) are
//! compile errors that point at the field and say what to do.
//!
//! ## Search
//!
//! A field marked `search` is indexed by its Rust type: `String` as a keyword (`text` for words),
//! integers as long, floats as double, `bool` as boolean, timestamps as dates, [`GeoPoint`] as a
//! geo point, `Vec<f32>` as a vector (give its `dimension`), a `Vec` of those as an array, and a
//! `Vec` of a struct deriving [`SearchDocument`](derive@SearchDocument) as nested documents
//! (arrays and nested documents are `json` fields). Keywords, numbers, booleans, dates and geo
//! points can be sorted and aggregated unless `sort_and_agg = false`; text cannot.
//! [`Repo::sync_search_indexes`] creates the indexes, updates their time to live and reports
//! what would need a new index.
//!
//! `Product::search_fields()` returns one typed handle per indexed field, offering what its index
//! type allows, with values of the field's type: `title.matches("tea")`, `category.term("tea")`,
//! `price.between(10.0, 20.0)`, `location.within_km(here, 5.0)`, `embedding.knn(v, 10)`,
//! `reviews.any(|r| r.stars.ge(4))`; combine them with `&`, `|`, `!` or
//! [`search::bool()`](search::bool). Sorts (`price.desc()`, `location.nearest(here)`,
//! `SearchSort::score()`), aggregations (`avg(&price)` reads as an `Option<f64>`) and group-bys
//! (`category.group_by()` has `String` keys) go on a [`Search`]. [`Repo::search`] streams every
//! match as models, [`Repo::search_page`] answers one page with scores, the total, the
//! aggregations and a [`SearchToken`] for the next page, and [`Repo::scan`] reads every match in
//! parallel.
//!
//! ```
//! use futures_util::TryStreamExt;
//! use ots::search::{avg, SearchSort};
//! use ots::{OtsTable, Repo, Search, Searchable};
//!
//! #[derive(Debug, Clone, PartialEq, OtsTable)]
//! #[ots(table = "teas", search_index = "teas_search")]
//! struct Tea {
//!     #[ots(pk)]
//!     id: i64,
//!     #[ots(search(text))]
//!     name: String,
//!     #[ots(search)]
//!     kind: String,
//!     #[ots(search)]
//!     price: f64,
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = ots_local::LocalServer::builder().start().await?;
//! # let client = server.client()?;
//! let teas = Repo::<Tea>::new(client);
//! teas.sync_schema().await?;
//! teas.sync_search_indexes().await?;
//! let mut rows = vec![
//!     Tea { id: 1, name: "green tea sampler".into(), kind: "green".into(), price: 24.0 },
//!     Tea { id: 2, name: "jasmine green tea".into(), kind: "green".into(), price: 12.5 },
//!     Tea { id: 3, name: "oolong tin".into(), kind: "oolong".into(), price: 31.0 },
//! ];
//! teas.batch_put(&mut rows).await?;
//!
//! let f = Tea::search_fields();
//! let cheap_green: Vec<Tea> = teas
//!     .search(Search::new(f.name.matches("green") & f.price.lt(20.0)).sort(f.price.asc()))
//!     .try_collect()
//!     .await?;
//! assert_eq!(cheap_green[0].id, 2);
//!
//! let avg_price = avg(&f.price);
//! let by_kind = f.kind.group_by().aggregate(&avg_price);
//! let page = teas
//!     .search_page(Search::new(ots::SearchQuery::all()).group_by(&by_kind).sort(SearchSort::score()), 10, None)
//!     .await?;
//! let green = page.aggs.groups(&by_kind)?.into_iter().find(|g| g.key == "green").unwrap();
//! assert_eq!((green.count, green.aggs.get(&avg_price)?), (2, Some(18.25)));
//! # Ok(()) }
//! ```
//!
//! ## Writes and their errors
//!
//! `insert` creates (an auto-increment key must be 0 and is assigned), `put` replaces (checking
//! and bumping a version field), `update*` patch an existing row, `increment` adds to a counter
//! of an existing row (`increment_or_create` creates it), `batch_put` puts many. A failed write
//! says why with one predicate each: [`Error::is_stale`] (the version moved on),
//! [`Error::is_row_missing`] (the row is not there), [`Error::is_condition_failed`] (your
//! condition, or a counter's range, did not hold). Conditions an operation cannot honour
//! (`expect_not_exist` on an update or a delete) and filter values no column can hold are
//! refused before anything is sent.
//!
//! ## Transactions
//!
//! [`Repo::transaction`] runs a closure in a local transaction on one partition (the first key
//! column's value): the closure's [`Tx`] reads its own writes, nobody else sees them until the
//! closure returns `Ok` and they are committed all at once; an `Err`, a panic or a dropped
//! future aborts it, leaving nothing written and the partition free. While it runs, other
//! writers to the partition get [`Error::is_row_locked`]; [`TransactionOptions::retry_on_lock`]
//! makes a transaction wait for the lock instead. [`Tx::model`] lets models sharing the table
//! take part. A key outside the partition is refused before anything is sent, and passing more
//! than the partition key does not compile. On the service, the table must be created with
//! local transactions allowed (`#[ots(local_transactions)]`).
//!
//! ```
//! use ots::{OtsTable, Repo};
//!
//! #[derive(Debug, Clone, PartialEq, OtsTable)]
//! #[ots(table = "accounts", local_transactions)]
//! struct Account {
//!     #[ots(pk)]
//!     bank: String,
//!     #[ots(pk)]
//!     id: String,
//!     balance: i64,
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = ots_local::LocalServer::builder().start().await?;
//! # let client = server.client()?;
//! let accounts: Repo<Account> = Repo::new(client);
//! accounts.create_table().await?;
//! for (id, balance) in [("alice", 100), ("bob", 0)] {
//!     accounts.put(&mut Account { bank: "b1".into(), id: id.into(), balance }).await?;
//! }
//! // Move 30 from alice to bob: both writes or neither.
//! accounts
//!     .transaction("b1", |tx| async move {
//!         let missing = || ots::Error::construction("no such account");
//!         let mut alice = tx.get(("b1", "alice")).await?.ok_or_else(missing)?;
//!         let mut bob = tx.get(("b1", "bob")).await?.ok_or_else(missing)?;
//!         alice.balance -= 30;
//!         bob.balance += 30;
//!         tx.put(&mut alice).await?;
//!         tx.put(&mut bob).await
//!     })
//!     .await?;
//! assert_eq!(accounts.get(("b1", "bob")).await?.map(|a| a.balance), Some(30));
//! # Ok(()) }
//! ```
//!
//! ## Secondary indexes
//!
//! `#[ots(index(name = "users_by_email", key(email)))]` declares a secondary index: another
//! order of the table's rows, kept by the service. Its key is the fields given, then the
//! primary key fields they lack, in table order; a row lacking an indexed field (an absent
//! `Option`) is not in the index. The derive adds the index to the table's schema (so
//! [`Repo::create_table`] creates it, and [`Repo::sync_schema`] creates it on an existing table
//! with the rows already there) and declares the fields it names as defined columns. Each index
//! gets a marker type, the model's name followed by the index name in UpperCamelCase without a
//! leading `<table>_` (`UserByEmail`), and a key struct (`UserByEmailKey`). [`Repo::index`]
//! reads by it: [`Index::get`] and [`Index::get_many`] take the index's whole key (or a tuple
//! of its values), [`Index::range`] and [`Index::page`] a [`KeyRange`] with typed prefixes of
//! that key.
//!
//! Reads answer models. An index that carries every stored field (`all_columns`, or
//! `columns(..)` naming the rest) builds them from its rows; any other index gives the keys,
//! and the rows are read from the table in batches, so a row deleted in between (or whose
//! indexed fields changed: a global index follows the table asynchronously on the service) is
//! left out. The marker type's documentation says which. Writes go through the repository as
//! always; nothing writes an index. The table keeps one version per column and no `ttl` unless
//! `allow_update = false`; an index on a missing or skipped field, a float, boolean, time or
//! JSON key field, a `local` index not led by the partition key, the auto-increment key first,
//! a sixth index or a name used twice do not compile.
//!
//! ```
//! use futures_util::TryStreamExt;
//! use ots::{KeyRange, OtsTable, Repo};
//!
//! #[derive(Debug, Clone, PartialEq, OtsTable)]
//! #[ots(table = "members", index(name = "members_by_email", key(email), columns(name)))]
//! struct Member {
//!     #[ots(pk)]
//!     team: String,
//!     #[ots(pk)]
//!     id: i64,
//!     email: Option<String>,
//!     name: String,
//!     bio: String, // not in the index: reads by it read the table too
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = ots_local::LocalServer::builder().start().await?;
//! # let client = server.client()?;
//! let members: Repo<Member> = Repo::new(client);
//! members.create_table().await?; // with its index
//! for (team, id, email) in [("core", 1, "ann@x.org"), ("edge", 7, "ann@x.org"), ("core", 2, "bo@x.org")] {
//!     let bio = format!("{id} of {team}");
//!     let mut m = Member { team: team.into(), id, email: Some(email.into()), name: "..".into(), bio };
//!     members.put(&mut m).await?;
//! }
//! let by_email = members.index::<MemberByEmail>();
//! // The index's whole key: email, then the primary key (team, id).
//! let ann = by_email.get(("ann@x.org", "edge", 7)).await?;
//! assert_eq!(ann.map(|m| m.bio), Some("7 of edge".to_owned()));
//! let anns: Vec<Member> = by_email.range(KeyRange::prefix("ann@x.org")).try_collect().await?;
//! assert_eq!(anns.len(), 2);
//! # Ok(()) }
//! ```
//!
//! ## Pages
//!
//! [`Repo::page`] returns a [`Page`]: the items and, when more follow, a [`PageToken`] that
//! serializes as a string for an API and resumes inside the same range.
//!
//! ## `filter!` and `condition!`
//!
//! `filter!(User, age >= min_age && (name == "bob" || !active))` takes `== != < <= > >=`,
//! `&&`, `||`, `!`, parentheses, boolean columns alone, `exists(col)`, `missing(col)`, and the
//! per-comparison options `fail_if_missing(..)`, `pass_if_missing(..)` (the default),
//! `any_version(..)` and `latest_version_only(..)` (the default). Values are any Rust
//! expressions; a misspelled column or a value of the wrong type fails to compile at that
//! token. `condition!(User, expect_exist, version == 3)` adds a row-existence expectation
//! (`ignore`, `expect_exist`, `expect_not_exist`) for conditional put, update and delete.
#![deny(missing_docs)]

mod typed;

/// Typed search over a model's search indexes: handles, queries, sorts, aggregations, pages.
pub mod search {
    pub use crate::typed::search::*;
    pub use crate::typed::MillisValue;
    pub use ots_core::ops::search::agg::{DateInterval, DateUnit};
    pub use ots_core::ops::search::query::GeoPoint;
}

pub use ots_core::ops::search::query::GeoPoint;
pub use ots_core::{
    model, ops, retry, Client, ClientBuilder, Credentials, CredentialsFuture, CredentialsProvider,
    EnvironmentCredentials, Error, ErrorCode, ErrorKind, RefreshingCredentials, Result, RetryClass,
};
#[cfg(feature = "ecs")]
pub use ots_core::{EcsRamRoleCredentials, EcsRamRoleCredentialsBuilder};
pub use ots_derive::{condition, filter, OtsTable, SearchDocument};
pub use typed::search::{Search, SearchDocument, SearchPage, SearchQuery, SearchToken, Searchable};
pub use typed::{
    BoxFuture, BoxStream, Col, ColumnArg, ColumnValue, Index, IntegerColumn, IntegerValue, Json, KeyArg,
    KeyPrefix, KeyRange, KeySpace, KeyValue, Mismatch, OtsTable, Page, PageToken, PartitionKey, Patch, Query,
    Repo, Repository, SchemaDrift, SchemaReport, SecondaryIndex, Sequence, Timestamp, TransactionOptions, Tx,
    TypedCondition, TypedFilter,
};

/// What the macros expand to. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::typed::search::{
        kind as search_kind, NestedField, SearchDocument, SearchField, Searchable,
    };
    pub use crate::typed::{
        column_fns, json_fns, key_fns, AnyKey, Col, ColumnArg, ColumnFns, ColumnValue, IntegerValue, Json,
        KeyArg, KeyFns, KeyPrefix, KeySpace, KeyValue, Mismatch, OtsTable, PartitionKey, Patch,
        SecondaryIndex, Timestamp, TypedCondition, TypedFilter,
    };
    pub use ots_core::model::{
        Column, ColumnUpdate, IndexMeta, PrimaryKey, PrimaryKeyColumn, PrimaryKeySchema, PrimaryKeyValue,
        Row, RowExistence, Value,
    };
    pub use ots_core::ops::search::index::{
        Analyzer, CreateSearchIndexRequest, FieldSchema, IndexSorter, SortOrder, VectorMetric,
    };
    pub use ots_core::ops::search::query::GeoPoint;
    pub use ots_core::ops::table::CreateTableRequest;
    pub use ots_core::{Error, Result};
}

/// The README's Rust snippets are compiled as doc tests, so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
