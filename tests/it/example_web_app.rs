//! Drives the web_app example's router over HTTP: create, read, replace with optimistic
//! locking (a stale version gets 409, an unknown id 404), delete and list in pages.

use crate::common;
#[path = "../../examples/web_app/app.rs"]
#[allow(dead_code)]
mod app;

use ots::Repo;
use serde_json::{json, Value};
use std::sync::Arc;

/// ots-local with the app's table and index, and the app's router served over HTTP at the
/// returned base URL.
#[allow(clippy::unwrap_used)] // test setup fails loudly
async fn serve() -> (common::Env, String) {
    let env = common::start().await;
    app::prepare(&env.client).await.unwrap();
    let repo: Arc<dyn ots::Repository<app::User>> = Arc::new(Repo::<app::User>::new(env.client.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app::router(repo)).await });
    (env, base)
}

/// The JSON answer of a GET.
#[allow(clippy::unwrap_used)] // a test helper fails loudly
async fn get_json(http: &reqwest::Client, url: impl reqwest::IntoUrl) -> Value {
    http.get(url).send().await.unwrap().json().await.unwrap()
}

#[tokio::test]
async fn rest_service_over_a_typed_repository() {
    let (_env, base) = serve().await;
    let http = reqwest::Client::new();

    let ann = json!({"id": "u1", "name": "Ann", "email": "ann@example.com", "age": 30});
    let r = http
        .post(format!("{base}/users"))
        .json(&ann)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    assert_eq!(created["version"], 1);
    assert!(created["created_at"].as_i64().unwrap() > 0);
    let again = http
        .post(format!("{base}/users"))
        .json(&ann)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409, "ids are unique");

    let r = http.get(format!("{base}/users/u1")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["name"], "Ann");
    assert_eq!(
        http.get(format!("{base}/users/nobody"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    // PUT replaces the user as read, in one round trip, and answers the stored user.
    let mut ann_v1: Value = get_json(&http, format!("{base}/users/u1")).await;
    let mut edited = ann_v1.clone();
    edited["age"] = json!(31);
    let r = http
        .put(format!("{base}/users/u1"))
        .json(&edited)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let updated: Value = r.json().await.unwrap();
    assert_eq!(
        (updated["age"].as_i64(), updated["version"].as_i64()),
        (Some(31), Some(2))
    );
    assert_eq!(updated["created_at"], ann_v1["created_at"], "created_at is kept");
    assert_eq!(
        http.get(format!("{base}/users/u1"))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap(),
        updated,
        "the answer is what is stored"
    );
    // A second writer still holding version 1 loses.
    ann_v1["age"] = json!(99);
    let r = http
        .put(format!("{base}/users/u1"))
        .json(&ann_v1)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let mut ghost = ann_v1.clone();
    ghost["id"] = json!("ghost");
    let r = http
        .put(format!("{base}/users/ghost"))
        .json(&ghost)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = http
        .put(format!("{base}/users/other"))
        .json(&ann_v1)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "the body's id must be the path's");

    for (id, name) in [("u2", "Bo"), ("u3", "Cy"), ("u4", "Di")] {
        let body = json!({"id": id, "name": name, "email": format!("{id}@example.com"), "age": 20});
        assert_eq!(
            http.post(format!("{base}/users"))
                .json(&body)
                .send()
                .await
                .unwrap()
                .status(),
            201
        );
    }
    // Pages with a token: two, then the rest, then nothing more.
    let page: Value = get_json(&http, format!("{base}/users?limit=2")).await;
    let ids = |p: &Value| {
        p["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&page), ["u1", "u2"]);
    let token = page["next"].as_str().unwrap().to_owned();
    let rest: Value = get_json(&http, format!("{base}/users?limit=5&page_token={token}")).await;
    assert_eq!(ids(&rest), ["u3", "u4"]);
    assert!(rest["next"].is_null(), "the last page has no token");
    let r = http
        .get(format!("{base}/users?page_token=not-a-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    assert_eq!(
        http.delete(format!("{base}/users/u2"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        http.get(format!("{base}/users/u2"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn search_users_by_name_or_email_in_pages() {
    let (_env, base) = serve().await;
    let http = reqwest::Client::new();
    let users = [
        ("a1", "Ann Lee", "lee@example.com"),
        ("a2", "Bo Ann", "bo@example.com"),
        ("a3", "Cy Dee", "anne.dee@example.com"),
        ("a4", "Di Fox", "di@example.com"),
    ];
    for (id, name, email) in users {
        let body = json!({"id": id, "name": name, "email": email, "age": 40});
        let r = http
            .post(format!("{base}/users"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    // The expected matches: "ann" is a word of the name or the start of the email.
    let expected: std::collections::BTreeSet<&str> = users
        .iter()
        .filter(|(_, name, email)| {
            name.to_lowercase().split(' ').any(|w| w == "ann") || email.starts_with("ann")
        })
        .map(|(id, _, _)| *id)
        .collect();
    assert_eq!(expected.len(), 3);

    let mut seen = Vec::new();
    let mut url = format!("{base}/users/search?q=Ann&limit=2");
    for _ in 0..expected.len() {
        let page: Value = get_json(&http, &url).await;
        assert_eq!(page["total"], 3);
        for u in page["items"].as_array().unwrap() {
            seen.push(u["id"].as_str().unwrap().to_owned());
        }
        match page["next"].as_str() {
            Some(token) => url = format!("{base}/users/search?q=Ann&limit=2&page={token}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 3, "each match once: {seen:?}");
    let seen: std::collections::BTreeSet<&str> = seen.iter().map(String::as_str).collect();
    assert_eq!(seen, expected);

    let none: Value = get_json(&http, format!("{base}/users/search?q=zzz")).await;
    assert_eq!(
        (none["total"].as_u64(), none["items"].as_array().map(Vec::len)),
        (Some(0), Some(0))
    );
    for bad in ["q=", "q=ann&page=!!"] {
        let r = http
            .get(format!("{base}/users/search?{bad}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{bad}");
    }
}
