use ots::OtsTable;

#[derive(OtsTable)]
#[ots(crate = "my facade::ots")]
struct User {
    #[ots(pk)]
    id: i64,
}

fn main() {}
