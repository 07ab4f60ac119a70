use ots::OtsTable;

#[derive(OtsTable)]
struct Wrapper<T> {
    #[ots(pk)]
    id: i64,
    value: T,
}

fn main() {}
