use ots::OtsTable;

#[derive(OtsTable)]
#[ots(index(name = "users_by_email", key(email)))]
#[ots(index(name = "users_by_email", key(name)))]
struct User {
    #[ots(pk)]
    id: i64,
    email: String,
    name: String,
}

fn main() {}
