use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index = "catalog", search_index = "geo")]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search(only("catalog")))]
    name: String,
}

fn main() {}
