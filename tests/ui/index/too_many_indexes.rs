use ots::OtsTable;

#[derive(OtsTable)]
#[ots(index(name = "i1", key(a)), index(name = "i2", key(b)), index(name = "i3", key(c)))]
#[ots(index(name = "i4", key(a, b)), index(name = "i5", key(b, c)), index(name = "i6", key(c, a)))]
struct Row {
    #[ots(pk)]
    id: i64,
    a: i64,
    b: i64,
    c: i64,
}

fn main() {}
