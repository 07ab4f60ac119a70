use ots::OtsTable;

#[derive(OtsTable)]
#[ots(index(name = "users_by_email", key(email)))]
struct User {
    #[ots(pk)]
    id: i64,
    #[ots(skip)]
    email: String,
}

fn main() {}
