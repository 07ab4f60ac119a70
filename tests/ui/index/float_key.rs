use ots::OtsTable;

#[derive(OtsTable)]
#[ots(index(name = "users_by_score", key(score)))]
struct User {
    #[ots(pk)]
    id: i64,
    score: f64,
}

fn main() {}
