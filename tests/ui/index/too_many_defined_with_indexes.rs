use ots::OtsTable;

// Each index uses at most 32 fields, but with the `defined` ones the table would have 33
// defined columns: `d0` is counted once, the error is at the index that crosses the limit.
#[derive(OtsTable)]
#[ots(index(name = "rows_by_a", key(a0), columns(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, d0)))]
#[ots(index(name = "rows_by_b", key(b0), columns(b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14)))]
struct Row {
    #[ots(pk)]
    id: i64,
    #[ots(defined)]
    d0: i64,
    #[ots(defined)]
    d1: i64,
    a0: i64,
    a1: i64,
    a2: i64,
    a3: i64,
    a4: i64,
    a5: i64,
    a6: i64,
    a7: i64,
    a8: i64,
    a9: i64,
    a10: i64,
    a11: i64,
    a12: i64,
    a13: i64,
    a14: i64,
    a15: i64,
    b0: i64,
    b1: i64,
    b2: i64,
    b3: i64,
    b4: i64,
    b5: i64,
    b6: i64,
    b7: i64,
    b8: i64,
    b9: i64,
    b10: i64,
    b11: i64,
    b12: i64,
    b13: i64,
    b14: i64,
}

fn main() {}
