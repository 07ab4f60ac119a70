use ots::OtsTable;

#[derive(OtsTable)]
#[ots(table = "users", index(name = "users", key(email)))]
#[ots(index(name = "users_by_email", key(email)), index(name = "by_email", key(email, id)))]
struct User {
    #[ots(pk)]
    id: i64,
    email: String,
}

fn main() {}
