use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index = "catalog")]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search(text(analyzer = "whitespace")))]
    title: String,
}

fn main() {}
