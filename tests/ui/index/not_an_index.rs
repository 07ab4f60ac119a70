use ots::{OtsTable, Repo};

#[derive(OtsTable)]
struct User {
    #[ots(pk)]
    id: i64,
    email: String,
}

fn read(users: Repo<User>) {
    let _ = users.index::<User>();
}

fn main() {}
