use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index = "catalog", search_index(name = "catalog"))]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    name: String,
}

fn main() {}
