use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index(name = "catalog", sort(price)))]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search(sort_and_agg = false))]
    price: f64,
}

fn main() {}
