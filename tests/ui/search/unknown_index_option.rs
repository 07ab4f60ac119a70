use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index(nme = "catalog"))]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    name: String,
}

fn main() {}
