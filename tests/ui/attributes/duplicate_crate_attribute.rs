use ots::OtsTable;

#[derive(OtsTable)]
#[ots(crate = "ots", crate = "ots")]
struct User {
    #[ots(pk)]
    id: i64,
}

fn main() {}
