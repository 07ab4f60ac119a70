//! Quickstart: declare a model once, get a typed repository.
//!
//! Runs against an in-process ots-local unless `OTS_ENDPOINT` is set, in which case it uses
//! `OTS_ENDPOINT`, `OTS_INSTANCE`, `ALIBABA_CLOUD_ACCESS_KEY_ID` and
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (a real instance works the same way).
//!
//! ```text
//! cargo run --example quickstart
//! ```
#![allow(clippy::print_stdout)] // an example program talks to its user

use futures_util::TryStreamExt;
use ots::ops::table::DeleteTableRequest;
use ots::{condition, filter, Client, KeyRange, OtsTable, Query, Repo};

/// A user, stored in the table `quickstart_users`, keyed by (team, id).
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "quickstart_users", max_versions = 1)]
pub struct User {
    /// Partition key: users of one team live together.
    #[ots(pk)]
    pub team: String,
    #[ots(pk)]
    pub id: i64,
    pub name: String,
    pub age: u32,
    pub active: bool,
    /// Absent column when `None`.
    pub nickname: Option<String>,
    /// An atomic counter; reads as 0 when never written.
    #[ots(default)]
    pub logins: i64,
    /// Optimistic locking: every write checks and bumps it.
    #[ots(version)]
    pub version: i64,
}

fn user(id: i64, name: &str, age: u32) -> User {
    User {
        team: "core".into(),
        id,
        name: name.into(),
        age,
        active: true,
        nickname: None,
        logins: 0,
        version: 0,
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (_server, client) = connect().await?;
    let users = Repo::<User>::new(client);

    // Create the table from the struct, or bring an existing one in line with it.
    let report = users.sync_schema().await?;
    println!(
        "schema: created={} options_updated={} drift={:?}",
        report.created, report.options_updated, report.drift
    );

    // Insert: fails if the row exists; the version starts at 1.
    for (id, name, age) in [(1, "alice", 34), (2, "bob", 17), (3, "carol", 52)] {
        let mut u = user(id, name, age);
        match users.insert(&mut u).await {
            Ok(()) => println!("inserted {name} (version {})", u.version),
            Err(e) if e.is_condition_failed() => println!("{name} exists already"),
            Err(e) => return Err(e.into()),
        }
    }

    // Typed reads: the key type comes from the #[ots(pk)] fields.
    let key = UserKey {
        team: "core".into(),
        id: 1,
    };
    let mut alice = users.get(key.clone()).await?.ok_or("alice is missing")?;
    println!("read {alice:?}");

    // A partial update: column names and value types are checked by the compiler.
    users
        .update(
            key.clone(),
            UserPatch::new().set_nickname("ali").increment_logins(1),
        )
        .await?;
    let logins = users.increment(key.clone(), User::columns().logins, 1).await?;
    println!("alice has logged in {logins} times");

    // Optimistic locking: `alice` still holds version 1, but the row is at version 2 now.
    alice.age = 35;
    match users.put(&mut alice).await {
        Err(e) if e.is_stale() => println!("stale write refused: {e}"),
        other => println!("unexpected: {other:?}"),
    }

    // Filters are Rust expressions over the model's columns, evaluated by the server.
    let min_age = 18;
    let adults = filter!(User, age >= min_age && active);
    let found: Vec<User> = users
        .range_with(KeyRange::prefix("core"), Query::new().filter(adults))
        .try_collect()
        .await?;
    println!("adults: {:?}", found.iter().map(|u| &u.name).collect::<Vec<_>>());

    // Conditional delete: only if bob is still a minor.
    let bob = UserKey {
        team: "core".into(),
        id: 2,
    };
    users
        .delete_if(bob, condition!(User, expect_exist, age < 18))
        .await?;
    let left: Vec<User> = users.range(KeyRange::prefix("core")).try_collect().await?;
    println!("left: {:?}", left.iter().map(|u| &u.name).collect::<Vec<_>>());

    users
        .client()
        .delete_table(DeleteTableRequest::new(User::TABLE))
        .await?;
    println!("deleted table {}", User::TABLE);
    Ok(())
}

/// A client for `OTS_ENDPOINT` when set, else for a fresh in-process ots-local.
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
