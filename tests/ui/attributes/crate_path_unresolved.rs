use ots::OtsTable;

#[derive(OtsTable)]
#[ots(crate = "my_facade::ots")]
struct User {
    #[ots(pk)]
    id: i64,
}

fn main() {}
