//! Shared test setup: an in-process ots-local and a client pointed at it.
#![allow(clippy::expect_used)]
#![allow(dead_code)]

use ots::model::{PrimaryKey, PrimaryKeyValue};
use ots::ops::table::CreateTableRequest;
use ots::Client;
use ots_local::LocalServer;

pub struct Env {
    pub server: LocalServer,
    pub client: Client,
}

pub async fn start() -> Env {
    let server = LocalServer::builder().start().await.expect("start ots-local");
    let client = client_for(&server, ots::retry::DefaultRetryPolicy::default());
    Env { server, client }
}

pub fn client_for(server: &LocalServer, policy: ots::retry::DefaultRetryPolicy) -> Client {
    server
        .client_builder()
        .retry_policy(policy)
        .build()
        .expect("client")
}

/// Creates `table` with one integer key column `id`.
pub async fn simple_table(client: &Client, table: &str) {
    client
        .create_table(CreateTableRequest::new(table).primary_key(ots::model::PrimaryKeySchema::integer("id")))
        .await
        .expect("create table");
}

pub fn id(v: i64) -> PrimaryKey {
    PrimaryKey::new().with("id", v)
}

pub fn all_ids() -> (PrimaryKey, PrimaryKey) {
    (
        PrimaryKey::new().with("id", PrimaryKeyValue::InfMin),
        PrimaryKey::new().with("id", PrimaryKeyValue::InfMax),
    )
}
