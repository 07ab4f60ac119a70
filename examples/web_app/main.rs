//! A small REST service over a typed repository: create, read, replace with optimistic
//! locking, delete, list users in pages, and find them by name or email through a search
//! index.
//!
//! ```text
//! cargo run --example web_app          # listens on 127.0.0.1:3000, data in an in-process ots-local
//! curl -X POST localhost:3000/users -H 'content-type: application/json' \
//!      -d '{"id":"u1","name":"Ann","email":"ann@example.com","age":30}'
//! curl localhost:3000/users/u1
//! curl -X PUT localhost:3000/users/u1 -H 'content-type: application/json' \
//!      -d '{"id":"u1","name":"Ann","email":"ann@example.com","age":31,"version":1,"created_at":<as read>}'
//! curl 'localhost:3000/users?limit=10'                     # {"items":[...],"next":"<token>"}
//! curl 'localhost:3000/users?limit=10&page_token=<token>'
//! curl 'localhost:3000/users/search?q=ann'                # {"items":[...],"total":1,"next":null}
//! ```
#![allow(clippy::print_stdout)] // an example program talks to its user

mod app;

use ots::Repo;
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = ots_local::LocalServer::builder().start().await?;
    let client = server.client_builder().build()?;
    app::prepare(&client).await?;
    let repo: Arc<dyn ots::Repository<app::User>> = Arc::new(Repo::<app::User>::new(client));
    let addr = std::env::var("WEB_APP_LISTEN").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!(
        "web_app listening on http://{addr} (ots-local at {})",
        server.endpoint()
    );
    axum::serve(listener, app::router(repo)).await?;
    Ok(())
}
