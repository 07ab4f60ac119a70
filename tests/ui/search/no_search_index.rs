use ots::OtsTable;

#[derive(OtsTable)]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    name: String,
}

fn main() {}
