use ots::OtsTable;

#[derive(OtsTable)]
#[ots(tabel = "users")]
struct User {
    #[ots(pk)]
    id: i64,
}

fn main() {}
