use ots::{KeyRange, OtsTable};

#[derive(OtsTable)]
struct Product {
    #[ots(pk)]
    sku: String,
    name: String,
}

fn main() {
    let _ = KeyRange::<Product>::prefix(("sku-1", "extra"));
}
