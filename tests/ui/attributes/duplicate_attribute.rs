use ots::OtsTable;

#[derive(OtsTable)]
struct User {
    #[ots(pk, pk)]
    id: i64,
    #[ots(rename = "a", rename = "b")]
    name: String,
}

fn main() {}
