use ots::OtsTable;

#[derive(OtsTable)]
#[ots(index(name = "users_by_email", key(email), columns(id, email, nmae)))]
#[ots(index(name = "users_by_name", key(name), columns(email), all_columns))]
struct User {
    #[ots(pk)]
    id: i64,
    email: String,
    name: String,
}

fn main() {}
