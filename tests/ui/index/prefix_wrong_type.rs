use ots::{KeyRange, OtsTable, Repo};

#[derive(OtsTable)]
#[ots(table = "users", index(name = "users_by_email", key(email)))]
struct User {
    #[ots(pk)]
    id: i64,
    email: String,
}

fn read(users: Repo<User>) {
    let by_email = users.index::<UserByEmail>();
    let _ = by_email.range(KeyRange::prefix(("a@x", "not an id")));
}

fn main() {}
