use ots::{OtsTable, Repo};

#[derive(OtsTable)]
struct User {
    #[ots(pk)]
    id: i64,
    name: String,
}

async fn bump(users: Repo<User>) {
    let _ = users.increment(1, User::columns().name, 1).await;
}

fn main() {}
