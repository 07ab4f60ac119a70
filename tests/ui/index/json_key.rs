use ots::OtsTable;

#[derive(OtsTable)]
#[ots(index(name = "users_by_tags", key(tags)))]
struct User {
    #[ots(pk)]
    id: i64,
    #[ots(json)]
    tags: Vec<String>,
}

fn main() {}
