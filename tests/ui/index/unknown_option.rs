use ots::OtsTable;

#[derive(OtsTable)]
#[ots(index(name = "users_by_email", keys(email)))]
#[ots(index(key(email)))]
struct User {
    #[ots(pk)]
    id: i64,
    email: String,
}

fn main() {}
