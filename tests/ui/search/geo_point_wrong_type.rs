use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index = "catalog")]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search(geo_point))]
    location: String,
}

fn main() {}
