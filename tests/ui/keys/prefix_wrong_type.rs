use ots::{KeyRange, OtsTable};

#[derive(OtsTable)]
struct Event {
    #[ots(pk)]
    shop: String,
    #[ots(pk)]
    order: u32,
    kind: String,
}

fn main() {
    let _ = KeyRange::<Event>::prefix(("shop", "not a number"));
}
