use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index(ttl = 86400))]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    name: String,
}

fn main() {}
