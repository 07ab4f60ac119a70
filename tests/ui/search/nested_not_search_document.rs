use ots::OtsTable;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Review {
    stars: i32,
}

#[derive(OtsTable)]
#[ots(search_index = "catalog")]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(json, search)]
    reviews: Vec<Review>,
}

fn main() {}
