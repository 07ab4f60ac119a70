use ots::{KeyRange, OtsTable, Repo};

// The misspelled field is the only error: reads by the index add none.
#[derive(OtsTable)]
#[ots(table = "users", index(name = "users_by_email", key(emial)))]
struct User {
    #[ots(pk)]
    id: i64,
    email: String,
}

async fn read(users: Repo<User>) {
    let by_email = users.index::<UserByEmail>();
    let _ = by_email.range(KeyRange::all());
    let _ = by_email.get(("a@x", 1)).await;
    let _ = by_email.get(UserByEmailKey::from(("a@x", 1))).await;
    let _ = by_email
        .get_many(vec![("a@x", 1).into(), UserByEmailKey::from(("b@x", 2))])
        .await;
    let _ = by_email.page(KeyRange::prefix("a@x"), 10, None).await;
    let _ = by_email
        .page(KeyRange::between(("a@x", 1), ("b@x", 2)), 10, None)
        .await;
}

fn main() {}
