use ots::{KeyRange, OtsTable, Repo};

// The misspelled field is the only error: reads by the index add none.
#[derive(OtsTable)]
#[ots(table = "users", index(name = "users_by_email", key(emial)))]
struct User {
    #[ots(pk)]
    id: i64,
    email: String,
}

fn read(users: Repo<User>) {
    let by_email = users.index::<UserByEmail>();
    let _ = by_email.range(KeyRange::all());
}

fn main() {}
