use ots::OtsTable;

#[derive(OtsTable)]
#[ots(index(name = "rows_by_nothing", key()))]
#[ots(index(name = "rows_by_five", key(a, b, c, d, e)))]
struct Row {
    #[ots(pk)]
    id: i64,
    a: i64,
    b: i64,
    c: i64,
    d: i64,
    e: i64,
}

fn main() {}
