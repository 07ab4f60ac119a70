use ots::OtsTable;

#[derive(serde::Serialize, serde::Deserialize, ots::SearchDocument)]
struct Review {
    stars: i32,
}

#[derive(OtsTable)]
#[ots(search_index(name = "catalog", sort(name)))]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    name: String,
    #[ots(json, search)]
    reviews: Vec<Review>,
}

fn main() {}
