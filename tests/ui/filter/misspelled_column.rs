use ots::{filter, OtsTable};

#[derive(OtsTable)]
struct User {
    #[ots(pk)]
    id: i64,
    age: i32,
}

fn main() {
    let _ = filter!(User, agee >= 18);
}
