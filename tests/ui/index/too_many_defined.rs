use ots::OtsTable;

// 33 defined columns, without any index.
#[derive(OtsTable)]
struct Row {
    #[ots(pk)]
    id: i64,
    #[ots(defined)]
    d0: i64,
    #[ots(defined)]
    d1: i64,
    #[ots(defined)]
    d2: i64,
    #[ots(defined)]
    d3: i64,
    #[ots(defined)]
    d4: i64,
    #[ots(defined)]
    d5: i64,
    #[ots(defined)]
    d6: i64,
    #[ots(defined)]
    d7: i64,
    #[ots(defined)]
    d8: i64,
    #[ots(defined)]
    d9: i64,
    #[ots(defined)]
    d10: i64,
    #[ots(defined)]
    d11: i64,
    #[ots(defined)]
    d12: i64,
    #[ots(defined)]
    d13: i64,
    #[ots(defined)]
    d14: i64,
    #[ots(defined)]
    d15: i64,
    #[ots(defined)]
    d16: i64,
    #[ots(defined)]
    d17: i64,
    #[ots(defined)]
    d18: i64,
    #[ots(defined)]
    d19: i64,
    #[ots(defined)]
    d20: i64,
    #[ots(defined)]
    d21: i64,
    #[ots(defined)]
    d22: i64,
    #[ots(defined)]
    d23: i64,
    #[ots(defined)]
    d24: i64,
    #[ots(defined)]
    d25: i64,
    #[ots(defined)]
    d26: i64,
    #[ots(defined)]
    d27: i64,
    #[ots(defined)]
    d28: i64,
    #[ots(defined)]
    d29: i64,
    #[ots(defined)]
    d30: i64,
    #[ots(defined)]
    d31: i64,
    #[ots(defined)]
    d32: i64,
}

fn main() {}
