use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index = "catalog")]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search(text(analyzer = "split", min_chars = 2)))]
    title: String,
}

fn main() {}
