use ots::{KeyRange, OtsTable, Repo};

// Index types named like the model's own types, like each other, or like the model itself: one
// error each, at the index name, and uses of the indexes add none.
#[derive(OtsTable)]
#[ots(table = "users", index(name = "users_key", key(email)), index(name = "by_email", key(email)))]
#[ots(index(name = "by_email_key", key(email)), index(name = "__", key(email)))]
struct User {
    #[ots(pk)]
    id: i64,
    email: String,
}

fn read(users: Repo<User>) {
    let _ = users.index::<UserByEmail>().range(KeyRange::prefix("a@x"));
}

fn main() {}
