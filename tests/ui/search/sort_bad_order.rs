use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index(name = "catalog", sort(name = "down")))]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    name: String,
}

fn main() {}
