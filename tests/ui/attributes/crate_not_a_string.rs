use ots::OtsTable;

#[derive(OtsTable)]
#[ots(crate = 5)]
struct User {
    #[ots(pk)]
    id: i64,
}

fn main() {}
