use ots::OtsTable;

#[derive(OtsTable)]
#[ots(index(name = "users_by_email", key(emial)))]
struct User {
    #[ots(pk)]
    id: i64,
    email: String,
}

fn main() {}
