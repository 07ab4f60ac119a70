use ots::OtsTable;

#[derive(OtsTable)]
struct FiveKeys {
    #[ots(pk)]
    a: i64,
    #[ots(pk)]
    b: i64,
    #[ots(pk)]
    c: i64,
    #[ots(pk)]
    d: i64,
    #[ots(pk)]
    e: i64,
}

fn main() {}
