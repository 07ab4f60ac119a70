use ots::OtsTable;

#[derive(OtsTable)]
struct User {
    #[ots(pkk)]
    id: i64,
}

fn main() {}
