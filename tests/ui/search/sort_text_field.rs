use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index(name = "catalog", sort(title)))]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search(text))]
    title: String,
}

fn main() {}
