use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index = "catalog")]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(skip, search)]
    cache: String,
}

fn main() {}
