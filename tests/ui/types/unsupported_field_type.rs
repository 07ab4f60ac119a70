use ots::OtsTable;
use std::collections::HashMap;

#[derive(OtsTable)]
struct User {
    #[ots(pk)]
    id: i64,
    settings: HashMap<String, String>,
}

fn main() {}
