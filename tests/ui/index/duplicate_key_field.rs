use ots::OtsTable;

#[derive(OtsTable)]
#[ots(index(name = "users_by_email", key(email, email)))]
struct User {
    #[ots(pk)]
    id: i64,
    email: String,
}

fn main() {}
