use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index = "catalog")]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search(text, sort_and_agg))]
    title: String,
}

fn main() {}
