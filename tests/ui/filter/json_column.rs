use ots::{filter, OtsTable};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Address {
    city: String,
}

#[derive(OtsTable)]
struct User {
    #[ots(pk)]
    id: i64,
    #[ots(json)]
    address: Address,
}

fn main() {
    let _ = filter!(User, address == "x");
}
