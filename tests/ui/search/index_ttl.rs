use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index(name = "catalog", ttl = 3600))]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    name: String,
}

fn main() {}
