use ots::OtsTable;

#[derive(OtsTable)]
#[ots(index(name = "users_by_email", local, key(email, team)))]
struct User {
    #[ots(pk)]
    team: String,
    #[ots(pk)]
    id: i64,
    email: String,
}

fn main() {}
