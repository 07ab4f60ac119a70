use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index = "catalog")]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(json, search(vector(dimension = 3)))]
    embedding: Vec<f64>,
}

fn main() {}
