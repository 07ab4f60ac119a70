use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index(name = "catalog", routing(region)))]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    region: String,
}

fn main() {}
