use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index(name = "catalog", sort(price = "desc")), search_index = "geo")]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    name: String,
    #[ots(search(only("geo")))]
    price: f64,
}

fn main() {}
